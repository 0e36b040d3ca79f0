"""A whole check-in update of one roadmap item, as an owner gives it from a
phone: a status with its comment and next step, and a reading, saved
together or not at all.

Built on :class:`~sprintkit.service.followup.FollowUps`; each part keeps its
own history event, so the history reads the same as when they are entered
one by one.
"""

from __future__ import annotations

from datetime import date

from sprintkit import progress
from sprintkit.errors import InvalidInput
from sprintkit.models import Reading, StatusUpdate
from sprintkit.service.base import LOCAL, _short
from sprintkit.service.followup import FollowUps, _assemble
from sprintkit.service.snapshot import WorkshopSnapshot


class CheckIns(FollowUps):
    def record_check_in(self, workshop_id: int, initiative: int | str, *, status: str,
                        value: str | float | None = None, note: str = "",
                        next_step: str | None = None, due: str | date | None = None,
                        on: str | date | None = None, participant_id: int | None = None,
                        owner_only: bool = False, source: str = LOCAL,
                        today: date | None = None) -> tuple[StatusUpdate, Reading | None]:
        """Record an item's status (with ``note`` and ``next_step``/``due``)
        and, when ``value`` is given (not None or blank), a reading of its
        metric, in one transaction: a refused reading leaves no status behind.

        With ``owner_only`` the item must be owned by ``participant_id`` (the
        owner's name is that participant's); otherwise it is refused
        (``not_your_item``, as every update from a participant is) before
        anything else is looked at, and nothing is written."""
        if participant_id is not None:
            person = self.participant(workshop_id, participant_id)
        with self.store.transaction():
            if owner_only:
                item = self.roadmap_item(workshop_id, initiative)
                if participant_id is None:
                    raise InvalidInput(f"'{item.title}' is not yours to update",
                                       key="not_your_item", title=_short(item.title))
                self._check_owner(workshop_id, item, participant_id)
            by = person.name if participant_id is not None else None
            reading = None
            if value is not None and str(value).strip():
                reading = self.add_reading(workshop_id, initiative, value, on=on, by=by,
                                           participant_id=participant_id, source=source,
                                           today=today)
            update = self.set_status(workshop_id, initiative, status, note=note,
                                     next_step=next_step or None, due=due, on=on, by=by,
                                     participant_id=participant_id, source=source,
                                     today=today)
        return update, reading


def follow_up_of(snapshot: WorkshopSnapshot) -> progress.FollowUp:
    """The follow-up view of a workshop snapshot, assembled exactly as
    :meth:`FollowUps.follow_up` does from the database, so that an export,
    which reads only the snapshot, shows the same figures as the screens."""
    people = [{"id": p.id, "name": p.name} for p in snapshot.participants]
    items = [i for i in snapshot.initiatives if i.phase is not None]
    return _assemble(snapshot.workshop, snapshot.playbook, items, people,
                     list(snapshot.status_updates), list(snapshot.readings))
