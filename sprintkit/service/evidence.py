"""Customer evidence: importing feedback exports as notes, folding, lens hints.

A team brings survey verbatims, NPS comments or support tickets as CSV or
XLSX. ``plan_evidence_import`` reads such a file and says what an import
would do (the dry run); ``import_evidence`` does it as one undoable action:
each comment becomes a note in a capture step, not attributed to anyone and
marked as customer evidence, near-identical comments are folded behind one
note, and each note gets a suggested lens from its words.

Reading: ``evidence`` (note id -> ``EvidenceView``: the note, its source, the
originals behind it, its suggestion), ``evidence_by_count`` (largest folded
groups first, for the capture step), ``evidence_data`` (the raw rows, for the
snapshot), ``evidence_imports``. Archives carry evidence through
``bulk_import`` (see ``BulkRows``). Changing: ``unfold_evidence``,
``accept_lens_suggestion``, ``dismiss_lens_suggestion``,
``accept_lens_suggestions``. Every change is one unit of work with one
history entry, like any other operation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sprintkit import i18n, tabular
from sprintkit.errors import InvalidInput
from sprintkit.evidence_file import ColumnMap, EvidenceRow, map_columns, masked_totals, read_rows
from sprintkit.evidence_models import (
    EVIDENCE,
    EvidenceData,
    EvidenceImport,
    EvidenceItem,
    EvidenceNote,
    EvidenceView,
)
from sprintkit.masking import KINDS
from sprintkit.models import NOTE_MAX_CHARS, Note, Section
from sprintkit.service.base import _clean, _Recorder, _rows, _short, now
from sprintkit.service.notes import Notes

SOURCE_MAX_CHARS = 120


@dataclass(frozen=True)
class EvidenceOptions:
    """How to read a file; every field mirrors an option of ``evidence import``.

    ``section``: the capture step (default: the one the playbook marks
    ``evidence: true``). ``text_column``, ``date_column``, ``rating_column``,
    ``channel_column``: header names (default: guessed, see
    ``sprintkit.evidence_file.map_columns``). ``sheet``: an XLSX sheet (default:
    the first). ``source``: what to call the evidence ("Spring survey";
    default: the file's name). ``keep_personal_data``: store comments as they
    are instead of masking e-mail addresses, phone numbers and identity codes.
    ``fold``: fold near-identical comments (off only to measure its cost).
    ``limits``: the reader's limits."""

    section: str | None = None
    text_column: str | None = None
    sheet: str | None = None
    source: str | None = None
    date_column: str | None = None
    rating_column: str | None = None
    channel_column: str | None = None
    keep_personal_data: bool = False
    fold: bool = True
    limits: tabular.TableLimits = tabular.DEFAULT_LIMITS


@dataclass(frozen=True)
class PlannedNote:
    """A note an import would make: the rows (indexes into ``EvidencePlan.rows``)
    folded behind it, first row first, and its suggested lens tag."""

    rows: list[int]
    suggested_lens: str | None = None


@dataclass(frozen=True)
class EvidencePlan:
    """What importing a file would do; ``plan_evidence_import`` returns it and
    writes nothing.

    ``file``: the path as given; ``source``: the name the evidence will carry;
    ``section``: the target step; ``columns``: the file's headers;
    ``mapping``: which column is read as what; ``encoding``/``delimiter``/
    ``sheet``: how the file was read; ``rows``: every comment (already masked
    unless ``masked`` is False); ``empty``: row numbers without a comment,
    left out; ``masked_counts``: personal data masked, by kind
    (``sprintkit.masking.KINDS``); ``notes``: the notes it would make, in file
    order (``folded`` lists those standing for more than one row, largest
    first)."""

    file: str
    source: str
    section: Section
    columns: list[str]
    mapping: ColumnMap
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    rows: list[EvidenceRow]
    empty: list[int]
    masked: bool
    masked_counts: dict[str, int]
    notes: list[PlannedNote] = field(default_factory=list)

    @property
    def folded(self) -> list[PlannedNote]:
        return sorted((n for n in self.notes if len(n.rows) > 1),
                      key=lambda n: (-len(n.rows), n.rows[0]))


@dataclass(frozen=True)
class EvidenceResult:
    """What an import did: the plan it followed, the import's id and the notes
    made (in the order of ``plan.notes``)."""

    plan: EvidencePlan
    import_id: int
    note_ids: list[int]


def _placeholders(language: str) -> dict[str, str]:
    return {kind: i18n.message(language, f"export:evidence.masked.{kind}") for kind in KINDS}


class Evidence(Notes):
    # ------------------------------------------------------------- import

    def _evidence_section(self, workshop_id: int, section_id: str | None) -> Section:
        if section_id is not None:
            return self._section(workshop_id, section_id, capture=True)
        marked = [s for s in self.playbook(workshop_id).capture_sections() if s.evidence]
        if not marked:
            ids = ", ".join(s.id for s in self.playbook(workshop_id).capture_sections())
            raise InvalidInput(f"this workshop's playbook marks no step for customer evidence; "
                               f"name one with --section ({ids})", key="evidence_no_section",
                               sections=ids)
        return marked[0]

    def plan_evidence_import(self, workshop_id: int, path: Path | str,
                             options: EvidenceOptions = EvidenceOptions()) -> EvidencePlan:
        """Read ``path`` and work out the import without writing anything (the
        dry run). Raises ``TableError``/``InvalidInput`` naming the file, and the
        rows, when it cannot be imported whole."""
        workshop = self.workshop(workshop_id)
        section = self._evidence_section(workshop.id, options.section)
        path = Path(path)
        table = tabular.read_table(path, sheet=options.sheet, limits=options.limits)
        if not table.rows:
            raise InvalidInput(f"{table.source}: no rows below the header", key="table_no_rows",
                               file=table.source)
        mapping = map_columns(table, text=options.text_column, date=options.date_column,
                              rating=options.rating_column, channel=options.channel_column)
        read = read_rows(table, mapping, max_chars=NOTE_MAX_CHARS,
                         mask_data=not options.keep_personal_data,
                         placeholders=_placeholders(workshop.language))
        if not read.rows:
            raise InvalidInput(f"{table.source}: column '{mapping.text}' is empty in every row",
                               key="evidence_all_empty", file=table.source, column=mapping.text)
        source = options.source if options.source is not None else path.name
        source = _clean(source, "source", max_chars=SOURCE_MAX_CHARS)
        # Loaded on the first import, not with the service: rapidfuzz and the
        # word lists would add to every start of the terminal UI.
        from sprintkit import lens_hints
        from sprintkit.folding import fold

        texts = [row.text for row in read.rows]
        groups = fold(texts) if options.fold else [[i] for i in range(len(texts))]
        tags = self.playbook(workshop.id).tag_titles()
        notes = [PlannedNote(group, lens_hints.suggest(" ".join(texts[i] for i in group[:3]),
                                                       workshop.language, tags))
                 for group in groups]
        return EvidencePlan(
            file=str(path), source=source, section=section, columns=table.columns,
            mapping=mapping, encoding=table.encoding, delimiter=table.delimiter,
            sheet=options.sheet, rows=read.rows, empty=read.empty,
            masked=not options.keep_personal_data, masked_counts=masked_totals(read.rows),
            notes=notes)

    def import_evidence(self, workshop_id: int, path: Path | str,
                        options: EvidenceOptions = EvidenceOptions()) -> EvidenceResult:
        """Import ``path`` into the workshop as one undoable action: all rows or
        none. Returns the plan followed, the import's id and the new notes' ids."""
        plan = self.plan_evidence_import(workshop_id, path, options)
        stamp = now()
        note_ids: list[int] = []
        with self._op(workshop_id, "evidence.import") as rec:
            import_id = rec.insert("evidence_imports", {
                "workshop_id": workshop_id, "section_id": plan.section.id,
                "source": plan.source, "file": Path(plan.file).name[:SOURCE_MAX_CHARS],
                "masked": int(plan.masked), "rows": len(plan.rows), "created_at": stamp})
            for planned in plan.notes:
                first = plan.rows[planned.rows[0]]
                note_id = rec.insert("notes", {
                    "workshop_id": workshop_id, "section_id": plan.section.id,
                    "prompt_index": None, "text": first.text, "participant_id": None,
                    "lenses": "[]", "source": EVIDENCE, "created_at": stamp})
                note_ids.append(note_id)
                # These two tables are ours and every column is given, so the
                # rows are recorded as written instead of read back (an import
                # writes tens of thousands); notes are read back, as any note.
                rec.insert("evidence_notes", {
                    "workshop_id": workshop_id, "note_id": note_id, "import_id": import_id,
                    "suggested_lens": planned.suggested_lens}, complete=True)
                for index in planned.rows:
                    row = plan.rows[index]
                    rec.insert("evidence_items", {
                        "workshop_id": workshop_id, "import_id": import_id,
                        "note_id": note_id, "row_number": row.number, "text": row.text,
                        "date": row.date, "rating": row.rating, "channel": row.channel},
                        complete=True)
            rec.summary = (f"Imported {len(plan.rows)} customer comments from "
                           f"'{_short(plan.source)}' as {len(note_ids)} notes")
            rec.say("evidence.imported", n=len(plan.rows), notes=len(note_ids),
                    source=_short(plan.source))
        return EvidenceResult(plan=plan, import_id=import_id, note_ids=note_ids)

    # ------------------------------------------------------------ reading

    def evidence_imports(self, workshop_id: int) -> list[EvidenceImport]:
        """Every import into the workshop, oldest first."""
        return _rows(EvidenceImport, self.store.query(
            "SELECT * FROM evidence_imports WHERE workshop_id = ? ORDER BY id", [workshop_id]))

    def evidence_data(self, workshop_id: int) -> EvidenceData:
        """The workshop's evidence rows as stored (the snapshot and the archive)."""
        with self.store.read():
            q = self.store.query
            return EvidenceData(
                imports=self.evidence_imports(workshop_id),
                notes=_rows(EvidenceNote, q(
                    "SELECT * FROM evidence_notes WHERE workshop_id = ? ORDER BY id",
                    [workshop_id])),
                items=_rows(EvidenceItem, q(
                    "SELECT * FROM evidence_items WHERE workshop_id = ? ORDER BY id",
                    [workshop_id])))

    def evidence(self, workshop_id: int, section_id: str | None = None) -> dict[int, EvidenceView]:
        """Note id -> the evidence view of every evidence note (in one step, or all).
        An unknown step is refused: an empty list would read as "no evidence there"."""
        if section_id is not None:
            self._section(workshop_id, section_id)
        with self.store.read():
            return self.evidence_data(workshop_id).views(self.notes(workshop_id, section_id))

    def evidence_by_count(self, workshop_id: int, section_id: str) -> list[EvidenceView]:
        """A step's evidence notes, the largest folded groups first (then by id)."""
        views = self.evidence(workshop_id, section_id).values()
        return sorted(views, key=lambda v: (-v.count, v.note.id))

    def evidence_counts(self, workshop_id: int) -> dict[int, int]:
        """Note id -> how many customer comments stand behind it (cheap: one query)."""
        rows = self.store.query(
            "SELECT note_id, count(*) AS n FROM evidence_items WHERE workshop_id = ? "
            "GROUP BY note_id", [workshop_id])
        return {r["note_id"]: r["n"] for r in rows}

    def _evidence_note(self, workshop_id: int, note_id: int | str) -> tuple[Note, EvidenceNote]:
        note = self.note(workshop_id, note_id)
        row = self._one("SELECT * FROM evidence_notes WHERE note_id = ?", [note.id])
        if row is None:
            raise InvalidInput(f"note {note.id} is not customer evidence",
                               key="not_evidence", note=note.id)
        return note, EvidenceNote.from_row(row)

    # ----------------------------------------------------------- changing

    def unfold_evidence(self, workshop_id: int, note_id: int | str) -> list[Note]:
        """Give every original folded behind a note a note of its own (in the
        same step, not grouped, with the same suggestion); the note keeps its
        first original. Returns the notes, the kept one first."""
        note, mark = self._evidence_note(workshop_id, note_id)
        items = _rows(EvidenceItem, self.store.query(
            "SELECT * FROM evidence_items WHERE note_id = ? ORDER BY row_number, id",
            [note.id]))
        if len(items) < 2:
            raise InvalidInput(f"note {note.id} holds one customer comment; nothing to unfold",
                               key="nothing_to_unfold", note=note.id)
        ids = [note.id]
        with self._op(workshop_id, "evidence.unfold") as rec:
            stamp = now()
            for item in items[1:]:
                new_id = rec.insert("notes", {
                    "workshop_id": workshop_id, "section_id": note.section_id,
                    "prompt_index": None, "text": item.text, "participant_id": None,
                    "lenses": json.dumps(note.lenses), "source": EVIDENCE,
                    "created_at": stamp})
                rec.insert("evidence_notes", {
                    "workshop_id": workshop_id, "note_id": new_id, "import_id": mark.import_id,
                    "suggested_lens": mark.suggested_lens})
                rec.update("evidence_items", item.id, note_id=new_id)
                ids.append(new_id)
            rec.summary = f"Unfolded {len(items)} customer comments of '{_short(note.text)}'"
            rec.say("evidence.unfolded", n=len(items), text=_short(note.text))
        return [self.note(workshop_id, i) for i in ids]

    def accept_lens_suggestion(self, workshop_id: int, note_id: int | str) -> Note:
        """Make the note's suggested lens one of its tags."""
        note, mark = self._evidence_note(workshop_id, note_id)
        if mark.suggested_lens is None:
            raise InvalidInput(f"note {note.id} has no lens suggestion", key="no_suggestion",
                               note=note.id)
        self._lenses(workshop_id, [mark.suggested_lens])  # still a tag of the playbook
        with self._op(workshop_id, "evidence.accept_lens") as rec:
            self._accept(rec, note, mark)
            rec.summary = f"Accepted lens '{mark.suggested_lens}' for '{_short(note.text)}'"
            rec.say("evidence.lens_accepted", tag=mark.suggested_lens, text=_short(note.text))
        return self.note(workshop_id, note.id)

    def _accept(self, rec: _Recorder, note: Note, mark: EvidenceNote) -> None:
        tags = list(dict.fromkeys([*note.lenses, str(mark.suggested_lens)]))
        rec.update("notes", note.id, lenses=json.dumps(tags))
        rec.update("evidence_notes", mark.id, suggested_lens=None)

    def accept_lens_suggestions(self, workshop_id: int, section_id: str | None = None) -> int:
        """Accept every open suggestion (in one step, or all) as one action;
        returns how many were accepted."""
        if section_id is not None:
            self._section(workshop_id, section_id)
        known = self.playbook(workshop_id).tag_titles()
        marks = _rows(EvidenceNote, self.store.query(
            "SELECT * FROM evidence_notes WHERE workshop_id = ? AND suggested_lens IS NOT NULL "
            "ORDER BY id", [workshop_id]))
        notes = {n.id: n for n in self.notes(workshop_id, section_id)}
        chosen = [m for m in marks if m.note_id in notes and m.suggested_lens in known]
        if not chosen:
            return 0
        with self._op(workshop_id, "evidence.accept_lenses") as rec:
            for mark in chosen:
                self._accept(rec, notes[mark.note_id], mark)
            rec.summary = f"Accepted {len(chosen)} lens suggestions"
            rec.say("evidence.lenses_accepted", n=len(chosen))
        return len(chosen)

    def dismiss_lens_suggestion(self, workshop_id: int, note_id: int | str) -> None:
        """Drop the note's lens suggestion without tagging it."""
        note, mark = self._evidence_note(workshop_id, note_id)
        if mark.suggested_lens is None:
            return
        with self._op(workshop_id, "evidence.dismiss_lens") as rec:
            rec.update("evidence_notes", mark.id, suggested_lens=None)
            rec.summary = f"Dropped the lens suggestion for '{_short(note.text)}'"
            rec.say("evidence.lens_dismissed", text=_short(note.text))
