"""The workshop screen: the playbook's steps on the left, the current step on the right."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Vertical
from textual.markup import escape as escape_markup
from textual.screen import Screen
from textual.widgets import Header, Label

from sprintkit.errors import SprintkitError
from sprintkit.models import Section
from sprintkit.tui import keymap
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import AsksForChanges, GoToSection, KeepTimebox, ReadFailed
from sprintkit.tui.roles import OffersCommands, ShowsWorkshopData
from sprintkit.tui.screens.export import ExportScreen
from sprintkit.tui.screens.followup import FollowUpScreen
from sprintkit.tui.screens.history import HistoryScreen
from sprintkit.tui.screens.people import ParticipantsScreen
from sprintkit.tui.screens.voices import VoicesScreen
from sprintkit.tui.steps import PANES, Pane
from sprintkit.tui.widgets import (
    Intro,
    IntroScreen,
    KeyBar,
    Row,
    RowList,
    TimerBar,
    localize_bindings,
)

if TYPE_CHECKING:
    from textual import getters

    from sprintkit.tui.host import HostApp
    from sprintkit.tui.reads import Reads

# How often to look for changes made by another program (a cheap query).
OUTSIDE_CHECK_S = 2.0

class WorkshopScreen(AsksForChanges, ShowsWorkshopData, OffersCommands, Screen):
    if TYPE_CHECKING:
        app = getters.app(HostApp)

    DEFAULT_CSS = """
    WorkshopScreen #body { layout: horizontal; height: 1fr; }
    WorkshopScreen #sidebar { width: 30; border-right: tall $primary; }
    WorkshopScreen #sidebar .heading { padding: 0 1; }
    WorkshopScreen #main { width: 1fr; }
    WorkshopScreen .step { height: 1fr; }
    """
    BINDINGS = keymap.bindings('workshop')

    def __init__(self, workshop_id: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop_id = workshop_id
        self.section_id: str | None = None
        self.sidebar_open = False
        self.steps: dict[str, Vertical] = {}

    # ----------------------------------------------------------------- build
    @property
    def service(self) -> Reads:
        return self.app.reads

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            with Vertical(id="sidebar"):
                yield Label(tr("steps.title"), classes="heading")
                yield RowList(id="sections")
            yield Vertical(id="main")
        yield KeyBar()

    def on_mount(self) -> None:
        self.book = self.service.playbook(self.workshop_id)
        workshop = self.service.workshop(self.workshop_id)
        self.app.title = workshop.name
        start = workshop.current_section or self.book.sections[0].id
        if self.book.section(start) is None:
            start = self.book.sections[0].id
        self.show_section(start, remember=False)
        self.set_interval(OUTSIDE_CHECK_S, self._outside_changes)

    def _outside_changes(self) -> None:
        """Pick up what another program wrote to the same file: 'sprintkit serve'
        on a second screen, or the CLI. (The room opened here reports its own.)"""
        pane = self.pane
        if not self.is_current or pane is None or not pane.ready:
            return
        try:
            marker = self.service.change_marker(self.workshop_id)
        except sqlite3.Error:  # busy for a moment: the next check will do
            return
        if marker != getattr(pane, "marker", None):
            self._draw_sections()
            pane.refresh_data(only_if_changed=True)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Hide the step list when the step needs the width (it returns with F2)."""
        width = self.app.size.width
        short = self.app.size.height < 30
        if self.has_class("-short") != short:
            self.set_class(short, "-short")
        for intro in self.query(Intro):
            intro.fit()
        wide_kinds = ("group", "score", "roadmap")
        kind = self.section.kind if self.section_id else "capture"
        narrow = width < 100 or (kind in wide_kinds and width < 140)
        sidebar = self.query_one("#sidebar")
        # Toggling the widget (not a class on the screen) restyles only the sidebar.
        want = not narrow or self.sidebar_open
        if sidebar.display != want:
            sidebar.display = want

    def on_screen_resume(self) -> None:
        self.app.title = self.service.workshop(self.workshop_id).name
        self._subtitle()

    # ---------------------------------------------------------------- steps
    def _counts(self) -> dict[str, str]:
        """A short progress figure per step: notes, initiatives, round, scored, placed."""
        notes = self.service.section_counts(self.workshop_id)
        progress = self.service.progress_counts(self.workshop_id)
        items = progress["initiatives"]
        by_kind = {
            "group": str(items),
            "vote": tr(f"vote.status.{progress['round']}") if progress["round"] else "",
            "score": f"{progress['scored']}/{items}" if items else "",
            "roadmap": f"{progress['placed']}/{items}" if items else "",
        }
        counts: dict[str, str] = {}
        for section in self.book.sections:
            if section.kind == "capture":
                counts[section.id] = str(notes.get(section.id, 0))
            elif by_kind.get(section.kind):
                counts[section.id] = by_kind[section.kind]
        return counts

    def _draw_sections(self) -> None:
        counts = self._counts()
        width = self.query_one("#sections", RowList).size.width or 28
        rows = []
        for number, section in enumerate(self.book.sections, start=1):
            here = section.id == self.section_id
            count = f" {counts[section.id]}" if section.id in counts else ""
            room = max(width - len(f"▶ {number}. ") - len(count), 4)
            title = section.title if len(section.title) <= room else \
                section.title[: room - 1] + "…"
            text = Text.assemble(
                ("▶ " if here else "  ", "bold"),
                (f"{number}. ", "dim"),
                (title, "bold" if here else ""),
                (" " * (room - len(title)) + count, "dim"),
            )
            rows.append(Row(section.id, text))
        self.query_one("#sections", RowList).set_rows(rows, select=self.section_id)

    def _subtitle(self) -> None:
        section = self.section
        index = self.book.sections.index(section) + 1
        self.app.sub_title = tr("steps.subtitle", n=index, total=len(self.book.sections),
                                title=section.title)

    @property
    def section(self) -> Section:
        return self.book.section(self.section_id)  # type: ignore[arg-type, return-value]

    def show_section(self, section_id: str, *, remember: bool = True) -> None:
        """Show a step. Steps once shown stay mounted (hidden), so coming back is quick."""
        with self.app.batch_update():
            self._show_section(section_id, remember=remember)

    def _show_section(self, section_id: str, *, remember: bool) -> None:
        section = self.book.section(section_id)
        if section is None:
            return
        if remember and section_id != self.section_id:
            # Where the team is matters for reopening, but never blocks moving on.
            self.post_message(GoToSection(self.workshop_id, section_id))
        main = self.query_one("#main", Vertical)
        old = self._step(self.section_id) if self.section_id else None
        self.section_id = section_id
        step = self._step(section_id)
        if old is not None and old is not step:
            old.display = False
            self._pause_timer(old)
        if step is None:
            timer = TimerBar(self._timebox_state(), section.id, section.timebox_minutes,
                             clock=self.app.clock, save=self._save_timebox)
            pane: Pane = PANES[section.kind](self.workshop_id, section)
            step = Vertical(timer, pane, id=f"step-{section.id}", classes="step")
            self.steps[section.id] = step
            main.mount(step)
        else:
            step.display = True
            panes = step.query(Pane)
            shown = panes.first() if panes else None
            if shown is not None and shown.ready:  # else its mount handler loads and focuses it
                shown.refresh_data(only_if_changed=True)
                shown.focus_default()
        self._draw_sections()
        self._subtitle()
        self.sidebar_open = False
        self._fit()

    def _step(self, section_id: str | None) -> Vertical | None:
        return self.steps.get(section_id) if section_id is not None else None

    @property
    def pane(self) -> Pane | None:
        step = self._step(self.section_id)
        if step is None:
            return None
        panes = step.query(Pane)
        return panes.first() if panes else None

    def reload(self) -> None:
        if not self.is_mounted or self.section_id is None:
            return
        self._draw_sections()
        pane = self.pane
        if pane is not None and pane.ready:
            pane.refresh_data()

    @on(RowList.Selected, "#sections")
    def _section_chosen(self, event: RowList.Selected) -> None:
        event.stop()
        if event.key is not None:
            self.show_section(str(event.key))

    def action_steps(self) -> None:
        sections = self.query_one("#sections", RowList)
        if sections.has_focus:
            self.sidebar_open = False
            self._fit()
            pane = self.pane
            if pane is not None:
                pane.focus_default()
            return
        self.sidebar_open = True
        self._fit()
        sections.select_key(self.section_id)
        sections.focus()

    def action_step(self, delta: int) -> None:
        ids = [s.id for s in self.book.sections]
        index = ids.index(self.section_id) + delta  # type: ignore[arg-type]
        if 0 <= index < len(ids):
            self.show_section(ids[index])

    def action_back(self) -> None:
        sections = self.query_one("#sections", RowList)
        if sections.has_focus:
            self.app.close_workshop()
        else:
            self.action_steps()

    # ---------------------------------------------------------------- timer
    def _timebox_state(self) -> dict[str, dict]:
        """This workshop's timers, read once per session from where they were left."""
        timers = self.app.timers.get(self.workshop_id)
        if timers is None:
            try:
                saved = self.service.timeboxes(self.workshop_id)
            except (SprintkitError, sqlite3.Error) as exc:
                self.post_message(ReadFailed(exc))
                saved = {}
            timers = self.app.timers[self.workshop_id] = {
                sid: {"elapsed": box.elapsed_s, "since": box.running_since,
                      "extra": box.extra_minutes, "alerted": box.alerted}
                for sid, box in saved.items()}
        return timers

    def _save_timebox(self, section_id: str, state: dict | None) -> None:
        # A copy: the timer goes on changing its own state before this is saved.
        self.post_message(KeepTimebox(self.workshop_id, section_id,
                                      dict(state) if state is not None else None))

    def _pause_timer(self, step: Vertical) -> None:
        """A step's timebox stops when the team moves on: a hidden timer running
        out would sound its alarm over another step."""
        bars = step.query(TimerBar)
        bar = bars.first() if bars else None
        if bar is not None and bar.running:
            bar.toggle()
            section = self.book.section(bar.section_id)
            self.notify(tr("timer.paused.left", step=section.title if section else ""),
                        timeout=3)

    def _timer(self) -> TimerBar | None:
        step = self._step(self.section_id)
        bars = step.query(TimerBar) if step is not None else None
        return bars.first() if bars else None

    def action_timer(self) -> None:
        bar = self._timer()
        if bar is not None:
            running = bar.toggle()
            self.notify(tr("timer.started" if running else "timer.paused.toast"), timeout=2)

    def action_extend(self) -> None:
        bar = self._timer()
        if bar is not None:
            bar.extend(5)
            self.notify(tr("timer.extended"), timeout=2)

    # -------------------------------------------------------------- screens
    def action_intro(self) -> None:
        section = self.section
        text = section.intro or tr("intro.none")
        self.app.push_screen(IntroScreen(section.title, text, section.prompts))

    def action_participants(self) -> None:
        self.app.push_screen(ParticipantsScreen(self.workshop_id))

    def action_voices(self) -> None:
        self.app.push_screen(VoicesScreen(self.workshop_id))

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.workshop_id))

    def action_export(self) -> None:
        self.app.push_screen(ExportScreen(self.workshop_id))

    def action_follow_up(self) -> None:
        if not any(i.phase for i in self.service.initiatives(self.workshop_id)):
            self.notify(tr("fu.no_roadmap"), severity="warning", timeout=5)
            return
        self.app.push_screen(FollowUpScreen(self.workshop_id))

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(tr("cmd.people"), tr("cmd.people.help"), self.action_participants)
        yield SystemCommand(tr("cmd.voices"), tr("cmd.voices.help"), self.action_voices)
        yield SystemCommand(tr("cmd.history"), tr("cmd.history.help"), self.action_history)
        yield SystemCommand(tr("cmd.export"), tr("cmd.export.help"), self.action_export)
        yield SystemCommand(tr("cmd.follow_up"), tr("cmd.follow_up.help"), self.action_follow_up)
        yield SystemCommand(tr("cmd.intro"), tr("cmd.intro.help"), self.action_intro)
        yield SystemCommand(tr("cmd.timer"), tr("cmd.timer.help"), self.action_timer)
        yield SystemCommand(tr("cmd.extend"), tr("cmd.extend.help"), self.action_extend)
        yield SystemCommand(tr("cmd.home"), tr("cmd.home.help"), self.app.close_workshop)
        for number, section in enumerate(self.book.sections, start=1):
            # The palette reads its titles as markup; a playbook title is text.
            yield SystemCommand(tr("cmd.goto", n=number, title=escape_markup(section.title)),
                                tr("cmd.goto.help"),
                                lambda sid=section.id: self.show_section(sid))
