"""The room's life cycle: listening only while open, QR codes, `sprintkit serve`, the TUI screen."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from sprintkit.errors import SprintkitError
from sprintkit.network import LOOPBACK, detect_lan_address, local_addresses, url_host
from sprintkit.playbooks import load_playbook_file
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.web.server import Room, RoomEvent

FIXTURES = Path(__file__).parent / "fixtures"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def join(session: aiohttp.ClientSession, url: str, participant_id: int) -> str:
    """A real phone joins as the participant; returns the form token of its page."""
    csrf = CSRF.search(await (await session.get(url)).text()).group(1)
    await session.post(url + "/join", data={"csrf": csrf, "participant": str(participant_id)})
    return CSRF.search(await (await session.get(url)).text()).group(1)


async def note_and_vote(session, url: str, csrf: str, service, workshop, text: str) -> None:
    """The phone adds a note, then gives a dot in a round opened for it."""
    await session.post(url + "/note", data={"csrf": csrf, "text": text})
    item = service.create_initiative(workshop.id, "Chat")
    service.open_round(workshop.id)
    await session.post(url + "/vote", data={"csrf": csrf, "initiative": str(item.id)})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def refused(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            await response.read()
    except aiohttp.ClientConnectionError:
        return True
    return False


async def test_the_room_listens_only_while_open(service, workshop):
    room = Room(service, workshop.id, host="127.0.0.1", port=free_port())
    token = service.join_token(workshop.id)
    assert room.url == f"http://127.0.0.1:{room.port}/j/{token}"
    assert not room.running
    assert await refused(room.url)
    await room.start()
    await room.start()  # a second start changes nothing
    assert room.running
    async with aiohttp.ClientSession() as session, session.get(room.url) as response:
        assert response.status == 200
    await room.stop()
    await room.stop()  # idempotent
    assert not room.running
    assert await refused(room.url)
    await room.start()  # and it can open again on the same port
    async with aiohttp.ClientSession() as session, session.get(room.url) as response:
        assert response.status == 200
    await room.stop()


async def test_stop_closes_open_keep_alive_connections(service, workshop):
    room = Room(service, workshop.id, host="127.0.0.1", port=0)
    await room.start()
    async with aiohttp.ClientSession() as session:
        async with session.get(room.url) as response:
            assert response.status == 200
        await asyncio.wait_for(room.stop(), timeout=5)
        with pytest.raises(aiohttp.ClientConnectionError):
            async with session.get(room.url) as response:
                await response.read()


async def test_a_taken_port_gives_a_clear_error(service, workshop):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        room = Room(service, workshop.id, host="127.0.0.1", port=port)
        with pytest.raises(SprintkitError, match=f"port {port} on 127.0.0.1 is already in use"):
            await room.start()
        assert not room.running


async def test_an_address_that_is_not_ours_gives_a_clear_error(service, workshop):
    room = Room(service, workshop.id, host="192.0.2.55", port=free_port())
    with pytest.raises(SprintkitError, match="cannot listen on 192.0.2.55"):
        await room.start()


async def test_room_reports_joins_notes_and_votes(service, workshop):
    events: list[RoomEvent] = []
    room = Room(service, workshop.id, host="127.0.0.1", port=0, on_change=events.append)
    await room.start()
    try:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as session:
            bo = service.participant(workshop.id, "Bo").id
            csrf = await join(session, room.url, bo)
            await note_and_vote(session, room.url, csrf, service, workshop, "hello")
    finally:
        await room.stop()
    assert [(e.kind, e.participant_id) for e in events] == [
        ("joined", bo), ("note", bo), ("vote", bo)]
    assert room.joined == {bo}


def test_qr_codes_for_the_terminal_and_as_svg(service, workshop):
    room = Room(service, workshop.id, host="192.168.1.20", port=8765)
    compact = room.qr_text().splitlines()
    full = room.qr_text(compact=False).splitlines()
    assert set("".join(compact)) <= set("█▀▄ ")
    assert set("".join(full)) <= {"█", " "}
    width = len(full[0]) // 2
    assert len(full) == width  # square, one line per module, two characters per module
    assert len(compact) == (width + 1) // 2
    assert all(len(line) == width for line in compact)
    assert compact[0] == "█" * width  # the quiet zone is light
    assert width >= 25 + 4
    svg = room.qr_svg()
    assert svg.startswith("<svg") and "</svg>" in svg


def test_network_addresses():
    address = detect_lan_address()
    ipaddress.ip_address(address)
    addresses = local_addresses()
    assert addresses[-1] == LOOPBACK
    assert len(addresses) == len(set(addresses))
    assert url_host("10.0.0.5") == "10.0.0.5"
    assert url_host("fe80::1") == "[fe80::1]"
    assert url_host("0.0.0.0") == url_host(address)


def _serve(db_path: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "sprintkit", "--db", str(db_path), "serve", "Served", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def served_db(db_path):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Served", load_playbook_file(FIXTURES / "mini.en.yaml"))
    service.add_participant(ws.id, "Ann")
    token = service.join_token(ws.id)
    service.store.close()
    return db_path, token


async def test_sprintkit_serve_prints_the_url_and_stops_on_ctrl_c(served_db):
    db_path, token = served_db
    port = free_port()
    proc = _serve(db_path, "--host", "127.0.0.1", "--port", str(port))
    try:
        url = f"http://127.0.0.1:{port}/j/{token}"
        lines = []
        while True:
            line = await asyncio.to_thread(proc.stdout.readline)
            assert line, proc.stderr.read()
            lines.append(line)
            if url in line:
                break
        assert any("█" in line for line in lines)  # the QR code came first
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            assert response.status == 200
            assert "Who are you?" in await response.text()
        proc.send_signal(signal.SIGINT)
        out, err = await asyncio.to_thread(proc.communicate, timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Room closed." in out
    assert "Traceback" not in err
    assert await refused(url)


def test_sprintkit_serve_on_a_taken_port_is_one_clear_line(served_db):
    db_path, _ = served_db
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        proc = _serve(db_path, "--host", "127.0.0.1", "--port", str(port))
        out, err = proc.communicate(timeout=20)
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------ the TUI screen


@pytest.fixture
def room_app(service, workshop):
    from textual.app import App

    from sprintkit.tui.room import RoomScreen

    class RoomApp(App):
        def __init__(self) -> None:
            super().__init__()
            self.room = None
            self.events: list[RoomEvent] = []

        def room_changed(self, event: RoomEvent) -> None:
            self.events.append(event)

        def on_mount(self) -> None:
            self.push_screen(RoomScreen(service, workshop.id, host="127.0.0.1", port=0))

    return RoomApp()


async def test_room_screen_opens_the_room_and_shows_it_live(room_app, service, workshop):
    from textual.widgets import Static

    async with room_app.run_test(size=(150, 50)) as pilot:
        await pilot.pause(0.2)
        room = room_app.room
        assert room is not None and room.running
        screen = room_app.screen
        assert room.url in str(screen.query_one("#room-url", Static).render())
        qr = str(screen.query_one("#room-qr", Static).render())
        assert "█" in qr
        # Served on loopback here: the screen must not promise that phones can join.
        status = str(screen.query_one("#room-status", Static).render())
        assert "only on this computer" in status and "phones on this network" not in status

        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as session:
            ann = service.participant(workshop.id, "Ann").id
            csrf = await join(session, room.url, ann)
            await note_and_vote(session, room.url, csrf, service, workshop, "From a phone")
        assert [e.kind for e in room_app.events] == ["joined", "note", "vote"]
        await pilot.pause(1.3)
        joined = str(screen.query_one("#room-joined", Static).render())
        voted = str(screen.query_one("#room-voted", Static).render())
        notes = str(screen.query_one("#room-notes", Static).render())
        assert "Ann" in joined
        assert "Ann" in voted
        assert "From a phone" in notes

        await pilot.press("f5")  # close
        await pilot.pause(0.1)
        assert room_app.room is None
        assert await refused(room.url)
        assert "Room closed" in str(screen.query_one("#room-status", Static).render())
        await pilot.press("f5")  # open again
        await pilot.pause(0.1)
        reopened = room_app.room
        assert reopened is not None and reopened.running
        await pilot.press("escape")  # leave the screen: the room stays open
        await pilot.pause(0.1)
        assert room_app.room is reopened and reopened.running
    await reopened.stop()


async def test_room_screen_shows_a_taken_port_and_stays_usable(room_app, service, workshop):
    from textual.widgets import Input, Static

    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        async with room_app.run_test(size=(150, 50)) as pilot:
            await pilot.pause(0.2)
            screen = room_app.screen
            await pilot.press("f5")  # close the room opened on mount
            await pilot.pause(0.1)
            screen.query_one("#room-port", Input).value = str(port)
            await pilot.press("f5")
            await pilot.pause(0.1)
            assert room_app.room is None
            status = str(screen.query_one("#room-status", Static).render())
            assert f"port {port} on 127.0.0.1 is already in use" in status
            screen.query_one("#room-port", Input).value = "99999"
            await pilot.press("f5")
            await pilot.pause(0.1)
            assert "Port must be a number" in str(screen.query_one("#room-status",
                                                                   Static).render())
            assert room_app.room is None


async def test_identities_survive_closing_and_reopening_the_room(service, workshop):
    room = Room(service, workshop.id, host="127.0.0.1", port=free_port())
    await room.start()
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        cy = service.participant(workshop.id, "Cy").id
        await join(session, room.url, cy)
        await room.stop()
        again = Room(service, workshop.id, host="127.0.0.1", port=room.port)
        assert again.joined == {cy}
        await again.start()
        try:
            assert "Hi, Cy" in await (await session.get(again.url)).text()
        finally:
            await again.stop()


async def test_room_screen_releases_a_name_for_another_phone(room_app, service, workshop):
    async with room_app.run_test(size=(150, 50)) as pilot:
        await pilot.pause(0.2)
        room = room_app.room
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as session:
            bo = service.participant(workshop.id, "Bo").id
            await join(session, room.url, bo)
        assert room.joined == {bo}
        await pilot.press("ctrl+r")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert room.joined == set()
        assert room.page.sessions.holder(bo) is None
    await room.stop()


async def test_f5_in_the_app_opens_the_room_and_quitting_stops_it(service, workshop,
                                                                  monkeypatch):
    app_module = pytest.importorskip("sprintkit.tui.app")
    port = free_port()
    monkeypatch.setattr("sprintkit.network.detect_lan_address", lambda: LOOPBACK)
    monkeypatch.setattr("sprintkit.network.local_addresses", lambda: [LOOPBACK])
    monkeypatch.setattr("sprintkit.web.server.DEFAULT_PORT", port)
    app = app_module.SprintkitApp(None, workshop.id, service=service)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("f5")
        await pilot.pause(0.3)
        from sprintkit.tui.room import RoomScreen

        assert isinstance(app.screen, RoomScreen)
        room = app.room
        assert room is not None and room.running
        assert room.url.startswith(f"http://127.0.0.1:{port}/j/")
        async with aiohttp.ClientSession() as session, session.get(room.url) as response:
            assert response.status == 200
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, RoomScreen)
        assert app.room is room and room.running
    assert not room.running
    assert await refused(room.url)


async def test_room_screen_speaks_the_workshops_language(service):
    from textual.app import App
    from textual.widgets import Static

    from sprintkit.tui.room import RoomScreen

    book = replace(load_playbook_file(FIXTURES / "mini.en.yaml"), language="fi")
    ws = service.create_workshop("Kokeilu", book)

    class RoomApp(App):
        room = None

        def on_mount(self) -> None:
            self.push_screen(RoomScreen(service, ws.id, host="127.0.0.1", port=0))

    app = RoomApp()
    async with app.run_test(size=(150, 50)) as pilot:
        await pilot.pause(0.2)
        status = str(app.screen.query_one("#room-status", Static).render())
        assert status.startswith("Huone auki")
        room = app.room
    await room.stop()


def test_interface_addresses_come_from_every_adapter(monkeypatch):
    import ifaddr

    from sprintkit import network

    def ip(address, prefix):
        return ifaddr.IP(address, prefix, "eth0")

    adapters = [ifaddr.Adapter("lo", "lo", [ip("127.0.0.1", 8), ip(("::1", 0, 0), 128)]),
                ifaddr.Adapter("wlan0", "Wi-Fi", [ip("10.1.2.3", 24),
                                                  ip(("fe80::1", 0, 3), 64),
                                                  ip(("fd00::7", 0, 0), 64)])]
    monkeypatch.setattr(network.ifaddr, "get_adapters", lambda: adapters)
    monkeypatch.setattr(network, "detect_lan_address", lambda: "10.1.2.3")
    # link-local IPv6 needs an interface name in a URL, so a phone cannot use it
    assert network.local_addresses() == ["10.1.2.3", "fd00::7", "127.0.0.1"]
