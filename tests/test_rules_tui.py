"""The rules at the keyboard: a ballot that changed meanwhile, closing over a
lowered budget, group scores, a history that names each change, and an export
folder that is remembered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from sprintkit.playbooks import find_playbook
from sprintkit.service import PHONE
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.screens import (
    BallotChangedScreen,
    BallotScreen,
    ExportScreen,
    HistoryScreen,
    ScoreDialog,
)
from sprintkit.tui.widgets import PickScreen, PromptScreen, RowList

SIZE = (100, 32)


@pytest.fixture
def wid(svc):
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    for name in ("Ann", "Bo", "Cy"):
        svc.add_participant(ws.id, name)
    return ws.id


async def pick(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, PickScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def open_ballot(pilot, name: str) -> None:
    """The vote step's pass-the-laptop ballot, opened for ``name``."""
    await pilot.pause()
    await pilot.press("b")
    await pilot.pause()
    await pick(pilot, name)


def ann(svc, wid) -> int:
    return svc.participant(wid, "Ann").id


async def test_a_ballot_that_changed_meanwhile_shows_the_stored_dots(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    two = svc.create_initiative(wid, "Clear timetables")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.set_current_section(wid, "voting")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await open_ballot(pilot, "Ann")
        assert isinstance(app.screen, BallotScreen)
        rows = app.screen.query_one(RowList)
        rows.select_key(two.id)
        await pilot.press("space", "space", "space")
        # Ann's phone votes before the ballot is confirmed; no reload reaches the
        # ballot in between, so only the confirm can notice.
        svc.vote(wid, "Ann", one.id, dots=3, source=PHONE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BallotChangedScreen)
        stored = str(app.screen.query_one("#ballot-stored", Label).render())
        tried = str(app.screen.query_one("#ballot-tried", Label).render())
        assert "●●● Fast refunds" in stored and "●●● Clear timetables" in tried
        rnd = svc.current_round(wid)
        assert svc.dots_of(rnd.id, ann(svc, wid)) == {one.id: 3}
        # A letter typed a moment too late answers nothing.
        await pilot.press("y", "k", "1")
        await pilot.pause()
        assert isinstance(app.screen, BallotChangedScreen)
        await pilot.press("enter")
        await pilot.pause()
        # Back on the ballot, which now starts from the stored dots.
        assert isinstance(app.screen, BallotScreen)
        assert app.screen.alloc == {one.id: 3}
        status = str(app.screen.query_one("#ballot-status").render())
        assert "2 of 5 dots left" in status
        rows = app.screen.query_one(RowList)
        rows.select_key(two.id)
        await pilot.press("space", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert svc.dots_of(rnd.id, ann(svc, wid)) == {one.id: 3, two.id: 2}


async def test_a_ballot_notices_a_phone_vote_as_soon_as_it_arrives(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.set_current_section(wid, "voting")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await open_ballot(pilot, "Ann")
        svc.vote(wid, "Ann", one.id, dots=2, source=PHONE)
        app.reload_all()  # what the room does after a phone's vote
        await pilot.pause()
        assert isinstance(app.screen, BallotChangedScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BallotScreen) and app.screen.alloc == {one.id: 2}


async def test_closing_over_a_lowered_budget_offers_trim_or_keep(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    two = svc.create_initiative(wid, "Clear timetables")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.vote(wid, "Ann", one.id, dots=3)
    svc.vote(wid, "Ann", two.id, dots=2)
    svc.vote(wid, "Bo", one.id, dots=1)
    svc.set_round_budget(wid, dots=3, max_per_item=3)
    svc.set_current_section(wid, "voting")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        title = str(app.screen.query_one(".title", Label).render())
        assert "Over the lowered budget of 3: Ann (5)" in title and "Bo" not in title
        await pilot.press("escape")
        await pilot.pause()
        assert svc.current_round(wid).status == "open"
        await pilot.press("c")
        await pilot.pause()
        await pick(pilot, "Trim")
        rnd = svc.current_round(wid)
        assert rnd.status == "closed" and rnd.over_budget == "trim"
        assert svc.dots_of(rnd.id, ann(svc, wid)) == {one.id: 3}


async def test_closing_within_budget_still_asks_yes_or_no(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.vote(wid, "Ann", one.id, dots=3)
    svc.set_current_section(wid, "voting")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, PickScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert svc.current_round(wid).status == "closed"
        assert svc.current_round(wid).over_budget is None


async def test_group_score_from_the_score_pane(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    svc.score(wid, "Ann", one.id, impact=2, effort=4)
    svc.score(wid, "Bo", one.id, impact=4, effort=4)
    svc.set_current_section(wid, "scoring")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ScoreDialog)
        await pilot.press("5", "1")
        await pilot.pause()
        group = [s for s in svc.scores(wid) if s.participant_id is None]
        assert [(s.impact, s.effort) for s in group] == [(5, 1)]
        row = str(app.screen.pane.query_one(RowList).rows[0].resolve())
        assert "group 5/1" in row and "Quick win" in row and "people 3/4 (2)" in row
        quick = str(app.screen.pane.query_one("#q-quick-win").render())
        assert "Fast refunds" in quick


async def test_history_names_each_roadmap_change_and_the_next_undo(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    svc.set_roadmap(wid, one.id, phase="now")
    svc.set_roadmap(wid, one.id, phase="next")
    svc.set_roadmap(wid, one.id, owner="Ann")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        rows = [str(r.resolve()) for r in app.screen.query_one(RowList).rows]
        assert "Roadmap 'Fast refunds': owner set: Ann" in rows[0]
        assert "Ctrl+Z undoes this" in rows[0]
        assert "phase Now – quick experiments → Next" in rows[1]
        assert "Ctrl+Z" not in rows[1]
        await pilot.press("ctrl+z")
        await pilot.pause()
        rows = [str(r.resolve()) for r in app.screen.query_one(RowList).rows]
        assert rows[0].split("  ", 2)[-1].startswith("undo: Roadmap 'Fast refunds': owner")
        assert "Ctrl+Y redoes this" in rows[1] and "Ctrl+Z undoes this" in rows[2]


async def test_export_folder_is_remembered_across_restarts(db, svc, wid, tmp_path):
    chosen = tmp_path / "for the board"
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        default = Path(os.environ["SPRINTKIT_EXPORT_DIR"])
        assert app.screen.folder == default
        folder_line = str(app.screen.query_one("#export-folder", Label).render())
        assert str(default) in folder_line
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(chosen)
        await pilot.press("enter")
        await pilot.pause()
        assert svc.export_folder(wid) == str(chosen)
    # A new start of the app offers the folder chosen last time.
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen.folder == chosen
        app.screen.query_one("#formats", RowList).select_key("md")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = list(chosen.glob("*.md"))
        assert len(written) == 1
        log = str(app.screen.query_one("#export-log").render())
        assert str(written[0]) in log


async def test_close_names_the_budget_as_it_is_now(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.vote(wid, "Ann", one.id, dots=3)
    svc.set_current_section(wid, "voting")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Lowered elsewhere (the command line) after the pane was drawn.
        svc.set_round_budget(wid, dots=2, max_per_item=2)
        await pilot.press("c")
        await pilot.pause()
        title = str(app.screen.query_one(".title", Label).render())
        assert "budget of 2: Ann (3)" in title


async def test_a_ballot_notices_a_vote_from_another_program(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.set_current_section(wid, "voting")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await open_ballot(pilot, "Ann")
        # Written without telling the app, as 'sprintkit vote' in a terminal would.
        svc.vote(wid, "Ann", one.id, dots=1)
        await pilot.pause(BallotScreen.OUTSIDE_CHECK_S + 0.5)
        assert isinstance(app.screen, BallotChangedScreen)


async def test_the_result_says_which_budget_rule_applied(db, svc, wid):
    one = svc.create_initiative(wid, "Fast refunds")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.vote(wid, "Ann", one.id, dots=3)
    svc.set_round_budget(wid, dots=2, max_per_item=2)
    svc.close_round(wid, over_budget="keep")
    svc.reveal_round(wid)
    svc.set_current_section(wid, "voting")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = str(app.screen.pane.query_one("#vote-status").render())
        assert "over the lowered budget of 2 were counted as cast" in status


async def test_a_group_score_is_not_shown_as_nobodys_own(db, svc):
    ws = svc.create_workshop("Empty room", find_playbook("service-sprint", "en"))
    one = svc.create_initiative(ws.id, "Fast refunds")
    svc.score(ws.id, None, one.id, impact=4, effort=2)
    svc.set_current_section(ws.id, "scoring")
    app = SprintkitApp(db, ws.id, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = str(app.screen.pane.query_one(RowList).rows[0].resolve())
        assert "group 4/2" in row and "(you" not in row
