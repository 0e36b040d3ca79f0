"""Keys that arrive faster than the UI handles them: nothing merged, doubled or lost.

``pilot.press`` waits for the app to go idle after every key, which hides the
race these tests are about. Here key events are posted to the app in one go,
as a terminal delivers a burst of typed or scripted input, and only then does
the test wait.
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.keys import _character_to_key

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.panes import CapturePane
from sprintkit.tui.screens import ParticipantsScreen
from sprintkit.tui.widgets import FormScreen

SIZE = (100, 32)


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path / "burst.db"


@pytest.fixture
def svc(db):
    service = WorkshopService(Store(db))
    yield service
    service.store.close()


@pytest.fixture
def wid(svc):
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    svc.add_participant(ws.id, "Ann", "Sales")
    svc.add_participant(ws.id, "Bo", "IT")
    return ws.id


def key_event(key: str) -> events.Key:
    """The event a terminal's driver posts for one key name or one character."""
    named = {"enter": "\r", "escape": "\x1b", "tab": "\t", "backspace": "\x7f"}
    if key in named:
        return events.Key(key, named[key])
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    return events.Key(key, None)


def send(app: SprintkitApp, *parts: str | list[str]) -> None:
    """Post keys to the app without waiting: strings are typed, lists are key names."""
    for part in parts:
        keys = list(part) if isinstance(part, str) else part
        for key in keys:
            app.post_message(key_event(key))


async def wait_until(pilot, check, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "timed out"
        await pilot.pause(0.05)
    await pilot.pause(0.2)


def note_texts(svc: WorkshopService, wid: int, section: str = "business-needs") -> list[str]:
    return [n.text for n in svc.notes(wid, section)]


def lines(n: int) -> list[str]:
    return [f"Note number {i} about the queue" for i in range(1, n + 1)]


async def test_thirty_notes_typed_back_to_back_are_stored_whole_once_in_order(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query(CapturePane)
        for text in lines(30):
            send(app, text, ["enter"])
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 30)
        assert note_texts(svc, wid) == lines(30)
        assert app.screen.pane.query_one("#note-input").value == ""


async def test_participants_typed_in_one_burst_keep_name_and_role_apart(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    people = [("Päivi Mäkinen", "asiakaspalvelu"), ("Dan Ek", "IT"), ("Eva Lind", "Sales")]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, ["f3"])
        for name, role in people:
            send(app, ["a"] if name == people[0][0] else [], name, ["enter"], role, ["enter"])
        send(app, ["escape"])
        await wait_until(pilot, lambda: len(svc.participants(wid)) >= 5)
        assert [(p.name, p.role) for p in svc.participants(wid)][2:] == people
        # The form reopened for the next person was closed by the last Esc.
        assert isinstance(app.screen, ParticipantsScreen)


async def test_letters_typed_while_a_dialog_opens_go_into_its_field(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, ["f3"], ["a"], "Dora der", ["tab"], "IT", ["ctrl+s"])
        await wait_until(pilot, lambda: len(svc.participants(wid)) >= 3)
        # d, r and i are commands in the people list (delete, edit, import).
        assert [(p.name, p.role) for p in svc.participants(wid)] == [
            ("Ann", "Sales"), ("Bo", "IT"), ("Dora der", "IT")]
        assert isinstance(app.screen, FormScreen)  # open again for the next person
