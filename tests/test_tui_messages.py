"""Screens and steps post their changes as messages; one place runs them.

The scan below reads every module of the TUI: outside the handler place
(``actions.py``, with the app that hands it the messages) nothing may reach
``app.act``, ``app.actions`` or ``app.service``, nor use a service method that
is not one of the read-only queries in ``reads.py``.
"""

from __future__ import annotations

import ast
import inspect
import pathlib

import pytest
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

import sprintkit.tui
from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui import messages as m
from sprintkit.tui.actions import HANDLERS
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.reads import READS, ReadOnly
from sprintkit.tui.steps import GroupPane, ScorePane
from sprintkit.tui.widgets import PromptScreen

TUI = pathlib.Path(sprintkit.tui.__file__).parent
# The one place that runs service calls, and the app that hands it the messages.
HANDLER_PLACE = {"actions.py", "app.py"}


def _problems(path: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = path.relative_to(TUI) if path.is_relative_to(TUI) else path.name
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else \
            owner.id if isinstance(owner, ast.Name) else None
        where = f"{name}:{node.lineno}"
        if owner_name == "app" and node.attr in ("act", "actions", "service"):
            found.append(f"{where} app.{node.attr}")
        elif owner_name == "service" and node.attr not in READS:
            found.append(f"{where} service.{node.attr}")
    return found


def test_no_screen_step_or_widget_calls_the_service_or_act():
    modules = [p for p in TUI.rglob("*.py") if p.relative_to(TUI).as_posix() not in HANDLER_PLACE]
    assert any(p.parent.name == "steps" for p in modules)
    assert any(p.parent.name == "screens" for p in modules)
    assert any(p.parent.name == "widgets" for p in modules)
    problems = [problem for path in modules for problem in _problems(path)]
    assert problems == []


def test_the_scan_finds_a_direct_call(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(self):\n    self.app.act(self.service.add_note, 1)\n"
                      "    self.service.delete_note(1, 2)\n    self.service.notes(1)\n"
                      "    self.app.service.undo(1)\n")
    assert sorted(p.split(" ")[1] for p in _problems(sample)) == [
        "app.act", "app.service", "service.add_note", "service.delete_note", "service.undo"]


def test_the_reads_are_queries_only():
    for name in READS:
        source = inspect.getsource(getattr(WorkshopService, name))
        assert "_op(" not in source and "transaction(" not in source, name


def test_the_read_only_view_refuses_a_write(tmp_path):
    svc = WorkshopService(Store(tmp_path / "w.db"))
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    view = ReadOnly(svc)
    assert view.workshop(ws.id).name == "Harbour sprint"
    with pytest.raises(AttributeError):
        view.delete_workshop(ws.id)  # type: ignore[attr-defined]
    assert svc.workshop(ws.id).name == "Harbour sprint"


def test_every_message_has_a_handler():
    kinds = {cls for cls in vars(m).values()
             if isinstance(cls, type) and issubclass(cls, m.Wanted) and cls is not m.Wanted}
    assert kinds and kinds == set(HANDLERS)


class Asker(m.AsksForChanges, Screen):
    """A screen that asks for changes and keeps the answers."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[m.Done | m.Refused] = []

    def compose(self) -> ComposeResult:
        yield Static("asking")

    @on(m.Done)
    @on(m.Refused)
    def _answer(self, event: m.Done | m.Refused) -> None:
        self.answers.append(event)


@pytest.fixture
def made(tmp_path):
    svc = WorkshopService(Store(tmp_path / "w.db"))
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    return svc, ws.id


async def test_a_change_is_saved_and_answered_and_a_refusal_is_one_toast(tmp_path, made):
    svc, wid = made
    app = SprintkitApp(tmp_path / "w.db", service=svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        asker = Asker()
        await app.push_screen(asker)
        asker.post_message(m.AddParticipant(wid, "Ann", "Sales"))
        await pilot.pause()
        [done] = asker.answers
        assert isinstance(done, m.Done)
        assert done.result.name == "Ann"
        assert [(p.name, p.role) for p in svc.participants(wid)] == [("Ann", "Sales")]

        asker.post_message(m.AddParticipant(wid, "ann", "IT"))  # the name is taken
        await pilot.pause()
        refused = asker.answers[1]
        assert isinstance(refused, m.Refused) and refused.error is not None
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "ann" in errors[0].lower()
        assert [p.name for p in svc.participants(wid)] == ["Ann"]
        assert not app.actions.waiting


async def test_a_locked_database_is_a_message_not_a_traceback(tmp_path, made, monkeypatch):
    import sqlite3

    svc, wid = made
    app = SprintkitApp(tmp_path / "w.db", service=svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def locked(*args, **kwargs):
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(svc, "rename_workshop", locked)
        asker = Asker()
        await app.push_screen(asker)
        asker.post_message(m.RenameWorkshop(wid, "Elsewhere"))
        await pilot.pause()
        texts = [n.message for n in app._notifications if n.severity == "error"]
        assert len(texts) == 1 and "database is locked" in texts[0], texts
        assert isinstance(asker.answers[0], m.Refused)
        assert svc.workshop(wid).name == "Harbour sprint"
        assert app.is_running


async def test_the_group_step_selects_the_initiative_it_made(tmp_path, made):
    svc, wid = made
    for text in ("Refunds take weeks", "Nobody answers the phone", "Queue at the desk"):
        svc.add_note(wid, "business-needs", text)
    app = SprintkitApp(tmp_path / "w.db", wid, service=svc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.show_section("grouping")
        await pilot.pause()
        pane = app.screen.pane
        assert isinstance(pane, GroupPane)
        svc.create_initiative(wid, "Already there")
        app.reload_all()
        await pilot.pause()
        await pilot.press("down", "space", "space")  # mark the 2nd and 3rd notes
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "Phone and desk"
        await pilot.press("enter")
        await pilot.pause()
        made_item = next(i for i in svc.initiatives(wid) if i.title == "Phone and desk")
        items = pane.query_one("#group-items")
        assert items.current_key == made_item.id
        assert pane.marked_notes == set()
        assert sorted(n.text for n in svc.notes(wid) if n.initiative_id == made_item.id) == [
            "Nobody answers the phone", "Queue at the desk"]


async def test_scoring_moves_on_to_the_next_initiative_once_saved(tmp_path, made):
    svc, wid = made
    svc.add_participant(wid, "Ann", "Sales")
    for title in ("Refunds", "Phone line", "Desk queue"):
        svc.create_initiative(wid, title)
    app = SprintkitApp(tmp_path / "w.db", wid, service=svc)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        section = next(s.id for s in svc.playbook(wid).sections if s.kind == "score")
        app.screen.show_section(section)
        await pilot.pause()
        pane = app.screen.pane
        assert isinstance(pane, ScorePane)
        rows = pane.query_one("#score-list")
        assert rows.cursor == 0
        await pilot.press("enter", "4", "2")
        await pilot.pause()
        assert [(s.impact, s.effort) for s in svc.scores(wid)] == [(4, 2)]
        assert rows.cursor == 1
