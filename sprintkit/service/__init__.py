"""The service layer: every change to a workshop goes through here.

Each public mutating method is one transaction. It validates its input,
writes through a change recorder, and appends one event to the log, so the
TUI, the phone page and the CLI share one set of rules and one undo history.

The parts live in one module per feature (``voting.py``, ``roadmap.py``…),
each a class over the unit of work in ``base.py``; a part that needs another
part's lookups derives from it. ``WorkshopService`` puts them together.
"""

from __future__ import annotations

from sprintkit.service.base import LOCAL, PHONE, ServiceBase, now
from sprintkit.service.bulk import BulkImport, BulkRows
from sprintkit.service.checkin import CheckIns
from sprintkit.service.drafts import Drafts
from sprintkit.service.evidence import Evidence
from sprintkit.service.followup import FollowUps, ReadingInput
from sprintkit.service.history import History
from sprintkit.service.phones import Phones
from sprintkit.service.roadmap import Roadmap
from sprintkit.service.scoring import Scoring
from sprintkit.service.snapshot import Snapshots, WorkshopSnapshot
from sprintkit.service.voting import VoteResult, Voting

__all__ = ["LOCAL", "PHONE", "BulkRows", "ReadingInput", "ServiceBase", "VoteResult",
           "WorkshopService", "WorkshopSnapshot", "now"]


class WorkshopService(CheckIns, FollowUps, Roadmap, Scoring, Voting, Evidence, Phones, BulkImport,
                      History, Snapshots, Drafts):
    """Every operation on workshops, in one object the adapters hold."""
