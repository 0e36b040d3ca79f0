"""Key bindings come from tui/keymap.py and can be moved in the user's keymap.toml."""

from __future__ import annotations

import os
from pathlib import Path

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui import keymap
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.screens.help import HelpScreen
from sprintkit.tui.screens.home import HomeScreen, NewWorkshopScreen
from sprintkit.tui.screens.workshop import WorkshopScreen
from sprintkit.tui.widgets import KeyBar

SIZE = (100, 32)


def user_keymap(text: str) -> Path:
    folder = Path(os.environ["SPRINTKIT_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def make(tmp_path, wid: bool = False):
    svc = WorkshopService(Store(tmp_path / "w.db"))
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    return svc, SprintkitApp(tmp_path / "w.db", ws.id if wid else None, service=svc)


def test_every_binding_has_a_unique_id():
    ids = [b.id for items in keymap.KEYMAP.values() for b in items]
    assert None not in ids
    assert len(ids) == len(set(ids))
    for area, items in keymap.KEYMAP.items():
        assert all(b.id.startswith(area + ".") for b in items), area  # type: ignore[union-attr]


async def test_a_remapped_key_does_the_work_and_the_old_one_does_not(tmp_path):
    user_keymap('"home.new" = "f6"\n[app]\ntheme = "f8"\n')
    svc, app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        footer = str(app.screen.query_one(KeyBar).render())
        assert "f6" in footer
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NewWorkshopScreen)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, NewWorkshopScreen)
        await pilot.press("escape")
        await pilot.pause()
        before = app.theme
        await pilot.press("f12")
        await pilot.pause()
        assert app.theme == before
        await pilot.press("f8")
        await pilot.pause()
        assert app.theme != before
        assert not app._notifications


async def test_help_shows_the_remapped_key(tmp_path):
    user_keymap('"workshop.people" = "f7"\n')
    svc, app = make(tmp_path, wid=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen._body().plain
        workshop = next(part for part in body.split("\n\n")
                        if part.startswith("In a workshop")).splitlines()
        people = [line for line in workshop if "people" in line.lower()]
        assert people and people[0].split()[0] == "f7", workshop
        assert not any(line.split()[0] == "f3" for line in workshop[1:])


async def test_a_wrong_keymap_entry_is_named_and_the_rest_still_applies(tmp_path):
    path = user_keymap('"home.new" = "f6"\n"home.nonsense" = "x"\n"home.rename" = 3\n')
    svc, app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications if n.severity == "warning"]
        assert len(messages) == 2, messages
        assert all(str(path) in m for m in messages)
        assert "home.nonsense" in messages[0] and "home.rename" in messages[1]
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, NewWorkshopScreen)


async def test_a_broken_keymap_file_leaves_the_usual_keys(tmp_path):
    path = user_keymap('"home.new" = \n')
    svc, app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and str(path) in messages[0], messages
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewWorkshopScreen)


async def test_help_starts_with_the_keys_of_the_screen_it_was_opened_from(tmp_path):
    svc, app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        titles = [line for line in app.screen._body().plain.splitlines()
                  if line and not line.startswith(" ")]
        assert titles[:2] == ["Workshops", "Everywhere"], titles
        await pilot.press("escape")
        await pilot.press("enter")  # into the workshop, on its first (capture) step
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("f1")
        await pilot.pause()
        titles = [line for line in app.screen._body().plain.splitlines()
                  if line and not line.startswith(" ")]
        assert titles[:3] == ["In a workshop", "Capture steps", "Everywhere"], titles
        assert len(titles) == len(keymap.HELP)
