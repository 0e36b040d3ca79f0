"""The facilitator's terminal UI: the application, its theme and global keys."""

from __future__ import annotations

import pathlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import App, SystemCommand
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from sprintkit.errors import SprintkitError
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui import heap, keymap, labels
from sprintkit.tui.actions import Actions
from sprintkit.tui.exporting import Exporter
from sprintkit.tui.format import event_text
from sprintkit.tui.host import Host
from sprintkit.tui.keymap import load_keymap
from sprintkit.tui.keyorder import OrderedKeys
from sprintkit.tui.labels import error_text, tr
from sprintkit.tui.messages import ReadFailed, Wanted
from sprintkit.tui.reads import ReadOnly, Reads
from sprintkit.tui.roles import FollowsRoom, OffersCommands, RunsChanges, ShowsWorkshopData
from sprintkit.tui.safe import DropControlCharacters
from sprintkit.tui.state import UiState
from sprintkit.tui.widgets import DIALOG_CSS, localize_bindings

# A light, high-contrast theme that still reads on a washed-out projector.
PROJECTOR = Theme(
    name="sprintkit-projector",
    primary="#0b4fa8",
    secondary="#5b2a86",
    accent="#b3470b",
    warning="#8a5a00",
    error="#b00020",
    success="#116b2e",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e6ebf2",
    boost="#dde4ee",
    dark=False,
    variables={
        "block-cursor-background": "#0b4fa8",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-blurred-background": "#c9d6ea",
        "footer-key-foreground": "#0b4fa8",
        "input-selection-background": "#0b4fa8 35%",
    },
)
NIGHT = Theme(
    name="sprintkit-night",
    primary="#5fa8ff",
    secondary="#c792ea",
    accent="#ffb86c",
    warning="#ffd75f",
    error="#ff6b6b",
    success="#7bd88f",
    foreground="#f2f2f2",
    background="#101418",
    surface="#161b22",
    panel="#222a35",
    dark=True,
)


