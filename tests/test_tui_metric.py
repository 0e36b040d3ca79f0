"""A measurable metric in the roadmap form: baseline, target, unit and direction,
refused as the command line refuses them, undone as every roadmap edit."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from sprintkit.history_words import event_words
from sprintkit.playbooks import find_playbook
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.labels import tr
from sprintkit.tui.widgets import FormScreen
from sprintkit.tui.widgets.dialogs import FormToggle

SIZE = (100, 32)


def _placed(svc, language: str = "en") -> tuple[int, int]:
    ws = svc.create_workshop("Harbour", find_playbook("service-package", language))
    note = svc.add_note(ws.id, "enabling-services", "The app logs people out")
    item = svc.create_initiative(ws.id, "Stay signed in", note_ids=[note.id])
    svc.set_roadmap(ws.id, item.id, phase="now", owner="Ann", metric="Sign-ins kept",
                    target="more")
    svc.set_current_section(ws.id, "roadmap")
    return ws.id, item.id


async def _open_form(pilot) -> FormScreen:
    await pilot.press("enter")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def _fill(pilot, **values: str) -> None:
    form = pilot.app.screen
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


def _field(form: FormScreen, name: str) -> str:
    return form.query_one(f"#field-{name}", Input).value


def _messages(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def _numbers(svc, wid: int, iid: int) -> tuple:
    item = svc.initiative(wid, iid)
    return item.baseline, item.target, item.target_value, item.unit, item.lower_is_better


async def test_the_form_makes_the_metric_measurable(db, svc):
    wid, iid = _placed(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_form(pilot)
        assert (_field(form, "baseline"), _field(form, "unit")) == ("", "")
        assert form.query_one("#field-lower", FormToggle).value is False
        await _fill(pilot, metric="Share of customers who stay signed in", baseline="62,5",
                    target="75", unit="%")
        assert not isinstance(app.screen, FormScreen)
        assert _numbers(svc, wid, iid) == (62.5, "75", 75.0, "%", False)
        assert svc.initiative(wid, iid).metric == "Share of customers who stay signed in"
        detail = str(app.screen.pane.query_one("#detail").render())
        assert "Target: 75 % (from 62.5 %)" in detail
        # The change is one step of the history, worded, and undone as one.
        words = event_words(svc.history(wid)[0], tr)
        assert "baseline: 62.5" in words and "unit: %" in words
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _numbers(svc, wid, iid) == (None, "more", None, "", False)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _numbers(svc, wid, iid) == (62.5, "75", 75.0, "%", False)


async def test_lower_is_better_is_ticked_with_the_keyboard(db, svc):
    wid, iid = _placed(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_form(pilot)
        # Owner, metric, baseline, target (its words wiped), unit, then the direction.
        await pilot.press("tab", "tab", "5", "5", "tab", "ctrl+u", "4", "0", "tab", "s", "tab")
        toggle = form.query_one("#field-lower", FormToggle)
        assert app.focused is toggle
        await pilot.press("space")
        assert toggle.value is True
        # Enter goes on from the toggle as from a text field, and never flips it.
        await pilot.press("enter")
        await pilot.pause()
        assert toggle.value is True
        assert app.focused is form.query_one("#field-contributors", Input)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen), (_messages(app), form.values())
        assert _numbers(svc, wid, iid) == (55.0, "40", 40.0, "s", True)
        # Opened again, the form shows what is stored, the direction ticked.
        form = await _open_form(pilot)
        assert [_field(form, n) for n in ("baseline", "target", "unit")] == ["55", "40", "s"]
        assert form.query_one("#field-lower", FormToggle).value is True


@pytest.mark.parametrize(("values", "message"), [
    ({"baseline": "62", "target": "more"},
     "The target 'more' is not a number; with a baseline it must be one"),
    ({"baseline": "62", "target": ""}, "A metric with a baseline needs a target in numbers."),
    ({"baseline": "sixty", "target": "75"}, "The baseline 'sixty' is not a number"),
    ({"baseline": "62", "target": "62.0"}, "The target 62.0 equals the baseline"),
    ({"baseline": "62", "target": "75", "lower": True},
     "Lower is better, yet the target 75 is above the baseline."),
    ({"baseline": "62", "target": "75", "unit": "x" * 41},
     "The unit is 41 characters long; at most 40 fit."),
])
async def test_a_refused_metric_keeps_the_form_and_stores_nothing(db, svc, values, message):
    wid, iid = _placed(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_form(pilot)
        if values.pop("lower", False):
            form.query_one("#field-lower", FormToggle).value = True
        await _fill(pilot, owner="Bo", **values)
        assert app.screen is form
        assert message in _messages(app)
        # What was typed is still there, and nothing reached the database.
        assert all(_field(form, name) == value for name, value in values.items())
        assert _field(form, "owner") == "Bo"
        assert _numbers(svc, wid, iid) == (None, "more", None, "", False)
        assert svc.initiative(wid, iid).owner == "Ann"


async def test_refusals_and_numbers_in_the_workshops_language(db, svc):
    wid, iid = _placed(svc, "fi")
    svc.set_roadmap(wid, iid, baseline="62,5", target="75", unit="%")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_form(pilot)
        # The stored baseline as a Finn types it.
        assert [_field(form, n) for n in ("baseline", "target", "unit")] == ["62,5", "75", "%"]
        labels = " ".join(str(label.render()) for label in form.query("Label"))
        assert "Lähtötaso" in labels and "Yksikkö" in labels
        # The help sits under the numbers, not in the hint a small screen scrolls away.
        note = form.query_one(".form-note")
        assert str(note.render()).startswith("Lähtötaso tekee mittarista mitattavan")
        assert note.region.y < form.query_one("#field-lower").region.y
        await _fill(pilot, target="50", baseline="50")
        assert app.screen is form
        assert "Tavoite 50 on sama kuin lähtötaso" in _messages(app)
        assert _numbers(svc, wid, iid) == (62.5, "75", 75.0, "%", False)


async def test_an_emptied_baseline_makes_the_metric_words_again(db, svc):
    wid, iid = _placed(svc)
    svc.set_roadmap(wid, iid, baseline="30", target="20", unit="days")
    assert svc.initiative(wid, iid).lower_is_better is True  # as the numbers say
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_form(pilot)
        assert form.query_one("#field-lower", FormToggle).value is True
        form.query_one("#field-lower", FormToggle).value = False
        await _fill(pilot, baseline="", target="Shorter waits", unit="")
        assert not isinstance(app.screen, FormScreen)
        assert _numbers(svc, wid, iid) == (None, "Shorter waits", None, "", False)
        detail = str(app.screen.pane.query_one("#detail").render())
        assert "Target: Shorter waits" in detail
        svc.undo(wid)
        assert _numbers(svc, wid, iid) == (30.0, "20", 20.0, "days", True)


async def test_unticked_the_direction_follows_the_numbers(db, svc):
    # As on the command line without --lower-is-better.
    wid, iid = _placed(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open_form(pilot)
        await _fill(pilot, baseline="12", target="4", unit="complaints")
        assert _numbers(svc, wid, iid) == (12.0, "4", 4.0, "complaints", True)
        detail = str(app.screen.pane.query_one("#detail").render())
        assert "Target: 4 complaints (from 12 complaints, lower is better)" in detail


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Date, headline, organisation, facilitator"),
    ("fi", "Päivä, pääviesti, organisaatio ja vetäjä"),
    ("sv", "Datum, budskap, organisation, facilitator"),
])
async def test_help_names_all_the_workshop_details_on_one_line(db, svc, monkeypatch,
                                                               language, words):
    from test_swedish_screens import screen_lines

    monkeypatch.setenv("SPRINTKIT_LANG", language)
    _placed(svc)
    app = SprintkitApp(db, None, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        line = next(line for line in screen_lines(app.export_screenshot())
                    if line.strip(" │█").startswith("e "))
        assert words in line


async def test_a_refusal_the_check_cannot_foresee_keeps_the_form_too(db, svc):
    wid, iid = _placed(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_form(pilot)
        await _fill(pilot, owner="A" * 301, baseline="62", target="75", unit="%")
        # The service refused the name's length: the form is still open, as typed.
        assert app.screen is form
        assert "301" in _messages(app) and "300" in _messages(app)
        assert [_field(form, n) for n in ("baseline", "target", "unit")] == ["62", "75", "%"]
        assert _numbers(svc, wid, iid) == (None, "more", None, "", False)
        await _fill(pilot, owner="Bo")
        assert not isinstance(app.screen, FormScreen)
        assert svc.initiative(wid, iid).owner == "Bo"
        assert _numbers(svc, wid, iid) == (62.0, "75", 75.0, "%", False)
        # The board below shows the saved item under the cursor again.
        detail = str(app.screen.pane.query_one("#detail").render())
        assert "Owner: Bo" in detail and "Target: 75 % (from 62 %)" in detail
