"""The report's data in the terminal UI: the workshop's date and headline in its
details, the milestone, due date, ask and part in the roadmap form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input

from sprintkit import analysis
from sprintkit.demo import HELD_DAYS_AGO, build_demo
from sprintkit.playbooks import find_playbook
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.widgets import FormScreen

SIZE = (100, 32)


async def _fill(pilot, **values: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen)
    for name, value in values.items():
        screen.query_one(f"#field-{name}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


def _messages(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_workshop_details_edit_the_date_and_headline(db, svc):
    ws = svc.create_workshop("Harbour", find_playbook("service-package", "en"),
                             held_on="2026-11-20")
    app = SprintkitApp(db, None, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-held_on", Input).value == "2026-11-20"
        # A date the service would refuse keeps the form open with what was typed.
        await _fill(pilot, held_on="20.11.2026", headline="Tickets before timetables")
        assert app.screen is form
        assert "'20.11.2026' is not a date" in _messages(app)
        assert form.query_one("#field-headline", Input).value == "Tickets before timetables"
        assert svc.workshop(ws.id).headline == ""
        await _fill(pilot, held_on="2026-11-27")
        assert not isinstance(app.screen, FormScreen)
    saved = svc.workshop(ws.id)
    assert (saved.held_on, saved.headline) == ("2026-11-27", "Tickets before timetables")


@pytest.fixture
def placed(svc):
    ws = svc.create_workshop("Harbour", find_playbook("service-package", "en"))
    note = svc.add_note(ws.id, "enabling-services", "The app logs people out")
    item = svc.create_initiative(ws.id, "Stay signed in", note_ids=[note.id])
    svc.set_roadmap(ws.id, item.id, phase="now", owner="Ann")
    svc.set_current_section(ws.id, "roadmap")
    return ws.id, item.id


async def test_roadmap_form_sets_milestone_due_ask_and_part(db, svc, placed):
    wid, iid = placed
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await _fill(pilot, milestone="Beta for 100 users", due="next week",
                    ask="Pick the login provider", part="Supporting services")
        assert app.screen is form
        assert "'next week' is not a date" in _messages(app)
        await _fill(pilot, due="2027-02-01", part="Nowhere")
        assert app.screen is form
        assert "'Nowhere' is not one of the parts" in _messages(app)
        assert svc.initiative(wid, iid).milestone == ""
        await _fill(pilot, part="supporting services")
        assert not isinstance(app.screen, FormScreen)
        item = svc.initiative(wid, iid)
        assert (item.milestone, item.milestone_due, item.ask, item.part, item.owner) == (
            "Beta for 100 users", "2027-02-01", "Pick the login provider",
            "supporting-services", "Ann")
        detail = str(app.screen.pane.query_one("#detail").render())
        assert "First milestone: Beta for 100 users (2027-02-01)" in detail
        assert "Ask of leadership: Pick the login provider" in detail
        # Emptied fields clear the due date and give the part back to the notes.
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#field-part", Input).value == "Supporting services"
        await _fill(pilot, due="", part="")
        item = svc.initiative(wid, iid)
        assert (item.milestone_due, item.part) == (None, None)
        svc.undo(wid)
        assert svc.initiative(wid, iid).part == "supporting-services"


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_demo_is_dated_with_milestones_and_asks(service, language):
    snap = service.snapshot(build_demo(service, language=language))
    held = date.today() - timedelta(days=HELD_DAYS_AGO)
    assert snap.workshop.held_on == held.isoformat()
    placed = [i for items in snap.roadmap().values() for i in items]
    assert placed and all(i.milestone and i.milestone_due for i in placed)
    assert all(date.fromisoformat(i.milestone_due) > held for i in placed)
    assert 2 <= sum(1 for i in placed if i.ask) < len(placed)
    parts = snap.playbook.report.parts
    # All four angles are served; refunds are the customers' part by the room's decision.
    assert {analysis.initiative_part(i, snap.notes, parts) for i in placed} == set(parts)
    assert [(i.id, i.part) for i in placed if i.part] == [(snap.initiatives[2].id,
                                                          "customer-views")]


def test_the_large_demo_is_dated_with_milestones(service):
    snap = service.snapshot(build_demo(service, large=True))
    assert snap.workshop.held_on == (date.today() - timedelta(days=HELD_DAYS_AGO)).isoformat()
    placed = [i for items in snap.roadmap().values() for i in items]
    assert sum(1 for i in placed if i.milestone_due) > len(placed) // 2
    assert any(i.ask for i in placed)