class SprintkitApp(OrderedKeys, RunsChanges, App[None]):
    TITLE = "sprintkit"
    CSS = """
    Screen { background: $background; }
    .muted { color: $text-muted; }
    .heading { text-style: bold; color: $primary; }
    """ + DIALOG_CSS
    BINDINGS = keymap.bindings('app')

    def __init__(self, db_path: pathlib.Path | str | None, workshop_id: int | None = None, *,
                 service: WorkshopService | None = None,
                 clock: Callable[[], float] = time.time,
                 keymap_file: pathlib.Path | None = None) -> None:
        self.db_path = pathlib.Path(db_path) if db_path not in (None, ":memory:") else None
        self.service: WorkshopService = service or WorkshopService(Store(db_path))
        self.workshop_id: int | None = workshop_id
        self.room: Any = None
        self.clock = clock
        # Timebox state per workshop and section, read from the database when a
        # workshop is first opened and written back on every change.
        self.timers: dict[int, dict[str, dict]] = {}
        self.ui = UiState()
        self.actions = Actions(self, self.service)
        # What the screens and steps may read; their changes come as messages.
        self.reads = cast(Reads, ReadOnly(self.service))
        self.exporter = Exporter()
        # Keys the user moved in keymap.toml: binding id to keys.
        self.remapped_keys, self._keymap_problems = load_keymap(keymap_file)
        self._drop_controls = DropControlCharacters()
        self.start_language = labels.ui_language()
        labels.set_language(self.start_language)
        super().__init__()
        localize_bindings(self)

    # --------------------------------------------------------------- startup
    def on_mount(self) -> None:
        self.register_theme(PROJECTOR)
        self.register_theme(NIGHT)
        self.theme = "sprintkit-projector"
        if self.remapped_keys:
            self.set_keymap(self.remapped_keys)
        for problem in self._keymap_problems:
            self.notify(error_text(problem), severity="warning", timeout=12)
        if self.workshop_id is not None:
            # Straight into the workshop; the home screen is built only if asked for.
            self.open_workshop(self.workshop_id)
        if len(self.screen_stack) < 2:
            # Imported here so that opening a workshop straight away never loads
            # the home screen (start-up time, see bench/tui.py).
            from sprintkit.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
            self.call_after_refresh(heap.settle)

    def open_workshop(self, workshop_id: int) -> None:
        # The workshop screen brings every step with it; loaded on first use so
        # that the home screen comes up sooner.
        from sprintkit.tui.screens.workshop import WorkshopScreen

        try:
            workshop = self.service.workshop(workshop_id)
        except SprintkitError as exc:
            self.notify(error_text(exc), severity="error")
            self.workshop_id = None
            return
        self.workshop_id = workshop.id
        self.set_language(workshop.language)
        self.push_screen(WorkshopScreen(workshop.id))
        # A toast that can wait until the workshop is on screen.
        self.call_after_refresh(self._report_names, workshop.id)

    def _report_names(self, workshop_id: int) -> None:
        """Names stored before they were normalised are never renamed behind
        the facilitator's back; say once that some need a look."""
        from sprintkit import doctor

        try:
            found = len(doctor.check(self.service, [workshop_id], texts=False).findings)
        except (SprintkitError, sqlite3.Error):
            return
        if found:
            self.notify(tr("doctor.names", n=found), severity="warning", timeout=12)

    def keep_drafts(self, *, before_exit: bool = False) -> None:
        """Notes half typed in any open step are held aside (see CapturePane)."""
        # A step module imports the app's dialogs; importing it here keeps the
        # app loadable without the steps, as every other step import here does.
        from sprintkit.tui.steps.capture import CapturePane

        for screen in self.screen_stack:
            for pane in screen.query(CapturePane):
                # Messages posted as the app ends would never be handled:
                # then the drafts are written before it does.
                pane.keep_draft(self.actions.handle if before_exit else None)

    def close_workshop(self) -> None:
        # Not built at start-up when a workshop was opened straight away.
        from sprintkit.tui.screens.home import HomeScreen

        self.keep_drafts()
        self.set_language(self.start_language)
        self.workshop_id = None
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()
        else:
            self.switch_screen(HomeScreen())

    def set_language(self, language: str) -> None:
        """Show labels, and the app's own keys in every footer, in ``language``."""
        labels.set_language(language)
        localize_bindings(self)
        self.refresh_bindings()

    def action_command_palette(self) -> None:
        # Textual's palette is English; give its search field a placeholder in our language.
        from textual.command import CommandPalette

        # is_open asks for an App[object], but App is invariant in its result
        # type, so no app with a result type of its own can be passed.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=tr("palette.placeholder")))

    async def on_unmount(self) -> None:
        heap.settle()  # if it never drew a screen
        heap.release()
        self.exporter.close()
        if self.room is not None:
            try:
                await self.room.stop()
            finally:
                self.room = None

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._drop_controls]

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        # Toasts quote names, notes and titles from people, and none of our own
        # texts use markup: showing every toast literally keeps a role such as
        # "[/]" from ending the app.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # ------------------------------------------------------------- operations
    @on(Wanted)
    def _wanted(self, message: Wanted) -> None:
        """Every change a screen or step asks for arrives here (see messages.py)."""
        self.actions.handle(message)

    def asked(self, wanted: Wanted) -> None:
        self.actions.asked(wanted)

    def answered(self, wanted: Wanted) -> None:
        self.actions.answered(wanted)

    def keys_wait(self) -> bool:
        # A key typed after one that asked for a change acts on what that change left.
        return self.actions.waiting

    def on_read_failed(self, message: ReadFailed) -> None:
        if isinstance(message.error, SprintkitError | sqlite3.Error):
            self.actions.report(message.error)

    def reload_all(self) -> None:
        """Redraw every screen that shows workshop data from the database."""
        for screen in self.screen_stack:
            if isinstance(screen, ShowsWorkshopData):
                screen.reload()

    def action_undo(self) -> None:
        self._replay("undo")

    def action_redo(self) -> None:
        self._replay("redo")

    def _replay(self, kind: str) -> None:
        if self.workshop_id is None:
            return
        fn = self.service.undo if kind == "undo" else self.service.redo
        try:
            event = fn(self.workshop_id)
        except sqlite3.Error as exc:
            self.actions.report(exc)
            return
        except SprintkitError as exc:
            self.actions.report(exc, title=tr(f"{kind}.conflict"))
            return
        if event is None:
            self.notify(tr(f"{kind}.nothing"), timeout=3)
            return
        self.notify(tr(f"{kind}.done", summary=event_text(event)), timeout=4)
        self.reload_all()

    # ------------------------------------------------------------ phone room
    def action_open_room(self, follow_up: bool = False) -> None:
        if self.workshop_id is None:
            self.notify(tr("room.no_workshop"), severity="warning")
            return
        try:
            # The room needs the web server's packages, which may not be installed.
            from sprintkit.tui.screens.room import RoomScreen
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("sprintkit"):
                self.notify(tr("room.missing"), severity="warning", timeout=6)
                return
            raise
        self.push_screen(RoomScreen(self.service, self.workshop_id, follow_up=follow_up))

    ROOM_RELOAD_DELAY = 0.5

    def room_changed(self, event: Any) -> None:
        """Called by the phone server on this loop when a phone joins, adds a note or votes.

        A burst of phone activity must not turn into a redraw per request, so
        reloads are coalesced (at most one per half second) and votes, which
        the live count already shows, get no toast of their own.
        """
        kind = getattr(event, "kind", "")
        if kind != "vote":
            name = ""
            if self.workshop_id is not None and getattr(event, "participant_id", None) is not None:
                try:
                    name = self.service.participant(self.workshop_id, event.participant_id).name
                except SprintkitError:
                    name = ""
            key = f"room.event.{kind}" if kind in ("joined", "note") else "room.event.other"
            self.notify(tr(key, name=name or "?", detail=getattr(event, "detail", "") or ""),
                        timeout=3)
        if not self.ui.room_reload_pending:
            self.ui.room_reload_pending = True
            self.set_timer(self.ROOM_RELOAD_DELAY, self._flush_room_changes)

    def _flush_room_changes(self) -> None:
        self.ui.room_reload_pending = False
        self.reload_all()
        for screen in self.screen_stack:
            if isinstance(screen, FollowsRoom):
                screen.refresh_room()

    # ------------------------------------------------------------------ misc
    async def action_quit(self) -> None:
        # Lines held aside are kept in the database and shown again when the
        # workshop is next opened, so quitting has nothing to ask.
        self.keep_drafts(before_exit=True)
        self.exit()

    def action_help(self) -> None:
        from sprintkit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            active = [b.id for _node, b, _enabled, _tip in self.screen.active_bindings.values()
                      if b.id]
            self.push_screen(HelpScreen(self.remapped_keys, active))

    def action_toggle_theme(self) -> None:
        self.theme = ("sprintkit-night" if self.theme == "sprintkit-projector"
                      else "sprintkit-projector")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(tr("cmd.help"), tr("cmd.help.help"), self.action_help)
        yield SystemCommand(tr("cmd.theme"), tr("cmd.theme.help"), self.action_toggle_theme)
        if isinstance(screen, OffersCommands):
            yield from screen.commands()
        if self.workshop_id is not None:
            yield SystemCommand(tr("cmd.undo"), tr("cmd.undo.help"), self.action_undo)
            yield SystemCommand(tr("cmd.redo"), tr("cmd.redo.help"), self.action_redo)
            yield SystemCommand(tr("cmd.room"), tr("cmd.room.help"), self.action_open_room)
        yield SystemCommand(tr("cmd.quit"), tr("cmd.quit.help"), self.exit)


