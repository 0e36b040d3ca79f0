"""The follow-up view: every roadmap item with its status, latest reading,
sparkline and progress; keys that set a status, add a reading and write the
next step; undo like everywhere else. Snapshots in English, Finnish and Swedish."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_swedish_screens import leaks, screen_lines
from test_tui_snapshots import build
from textual.widgets import Input, Sparkline

from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.screens.followup import FollowUpRow, FollowUpScreen
from sprintkit.tui.widgets import DiscardScreen, FormScreen

TODAY = date(2026, 5, 4)
EXTRA = {
    "en": ("Staff survey of the booking tools", "Dana Lee", "Pilot in two stations"),
    "fi": ("Henkilöstökysely varaustyökaluista", "Dana Lee", "Kokeilu kahdella asemalla"),
    "sv": ("Personalenkät om bokningsverktygen", "Dana Lee", "Pilot på två stationer"),
}


def follow_build(db, lang: str):
    """The snapshot workshop with a roadmap that has been followed up twice."""
    svc, wid = build(db, lang, "roadmap")
    svc.update_workshop(wid, held_on="2026-02-02")  # check-ins follow the workshop
    items = [i.id for i in svc.initiatives(wid)]
    svc.set_roadmap(wid, items[0], baseline="62", target="80", unit="%")
    svc.set_roadmap(wid, items[1], owner=EXTRA[lang][1], metric=EXTRA[lang][0])
    svc.set_roadmap(wid, items[2], phase="now", owner="Ben Ode", metric=EXTRA[lang][0])
    for day, value in (("2026-03-02", "64"), ("2026-04-01", "68,5"), ("2026-04-30", "71")):
        svc.add_reading(wid, items[0], value, on=day, today=TODAY)
    svc.set_status(wid, items[0], "on-track", on="2026-04-01", today=TODAY,
                   next_step=EXTRA[lang][2], due="2026-06-15")
    svc.set_status(wid, items[2], "at-risk", on="2026-04-01", note="No budget yet",
                   today=TODAY)
    svc.set_status(wid, items[2], "blocked", on="2026-04-30", today=TODAY)
    return svc, wid, items


async def _open(pilot) -> FollowUpScreen:
    await pilot.pause()
    await pilot.press("f10")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FollowUpScreen)
    return screen


def _updates(svc, wid):
    return svc.store.query("SELECT initiative_id, status, comment, next_step, next_due "
                           "FROM status_updates WHERE workshop_id = ? ORDER BY id", [wid])


async def test_the_view_shows_every_roadmap_item(db):
    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        screen = await _open(pilot)
        rows = list(screen.query(FollowUpRow))
        assert [r.initiative_id for r in rows] == [items[0], items[2], items[1]]
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "On track" in text and "Refunds without forms" in text
        assert "71 %" in text and "50 %" in text          # (71 − 62) / (80 − 62)
        assert "! Staff survey" not in text and "! One booking view" in text
        assert "Promises on course: 1 of 2 items in the first phase" in text
        assert "1 to escalate or drop" in text
        assert rows[0].query_one(Sparkline).data == [64.0, 68.5, 71.0]
        await pilot.press("down", "down")
        await pilot.pause()
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "Dana Lee is not a participant: the facilitator updates this item." in text
    svc.store.close()


async def test_set_status_then_undo(db):
    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        await _open(pilot)
        before = len(_updates(svc, wid))
        await pilot.press("s")
        await pilot.pause()
        for key in "at r":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # no comment
        await pilot.pause()
        rows = _updates(svc, wid)
        assert len(rows) == before + 1
        assert (rows[-1]["initiative_id"], rows[-1]["status"]) == (items[0], "at-risk")
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "At risk" in text
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(_updates(svc, wid)) == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _updates(svc, wid)[-1]["status"] == "at-risk"
        history = [e.summary for e in svc.history(wid, 5)]
        assert any("at-risk" in s for s in history)
    svc.store.close()


async def test_add_a_reading(db):
    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        screen = await _open(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-date", Input).value = "2026-05-02"
        for key in "75,5":
            await pilot.press("comma" if key == "," else key)
        await pilot.press("enter")                    # on to the empty note
        await pilot.press(*"[b]bold[/b]")
        await pilot.press("enter")
        await pilot.pause()
        rows = svc.store.query("SELECT value, on_date, note FROM readings WHERE "
                               "initiative_id = ? ORDER BY id", [items[0]])
        assert (rows[-1]["value"], rows[-1]["on_date"], rows[-1]["note"]) == \
            (75.5, "2026-05-02", "[b]bold[/b]")
        row = screen.query(FollowUpRow).first()
        assert row.query_one(Sparkline).data[-1] == 75.5
        assert "75.5 %" in "\n".join(screen_lines(app.export_screenshot()))
    svc.store.close()


async def test_a_bad_reading_is_refused_and_nothing_stored(db):
    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        await _open(pilot)
        await pilot.press("r", *"lots", "ctrl+s")
        await pilot.pause()
        count = svc.store.query("SELECT COUNT(*) AS n FROM readings WHERE initiative_id = ?",
                                [items[0]])[0]["n"]
        assert count == 3
    svc.store.close()


async def test_write_the_next_step_with_literal_text(db):
    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        await _open(pilot)
        await pilot.press("down")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-next", Input).value = "Ask [red]finance[/red]"
        # a due date is never before the check-in, which is today
        due = (date.today() + timedelta(days=30)).isoformat()
        app.screen.query_one("#field-due", Input).value = due
        await pilot.press("ctrl+s")
        await pilot.pause()
        last = _updates(svc, wid)[-1]
        assert (last["initiative_id"], last["status"], last["next_step"], last["next_due"]) \
            == (items[2], None, "Ask [red]finance[/red]", due)
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "Ask [red]finance[/red]" in text
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _updates(svc, wid)[-1]["next_step"] == ""
    svc.store.close()


async def test_escape_on_a_changed_form_asks_first(db):
    svc, wid, _ = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        await _open(pilot)
        await pilot.press("n", "x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen)
    svc.store.close()


async def test_without_a_roadmap_the_view_does_not_open(db):
    svc, wid = build(db, "en", "customers")
    for item in svc.initiatives(wid):
        svc.set_roadmap(wid, item.id, phase=None)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert not isinstance(app.screen, FollowUpScreen)
    svc.store.close()


async def test_a_swedish_follow_up_view_shows_no_english(db, monkeypatch):
    monkeypatch.setenv("SPRINTKIT_LANG", "sv")
    svc, wid, _ = follow_build(db, "sv")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        app.clear_notifications()
        await pilot.pause()
        lines = screen_lines(app.export_screenshot())
    svc.store.close()
    assert any("Enligt plan" in line for line in lines)
    assert leaks(lines) == []


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_follow_up_snapshot(snap_compare, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("SPRINTKIT_LANG", "en")
    db = tmp_path / "s.db"
    svc, wid, _ = follow_build(db, lang)
    app = SprintkitApp(db, wid, service=svc)

    async def before(pilot) -> None:
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(100, 28), run_before=before)
    finally:
        svc.store.close()


async def test_f5_opens_the_check_in_room_under_a_new_link_once(db, monkeypatch):
    # Any free port: tests never hold the room's usual one.
    monkeypatch.setattr("sprintkit.web.server.DEFAULT_PORT", 0)
    from sprintkit.tui.screens.room import RoomScreen

    svc, wid, _ = follow_build(db, "en")
    old = svc.join_token(wid)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await _open(pilot)
            await pilot.press("f5")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, RoomScreen) and app.screen.follow_up
            assert app.room is not None and app.room.running and app.room.follow_up
            renewed = svc.join_token(wid)
            assert renewed != old and app.room.token == renewed
            text = "\n".join(screen_lines(app.export_screenshot()))
            assert "Check-in room" in text and "This is a new link" in text
            # Closing and opening the room again keeps the link the owners joined with.
            await pilot.press("f5")
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            assert app.room.running and svc.join_token(wid) == renewed
        finally:
            # A room left open would keep the test's event loop from ending.
            if app.room is not None:
                await app.room.stop()
    svc.store.close()
