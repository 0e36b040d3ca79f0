"""Customer evidence in the capture step: how it is listed, filtered and imported.

Mixed into the capture step's pane and its note list. Evidence notes are
ordinary notes (grouping, voting and moving treat them alike); here they get
their source mark and count, the largest folded groups first, a filter
between the room's notes and the customers' (Ctrl+F), unfolding (U), accepting
a suggested lens (A) and the import dialog (Ctrl+L).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.message import Message

from sprintkit import i18n
from sprintkit.errors import SprintkitError
from sprintkit.evidence_models import EvidenceMark
from sprintkit.models import Note
from sprintkit.tui.format import evidence_source, note_row_text
from sprintkit.tui.labels import language, tr
from sprintkit.tui.widgets import Row
from sprintkit.tui.widgets.evidence_import import (
    EvidenceImportScreen,
    ImportChoice,
    choice_path,
)
from sprintkit.tui.widgets.rows import row_id

if TYPE_CHECKING:
    from sprintkit.service.evidence import EvidenceOptions

# What the list shows, in the order Ctrl+F steps through.
FILTERS = ("all", "room", "evidence")


class EvidenceListKeys:
    """The note list's keys for customer evidence: they ask the pane."""

    @dataclass
    class Unfold(Message):
        note_id: int

    @dataclass
    class AcceptLens(Message):
        note_id: int

    current_key: Any
    post_message: Any

    def _evidence_key(self) -> int | None:
        key = self.current_key
        return row_id(key) if key is not None else None

    def action_unfold(self) -> None:
        if (key := self._evidence_key()) is not None:
            self.post_message(self.Unfold(key))

    def action_accept_lens(self) -> None:
        if (key := self._evidence_key()) is not None:
            self.post_message(self.AcceptLens(key))


