"""What every phone's page shows alike: the workshop, its current step, the
round and its initiatives. A room of phones asking at once reads it once, and
again only after something was written to the database (by this program or
another: ``data_version``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sprintkit.analysis import TallyRow
from sprintkit.models import Initiative, Playbook, Section, VotingRound, Workshop
from sprintkit.web.render import _fingerprint


@dataclass(frozen=True)
class View:
    version: tuple[int, int]
    workshop: Workshop
    section: Section
    index: int
    rnd: VotingRound | None
    initiatives: list[Initiative]   # only while there is a round
    rows: list[TallyRow]            # the tally, once the round is no longer open
    v: str                          # what the phones' state answer is compared with


class Views:
    def __init__(self, service: Any, workshop_id: int, book: Playbook) -> None:
        self.service = service
        self.workshop_id = workshop_id
        self.book = book
        self._view: View | None = None

    def current(self) -> View:
        # The version is taken before the reads: a write that slips in
        # between only makes the next call read again.
        version = self.service.data_version()
        if self._view is None or self._view.version != version:
            self._view = self._read(version)
        return self._view

    def _read(self, version: tuple[int, int]) -> View:
        workshop = self.service.workshop(self.workshop_id)
        current = workshop.current_section
        section = (self.book.section(current) if current else None) or self.book.sections[0]
        rnd = self.service.current_round(self.workshop_id)
        initiatives = self.service.initiatives(self.workshop_id) if rnd else []
        rows: list[TallyRow] = []
        if rnd is not None and rnd.status != "open":
            rows = self.service.tally(self.workshop_id, rnd.id)
        v = _fingerprint(section.id, rnd, [(i.id, i.title) for i in initiatives],
                         sum(row.dots for row in rows))
        return View(version, workshop, section, self.book.sections.index(section), rnd,
                    initiatives, rows, v)
