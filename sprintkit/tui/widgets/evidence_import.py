"""The import dialog of customer evidence: a file, its options and the preview.

The dialog never calls the service. It asks the widget that opened it for a
preview (``PreviewWanted``), is shown the plan (``show_plan``), and closes
with what to import once the plan on screen matches the fields (Enter twice:
preview, then import). Text from the file is shown as it is, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from sprintkit import i18n
from sprintkit.masking import KINDS
from sprintkit.tui import keymap
from sprintkit.tui.format import one_line
from sprintkit.tui.labels import language, tr
from sprintkit.tui.widgets.bindings import localize_bindings
from sprintkit.tui.widgets.dialogs import DismissOnce, LineInput

if TYPE_CHECKING:
    from sprintkit.service.evidence import EvidencePlan

# As many rows and folded groups as `evidence import --dry-run` shows.
PREVIEW_ROWS = 5
PREVIEW_GROUPS = 10
TEXT_CHARS = 70


@dataclass(frozen=True)
class ImportChoice:
    """What the fields say: the file and the options, as typed (empty: default)."""

    path: str
    section: str
    text_column: str
    source: str
    keep_personal_data: bool


def _say(key: str, **values: object) -> str:
    # The very words of `evidence import --dry-run`, in the workshop's language.
    return i18n.message(language(), f"cli:evidence.{key}", **values)


def _short(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= TEXT_CHARS else text[:TEXT_CHARS - 1] + "…"


def plan_text(plan: EvidencePlan) -> Text:
    """The preview of an import, line by line as the dry run prints it."""
    out = Text()

    def line(text: str | Text = "", style: str = "") -> None:
        out.append_text(text if isinstance(text, Text) else Text(text, style=style))
        out.append("\n")

    how = "XLSX" if plan.encoding is None else "CSV"
    if plan.encoding:
        delimiter = {"\t": "tab"}.get(plan.delimiter or ",", plan.delimiter or ",")
        how += f", {plan.encoding}, '{delimiter}'"
    line(_say("plan.file", file=plan.file, how=how))
    line(_say("plan.section", section=plan.section.title, id=plan.section.id))
    line(_say("plan.source", source=plan.source))
    mapping = plan.mapping
    for field in ("text", "date", "rating", "channel"):
        column = getattr(mapping, field)
        label = _say(f"field.{field}")
        if column is None:
            line(_say("plan.unmapped", field=label), "dim")
        else:
            key = "plan.guessed" if field in mapping.guessed else "plan.mapped"
            line(_say(key, field=label, column=column))
    line(_say("plan.rows", n=len(plan.rows)), "bold")
    if plan.empty:
        line(_say("plan.empty", n=len(plan.empty)))
    if plan.masked:
        parts = [_say(f"masked.{kind}", n=plan.masked_counts[kind]) for kind in KINDS
                 if plan.masked_counts.get(kind)]
        line(_say("masked", what=", ".join(parts)) if parts else _say("masked_none"))
    else:
        line(_say("keep_warning"), "bold yellow")
    line(_say("plan.notes", n=len(plan.notes)), "bold")
    folded = plan.folded
    if folded:
        line(_say("plan.folded", n=len(folded)))
        for note in folded[:PREVIEW_GROUPS]:
            line(Text.assemble((f"  ×{len(note.rows):<4} ", "bold"),
                               _short(plan.rows[note.rows[0]].text)))
    line(_say("plan.first_rows"))
    for row in plan.rows[:PREVIEW_ROWS]:
        extra = [x for x in (row.date, None if row.rating is None else f"{row.rating:g}",
                             row.channel) if x]
        line(Text.assemble((f"  {row.number:>5}  ", "dim"), _short(row.text),
                           (f"  ({' · '.join(extra)})" if extra else "", "dim")))
    out.rstrip()
    return out


class KeepToggle(Checkbox, inherit_bindings=False):
    """Space flips it; Enter is left to the dialog (preview, then import)."""

    BINDINGS = [Binding("space", "toggle_button", show=False)]


class EvidenceImportScreen(DismissOnce, ModalScreen[ImportChoice | None]):
    """Pick a file and its options, see what would be imported, import it."""

    BINDINGS = keymap.bindings('evidence-import')
    # Not the shared ".dialog" class: this one is wider and lays its fields out
    # one per line, so the preview fits on a projector's 32 rows.
    DEFAULT_CSS = """
    EvidenceImportScreen .evidence-dialog { width: 104; max-width: 98%; height: auto;
        max-height: 96%; border: thick $primary; background: $surface; padding: 0 1; }
    EvidenceImportScreen .title { text-style: bold; width: 100%; }
    EvidenceImportScreen .hint { color: $text-muted; width: 100%; }
    EvidenceImportScreen .field-row { height: 1; margin: 0 0 0 0; }
    EvidenceImportScreen .field { color: $text-muted; width: 26; }
    EvidenceImportScreen .field-row Input { border: none; height: 1; padding: 0 1;
        width: 1fr; background: $boost; margin: 0; }
    EvidenceImportScreen .field-row Input:focus { background: $primary 25%; }
    EvidenceImportScreen KeepToggle { border: none; padding: 0; margin: 0; height: 1;
        background: $surface; }
    EvidenceImportScreen KeepToggle:focus { background: $primary 25%; }
    EvidenceImportScreen #import-preview-box { height: auto; max-height: 22;
        background: $panel; padding: 0 1; margin: 1 0 0 0; }
    """

    @dataclass
    class PreviewWanted(Message):
        """The fields changed and Enter was pressed: show what they would import."""

        dialog: EvidenceImportScreen
        choice: ImportChoice

    def __init__(self, reply_to: Widget, *, section: str = "",
                 sections: list[str] | None = None, path: str = "") -> None:
        super().__init__()
        localize_bindings(self)
        self.reply_to = reply_to
        self.section = section
        self.sections = sections or []
        self.path = path
        self.shown: ImportChoice | None = None  # the choice the preview on screen is of
        self.columns: list[str] = []

    def compose(self) -> ComposeResult:
        def field(name: str, label: str, value: str, **options: Any) -> ComposeResult:
            with Horizontal(classes="field-row"):
                yield Label(label, classes="field")
                yield LineInput(value, id=f"import-{name}", select_on_focus=False, **options)

        with Vertical(classes="evidence-dialog"):
            yield Label(tr("evidence_import.title"), classes="title")
            yield from field("path", tr("evidence_import.path"), self.path,
                             placeholder=tr("evidence_import.path_hint"))
            yield from field("section", tr("evidence_import.section"), self.section,
                             suggester=SuggestFromList(self.sections, case_sensitive=False))
            yield from field("column", tr("evidence_import.text_column"), "",
                             placeholder=tr("evidence_import.guessed"))
            yield from field("source", tr("evidence_import.source"), "",
                             placeholder=tr("evidence_import.file_name"))
            yield KeepToggle(tr("evidence_import.keep"), id="import-keep")
            with VerticalScroll(id="import-preview-box"):
                yield Static(Text(tr("evidence_import.no_preview"), style="dim"),
                             id="import-preview")
            yield Label(tr("evidence_import.hint"), classes="hint", id="import-hint")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def choice(self) -> ImportChoice:
        def value(name: str) -> str:
            return self.query_one(f"#import-{name}", Input).value.strip()

        return ImportChoice(path=value("path"), section=value("section"),
                            text_column=value("column"), source=value("source"),
                            keep_personal_data=self.query_one(KeepToggle).value)

    # ------------------------------------------------------------ answers
    def show_reading(self) -> None:
        self.shown = None
        self.query_one("#import-hint", Label).update(tr("evidence_import.reading"))

    def show_plan(self, plan: EvidencePlan | None, choice: ImportChoice,
                  reason: str = "") -> None:
        """Show the plan of ``choice`` (None: it cannot be imported as it is,
        for ``reason``)."""
        if not self.is_attached:
            return  # closed while the file was being read
        preview = self.query_one("#import-preview", Static)
        hint = self.query_one("#import-hint", Label)
        if plan is None:
            self.shown = None
            preview.update(Text.assemble((tr("evidence_import.refused"), "bold"),
                                         "\n", reason))
            hint.update(tr("evidence_import.hint"))
            return
        self.shown = choice
        self.columns = list(plan.columns)
        self.query_one("#import-column", Input).suggester = SuggestFromList(
            self.columns, case_sensitive=False)
        preview.update(plan_text(plan))
        hint.update(Text(tr("evidence_import.ready", n=len(plan.rows)), style="bold"))

    # ------------------------------------------------------------ keys
    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_go()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        if self.shown is not None and self.shown != self.choice():
            self.query_one("#import-hint", Label).update(tr("evidence_import.stale"))

    def action_go(self) -> None:
        choice = self.choice()
        if not choice.path:
            self.notify(tr("evidence_import.no_path"), severity="warning", timeout=4)
            return
        if self.shown == choice:
            self.dismiss(choice)
            return
        self.reply_to.post_message(self.PreviewWanted(self, choice))

    def action_cancel(self) -> None:
        self.dismiss(None)


def choice_path(choice: ImportChoice) -> Path:
    return Path(choice.path).expanduser()
