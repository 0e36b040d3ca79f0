"""Freeing a name whose phone lost its cookie, from the command line, while a
room runs in another program; and the serve log, which shows phones' text."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from sprintkit.playbooks import load_playbook_file
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.web.console import terminal_safe
from sprintkit.web.server import Room, RoomEvent, _print_event
from tests.test_web_room import _serve, free_port, join

FIXTURES = Path(__file__).parent / "fixtures"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def cli(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sprintkit", "--db", str(db_path), *args],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})


@pytest.fixture
def served_db(db_path):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Served", load_playbook_file(FIXTURES / "mini.en.yaml"))
    service.add_participant(ws.id, "Ann")
    service.add_participant(ws.id, "Bo")
    token = service.join_token(ws.id)
    service.store.close()
    return db_path, token


async def pick(session: aiohttp.ClientSession, url: str, participant_id: int):
    csrf = CSRF.search(await (await session.get(url)).text()).group(1)
    return await session.post(url + "/join", allow_redirects=False,
                              data={"csrf": csrf, "participant": str(participant_id)})


async def read_until(proc: subprocess.Popen, wanted: str, lines: list[str],
                     timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline),
                                      deadline - time.monotonic())
        assert line, proc.stderr.read()
        lines.append(line)
        if wanted in line:
            return line
    raise AssertionError(f"{wanted!r} never printed; got {lines[-5:]}")


async def test_a_release_from_the_cli_reaches_a_running_serve_within_two_seconds(served_db):
    db_path, token = served_db
    port = free_port()
    proc = _serve(db_path, "--host", "127.0.0.1", "--port", str(port))
    url = f"http://127.0.0.1:{port}/j/{token}"
    lines: list[str] = []
    try:
        await read_until(proc, url, lines)
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as first, \
                aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as second:
            assert (await pick(first, url, 1)).status == 303
            # the same person in another browser: refused, and told what to do
            refused = await pick(second, url, 1)
            assert refused.status == 409
            assert "ask the facilitator to free your name" in await refused.text()
            hint = await read_until(proc, "claimed", lines)
            assert "Ann" in hint and "sprintkit participant release" in hint

            done = await asyncio.to_thread(cli, db_path, "participant", "release",
                                           "Served", "Ann")
            assert done.returncode == 0, done.stderr
            assert done.stdout.startswith("Released Ann")
            released_at = time.monotonic()
            while (await pick(second, url, 1)).status != 303:
                assert time.monotonic() - released_at < 2.0, "the release was not noticed"
                await asyncio.sleep(0.1)
            page = await (await second.get(url)).text()
            assert "Hi, Ann" in page
            await read_until(proc, "released", lines, timeout=3)
            # the first browser no longer speaks for Ann
            assert "Who are you?" in await (await first.get(url)).text()
    finally:
        proc.terminate()
        out, err = await asyncio.to_thread(proc.communicate, timeout=10)
    assert "Traceback" not in err


def test_releasing_a_name_no_phone_holds_says_so(served_db):
    db_path, _ = served_db
    done = cli(db_path, "participant", "release", "Served", "Bo")
    assert done.returncode == 0
    assert done.stdout.strip() == "Bo is not joined on any phone: nothing to release."
    missing = cli(db_path, "participant", "release", "Served", "Nobody")
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


async def test_a_room_in_this_program_picks_up_a_release_made_by_another(db_path):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Here", load_playbook_file(FIXTURES / "mini.en.yaml"))
    ann = service.add_participant(ws.id, "Ann")
    events: list[RoomEvent] = []
    room = Room(service, ws.id, host="127.0.0.1", port=0, on_change=events.append)
    await room.start()
    other = WorkshopService(Store(db_path))  # the command line, say
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
            await join(phone, room.url, ann.id)
            assert room.joined == {ann.id}
            other.forget_phone(ws.id, participant_id=ann.id)
            started = time.monotonic()
            while room.joined:
                assert time.monotonic() - started < 2.0
                await asyncio.sleep(0.05)
            assert room.page.sessions.holder(ann.id) is None
            assert RoomEvent("released", ann.id, "") in events
            assert "Who are you?" in await (await phone.get(room.url)).text()
    finally:
        await room.stop()
        other.store.close()
        service.store.close()


async def test_the_tui_room_shows_a_release_made_elsewhere(service, workshop):
    from textual.app import App

    from sprintkit.tui.room import RoomScreen

    class RoomApp(App):
        def __init__(self) -> None:
            super().__init__()
            self.room = None
            self.told: list[str] = []

        def notify(self, message, **kwargs) -> None:
            self.told.append(str(message))
            super().notify(message, **kwargs)

        def on_mount(self) -> None:
            self.push_screen(RoomScreen(service, workshop.id, host="127.0.0.1", port=0))

    app = RoomApp()
    async with app.run_test(size=(150, 50)) as pilot:
        await pilot.pause(0.2)
        room = app.room
        bo = service.participant(workshop.id, "Bo").id
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
            await join(phone, room.url, bo)
        await pilot.pause(1.2)  # the screen redraws its lists every second
        assert "Bo" in str(app.screen.query_one("#room-joined").render())
        service.forget_phone(workshop.id, participant_id=bo)  # as the CLI does
        for _ in range(25):
            await pilot.pause(0.1)
            if not room.joined:
                break
        assert room.joined == set()
        await pilot.pause(0.1)
        assert any("Bo was released" in line for line in app.told)
        assert "Bo" not in str(app.screen.query_one("#room-joined").render())
    await room.stop()


def test_the_serve_log_writes_no_control_characters(service, workshop, capsys):
    show = _print_event(service, workshop.id)
    hostile = "\x1b[2J\x1b[31mTERMINAL HIJACK\x1b]0;pwned\x07 \x1b]52;c;cm0gLXJmIH4gIw==\x07ok\x9b"
    ann = service.participant(workshop.id, "Ann").id
    # a row written before the service cleaned names can still hold an escape
    with service.store.transaction() as conn:
        conn.execute("UPDATE participants SET name = ? WHERE id = ?", ("Ann\x1b[8m", ann))
    show(RoomEvent("note", ann, hostile))
    show(RoomEvent("claimed", ann, ""))
    out = capsys.readouterr().out
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
    assert "TERMINAL HIJACK" in out
    assert "sprintkit participant release" in out
    assert terminal_safe("a\r\nb\tc\x00d\x85e") == "a b c\\x00d e"
