"""Customer evidence in the capture step: how it is listed, filtered and imported.

Mixed into the capture step's pane and its note list. Evidence notes are
ordinary notes (grouping, voting and moving treat them alike); here they get
their source mark and count, the largest folded groups first, a filter
between the room's notes and the customers' (Ctrl+F), unfolding (U), accepting
a suggested lens (A) or dismissing it (X) and the import dialog (Ctrl+L).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text

from sprintkit import i18n
from sprintkit.evidence_models import EvidenceMark
from sprintkit.models import Note
from sprintkit.tui.evidence_filter import filter_name, filter_text, kept, next_filter
from sprintkit.tui.format import evidence_source, note_row_text
from sprintkit.tui.labels import language, tr
from sprintkit.tui.messages import (
    AcceptLensSuggestion,
    DismissLensSuggestion,
    Done,
    ImportEvidence,
    PreviewEvidence,
    Refused,
    UnfoldEvidence,
)
from sprintkit.tui.widgets import Row
from sprintkit.tui.widgets.evidence_import import (
    EvidenceImportScreen,
    ImportChoice,
    choice_path,
)
from sprintkit.tui.widgets.note_list import NoteList

if TYPE_CHECKING:
    from sprintkit.service.evidence import EvidenceOptions


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
        def post_message(self, message: Any) -> bool: ...
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
        ordered = kept(evidence + room, marks, shown)
        # An empty list says why: nothing written yet, or the filter hides it all.
        hidden = len(notes) - len(ordered)
        self.query_one("#notes").empty = tr("capture.filter_hides", n=hidden) \
            if hidden and not ordered else tr("capture.empty")
        people, titles = self.people_map, self.tag_titles
        return [Row(n.id, partial(note_row_text, n, people, titles, number=i,
                                  evidence=marks.get(n.id)))
                for i, n in enumerate(ordered, start=1)]

    def filter_text(self) -> Text:
        """What the state line adds while the list leaves notes out."""
        return filter_text(self.evidence_filter)

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
        shown = next_filter(self.evidence_filter)
        self.state.setdefault("filter", {})[self.section.id] = shown
        self.reload()  # type: ignore[attr-defined]
        self.notify(filter_name(shown), timeout=2)

    # ------------------------------------------------------------ changing
    # Handlers by name, not by ``@on``: a mixin is no message pump of its own.
    def on_note_list_unfold(self, event: NoteList.Unfold) -> None:
        self.post_message(UnfoldEvidence(self.workshop_id, event.note_id))

    def on_note_list_accept_lens(self, event: NoteList.AcceptLens) -> None:
        self.post_message(AcceptLensSuggestion(self.workshop_id, event.note_id))

    def on_note_list_dismiss_lens(self, event: NoteList.DismissLens) -> None:
        self.post_message(DismissLensSuggestion(self.workshop_id, event.note_id))

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
        # Reading and folding a large export takes seconds: the preview is
        # read in the background, and only the latest one asked for is shown.
        self._import_dialog = (event.dialog, event.choice)
        self.post_message(PreviewEvidence(self.workshop_id, choice_path(event.choice),
                                          self._options(event.choice)))

    def _previewed(self, wanted: PreviewEvidence, plan: Any, reason: str = "") -> None:
        dialog, choice = getattr(self, "_import_dialog", (None, None))
        if dialog is not None and choice is not None and wanted.path == choice_path(choice) \
                and wanted.options == self._options(choice):
            dialog.show_plan(plan, choice, reason)

    def on_refused(self, event: Refused) -> None:
        if isinstance(event.wanted, PreviewEvidence):
            self._previewed(event.wanted, None, event.reason)

    def _import_chosen(self, choice: ImportChoice | None) -> None:
        if choice is not None:
            self.post_message(ImportEvidence(self.workshop_id, choice_path(choice),
                                             self._options(choice)))

    def on_done(self, event: Done) -> None:
        if isinstance(event.wanted, PreviewEvidence):
            self._previewed(event.wanted, event.result)
        result = event.result if isinstance(event.wanted, ImportEvidence) else None
        if result is not None and result.plan.section.id == self.section.id \
                and result.note_ids:
            self.query_one("#notes").cursor = 0  # the largest folded group
