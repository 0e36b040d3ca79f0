"""The follow-up view: every roadmap item as the check-ins left it.

Each row shows an item's status, title, owner, latest reading, a sparkline of
its readings and its progress toward the target; the panel below tells the
focused item's metric, next step and last comment. Keys set the status, add
a reading and write the next step; F5 opens the phone room for a check-in
meeting, in which owners update their own items.

The rows and dialogs only say what is wanted: every change is posted up as a
``Wanted`` message (``sprintkit.tui.messages``) and saved where every other
change is, one unit of work each, so undo, redo and the history work as
everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import Key
from textual.message import Message
from textual.widgets import Header, Label, Sparkline, Static

from sprintkit import i18n, progress
from sprintkit.models import STATUSES
from sprintkit.tui import keymap
from sprintkit.tui import messages as m
from sprintkit.tui.format import one_line
from sprintkit.tui.labels import language, tr
from sprintkit.tui.screens.base import SCREEN_CSS, SubScreen
from sprintkit.tui.screens.history import HistoryScreen
from sprintkit.tui.widgets import FormScreen, KeyBar, PickScreen

BAR_CELLS = 6
STATUS_STYLE = {"on-track": "bold green", "at-risk": "bold #8a5a00", "blocked": "bold red",
                "done": "green", "dropped": "dim", "planned": ""}


# ------------------------------------------------------------------ widgets
def status_text(status: str, on_cursor: bool = False) -> Text:
    # On the cursor's bar the colours would not read: the words say it there.
    style = STATUS_STYLE.get(status, "")
    return Text(i18n.status_word(language(), status), style="bold" if on_cursor and style else style)


def reading_text(entry: progress.ItemFollowUp, lang: str) -> str:
    reading = entry.latest_reading
    if reading is None:
        return "–"
    if reading.value is not None:
        return i18n.quantity(reading.value, entry.initiative.unit, lang, space=" ")
    return one_line(reading.text)


def progress_text(value: progress.Progress | None, on_cursor: bool = False) -> Text:
    if value is None:
        return Text("–", style="dim")
    filled = round(value.shown * BAR_CELLS)
    # Styled span by span: the figure takes the row's colour, and on the
    # cursor's bar (the same blue as the bar) the bar does too.
    text = Text()
    text.append("█" * filled, style="" if on_cursor else "green" if value.met else "#0b4fa8")
    text.append("░" * (BAR_CELLS - filled), style="dim")
    text.append(f" {value.percent}\u00a0%")
    return text


class FollowUpRow(Horizontal, can_focus=True):
    """One roadmap item; Enter asks to set its status."""

    DEFAULT_CSS = """
    FollowUpRow { height: 1; width: 100%; }
    FollowUpRow:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    FollowUpRow:focus Static { color: $block-cursor-foreground; }
    FollowUpRow:focus Sparkline > .sparkline--max-color { color: $block-cursor-foreground; }
    FollowUpRow:focus Sparkline > .sparkline--min-color {
        color: $block-cursor-foreground 50%; }
    FollowUpRow .fu-status { width: 13; }
    FollowUpRow .fu-title { width: 3fr; text-wrap: nowrap; text-overflow: ellipsis;
                            padding-right: 1; }
    /* A wider screen gives a full name room too, not only the title. */
    FollowUpRow .fu-owner { width: 1fr; min-width: 17; max-width: 22; text-wrap: nowrap;
                            text-overflow: ellipsis; padding-right: 1; }
    FollowUpRow .fu-latest { width: 11; text-wrap: nowrap; text-overflow: ellipsis; }
    FollowUpRow Sparkline { width: 10; margin: 0 1 0 0; }
    FollowUpRow .fu-progress { width: 12; }
    """

    @dataclass
    class Chosen(Message):
        initiative_id: int

    def __init__(self, initiative_id: int) -> None:
        super().__init__(id=f"fu-row-{initiative_id}")
        self.initiative_id = initiative_id
        self._shown: tuple[progress.ItemFollowUp, progress.Figures, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="fu-status", markup=False)
        yield Static("", classes="fu-title", markup=False)
        yield Static("", classes="fu-owner", markup=False)
        yield Static("", classes="fu-latest", markup=False)
        yield Sparkline([])
        yield Static("", classes="fu-progress", markup=False)

    def show(self, entry: progress.ItemFollowUp, figures: progress.Figures, lang: str) -> None:
        self._shown = (entry, figures, lang)
        if self.is_mounted and self.query(Sparkline):
            self._draw()

    def on_mount(self) -> None:
        if self._shown is not None:
            self._draw()

    def _draw(self, here: bool | None = None) -> None:
        assert self._shown is not None
        entry, figures, lang = self._shown
        statics = list(self.query(Static))
        # During its focus and blur events a widget's has_focus is not yet
        # what the event says: those handlers tell.
        here = self.has_focus if here is None else here
        title = Text()
        if figures.flagged(entry.id):
            title.append("! ", style="bold" if here else "bold red")
        title.append(one_line(entry.initiative.title))
        owner = Text(one_line(entry.initiative.owner) or "–",
                     style="" if entry.owner_participant_id or not entry.initiative.owner
                     else "italic")
        for widget, text in zip(statics, [status_text(entry.status, here), title, owner,
                                          Text(reading_text(entry, lang)),
                                          progress_text(figures.progress.get(entry.id), here)],
                                strict=True):
            widget.update(text)
        spark = self.query_one(Sparkline)
        spark.data = [r.value for r in entry.readings if r.value is not None]
        # A line needs two numbers: none reads as all lows, and a single one is
        # drawn as a full bar, which reads as the target reached.
        spark.visible = len(spark.data) > 1

    def on_focus(self) -> None:
        if self._shown is not None and self.is_mounted and self.query(Sparkline):
            self._draw(True)

    def on_blur(self) -> None:
        if self._shown is not None and self.is_mounted and self.query(Sparkline):
            self._draw(False)

    def on_key(self, event: Key) -> None:
        if event.key == "enter":
            event.stop()
            self.post_message(self.Chosen(self.initiative_id))


# ------------------------------------------------------------------- screen
class FollowUpScreen(SubScreen):
    DEFAULT_CSS = SCREEN_CSS + """
    FollowUpScreen #fu-summary { padding: 0 1; height: auto; }
    FollowUpScreen #fu-head { height: 1; color: $text-muted; text-style: bold; padding: 0 1; }
    FollowUpScreen #fu-head Static { color: $text-muted; }
    FollowUpScreen #fu-rows { height: 1fr; padding: 0 1; }
    FollowUpScreen #fu-detail { height: auto; min-height: 4; max-height: 8; padding: 0 1;
                                background: $panel; }
    FollowUpScreen #fu-head .fu-status { width: 13; }
    FollowUpScreen #fu-head .fu-title { width: 3fr; }
    FollowUpScreen #fu-head .fu-owner { width: 1fr; min-width: 17; max-width: 22; }
    FollowUpScreen #fu-head .fu-latest { width: 11; }
    FollowUpScreen #fu-head .fu-spark { width: 11; }
    FollowUpScreen #fu-head .fu-progress { width: 12; }
    """
    BINDINGS = keymap.bindings('followup')

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("fu.title"), classes="screen-title")
        yield Static("", id="fu-summary", markup=False)
        with Horizontal(id="fu-head", classes="fu-head"):
            for css, key in (("fu-status", "fu.col.status"), ("fu-title", "fu.col.item"),
                             ("fu-owner", "fu.col.owner"), ("fu-latest", "fu.col.latest"),
                             ("fu-spark", "fu.col.trend"), ("fu-progress", "fu.col.progress")):
                yield Static(tr(key), classes=css, markup=False)
        yield VerticalScroll(id="fu-rows")
        yield Static("", id="fu-detail", markup=False)
        yield KeyBar()

    def __init__(self, workshop_id: int) -> None:
        super().__init__(workshop_id)
        self.view: progress.FollowUp | None = None
        self.figures: progress.Figures | None = None
        self.current: int | None = None

    def on_mount(self) -> None:
        self.reload()

    # ------------------------------------------------------------- reading
    def today(self) -> date:
        return date.fromtimestamp(self.app.clock())

    def reload(self) -> None:
        view = self.service.follow_up(self.workshop_id)
        figures = progress.figures(view, self.today())
        self.view, self.figures = view, figures
        box = self.query_one("#fu-rows", VerticalScroll)
        wanted = [entry.id for entry in view.items]
        have = [row.initiative_id for row in box.query(FollowUpRow)]
        if wanted != have:
            box.remove_children()
            box.mount_all([FollowUpRow(i) for i in wanted])
            self.call_after_refresh(self._focus_row)
        self._fill()

    def _fill(self) -> None:
        view, figures = self.view, self.figures
        if view is None or figures is None:
            return
        lang = language()
        for row in self.query(FollowUpRow):
            entry = view.item(row.initiative_id)
            if entry is not None:
                row.show(entry, figures, lang)
        self._focus_row()
        self._summary()
        self._detail()

    def _focus_row(self) -> None:
        rows = list(self.query(FollowUpRow))
        if rows and not rows[0].is_mounted:
            # Just mounted: try again once the rows are on screen.
            self.call_after_refresh(self._focus_row)
            return
        if rows and not isinstance(self.focused, FollowUpRow):
            # Back on the item that had the cursor, else the first one.
            row = next((r for r in rows if r.initiative_id == self.current), rows[0])
            row.focus()
            self.current = row.initiative_id
            self._detail()

    def _summary(self) -> None:
        view, figures = self.view, self.figures
        assert view is not None and figures is not None
        text = Text()
        kept = figures.kept
        if kept.total:
            text.append(tr("fu.kept" if kept.final else "fu.on_course", kept=kept.kept,
                           total=kept.total), style="bold")
        else:
            text.append(tr("fu.kept_none"))
        if figures.escalate:
            text.append("  ·  ")
            text.append(tr("fu.flagged", n=len(figures.escalate)), style="bold red")
        last = view.last_check_in
        # A line of its own: on a narrow screen the line broke inside the phrase.
        text.append("\n")
        text.append(tr("fu.last_check_in", date=i18n.format_date(last.on_date, language()))
                    if last else tr("fu.no_check_in"), style="dim")
        self.query_one("#fu-summary", Static).update(text)

    def _entry(self) -> progress.ItemFollowUp | None:
        if self.view is None or self.current is None:
            return None
        return self.view.item(self.current)

    def _detail(self) -> None:
        detail = self.query_one("#fu-detail", Static)
        entry = self._entry()
        if entry is None:
            detail.update(Text(tr("fu.empty") if self.view is not None and not self.view.items
                               else tr("fu.hint"), style="dim"))
            return
        lang = language()
        item = entry.initiative
        text = Text()
        text.append(one_line(item.title), style="bold")
        text.append("  ")
        text.append_text(status_text(entry.status))
        if entry.status_since:
            text.append(f" ({i18n.format_date(entry.status_since, lang)})", style="dim")
        text.append("\n")
        text.append(tr("fu.metric") + ": ", style="dim")
        text.append(one_line(item.metric) or "–")
        if progress.is_numeric(item):
            assert item.baseline is not None and item.target_value is not None
            unit = f" {item.unit}" if item.unit else ""
            text.append("  " + tr("fu.baseline_target",
                                  baseline=i18n.format_number(item.baseline, lang) + unit,
                                  target=i18n.format_number(item.target_value, lang) + unit),
                        style="dim")
        elif item.target:
            text.append("  " + tr("fu.target", target=one_line(item.target)), style="dim")
        reading = entry.latest_reading
        if reading is not None:
            # In full: the column above has room for a number, not for words.
            text.append("\n")
            text.append(tr("fu.latest_reading") + ": ", style="dim")
            text.append(reading_text(entry, lang))
            text.append(f" ({i18n.format_date(reading.on_date, lang)})  "
                        + tr("fu.readings", n=len(entry.readings)), style="dim")
        text.append("\n")
        text.append(tr("fu.next") + ": ", style="dim")
        step = entry.next_step
        if step is not None and step.text:
            text.append(one_line(step.text))
            if step.due:
                text.append("  " + tr("fu.due", date=i18n.format_date(step.due, lang)),
                            style="dim")
        else:
            text.append("–")
        comment = next((u.comment for u in reversed(entry.statuses) if u.comment), "")
        if comment:
            text.append("\n")
            text.append(tr("fu.comment") + ": ", style="dim")
            text.append(one_line(comment))
        if item.owner and entry.owner_participant_id is None:
            text.append("\n")
            text.append(tr("fu.not_participant", owner=one_line(item.owner)), style="italic")
        elif not item.owner:
            text.append("\n")
            text.append(tr("fu.no_owner"), style="italic")
        detail.update(text)

    def on_descendant_focus(self) -> None:
        focused = self.app.focused
        if isinstance(focused, FollowUpRow) and focused.initiative_id != self.current:
            self.current = focused.initiative_id
            self._detail()

    # ------------------------------------------------------------ moving
    def action_move(self, delta: int) -> None:
        rows = list(self.query(FollowUpRow))
        if not rows:
            return
        ids = [row.initiative_id for row in rows]
        index = ids.index(self.current) + delta if self.current in ids else 0
        row = rows[max(0, min(index, len(rows) - 1))]
        row.focus()
        row.scroll_visible()

    # ------------------------------------------------------------ changes
    @on(FollowUpRow.Chosen)
    def _chosen(self, event: FollowUpRow.Chosen) -> None:
        event.stop()
        self.action_status()

    def action_status(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        options = [(status, i18n.status_word(language(), status)) for status in STATUSES]

        def picked(status: Any) -> None:
            if status is not None:
                self._status_comment(entry, str(status))

        self.app.push_screen(PickScreen(tr("fu.pick_status", title=entry.initiative.title),
                                        options, current=entry.status), picked)

    def _status_comment(self, entry: progress.ItemFollowUp, status: str) -> None:
        """The status picked, an optional comment on it; Enter saves both."""
        def status_with_comment(values: dict[str, str]) -> m.Wanted:
            return m.SetStatus(self.workshop_id, entry.id, status, values["note"])

        # The form saves it and stays open on a refusal, so the comment is kept.
        title = tr("fu.status_comment_title", title=entry.initiative.title,
                   status=i18n.status_word(language(), status))
        self.app.push_screen(FormScreen(title, [("note", tr("fu.comment"), "")],
                                        optional=["note"], hint=tr("fu.status_comment_hint"),
                                        submit=status_with_comment))

    def action_reading(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        item = entry.initiative
        label = tr("fu.reading_value_unit", unit=item.unit) if item.unit else \
            tr("fu.reading_value")
        fields = [("value", label, ""), ("date", tr("fu.reading_date"), self.today().isoformat()),
                  ("note", tr("fu.reading_note"), "")]

        def reading(values: dict[str, str]) -> m.Wanted:
            return m.AddReading(self.workshop_id, entry.id, values["value"], values["date"],
                                values["note"])

        # The form saves it and stays open on a refusal (a word for a number,
        # a day in the future), so what was typed is never lost.
        self.app.push_screen(FormScreen(tr("fu.add_reading", title=item.title), fields,
                                        required=["value"], submit=reading))

    def action_next_step(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        step = entry.next_step
        fields = [("next", tr("fu.next"), step.text if step else ""),
                  ("due", tr("fu.due_field"), (step.due or "") if step else ""),
                  ("note", tr("fu.comment"), "")]

        def next_step(values: dict[str, str]) -> m.Wanted:
            return m.WriteNextStep(self.workshop_id, entry.id, values["next"], values["due"],
                                   values["note"])

        self.app.push_screen(FormScreen(tr("fu.write_next", title=entry.initiative.title),
                                        fields, required=["next"], submit=next_step))

    # ------------------------------------------------------------ screens
    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.workshop_id))

    def action_room(self) -> None:
        # The room writes what phones send, so the app, which holds the
        # service, opens it.
        self.app.action_open_room(follow_up=True)
