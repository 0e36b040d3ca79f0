"""Dismissing a suggested lens from the capture step's note list (X), with
undo and redo; the database is what the test asserts."""

from __future__ import annotations

import pytest

from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions
from sprintkit.tui import keymap
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.panes import NoteList
from sprintkit.tui.screens.help import HelpScreen

SIZE = (110, 36)


def _rows(app) -> list[str]:
    return [row.resolve().plain for row in app.screen.pane.query_one(NoteList).rows]


def _said(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def sprint(svc, tmp_path):
    ws = svc.create_workshop("Sprint", find_playbook("service-sprint", "en"))
    svc.set_current_section(ws.id, "customer-views")
    room = svc.add_note(ws.id, "customer-views", "A note from the room")
    path = tmp_path / "survey.csv"
    path.write_text("Comment\nThe queue was far too long\n", encoding="utf-8")
    [comment] = svc.import_evidence(ws.id, path, EvidenceOptions(source="Survey")).note_ids
    assert svc.evidence_marks(ws.id)[comment].suggested_lens == "ease"
    return ws.id, comment, room.id


async def test_x_dismisses_the_suggestion_and_undo_brings_it_back(db, svc, sprint):
    wid, comment, room = sprint
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.screen.pane.query_one(NoteList)
        notes.focus()
        notes.select_key(comment)
        await pilot.pause()
        assert "(suggested: Ease)" in _rows(app)[notes.cursor]
        await pilot.press("x")
        await pilot.pause()
        # The suggestion is gone and the note was not tagged with it.
        assert svc.evidence_marks(wid)[comment].suggested_lens is None
        assert svc.note(wid, comment).lenses == []
        assert "suggested" not in _rows(app)[notes.cursor]
        assert "Lens suggestion dismissed: Ease" in _said(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert svc.evidence_marks(wid)[comment].suggested_lens == "ease"
        assert any("(suggested: Ease)" in row for row in _rows(app))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert svc.evidence_marks(wid)[comment].suggested_lens is None
        # A second X has nothing to drop, and says so.
        notes.select_key(comment)
        await pilot.press("x")
        await pilot.pause()
        assert f"Note {comment} has no lens suggestion." in _said(app)
        # A note from the room is no customer evidence: refused, nothing changes.
        notes.select_key(room)
        await pilot.press("x")
        await pilot.pause()
        assert f"Note {room} is not customer evidence." in _said(app)
        assert svc.note(wid, room).lenses == []


async def test_the_key_is_in_the_help(db, svc, sprint):
    wid, _, _ = sprint
    [binding] = [b for b in keymap.KEYMAP["capture-notes"] if b.id == "capture-notes.dismiss-lens"]
    assert binding.key == "x" and binding.action == "dismiss_lens"
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Dismiss the suggested lens" in app.screen._body().plain
