"""Smaller findings from a facilitator's trial: what the screen says must be unmistakable."""

from __future__ import annotations

import pytest

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.home import HomeScreen
from sprintkit.tui.labels import LABELS


def workshop(svc: WorkshopService, language: str = "en") -> int:
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", language))
    svc.add_participant(ws.id, "Ann", "Sales")
    return ws.id


async def test_the_home_header_forgets_the_workshop_after_going_back(db, svc):
    wid = workshop(svc)
    app = SprintkitApp(db, None, service=svc)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.title == "Harbour sprint"
        app.close_workshop()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.title == "sprintkit"
        assert wid


async def test_the_speaker_who_carries_over_stands_next_to_the_field(db, svc):
    wid = workshop(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.pane
        assert str(pane.query_one("#note-speaker").render()) == "Anonymous ›"
        pane.query_one("#note-input").value = "@ann Queue at the office"
        await pilot.press("enter")
        await pilot.pause()
        # The next note goes to Ann too, and the screen says so where it is typed.
        assert str(pane.query_one("#note-speaker").render()) == "Ann ›"
        assert "(stays until changed)" in str(pane.query_one("#capture-state").render())


@pytest.mark.parametrize("language", ["en", "fi"])
async def test_the_note_field_placeholder_fits_at_80_columns(db, svc, language):
    wid = workshop(svc, language)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.pane.query_one("#note-input")
        placeholder = LABELS[language]["capture.placeholder"]
        assert field.placeholder == placeholder
        assert len(placeholder) <= field.content_size.width


async def test_the_grouping_screen_shows_note_counts_at_80_columns(db, svc):
    wid = workshop(svc)
    notes = [svc.add_note(wid, "business-needs", f"Note {i}").id for i in range(3)]
    svc.create_initiative(wid, "A rather long initiative title that cannot fit in the column",
                          note_ids=notes)
    svc.set_current_section(wid, "grouping")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        items = app.screen.pane.query_one("#group-items")
        shown = "".join(s.text for s in items.render_line(0))
        assert shown.lstrip().startswith("3  A rather long"), shown
        assert len(shown) <= items.size.width
