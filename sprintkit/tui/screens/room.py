"""The phone room on the facilitator's screen: join URL, a big QR code and live lists.

Opening this screen opens the room (the phone server starts inside the app's
own event loop). Leaving the screen keeps the room open so phones can go on
voting while the facilitator works; the app stops it when it quits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from sprintkit import i18n, network
from sprintkit.errors import SprintkitError
from sprintkit.network import is_loopback
from sprintkit.tui import keymap
from sprintkit.tui.roles import FollowsRoom
from sprintkit.tui.screens.room_updates import updates_text
from sprintkit.tui.widgets import DismissOnce, KeyBar

if TYPE_CHECKING:
    from textual import getters

    from sprintkit.tui.host import HostApp

TEXT = i18n.tables("room")


def _room_listener(app: Any, service: Any, workshop_id: int,
                   text: Mapping[str, str]) -> Any:
    """The room's events for the app, with the two that only this screen's
    table words (a name released from the command line, a name asked for by a
    second phone) told here; the rest go to the app as before."""
    forward = getattr(app, "room_changed", None)

    def listen(event: Any) -> None:
        kind = getattr(event, "kind", "")
        if kind in ("released", "claimed"):
            try:
                name = service.participant(workshop_id, event.participant_id).name
            except SprintkitError:
                name = "?"
            key = "released_elsewhere" if kind == "released" else "claimed"
            app.notify(text[key].format(name=name), timeout=6, markup=False)
            if kind == "released":
                for screen in app.screen_stack:
                    if isinstance(screen, RoomScreen):
                        screen.refresh_room()
            return
        if forward is not None:
            forward(event)

    return listen


class _ReleaseScreen(DismissOnce, ModalScreen[int | None]):
    """A short list of joined names; Enter releases one, Escape cancels."""

    DEFAULT_CSS = """
    _ReleaseScreen { align: center middle; }
    #release-box { width: 50; height: auto; max-height: 80%; border: round $primary;
                   background: $surface; padding: 0 1; }
    #release-box OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = keymap.bindings('room-release')

    def __init__(self, title: str, choices: list[tuple[int, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="release-box"):
            yield Static(Text(self.title_text), classes="room-head")
            yield OptionList(*[Option(Text(name), id=str(pid)) for pid, name in self.choices])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # The options are the choices in order, so the index names the participant.
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class RoomScreen(FollowsRoom, Screen):
    """Open or close the phone room; see who joined, who voted and notes arriving."""

    if TYPE_CHECKING:
        app = getters.app(HostApp)

    DEFAULT_CSS = """
    RoomScreen { layout: vertical; }
    #room-body { height: 1fr; }
    #room-qr-box { width: auto; min-width: 40; height: 100%; align: center top; padding: 0 1; }
    #room-qr { width: auto; height: auto; color: #ffffff; background: #000000; }
    #room-qr.off { color: $text-muted; background: $panel; padding: 1 2; }
    #room-scan { width: auto; text-style: bold; padding: 0 0 0 0; }
    #room-url { width: auto; max-width: 100%; text-style: bold; color: $primary;
                padding: 1 0 0 0; }
    #room-hint { width: auto; color: $text-muted; }
    #room-side { width: 1fr; height: 100%; padding: 0 1; }
    #room-status { height: auto; text-style: bold; padding: 0 0 1 0; }
    #room-status.on { color: $success; }
    #room-status.off, #room-status.warn { color: $warning; }
    #room-net { height: auto; grid-size: 2; grid-columns: auto 1fr; grid-rows: 1;
                grid-gutter: 1 1; max-width: 48; }
    #room-net Static { width: auto; }
    #room-host { width: 100%; }
    #room-port { width: 10; }
    .room-head { text-style: bold; color: $primary; padding: 1 0 0 0; height: auto; }
    .room-list { height: auto; }
    """

    BINDINGS = keymap.bindings('room')

    def __init__(self, service: Any, workshop_id: int, *, host: str | None = None,
                 port: int | None = None, follow_up: bool = False) -> None:
        super().__init__()
        self.service = service
        self.workshop_id = workshop_id
        # A check-in meeting: owners update their roadmap items, under a new link.
        self.follow_up = follow_up
        try:
            language = service.workshop(workshop_id).language
        except SprintkitError:
            language = "en"
        self.text = TEXT.get(language, TEXT["en"])
        self.language = language
        self._host = host
        self._port = port
        self._error = ""
        self._qr_full: bool | None = None
        names = {"room.toggle": "key_toggle", "room.toggle-alt": "key_toggle",
                 "room.back": "key_back", "room.release": "key_release"}
        mapping = self._bindings.key_to_bindings
        for key, items in mapping.items():
            mapping[key] = [replace(b, description=self.t(names[b.id])) if b.id in names else b
                            for b in items]

    def t(self, key: str, **values: Any) -> str:
        text = self.text[key]
        return text.format(**values) if values else text

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # aiohttp and the phone page load only when the room screen opens
        from sprintkit.web.server import DEFAULT_PORT

        room = self._room()
        addresses = network.local_addresses()
        host = room.host if room is not None else (self._host or addresses[0])
        if host not in addresses:
            addresses.insert(0, host)
        port = room.port if room is not None else (self._port if self._port is not None
                                                    else DEFAULT_PORT)
        with Horizontal(id="room-body"):
            with Vertical(id="room-qr-box"):
                yield Static(self.t("scan"), id="room-scan")
                yield Static("", id="room-qr", markup=False)
                yield Static("", id="room-url", markup=False)
                yield Static(self.t("hint"), id="room-hint")
            with VerticalScroll(id="room-side"):
                yield Static(self.t("follow_up_title" if self.follow_up else "title"),
                             classes="room-head")
                if self.follow_up:
                    yield Static(self.t("follow_up_hint"), id="room-follow-up")
                yield Static("", id="room-status")
                with Grid(id="room-net"):
                    yield Static(self.t("address"))
                    yield Select([(a, a) for a in addresses], value=host, allow_blank=False,
                                 id="room-host", compact=True)
                    yield Static(self.t("port"))
                    yield Input(str(port), id="room-port", type="integer", max_length=5,
                                compact=True)
                yield Static("", id="room-joined-head", classes="room-head")
                yield Static("", id="room-joined", classes="room-list")
                if self.follow_up:
                    # a check-in has no votes or notes: the owners' updates instead
                    yield Static(self.t("updates"), classes="room-head")
                    yield Static("", id="room-updates", classes="room-list")
                else:
                    yield Static("", id="room-voted-head", classes="room-head")
                    yield Static("", id="room-voted", classes="room-list")
                    yield Static(self.t("notes"), classes="room-head")
                    yield Static("", id="room-notes", classes="room-list")
        yield KeyBar()

    async def on_mount(self) -> None:
        room = self.app_room()
        if room is None or not room.running or \
                getattr(room, "follow_up", False) != self.follow_up:
            await self.open_room()
        self.refresh_room()
        self.set_interval(1.0, self.refresh_room)

    # ------------------------------------------------------------ the room

    def app_room(self) -> Any:
        return getattr(self.app, "room", None)

    def _room(self) -> Any:
        """The running room if it belongs to this workshop."""
        try:
            room = self.app_room()
        except Exception:  # not mounted yet
            return None
        if room is not None and room.running and room.workshop_id == self.workshop_id \
                and getattr(room, "follow_up", False) == self.follow_up:
            return room
        return None

    def _wanted(self) -> tuple[str, int] | None:
        host = self.query_one("#room-host", Select).value
        raw = self.query_one("#room-port", Input).value.strip()
        if not raw.isdigit() or not 0 <= int(raw) < 65536:
            self._error = self.t("bad_port")
            return None
        return str(host), int(raw)

    async def open_room(self) -> None:
        # this screen hosts the phone room in the app's own event loop
        from sprintkit.web.server import Room

        wanted = self._wanted()
        if wanted is None:
            self.refresh_room()
            return
        old = self.app_room()
        if old is not None:
            await old.stop()
            self.app.room = None
        host, port = wanted
        # Renewed once per run: reopening the check-in room keeps its phones.
        renewed: set[int] = self.app.ui.follow_up_rooms if self.follow_up else set()
        renew = self.follow_up and self.workshop_id not in renewed
        room = Room(self.service, self.workshop_id, host=host, port=port,
                    on_change=_room_listener(self.app, self.service, self.workshop_id,
                                             self.text),
                    follow_up=self.follow_up, renew=renew)
        if renew:
            renewed.add(self.workshop_id)
        try:
            await room.start()
        except SprintkitError as exc:
            self._error = str(exc)
            self.refresh_room()
            return
        self._error = ""
        self.app.room = room
        self.query_one("#room-port", Input).value = str(room.port)
        self._qr_full = None
        self.refresh_room()

    async def close_room(self) -> None:
        room = self.app_room()
        if room is not None:
            await room.stop()
        self.app.room = None
        self.refresh_room()

    async def action_toggle_room(self) -> None:
        if self._room() is not None:
            await self.close_room()
        else:
            await self.open_room()

    def action_back(self) -> None:
        if self._room() is not None:
            self.app.notify(self.t("still_open"), timeout=4)
        self.app.pop_screen()

    def action_release(self) -> None:
        """Pick someone whose phone holds their name, so they can join from another phone."""
        room = self._room()
        if room is None or not room.joined:
            return
        try:
            people = {p.id: p for p in self.service.participants(self.workshop_id)}
        except SprintkitError:
            return
        choices = sorted(((pid, people[pid].name) for pid in room.joined if pid in people),
                         key=lambda item: item[1].lower())

        def done(participant_id: int | None) -> None:
            if participant_id is None:
                return
            room.release(participant_id)
            self.app.notify(self.t("released"), timeout=4)
            self.refresh_room()

        self.app.push_screen(_ReleaseScreen(self.t("key_release"), choices), done)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "room-port":
            await self._restart_if_changed()

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "room-host":
            await self._restart_if_changed()

    async def _restart_if_changed(self) -> None:
        room = self._room()
        wanted = self._wanted()
        if wanted is None:
            self.refresh_room()
            return
        if room is None or (room.host, room.port) != wanted:
            await self.open_room()

    # ------------------------------------------------------------ live view

    def on_resize(self) -> None:
        self._qr_full = None
        self.refresh_room()

    def _qr(self, room: Any) -> str:
        if self._qr_full is None:
            compact = room.qr_text(compact=True)
            width = len(compact.splitlines()[0])
            rows = len(compact.splitlines()) * 2
            self._qr_full = self.size.height - 6 >= rows and self.size.width - 60 >= width * 2
        return room.qr_text(compact=not self._qr_full)

    def refresh_room(self) -> None:
        if not self.is_mounted:
            return
        room = self._room()
        other = self.app_room()
        status = self.query_one("#room-status", Static)
        qr = self.query_one("#room-qr", Static)
        url = self.query_one("#room-url", Static)
        if room is not None:
            local = is_loopback(room.host)
            status.update(self.t("open_local" if local else "open"))
            status.set_classes("warn" if local else "on")
            qr.update(self._qr(room))
            qr.remove_class("off")
            url.update(room.url)
        else:
            message = self.t("other") if other is not None and other.running else \
                self.t("closed")
            status.update(Text(f"{message}\n{self._error}" if self._error else message))
            status.set_classes("off")
            qr.update(self.t("qr_hidden"))
            qr.add_class("off")
            url.update("")
        self._refresh_lists(room)

    def _show_joined(self, room: Any, people: dict[int, Any]) -> list[Any]:
        joined = sorted((people[i] for i in (room.joined if room else ()) if i in people),
                        key=lambda p: p.name.lower())
        self.query_one("#room-joined-head", Static).update(self.t("joined", n=len(joined)))
        lines = Text()
        for person in joined:
            lines.append("● ", style="green")
            lines.append(person.name)
            if person.role:
                lines.append(f"  {person.role}", style="dim")
            lines.append("\n")
        lines.rstrip()
        self.query_one("#room-joined", Static).update(lines if joined else self.t("nobody"))
        return joined

    def _refresh_check_in(self, room: Any) -> None:
        try:
            people = {p.id: p for p in self.service.participants(self.workshop_id)}
            view = self.app.reads.follow_up(self.workshop_id)
        except SprintkitError:
            return
        self._show_joined(room, people)
        box = updates_text(view, self.language, self.t)
        self.query_one("#room-updates", Static).update(box if box is not None
                                                       else self.t("no_updates"))

    def _refresh_lists(self, room: Any) -> None:
        if self.follow_up:
            self._refresh_check_in(room)
            return
        try:
            people = {p.id: p for p in self.service.participants(self.workshop_id)}
            rnd = self.service.current_round(self.workshop_id)
            voters = self.service.voters(rnd.id) if rnd and rnd.status == "open" else set()
            notes = [n for n in self.service.notes(self.workshop_id) if n.source == "phone"]
        except SprintkitError:
            return
        joined = self._show_joined(room, people)
        voted_head = self.query_one("#room-voted-head", Static)
        voted = self.query_one("#room-voted", Static)
        if rnd is None or rnd.status != "open":
            voted_head.update(self.t("voted_none"))
            voted.update(self.t("no_round"))
        else:
            voted_head.update(self.t("voted", round=rnd.number, n=len(voters),
                                     people=len(people)))
            names = Text()
            for pid in sorted(voters, key=lambda i: people[i].name.lower() if i in people
                              else ""):
                if pid in people:
                    names.append("✓ ", style="green")
                    names.append(people[pid].name + "\n")
            waiting = [p.name for p in joined if p.id not in voters]
            if waiting:
                names.append(self.t("waiting", names=", ".join(waiting)), style="dim")
            names.rstrip()
            voted.update(names if names.plain else self.t("nobody"))
        box = Text()
        for note in reversed(notes[-15:]):
            author = people[note.participant_id].name if note.participant_id in people \
                else self.t("anon")
            box.append(f"{author}: ", style="bold")
            text = " ".join(note.text.split())
            box.append((text[:117] + "…" if len(text) > 118 else text) + "\n")
        box.rstrip()
        self.query_one("#room-notes", Static).update(box if notes else self.t("no_notes"))
