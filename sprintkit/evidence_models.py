"""Customer evidence as stored: imports, the notes they became, and every row.

Plain rows of the store, like ``sprintkit.models``. A note that holds
customer evidence is an ordinary note (``source == EVIDENCE``, no
participant), so grouping, voting and exports treat it as any other; these
rows say where it came from and what stands behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sprintkit.models import Note, _Row

# The ``source`` of a note that is customer evidence (others: local, phone).
EVIDENCE = "evidence"


@dataclass(slots=True, kw_only=True)
class EvidenceImport(_Row):
    """One file imported into a workshop."""

    _bools = ("masked",)

    id: int
    workshop_id: int
    section_id: str  # the capture step its notes went into
    source: str  # what the facilitator called it ("Spring survey 2026"), else the file name
    file: str  # the file's name (no folders)
    masked: bool  # whether personal data was masked (False: --keep-personal-data)
    rows: int  # rows imported
    created_at: str


@dataclass(slots=True, kw_only=True)
class EvidenceNote(_Row):
    """Marks a note as customer evidence. ``suggested_lens`` is a lens tag the
    words of the comment hint at, until the facilitator accepts it (then it
    is one of the note's tags) or dismisses it (then it is None)."""

    id: int
    workshop_id: int
    note_id: int
    import_id: int
    suggested_lens: str | None = None


@dataclass(slots=True, kw_only=True)
class EvidenceItem(_Row):
    """One row of an imported file, as it was read (masked unless the import
    kept personal data). Items folded together point at the same note; the
    note's text is its first item's."""

    id: int
    workshop_id: int
    import_id: int
    note_id: int
    row_number: int  # the row in the file, header = 1
    text: str
    date: str | None = None  # ISO date
    rating: float | None = None
    channel: str = ""


@dataclass(slots=True, kw_only=True)
class EvidenceView:
    """What a screen or an export needs to show one evidence note: the note,
    where it came from and everything folded behind it (first item first)."""

    note: Note
    source: str
    import_id: int
    items: list[EvidenceItem] = field(default_factory=list)
    suggested_lens: str | None = None

    @property
    def count(self) -> int:
        """How many customer comments the note stands for (1 when nothing is folded)."""
        return len(self.items)

    @property
    def folded(self) -> bool:
        return len(self.items) > 1


@dataclass(slots=True, kw_only=True)
class EvidenceData:
    """A workshop's evidence rows, as the snapshot and the archive carry them."""

    imports: list[EvidenceImport] = field(default_factory=list)
    notes: list[EvidenceNote] = field(default_factory=list)
    items: list[EvidenceItem] = field(default_factory=list)

    def views(self, notes: list[Note]) -> dict[int, EvidenceView]:
        """Note id -> its evidence view, for the notes given that are evidence."""
        by_id = {n.id: n for n in notes}
        sources = {i.id: i.source for i in self.imports}
        out: dict[int, EvidenceView] = {}
        for mark in self.notes:
            note = by_id.get(mark.note_id)
            if note is not None:
                out[note.id] = EvidenceView(note=note, source=sources.get(mark.import_id, ""),
                                            import_id=mark.import_id,
                                            suggested_lens=mark.suggested_lens)
        for item in sorted(self.items, key=lambda i: (i.row_number, i.id)):
            if item.note_id in out:
                out[item.note_id].items.append(item)
        return out

    def behind(self, notes: list[Note], initiative_id: int) -> InitiativeEvidence:
        """How much customer evidence stands behind an initiative: the comments
        of its evidence notes, their sources, and up to two quotes (the first
        original of each of its two largest folded groups)."""
        views = [v for v in self.views(notes).values() if v.note.initiative_id == initiative_id]
        largest = sorted(views, key=lambda v: (-v.count, v.note.id))
        return InitiativeEvidence(
            count=sum(v.count for v in views),
            sources=list(dict.fromkeys(v.source for v in sorted(views,
                                                                key=lambda v: v.import_id))),
            quotes=[v.items[0].text for v in largest[:2] if v.items])


@dataclass(slots=True, kw_only=True)
class InitiativeEvidence:
    """The customer evidence behind one initiative (see ``EvidenceData.behind``)."""

    count: int = 0
    sources: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
