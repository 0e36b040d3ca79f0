"""The follow-up view keeps what its columns cut (a reading in words is read in
full below the list, a wider screen gives an owner's full name room), keeps the
focused row legible, and keeps a refused reading or next step in its form."""

from __future__ import annotations

from test_swedish_screens import screen_lines
from test_tui_followup import TODAY, _open, follow_build

from sprintkit.tui.app import SprintkitApp


async def test_a_reading_in_words_is_shown_in_full_with_its_date(db):
    svc, wid, items = follow_build(db, "en")
    svc.add_reading(wid, items[1], "Two of five stations answered the survey", on="2026-04-30",
                    today=TODAY)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("down", "down")
        await pilot.pause()
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "Two of five stations answered the survey" not in text.split("Latest reading")[0]
        assert ("Latest reading: Two of five stations answered the survey (30 April 2026)"
                "  1 reading") in text
        await pilot.press("up", "up")
        await pilot.pause()
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "Latest reading: 71 % (30 April 2026)  3 readings" in text
    svc.store.close()


async def test_a_wide_screen_shows_a_long_owner_name_in_full(db):
    svc, wid, items = follow_build(db, "sv")
    svc.set_roadmap(wid, items[1], owner="Johanna Björklund")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        await _open(pilot)
        lines = screen_lines(app.export_screenshot())
        row = next(line for line in lines if "Johanna" in line)
        assert "Johanna Björklund " in row
    svc.store.close()


def _colours(text) -> set[str]:
    return {str(span.style) for span in text.spans} | {str(text.style)}


async def test_the_focused_row_keeps_its_trend_and_progress_readable(db):
    from textual.widgets import Sparkline, Static

    from sprintkit.tui.screens.followup import FollowUpRow

    svc, wid, items = follow_build(db, "en")
    svc.set_roadmap(wid, items[2], baseline="10", target="20")
    svc.add_reading(wid, items[2], "15", on="2026-04-30", today=TODAY)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        first, second = list(screen.query(FollowUpRow))[:2]
        assert app.focused is first

        def progress(row):
            return row.query(Static)[-1].content

        # Before, the bar and its figure took the cursor bar's own blue, and
        # the sparkline too: on the focused row they could not be seen.
        assert "#0b4fa8" in " ".join(_colours(progress(second)))
        assert "#0b4fa8" not in " ".join(_colours(progress(first)))
        assert "50" in progress(first).plain
        background = first.styles.background.rich_color
        spark = first.query_one(Sparkline)
        assert spark.get_component_rich_style("sparkline--max-color").color != background
        status = first.query(Static)[0].content
        assert _colours(status) <= {"bold", ""}
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is second
        assert "#0b4fa8" in " ".join(_colours(progress(first)))
        assert "#0b4fa8" not in " ".join(_colours(progress(second)))
        # Off the cursor, the status has its colour again.
        assert "bold green" in _colours(first.query(Static)[0].content)
    svc.store.close()


async def test_a_refused_reading_keeps_the_form_and_what_was_typed(db):
    from textual.widgets import Input

    from sprintkit.tui.widgets import FormScreen

    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("r", *"lots")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-note", Input).value = "From the March survey"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Refused in place: the form is still open with both fields as typed.
        assert app.screen is form
        assert [str(n.message) for n in app._notifications] == [
            "'lots' is not a number, and 'Refunds without forms' is measured in numbers "
            "(use . or , for decimals)."]
        assert form.query_one("#field-value", Input).value == "lots"
        assert form.query_one("#field-note", Input).value == "From the March survey"
        assert len(svc.follow_up(wid).item(items[0]).readings) == 3
        form.query_one("#field-value", Input).value = "73"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        latest = svc.follow_up(wid).item(items[0]).latest_reading
        assert (latest.value, latest.note) == (73.0, "From the March survey")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(svc.follow_up(wid).item(items[0]).readings) == 3
    svc.store.close()


async def test_a_refused_next_step_keeps_the_form_open(db):
    from textual.widgets import Input

    svc, wid, items = follow_build(db, "en")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-next", Input).value = "Ask finance"
        form.query_one("#field-due", Input).value = "2026-01-05"  # before today's check-in
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert app._notifications
        assert form.query_one("#field-next", Input).value == "Ask finance"
        step = svc.follow_up(wid).item(items[0]).next_step
        assert step is not None and step.text != "Ask finance"
    svc.store.close()


async def test_one_reading_draws_no_line(db):
    # A sparkline of a single value fills its whole height, which reads as a
    # target reached; two readings are the least that make a line.
    from textual.widgets import Sparkline

    from sprintkit.tui.screens.followup import FollowUpRow

    svc, wid, items = follow_build(db, "en")
    svc.set_roadmap(wid, items[2], baseline="10", target="40", unit="%")
    svc.add_reading(wid, items[2], "12", on="2026-04-30", today=TODAY)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        screen = await _open(pilot)
        rows = {r.initiative_id: r for r in screen.query(FollowUpRow)}
        assert rows[items[0]].query_one(Sparkline).visible
        single = rows[items[2]].query_one(Sparkline)
        assert single.data == [12.0] and not single.visible
    svc.store.close()
