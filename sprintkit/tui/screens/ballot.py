"""The secret ballot a participant fills in at the facilitator's screen."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Hashable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Label, Static

from sprintkit.errors import BallotChanged
from sprintkit.models import Participant
from sprintkit.tui import keymap
from sprintkit.tui.format import person_label
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import AsksForChanges, CastBallot, Done, Refused
from sprintkit.tui.roles import ShowsWorkshopData
from sprintkit.tui.screens.base import SCREEN_CSS
from sprintkit.tui.widgets import (
    DismissOnce,
    KeyBar,
    PickScreen,
    Row,
    RowList,
    localize_bindings,
)
from sprintkit.tui.widgets.rows import row_id

if TYPE_CHECKING:
    from textual import getters

    from sprintkit.tui.host import HostApp
    from sprintkit.tui.reads import Reads


class BallotScreen(AsksForChanges, ShowsWorkshopData, Screen):
    """Pass the laptop: one person at a time spends their dots; nobody else's are shown."""

    if TYPE_CHECKING:
        app = getters.app(HostApp)

    DEFAULT_CSS = SCREEN_CSS + """
    BallotScreen #ballot-status { padding: 0 1; background: $panel; height: auto; }
    BallotScreen #ballot-voter { padding: 1 1 0 1; text-style: bold; color: $primary; }
    """
    BINDINGS = keymap.bindings('ballot')

    def __init__(self, workshop_id: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop_id = workshop_id
        self.person: Participant | None = None
        self.alloc: dict[int, int] = {}
        # The person's stored dots when the ballot opened: confirming checks that
        # nothing (a phone, the command line) changed them meanwhile.
        self.base: dict[int, int] = {}
        self.asking = False
        self.items: list = []

    @property
    def service(self) -> Reads:
        return self.app.reads

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="ballot-voter")
        yield Static("", id="ballot-status")
        yield RowList(id="ballot-list")
        yield Label(tr("ballot.hint"), classes="screen-hint")
        yield KeyBar()

    # How often an open ballot looks for dots another program (the command
    # line, a second screen) gave this person: the room reports its own phones.
    OUTSIDE_CHECK_S = 2.0

    def on_mount(self) -> None:
        self.pick_voter()
        self.set_interval(self.OUTSIDE_CHECK_S, self._outside_changes)

    def _outside_changes(self) -> None:
        if not self.is_current:
            return
        with contextlib.suppress(sqlite3.Error):  # busy for a moment: the next check will do
            self.reload()

    def reload(self) -> None:
        """Phones may vote meanwhile: update the count, keep this person's unsaved dots,
        and say so at once if this person's own stored dots changed."""
        self._draw_status()
        rnd = self._open_round()
        if rnd is None or self.person is None or self.asking:
            return
        stored = self.service.dots_of(rnd.id, self.person.id)
        if stored != self.base:
            self.show_changed(stored)

    def show_changed(self, stored: dict[int, int]) -> None:
        """The stored ballot moved on: show it beside this one, then start over from it."""
        if self.person is None:
            return
        self.asking = True
        self.items = self.service.initiatives(self.workshop_id)
        titles = {i.id: i.title for i in self.items}
        tried = {k: v for k, v in self.alloc.items() if v}

        def done(_: object) -> None:
            self.asking = False
            rnd = self._open_round()
            if rnd is None or self.person is None:
                return
            self.base = self.service.dots_of(rnd.id, self.person.id)
            self.alloc = dict(self.base)
            self._draw()

        self.app.push_screen(BallotChangedScreen(self.person.name, stored, tried, titles), done)

    def _open_round(self):
        rnd = self.service.current_round(self.workshop_id)
        return rnd if rnd is not None and rnd.status == "open" else None

    def pick_voter(self) -> None:
        rnd = self._open_round()
        if rnd is None:
            self.notify(tr("ballot.no_round"), severity="warning")
            self.dismiss(None)
            return
        self.person = None
        self.alloc = {}
        self.query_one(RowList).set_rows([])
        self.query_one("#ballot-voter", Label).update(tr("ballot.pass"))
        self._draw_status()
        voters = self.service.voters(rnd.id)
        options: list[tuple[Hashable, str]] = [
            (p.id, ("✓ " if p.id in voters else "  ") + person_label(p))
            for p in self.service.participants(self.workshop_id)]
        if not options:
            self.notify(tr("ballot.no_people"), severity="warning")
            self.dismiss(None)
            return

        def picked(key: Hashable | None) -> None:
            if key is None:
                self.dismiss(None)
            else:
                self.start(row_id(key))

        self.app.push_screen(PickScreen(tr("ballot.who"), options,
                                        hint=tr("ballot.who_hint")), picked)

    def start(self, person_id: int) -> None:
        rnd = self._open_round()
        if rnd is None:
            self.dismiss(None)
            return
        self.person = self.service.participant(self.workshop_id, person_id)
        self.base = self.service.dots_of(rnd.id, person_id)
        self.alloc = dict(self.base)
        self.items = self.service.initiatives(self.workshop_id)
        self.query_one("#ballot-voter", Label).update(Text(tr("ballot.voter", name=self.person.name)))
        self._draw()
        self.query_one(RowList).focus()

    def _row(self, item, rnd) -> Text:
        mine = self.alloc.get(item.id, 0)
        dots = "●" * mine + "○" * (rnd.max_per_item - mine)
        return Text.assemble((f" {dots} ", "bold blue"), item.title)

    def _draw(self) -> None:
        rnd = self._open_round()
        if rnd is None or self.person is None:
            return
        self.query_one(RowList).set_rows([Row(i.id, self._row(i, rnd)) for i in self.items])
        self._draw_status()

    def _draw_status(self) -> None:
        rnd = self._open_round()
        status = self.query_one("#ballot-status", Static)
        if rnd is None:
            status.update(tr("ballot.no_round"))
            return
        voted = len(self.service.voters(rnd.id))
        total = len(self.service.participants(self.workshop_id))
        line = Text(tr("vote.voted", n=voted, total=total), style="dim")
        if self.person is not None:
            spent = sum(self.alloc.values())
            left = rnd.dots_per_person - spent
            # The budget can be lowered mid-round below what was already given.
            budget = tr("ballot.left", left=left, total=rnd.dots_per_person,
                        max=rnd.max_per_item) if left >= 0 else \
                tr("ballot.over", over=-left, total=rnd.dots_per_person)
            line = Text.assemble((budget, "bold"), "   ", line)
        status.update(line)

    def action_dot(self, delta: int) -> None:
        rnd = self._open_round()
        rows = self.query_one(RowList)
        if rnd is None or self.person is None or rows.current_key is None:
            return
        iid = row_id(rows.current_key)
        current = self.alloc.get(iid, 0)
        new = current + delta
        spent = sum(self.alloc.values())
        if new < 0:
            return
        if delta > 0 and new > rnd.max_per_item:
            self.notify(tr("ballot.max", max=rnd.max_per_item), severity="warning", timeout=3)
            return
        if delta > 0 and spent + delta > rnd.dots_per_person:
            self.notify(tr("ballot.no_dots_left"), severity="warning", timeout=3)
            return
        self.alloc[iid] = new
        item = next(i for i in self.items if i.id == iid)
        rows.update_row(iid, self._row(item, rnd))
        self._draw_status()

    @on(RowList.Selected)
    def _enter(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        if self.person is None:
            return
        if self.asking:
            return
        # Until the answer comes, a redraw (this save's own, or a phone's) must
        # not take the saved dots for someone else's change.
        self.asking = True
        self.post_message(CastBallot(self.workshop_id, self.person.id,
                                     {k: v for k, v in self.alloc.items() if v}, self.base))

    @on(Done)
    def _saved(self, event: Done) -> None:
        wanted = event.wanted
        if isinstance(wanted, CastBallot):
            self.asking = False
            if self.person is not None and self.person.id == wanted.participant_id:
                self.notify(tr("ballot.thanks", name=self.person.name,
                               n=sum(wanted.dots.values())), timeout=4)
                self.pick_voter()

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        if isinstance(event.wanted, CastBallot):
            self.asking = False
            if isinstance(event.error, BallotChanged):
                self.show_changed(dict(event.error.params.get("current") or {}))  # type: ignore[call-overload]

    def action_cancel(self) -> None:
        if self.person is None:
            self.dismiss(None)
        else:
            self.pick_voter()


class BallotChangedScreen(DismissOnce, ModalScreen[None]):
    """Someone's stored dots changed while their ballot was open.

    Opened by input, so it answers to Enter and Escape only: a letter typed
    on the ballot a moment too late must not pick anything here."""

    BINDINGS = keymap.bindings('ballot-changed')
    DEFAULT_CSS = """
    BallotChangedScreen Label { width: 100%; }
    BallotChangedScreen #ballot-why, BallotChangedScreen #ballot-tried { margin: 0 0 1 0; }
    """

    def __init__(self, name: str, stored: dict[int, int], tried: dict[int, int],
                 titles: dict[int, str]) -> None:
        super().__init__()
        localize_bindings(self)
        self.voter = name
        self.stored = stored
        self.tried = tried
        self.titles = titles

    def _dots(self, ballot: dict[int, int]) -> Text:
        if not ballot:
            return Text("  " + tr("ballot.changed.none"), style="dim")
        lines = [Text.assemble(("  " + "●" * dots + " ", "bold blue"),
                               self.titles.get(iid, f"#{iid}"))
                 for iid, dots in sorted(ballot.items())]
        return Text("\n").join(lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(tr("ballot.changed.title", name=self.voter)), classes="title")
            yield Label(Text(tr("ballot.changed.why", name=self.voter)), id="ballot-why")
            yield Label(Text(tr("ballot.changed.stored"), style="bold"))
            yield Label(self._dots(self.stored), id="ballot-stored")
            yield Label(Text(tr("ballot.changed.yours"), style="bold"))
            yield Label(self._dots(self.tried), id="ballot-tried")
            yield Label(tr("ballot.changed.hint"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
