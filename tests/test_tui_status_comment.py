"""The follow-up view's status dialog (s) takes an optional comment, stored
with the status update; Esc on the comment leaves nothing stored."""

from __future__ import annotations

from test_tui_followup import _open, _updates, follow_build
from textual.widgets import Input

from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.widgets import FormScreen


async def _pick_at_risk(pilot) -> None:
    await pilot.press("s")
    await pilot.pause()
    for key in "at r":
        await pilot.press("space" if key == " " else key)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_status_with_a_comment(db):
    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        before = len(_updates(svc, wid))
        await _pick_at_risk(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.title_text.endswith(": At risk")
        assert app.focused is form.query_one("#field-note", Input)
        await pilot.press(*"Waiting for IT")
        await pilot.press("enter")
        await pilot.pause()
        rows = _updates(svc, wid)
        assert len(rows) == before + 1
        assert (rows[-1]["initiative_id"], rows[-1]["status"], rows[-1]["comment"]) == \
            (items[0], "at-risk", "Waiting for IT")
    svc.store.close()


async def test_escape_on_the_comment_stores_nothing(db):
    svc, wid, _ = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        before = _updates(svc, wid)
        await _pick_at_risk(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert _updates(svc, wid) == before
    svc.store.close()