def _open_service(db_path: pathlib.Path) -> WorkshopService | None:
    """The service the CLI already opened on this file, if any.

    A second ``Store`` on the same file in one process is unsafe: opening it
    reads the file header with a plain ``open()``, and closing that handle drops
    the POSIX locks SQLite holds for the first connection, so another process can
    then delete the WAL under us. Reusing the CLI's connection avoids that.
    """
    try:
        import click

        ctx = click.get_current_context(silent=True)
    except ImportError:  # pragma: no cover - click is a dependency
        return None
    env = getattr(ctx, "obj", None) if ctx is not None else None
    service = getattr(env, "_service", None)
    env_path = getattr(env, "db_path", None)
    if isinstance(service, WorkshopService) and env_path is not None and \
            pathlib.Path(env_path) == pathlib.Path(db_path):
        return service
    return None


def run_app(db_path: pathlib.Path, workshop_id: int | None) -> None:
    # Only a real terminal needs it; the app alone (tests, benchmarks) does not.
    from sprintkit.tui import paste_guard

    paste_guard.install()
    SprintkitApp(db_path, workshop_id, service=_open_service(db_path)).run()


if TYPE_CHECKING:
    # The screens and panes see the app through this; the type checker holds
    # the app to it here.
    _HOST: type[Host] = SprintkitApp
