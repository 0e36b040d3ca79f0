"""One consistent read of a workshop, and cheap counts for screens."""

from __future__ import annotations

from dataclasses import dataclass, field

from sprintkit import analysis
from sprintkit.errors import NotFound
from sprintkit.evidence_models import (
    EvidenceData,
    EvidenceImport,
    EvidenceItem,
    EvidenceNote,
    EvidenceView,
)
from sprintkit.models import (
    Initiative,
    Note,
    Participant,
    Playbook,
    Reading,
    Score,
    StatusUpdate,
    Vote,
    VotingRound,
    Workshop,
)
from sprintkit.service.base import ServiceBase, _rows


@dataclass(slots=True, kw_only=True)
class WorkshopSnapshot:
    """Everything about one workshop at one moment; exporters read only this."""

    workshop: Workshop
    playbook: Playbook
    participants: list[Participant]
    notes: list[Note]
    initiatives: list[Initiative]
    rounds: list[VotingRound]
    votes: list[Vote]
    scores: list[Score]
    # After the workshop: every status update and metric reading, oldest first.
    status_updates: list[StatusUpdate] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    # Customer evidence: where notes of source "evidence" came from, and the
    # originals folded behind them.
    evidence: EvidenceData = field(default_factory=EvidenceData)

    def evidence_views(self) -> dict[int, EvidenceView]:
        """Note id -> the evidence view of each evidence note."""
        return self.evidence.views(self.notes)

    def participant(self, participant_id: int | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def notes_in(self, section_id: str) -> list[Note]:
        return [n for n in self.notes if n.section_id == section_id]

    def notes_of(self, initiative_id: int) -> list[Note]:
        return [n for n in self.notes if n.initiative_id == initiative_id]

    def latest_round(self) -> VotingRound | None:
        return self.rounds[-1] if self.rounds else None

    def tally(self, round_id: int | None = None) -> list[analysis.TallyRow]:
        rnd = self.latest_round() if round_id is None else next(
            (r for r in self.rounds if r.id == round_id), None)
        votes = [v for v in self.votes if rnd is not None and v.round_id == rnd.id]
        return analysis.tally(self.initiatives, votes, self.participants)

    def roadmap(self) -> dict[str, list[Initiative]]:
        """Phase id -> initiatives in order, for every phase of the playbook."""
        board: dict[str, list[Initiative]] = {p.id: [] for p in self.playbook.phases}
        for item in sorted(self.initiatives, key=lambda i: (i.position, i.id)):
            if item.phase in board:
                board[item.phase].append(item)
        return board


class Snapshots(ServiceBase):
    def snapshot(self, workshop_id: int) -> WorkshopSnapshot:
        """One consistent read of everything (inside one read transaction)."""
        with self.store.read():
            workshop = self._one("SELECT * FROM workshops WHERE id = ?", [workshop_id])
            if workshop is None:
                raise NotFound(f"no workshop '{workshop_id}'")
            q = self.store.query
            return WorkshopSnapshot(
                workshop=Workshop.from_row(workshop),
                playbook=Playbook.from_stored(workshop["playbook"]),
                participants=_rows(Participant, q(
                    "SELECT * FROM participants WHERE workshop_id = ? ORDER BY id",
                    [workshop_id])),
                notes=_rows(Note, q(
                    "SELECT * FROM notes WHERE workshop_id = ? ORDER BY id", [workshop_id])),
                initiatives=_rows(Initiative, q(
                    "SELECT * FROM initiatives WHERE workshop_id = ? ORDER BY id",
                    [workshop_id])),
                rounds=_rows(VotingRound, q(
                    "SELECT * FROM rounds WHERE workshop_id = ? ORDER BY id", [workshop_id])),
                votes=_rows(Vote, q(
                    "SELECT v.* FROM votes v JOIN rounds r ON r.id = v.round_id "
                    "WHERE r.workshop_id = ? ORDER BY v.id", [workshop_id])),
                scores=_rows(Score, q(
                    "SELECT * FROM scores WHERE workshop_id = ? ORDER BY id", [workshop_id])),
                status_updates=_rows(StatusUpdate, q(
                    "SELECT * FROM status_updates WHERE workshop_id = ? ORDER BY on_date, id",
                    [workshop_id])),
                readings=_rows(Reading, q(
                    "SELECT * FROM readings WHERE workshop_id = ? ORDER BY on_date, id",
                    [workshop_id])),
                evidence=EvidenceData(
                    imports=_rows(EvidenceImport, q(
                        "SELECT * FROM evidence_imports WHERE workshop_id = ? ORDER BY id",
                        [workshop_id])),
                    notes=_rows(EvidenceNote, q(
                        "SELECT * FROM evidence_notes WHERE workshop_id = ? ORDER BY id",
                        [workshop_id])),
                    items=_rows(EvidenceItem, q(
                        "SELECT * FROM evidence_items WHERE workshop_id = ? ORDER BY id",
                        [workshop_id]))),
            )

    # --- added for the TUI: cheap counts so screens need not load every row

    def section_counts(self, workshop_id: int) -> dict[str, int]:
        """Section id -> number of notes in it."""
        rows = self.store.query(
            "SELECT section_id, count(*) AS n FROM notes WHERE workshop_id = ? "
            "GROUP BY section_id", [workshop_id])
        return {r["section_id"]: r["n"] for r in rows}

    def initiative_note_counts(self, workshop_id: int) -> dict[int, int]:
        """Initiative id -> number of notes grouped into it."""
        rows = self.store.query(
            "SELECT initiative_id, count(*) AS n FROM notes WHERE workshop_id = ? "
            "AND initiative_id IS NOT NULL GROUP BY initiative_id", [workshop_id])
        return {r["initiative_id"]: r["n"] for r in rows}

    def progress_counts(self, workshop_id: int) -> dict[str, int | str | None]:
        """Initiatives, how many are scored and placed, and the latest round's status."""
        one = self._only
        return {
            "initiatives": one("SELECT count(*) AS n FROM initiatives WHERE workshop_id = ?",
                               [workshop_id])["n"],
            "placed": one("SELECT count(*) AS n FROM initiatives WHERE workshop_id = ? "
                          "AND phase IS NOT NULL", [workshop_id])["n"],
            "scored": one("SELECT count(DISTINCT initiative_id) AS n FROM scores "
                          "WHERE workshop_id = ?", [workshop_id])["n"],
            "round": (self._one("SELECT status FROM rounds WHERE workshop_id = ? ORDER BY id "
                                "DESC LIMIT 1", [workshop_id]) or {}).get("status"),
        }

    def change_marker(self, workshop_id: int) -> int:
        """Grows with every logged change (local, phone, undo, redo): a cheap 'anything new?'."""
        row = self.store.query_one("SELECT max(id) AS n FROM events WHERE workshop_id = ?",
                                   [workshop_id])
        return int(row["n"] or 0) if row else 0