class EvidenceCapture:
    """The capture pane's side of customer evidence."""

    if TYPE_CHECKING:
        app: Any
        service: Any
        workshop_id: int
        section: Any
        notes: dict[int, Note]
        people_map: dict
        tag_titles: dict[str, str]
        book: Any

        @property
        def state(self) -> dict: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...

    marks: dict[int, EvidenceMark]

    # ------------------------------------------------------------ listing
    @property
    def evidence_filter(self) -> str:
        return self.state.setdefault("filter", {}).get(self.section.id, "all")

    def evidence_rows(self, notes: list[Note]) -> list[Row]:
        """The rows of the list: customer evidence first, the largest folded
        groups first, then the room's notes as typed (the newest beside the
        capture line); the filter leaves out one or the other."""
        self.marks = self.service.evidence_marks(self.workshop_id, self.section.id)
        marks, shown = self.marks, self.evidence_filter
        evidence = sorted((n for n in notes if n.id in marks),
                          key=lambda n: (-marks[n.id].count, n.id))
        room = [n for n in notes if n.id not in marks]
        ordered = ((evidence if shown != "room" else [])
                   + (room if shown != "evidence" else []))
        people, titles = self.people_map, self.tag_titles
        return [Row(n.id, partial(note_row_text, n, people, titles, number=i,
                                  evidence=marks.get(n.id)))
                for i, n in enumerate(ordered, start=1)]

    def filter_text(self) -> Text:
        """What the state line adds while the list leaves notes out."""
        shown = self.evidence_filter
        if shown == "all":
            return Text("")
        return Text.assemble("   ", (tr(f"capture.filter.{shown}"), "bold reverse"))

    def evidence_detail(self, note: Note) -> Text | None:
        """The detail line of an evidence note: source, count and its first original."""
        mark = self.marks.get(note.id)
        if mark is None:
            return None
        view = self.service.evidence_view(self.workshop_id, note.id)
        first = view.items[0] if view is not None and view.items else None
        text = Text.assemble(evidence_source(mark, full=True), "  ",
                             (tr("capture.evidence_count", n=mark.count), "dim"))
        if first is not None:
            extra = [x for x in (
                i18n.format_date(first.date, language()) if first.date else None,
                None if first.rating is None else i18n.format_decimal(
                    first.rating, language(), digits=1 if first.rating % 1 else 0),
                first.channel) if x]
            if extra:
                text.append("  (" + " · ".join(extra) + ")", style="dim")
        tags = ", ".join(self.tag_titles.get(t, t) for t in note.lenses)
        if tags:
            text.append(f" [{tags}]", style="italic")
        text.append(": ")
        text.append(note.text)
        return text

    def action_filter(self) -> None:
        shown = FILTERS[(FILTERS.index(self.evidence_filter) + 1) % len(FILTERS)]
        self.state.setdefault("filter", {})[self.section.id] = shown
        self.reload()  # type: ignore[attr-defined]
        self.notify(tr(f"capture.filter.{shown}"), timeout=2)

    # ------------------------------------------------------------ changing
    # Handlers by name, not by ``@on``: a mixin is no message pump of its own.
    def on_evidence_list_keys_unfold(self, event: EvidenceListKeys.Unfold) -> None:
        mark = self.marks.get(event.note_id)
        count = mark.count if mark is not None else 0
        self.app.act(self.service.unfold_evidence, self.workshop_id, event.note_id,
                     done=tr("capture.unfolded", n=count))

    def on_evidence_list_keys_accept_lens(self, event: EvidenceListKeys.AcceptLens) -> None:
        mark = self.marks.get(event.note_id)
        tag = mark.suggested_lens if mark is not None else None
        self.app.act(self.service.accept_lens_suggestion, self.workshop_id, event.note_id,
                     done=tr("capture.lens_accepted", tag=self.tag_titles.get(tag, tag))
                     if tag else None)

    # ------------------------------------------------------------ importing
    def action_import_evidence(self) -> None:
        sections = [s for s in self.book.sections if s.kind == "capture"]
        names = [s.id for s in sections] + [s.title for s in sections]
        self.app.push_screen(
            EvidenceImportScreen(self, section=self.section.title,  # type: ignore[arg-type]
                                 sections=names, path=self.state.get("import_path", "")),
            self._import_chosen)

    def _options(self, choice: ImportChoice) -> EvidenceOptions:
        from sprintkit.service.evidence import EvidenceOptions

        wanted = choice.section.lower()
        section = next((s.id for s in self.book.sections if s.kind == "capture"
                        and wanted in (s.id.lower(), s.title.lower())), None)
        return EvidenceOptions(section=section or choice.section or None,
                               text_column=choice.text_column or None,
                               source=choice.source or None,
                               keep_personal_data=choice.keep_personal_data)

    def on_evidence_import_screen_preview_wanted(
            self, event: EvidenceImportScreen.PreviewWanted) -> None:
        event.stop()
        self.state["import_path"] = event.choice.path
        event.dialog.show_reading()
        # Reading and folding a large export takes seconds: the screen stays
        # live meanwhile, and only the latest preview asked for is shown.
        self.run_worker(partial(self._plan, event.dialog, event.choice),  # type: ignore[attr-defined]
                        thread=True, exclusive=True, group="evidence-preview")

    def _plan(self, dialog: EvidenceImportScreen, choice: ImportChoice) -> None:
        options = self._options(choice)
        plan = None
        try:
            plan = self.service.plan_evidence_import(self.workshop_id, choice_path(choice),
                                                     options)
        except (SprintkitError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.app.actions.report, exc)
        self.app.call_from_thread(dialog.show_plan, plan, choice)

    def _import_chosen(self, choice: ImportChoice | None) -> None:
        if choice is None:
            return
        result = self.app.act(self.service.import_evidence, self.workshop_id,
                              choice_path(choice), self._options(choice))
        if result is None:
            return
        self.notify(tr("capture.evidence_imported", n=len(result.plan.rows),
                       source=result.plan.source) + " "
                    + tr("capture.evidence_notes", n=len(result.note_ids)), timeout=6)
        if result.plan.section.id == self.section.id and result.note_ids:
            self.query_one("#notes").cursor = 0  # the largest folded group
