"""The facilitator TUI, driven with Textual's pilot; every step checks the database."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.widgets import Input, Static

from sprintkit.playbooks import find_playbook
from sprintkit.service import PHONE, WorkshopService
from sprintkit.store import Store
from sprintkit.tui import labels
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.home import HomeScreen, NewWorkshopScreen
from sprintkit.tui.panes import (
    CapturePane,
    GroupItems,
    GroupNotes,
    GroupPane,
    NoteList,
    RoadmapPane,
    ScorePane,
    VotePane,
)
from sprintkit.tui.screens import (
    BallotScreen,
    ExportScreen,
    HelpScreen,
    HistoryScreen,
    ParticipantsScreen,
    VoicesScreen,
)
from sprintkit.tui.widgets import (
    FormScreen,
    PickScreen,
    PromptScreen,
    RowList,
    TextScreen,
    TimerBar,
)
from sprintkit.tui.workshop import WorkshopScreen

SIZE = (100, 32)
CAPTURE = ["business-needs", "customer-views", "staff-tools", "stakeholders"]


@pytest.fixture
def wid(svc):
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    svc.add_participant(ws.id, "Ann", "Sales")
    svc.add_participant(ws.id, "Bo", "IT")
    svc.add_participant(ws.id, "Cy", "Customer service")
    return ws.id


def make_app(db, svc, wid=None) -> SprintkitApp:
    # One Store per process and file: the app shares the test's service.
    return SprintkitApp(db, wid, service=svc)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_note(pilot, text: str) -> None:
    field = pilot.app.screen.pane.query_one("#note-input", Input)
    assert field.has_focus
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot, text: str) -> None:
    """Fill the open one-line prompt and press Enter."""
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def write_text(pilot, text: str) -> None:
    """Fill the open multi-line editor and save with Ctrl+S."""
    from textual.widgets import TextArea

    assert isinstance(pilot.app.screen, TextScreen)
    pilot.app.screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


async def fill_form(pilot, **values: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen)
    for name, value in values.items():
        screen.query_one(f"#field-{name}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


async def pick(pilot, text: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, PickScreen)
    screen.query_one(Input).value = text
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def section(app: SprintkitApp) -> str:
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen.section_id


# ---------------------------------------------------------------- home


async def test_home_creates_a_workshop_in_finnish(db, svc):
    app = make_app(db, svc)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewWorkshopScreen)
        screen.query_one("#new-name", Input).value = "Satama"
        index = next(i for i, b in enumerate(screen.books)
                     if b.id == "service-sprint" and b.language == "fi")
        screen.query_one("#new-playbook", RowList).cursor = index
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert labels.language() == "fi"
        assert "Vaihe 1/9" in app.sub_title
    [ws] = svc.list_workshops()
    assert (ws.name, ws.language, ws.playbook_id) == ("Satama", "fi", "service-sprint")


async def test_home_rename_and_delete_with_confirmation(db, svc, wid):
    app = make_app(db, svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await answer(pilot, "Harbour sprint 2")
        assert svc.workshop(wid).name == "Harbour sprint 2"
        await pilot.press("d")
        await pilot.press("n")  # changed my mind
        await pilot.pause()
        assert len(svc.list_workshops()) == 1
        await pilot.press("d")
        await pilot.press("y")
        await pilot.pause()
        assert svc.list_workshops() == []


# ------------------------------------------------------------- the sprint


async def test_whole_sprint_from_the_keyboard(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert section(app) == "business-needs"

        # Capture: a note in each of the four capture steps, with speaker and tags.
        await type_note(pilot, "@ann Grow regional ridership #ease")
        await type_note(pilot, "Fewer refund calls")  # the speaker stays Ann
        for number, sid in enumerate(CAPTURE[1:], start=2):
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert section(app) == sid
            await type_note(pilot, f"@bo Note {number} #emotion")
        notes = svc.notes(wid)
        assert [n.section_id for n in notes] == [CAPTURE[0], *CAPTURE]
        ann, bo = svc.participant(wid, "Ann").id, svc.participant(wid, "Bo").id
        assert [(n.text, n.participant_id, n.lenses) for n in notes[:2]] == [
            ("Grow regional ridership", ann, ["ease"]), ("Fewer refund calls", ann, [])]
        assert all(n.participant_id == bo and n.lenses == ["emotion"] for n in notes[2:])
        assert svc.workshop(wid).current_section == "stakeholders"

        # Group: mark two notes, make an initiative, add a third, rename it.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen.pane, GroupPane)
        assert isinstance(app.focused, GroupNotes)
        await pilot.press("space", "space", "n")
        await answer(pilot, "Refunds without forms")
        [item] = svc.initiatives(wid)
        assert {n.id for n in svc.notes(wid) if n.initiative_id == item.id} == \
            {notes[0].id, notes[1].id}
        await pilot.press("g")  # the highlighted note into the existing initiative
        await pick(pilot, "Refunds")
        assert svc.initiative_note_counts(wid) == {item.id: 3}
        await pilot.press("n")
        await answer(pilot, "Partner data sharing")
        await pilot.press("tab")
        assert isinstance(app.focused, GroupItems)
        await pilot.press("home", "r")
        await answer(pilot, "Automatic delay refunds")
        assert svc.initiative(wid, item.id).title == "Automatic delay refunds"

        # Vote: open a round, two people vote by passing the laptop.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen.pane, VotePane)
        await pilot.press("o")
        await fill_form(pilot, dots="3", max="2")
        rnd = svc.current_round(wid)
        assert (rnd.status, rnd.dots_per_person, rnd.max_per_item) == ("open", 3, 2)
        await pilot.press("b")
        await pilot.pause()
        await pick(pilot, "Ann")
        assert isinstance(app.screen, BallotScreen)
        await pilot.press("right", "right", "right")  # the third is over the per-item max
        await pilot.press("down", "right", "enter")
        await pilot.pause()
        await pick(pilot, "Cy")
        await pilot.press("down", "right", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        refunds, partners = [i.id for i in svc.initiatives(wid)]
        cy = svc.participant(wid, "Cy").id
        assert svc.dots_of(rnd.id, ann) == {refunds: 2, partners: 1}
        assert svc.dots_of(rnd.id, cy) == {partners: 1}
        assert "2 of 3" in str(app.screen.pane.query_one("#vote-status").render())
        await pilot.press("u")
        await fill_form(pilot, dots="4", max="2")
        assert svc.current_round(wid).dots_per_person == 4
        await pilot.press("c", "y")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert svc.current_round(wid).status == "revealed"
        await pilot.press("v")  # split by role
        await pilot.pause()
        assert any("Sales" in str(r.resolve()) for r in app.screen.pane.query_one("#vote-list").rows)

        # Score: impact 4, effort 2 as Ann (the first participant).
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen.pane, ScorePane)
        await pilot.press("enter", "4", "2")
        await pilot.pause()
        [score] = svc.scores(wid)
        assert (score.participant_id, score.impact, score.effort) == (ann, 4, 2)
        await pilot.press("m")
        await pilot.pause()
        assert "Automatic delay refunds" in str(
            app.screen.pane.query_one("#q-quick-win").render())
        await pilot.press("m")

        # Roadmap: into the first phase, with owner, metric and target.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen.pane, RoadmapPane)
        assert app.focused.id == "col-__unplaced__"
        await pilot.press("shift+right")
        await pilot.pause()
        assert app.focused.id == "col-now"
        top = svc.initiative(wid, app.focused.current_key)
        assert top.phase == "now"
        await pilot.press("enter")
        await fill_form(pilot, owner="Ann", metric="Refunds paid without a form",
                        target="80%", contributors="Bo, Cy")
        top = svc.initiative(wid, top.id)
        assert (top.owner, top.metric, top.target, top.contributors) == (
            "Ann", "Refunds paid without a form", "80%", ["Bo", "Cy"])
        assert svc.readiness(wid) == []

        # Export to JSON in a separate process; the path is shown when done.
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        formats = app.screen.query_one("#formats", RowList)
        # The roadmap PDF is what most exports are for: it is offered first.
        assert formats.current_key == "pdf" and formats.row_keys()[0] == "pdf"
        formats.select_key("json")
        await pilot.press("enter")
        await settle(pilot)
        # Not under the current folder: the default export folder of this user.
        files = list(Path(os.environ["SPRINTKIT_EXPORT_DIR"]).glob("*.json"))
        assert len(files) == 1
        data = json.loads(files[0].read_text(encoding="utf-8"))
        assert "Automatic delay refunds" in json.dumps(data)
        assert str(files[0].name) in str(app.screen.query_one("#export-log").render())


async def test_note_edit_delete_move_and_tags_by_key(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_note(pilot, "First")
        await type_note(pilot, "Second")
        await pilot.press("up")
        assert isinstance(app.focused, NoteList)
        await pilot.press("e")
        await answer(pilot, "Second, edited")
        await pilot.press("1", "3")  # lens tags 1 and 3 (effectiveness, emotion)
        await pilot.pause()
        second = svc.notes(wid)[1]
        assert (second.text, second.lenses) == ("Second, edited", ["effectiveness", "emotion"])
        await pilot.press("s")
        await pick(pilot, "Cy")
        assert svc.note(wid, second.id).participant_id == svc.participant(wid, "Cy").id
        await pilot.press("m")
        await pick(pilot, "Stakeholders")
        assert svc.note(wid, second.id).section_id == "stakeholders"
        await pilot.press("d")  # deletes the highlighted note (First)
        await pilot.pause()
        assert [n.text for n in svc.notes(wid)] == ["Second, edited"]
        await pilot.press("ctrl+z")  # undo brings it back
        await pilot.pause()
        assert [n.text for n in svc.notes(wid)] == ["First", "Second, edited"]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [n.text for n in svc.notes(wid)] == ["Second, edited"]


async def test_capture_speaker_and_tag_pickers(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pick(pilot, "Bo")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("2", "enter")  # ease
        await pilot.pause()
        await type_note(pilot, "Tagged by picker")
        note = svc.notes(wid)[0]
        assert note.participant_id == svc.participant(wid, "Bo").id
        assert note.lenses == ["ease"]
        await type_note(pilot, "@- nobody in particular")
        assert svc.notes(wid)[1].participant_id is None


async def test_quit_mid_capture_and_reopen_to_the_same_state(db, wid):
    first = WorkshopService(Store(db))
    app = make_app(db, first, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_note(pilot, "@cy Saved before quitting")
        app.screen.pane.query_one("#note-input", Input).value = "half typed"
        await pilot.press("ctrl+q")
    first.store.close()

    again = WorkshopService(Store(db))
    app = make_app(db, again, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert section(app) == "customer-views"
        pane = app.screen.pane
        assert isinstance(pane, CapturePane)
        assert [n.text for n in pane.notes.values()] == ["Saved before quitting"]
        assert pane.query_one(NoteList).rows[0].key == svc_note_id(again, wid)
    again.store.close()


def svc_note_id(service: WorkshopService, wid: int) -> int:
    return service.notes(wid)[0].id


async def test_participants_and_voice_balance(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_note(pilot, "@ann Only sales has spoken")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        await pilot.press("a")
        await fill_form(pilot, name="Dee", role="Partner")
        await pilot.press("escape")  # the form reopens for the next person
        await pilot.pause()
        assert svc.participant(wid, "Dee").role == "Partner"
        app.screen.query_one(RowList).select_key(svc.participant(wid, "Bo").id)
        await pilot.press("enter")
        await fill_form(pilot, name="Bob", role="IT")
        assert svc.participant(wid, "Bob").role == "IT"
        await pilot.press("d", "y")
        await pilot.pause()
        assert [p.name for p in svc.participants(wid)] == ["Ann", "Cy", "Dee"]
        await pilot.press("escape", "f4")
        await pilot.pause()
        assert isinstance(app.screen, VoicesScreen)
        assert "Not heard yet: Customer service, Partner" in app.screen.summary.plain


async def test_merge_and_split_initiatives(db, svc, wid):
    notes = [svc.add_note(wid, "customer-views", f"note {i}").id for i in range(4)]
    a = svc.create_initiative(wid, "Alpha", note_ids=notes[:2])
    b = svc.create_initiative(wid, "Beta", note_ids=notes[2:])
    svc.set_current_section(wid, "grouping")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert isinstance(app.focused, GroupItems)
        app.focused.select_key(b.id)
        await pilot.press("space")  # mark Beta
        app.focused.select_key(a.id)
        await pilot.press("M", "y")
        await pilot.pause()
        assert [i.title for i in svc.initiatives(wid)] == ["Alpha"]
        assert svc.initiative_note_counts(wid) == {a.id: 4}
        await pilot.press("enter")  # open Alpha, split two notes off
        await pilot.pause()
        await pilot.press("space", "space", "s")
        await answer(pilot, "Gamma")
        counts = svc.initiative_note_counts(wid)
        gamma = svc.initiative(wid, "Gamma")
        assert counts == {a.id: 2, gamma.id: 2}
        await pilot.press("e")
        await write_text(pilot, "What alpha is about,\nover two lines")
        assert svc.initiative(wid, a.id).description == "What alpha is about,\nover two lines"


async def test_roadmap_reorder_owner_picker_and_readiness(db, svc, wid):
    ids = [svc.create_initiative(wid, title).id for title in ("One", "Two", "Three")]
    for iid in ids:
        svc.set_roadmap(wid, iid, phase="next")
    svc.set_current_section(wid, "roadmap")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused.id == "col-next"
        warning = str(app.screen.pane.query_one("#readiness").render())
        assert "3 not ready" in warning
        await pilot.press("end", "shift+up")  # Three moves above Two
        await pilot.pause()
        assert [i.title for i in svc.snapshot(wid).roadmap()["next"]] == ["One", "Three", "Two"]
        await pilot.press("o")
        await pick(pilot, "Bo")
        assert svc.initiative(wid, ids[2]).owner == "Bo"
        await pilot.press("shift+left")
        await pilot.pause()
        assert svc.initiative(wid, ids[2]).phase == "now"
        await pilot.press("o")
        await pick(pilot, "Someone else")
        await answer(pilot, "External partner")
        assert svc.initiative(wid, ids[2]).owner == "External partner"
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("1", "3", "enter")
        await pilot.pause()
        assert svc.initiative(wid, ids[2]).contributors == ["Ann", "Cy"]


async def test_roadmap_backlog_lists_the_most_voted_first_after_the_reveal(db, svc, wid):
    ids = [svc.create_initiative(wid, title).id for title in ("Low", "High", "Middle", "Tie")]
    svc.open_round(wid, dots=5, max_per_item=3)
    for person, item, dots in (("Ann", ids[1], 3), ("Bo", ids[1], 1), ("Bo", ids[2], 2),
                               ("Cy", ids[0], 1), ("Cy", ids[3], 1)):
        svc.vote(wid, person, item, dots=dots)
    svc.close_round(wid)
    svc.set_current_section(wid, "roadmap")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        backlog = app.screen.pane.query_one("#col-__unplaced__", RowList)
        # Before the reveal the order gives nothing away.
        assert backlog.row_keys() == ids
        svc.reveal_round(wid)
        app.screen.pane.refresh_data()
        # Most dots first; a tie keeps the order the initiatives were made in.
        assert backlog.row_keys() == [ids[1], ids[2], ids[0], ids[3]]


async def test_ballot_says_so_when_the_budget_was_lowered_below_what_was_given(db, svc, wid):
    item = svc.create_initiative(wid, "Only one")
    svc.open_round(wid, dots=5, max_per_item=3)
    svc.vote(wid, "Ann", item.id, dots=3)
    svc.set_round_budget(wid, dots=1, max_per_item=1)
    svc.set_current_section(wid, "voting")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pick(pilot, "Ann")
        status = str(app.screen.query_one("#ballot-status").render())
        assert "2 dots over the lowered budget of 1" in status and "-2" not in status


async def test_anonymous_round_budget_and_reveal_hidden_until_closed(db, svc, wid):
    svc.create_initiative(wid, "Only one")
    svc.set_current_section(wid, "voting")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await fill_form(pilot, anonymous="yes")
        assert svc.current_round(wid).anonymous
        svc.vote(wid, "Bo", "Only one", source=PHONE)
        app.room_changed(SimpleNamespace(kind="vote", participant_id=svc.participant(
            wid, "Bo").id, detail=""))
        await pilot.pause(app.ROOM_RELOAD_DELAY + 0.2)
        status = str(app.screen.pane.query_one("#vote-status").render())
        assert "Voted: 1 of 3" in status
        # No tally while the round is open.
        assert not any("Only one" in str(r.resolve()) for r in app.screen.pane.query_one(
            "#vote-list", RowList).rows)


async def test_room_events_refresh_the_notes_list(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = svc.add_note(wid, "business-needs", "From a phone", participant="Ann",
                            source=PHONE)
        app.room_changed(SimpleNamespace(kind="note", participant_id=note.participant_id,
                                         detail="From a phone"))
        await pilot.pause(app.ROOM_RELOAD_DELAY + 0.2)
        rows = app.screen.pane.query_one(NoteList).rows
        assert [r.key for r in rows] == [note.id]


async def test_a_burst_of_phone_votes_reloads_the_screen_once(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reloads = []
        original = app.reload_all
        app.reload_all = lambda: (reloads.append(1), original())[1]
        for _ in range(50):
            app.room_changed(SimpleNamespace(kind="vote", participant_id=None, detail=""))
        await pilot.pause(app.ROOM_RELOAD_DELAY + 0.2)
        assert reloads == [1]


async def test_timer_start_pause_extend_and_time_up(db, svc, wid):
    now = [1000.0]
    app = SprintkitApp(db, wid, service=svc, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen._timer()
        assert "20:00 left of 20:00" in str(bar.render())
        await pilot.press("f6")
        now[0] += 125
        bar.tick()
        assert "17:55 left" in str(bar.render())
        await pilot.press("f6")  # pause
        now[0] += 600
        bar.tick()
        assert "17:55 left" in str(bar.render())
        await pilot.press("f6")
        now[0] += 20 * 60
        bar.tick()
        assert bar.has_class("-over") and "TIME IS UP" in str(bar.render())
        await pilot.press("f7")
        assert not bar.has_class("-over")
        # Typing still works while the timer runs.
        await type_note(pilot, "Still capturing")
        assert len(svc.notes(wid)) == 1


async def test_timer_survives_quitting_and_keeps_running(db, svc, wid):
    now = [5000.0]
    app = SprintkitApp(db, wid, service=svc, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f7", "f6")  # five more minutes, then start
        now[0] += 60
    # Saved before the screen said so: the database has it right away.
    box = svc.timeboxes(wid)["business-needs"]
    assert box.running_since == 5000.0 and box.extra_minutes == 5
    now[0] += 240  # four minutes pass while the app is closed; the room went on
    again = SprintkitApp(db, wid, service=svc, clock=lambda: now[0])
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = again.screen._timer()
        bar.tick()
        assert "20:00 left of 25:00" in str(bar.render()) and bar.has_class("-running")
        await pilot.press("f6")  # pause
    assert svc.timeboxes(wid)["business-needs"].running_since is None
    assert svc.timeboxes(wid)["business-needs"].elapsed_s == 300.0


async def test_moving_on_pauses_the_step_timer_and_saves_it(db, svc, wid):
    now = [1000.0]
    app = SprintkitApp(db, wid, service=svc, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        now[0] += 90
        app.screen.show_section("customer-views")
        await pilot.pause()
        box = svc.timeboxes(wid)["business-needs"]
        assert (box.running_since, box.elapsed_s) == (None, 90.0)
        assert any("'Business needs' paused" in n.message for n in app._notifications)
        # Long after its time is up, the hidden step raises no alarm.
        now[0] += 3600
        app.screen.show_section("customer-views")
        for bar in app.screen.query(TimerBar):
            bar.tick()
        assert not any("Time is up" in n.message for n in app._notifications)


async def test_changes_from_another_program_show_up_by_themselves(db, svc, wid):
    from sprintkit.tui import workshop as workshop_module

    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Another program on the same file: its own connection, not the app's.
        other = WorkshopService(Store(db))
        other.add_note(wid, "business-needs", "Typed in another window", participant="Bo")
        other.store.close()
        await pilot.pause(workshop_module.OUTSIDE_CHECK_S + 0.3)
        rows = app.screen.pane.query_one(NoteList).rows
        assert any("Typed in another window" in str(r.resolve()) for r in rows)


async def test_history_help_and_command_palette_entries(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_note(pilot, "Something happened")
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        rows = app.screen.query_one(RowList).rows
        assert "Note added: 'Something happened'" in str(rows[0].resolve())
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one("VerticalScroll Static").render())
        for words in ("Undo", "Speaker", "Open round", "To later phase", "2×2 matrix"):
            assert words in body
        await pilot.press("escape")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Participants" in titles and "Go to step 8: Roadmap" in titles


async def test_labels_follow_the_workshop_language(db, svc):
    ws = svc.create_workshop("Satama", find_playbook("service-sprint", "fi"))
    app = make_app(db, svc, ws.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer_keys = {b.description for b in app.screen.active_bindings.values()
                       for b in [b.binding]}
        assert "Puhuja" in footer_keys and "Vaiheet" in footer_keys
        assert "Vaihe 1/9: Liiketoiminnan tarpeet" in app.sub_title


async def test_a_refusal_reads_in_the_workshops_language(db, svc):
    ws = svc.create_workshop("Satama", find_playbook("service-sprint", "fi"))
    svc.add_participant(ws.id, "Aino", "Myynti")
    app = make_app(db, svc, ws.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("a")
        await fill_form(pilot, name="aino", role="IT")
        messages = [n.message for n in app._notifications]
        assert "Nimi 'aino' on jo käytössä tässä työpajassa." in messages
        assert [p.name for p in svc.participants(ws.id)] == ["Aino"]


@pytest.mark.parametrize("language, expected", [
    ("en", ["At most 1 dot per initiative: Aino already has 1 on 'Faster answers'.",
            "The name 'aino' is already taken in this workshop.",
            "Notes go in a step that collects them; 'Group into initiatives' does not.",
            "The note cannot be empty.",
            "Round 1 is still open: close it first."]),
    ("fi", ["Yhdelle kehityskohteelle enintään 1 piste: henkilöllä Aino on jo 1 kohteella "
            "'Faster answers'.",
            "Nimi 'aino' on jo käytössä tässä työpajassa.",
            "Muistiinpanot kirjataan keruuvaiheisiin; 'Ryhmittely kehityskohteiksi' ei ole "
            "sellainen.",
            "Muistiinpano ei voi olla tyhjä.",
            "Kierros 1 on yhä auki: sulje se ensin."]),
])
def test_service_refusals_are_worded_in_the_ui_language(svc, language, expected):
    from sprintkit.errors import SprintkitError

    ws = svc.create_workshop("Words", find_playbook("service-sprint", language))
    svc.add_participant(ws.id, "Aino", "Myynti")
    item = svc.create_initiative(ws.id, "Faster answers")
    svc.open_round(ws.id, dots=2, max_per_item=1)
    svc.vote(ws.id, "Aino", item.id)
    refused = []
    for call in (lambda: svc.vote(ws.id, "Aino", item.id),
                 lambda: svc.add_participant(ws.id, "aino", ""),
                 lambda: svc.add_note(ws.id, "grouping", "Not here"),
                 lambda: svc.add_note(ws.id, "business-needs", "   "),
                 lambda: svc.open_round(ws.id)):
        with pytest.raises(SprintkitError) as info:
            call()
        refused.append(info.value)
    labels.set_language(language)
    try:
        assert [labels.error_text(exc) for exc in refused] == expected
    finally:
        labels.set_language("en")


def test_every_refusal_the_service_names_has_words():
    import re
    from pathlib import Path

    from sprintkit import service

    # The service is a package of feature modules: read them all.
    source = "".join(f.read_text(encoding="utf-8")
                     for f in sorted(Path(service.__file__).parent.glob("*.py")))
    keys = set(re.findall(r'key="(\w+)"', source))
    keys |= {"undo_conflict", "redo_conflict"}
    assert len(keys) > 20
    assert sorted(k for k in keys if f"error.{k}" not in labels.EN) == []


def test_every_label_exists_in_both_languages():
    assert set(labels.EN) == set(labels.FI)
    import string

    def fields(text: str) -> set[str]:
        # A counted phrase "{n__1}" counts as the field it depends on.
        return {f[1].split("__")[0] for f in string.Formatter().parse(text) if f[1]}

    for key, text in labels.EN.items():
        assert fields(text) == fields(labels.FI[key]), key


def test_every_binding_has_a_label():
    import inspect

    from sprintkit.tui import app as app_mod
    from sprintkit.tui import home, panes, screens, widgets, workshop

    for module in (app_mod, home, panes, screens, widgets, workshop):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith("sprintkit.tui"):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if getattr(binding, "description", ""):
                    assert binding.description in labels.EN, (cls, binding.description)


async def test_f5_opens_the_room_or_says_why_not(db, svc, wid, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_room(name, *args, **kwargs):
        if name == "sprintkit.tui.screens.room":
            raise ModuleNotFoundError("no room", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_room)
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert any("phone room" in n.message for n in app._notifications)


async def test_escape_leads_back_to_the_workshop_list(db, svc, wid):
    app = make_app(db, svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # open the highlighted workshop
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert app.workshop_id == wid
        await pilot.press("escape")  # to the step list (shown even when narrow)
        await pilot.pause()
        assert app.focused.id == "sections"
        assert app.screen.query_one("#sidebar").display
        await pilot.press("down", "enter")
        await pilot.pause()
        assert section(app) == "customer-views"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.workshop_id is None
    assert svc.workshop(wid).current_section == "customer-views"


async def test_open_workshop_directly_then_go_home(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(RowList).row_keys() == [wid]


async def test_changes_stay_visible_to_other_processes(db, svc, wid):
    """An export or a CLI call in another process must never hide later changes.

    (Two Store objects on one file in one process let another process delete
    the WAL; the app shares one connection, so this keeps working.)
    """
    import subprocess
    import sys

    def notes_seen_by_cli() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-m", "sprintkit", "--db", str(db), "note", "list", str(wid),
             "--json"], capture_output=True, text=True, check=True).stdout
        return [n["text"] for n in json.loads(out)]

    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_note(pilot, "Before the other process")
        assert notes_seen_by_cli() == ["Before the other process"]
        await type_note(pilot, "After the other process")
        assert notes_seen_by_cli() == ["Before the other process", "After the other process"]


def test_run_app_reuses_the_cli_connection(db, svc):
    import click

    from sprintkit.tui.app import _open_service

    env = SimpleNamespace(db_path=db, _service=svc)
    with click.Context(click.Command("x"), obj=env):
        assert _open_service(db) is svc
        assert _open_service(db.parent / "other.db") is None
    assert _open_service(db) is None


async def test_export_screen_lists_every_registered_format(db, svc, wid, monkeypatch):
    from sprintkit import export

    monkeypatch.setitem(export.FORMATS, "txt", (".txt", lambda snap, opts: b"x"))
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await settle(pilot)
        keys = app.screen.query_one("#formats", RowList).row_keys()
        assert "json" in keys and "txt" in keys


async def test_undo_conflict_is_explained_not_raised(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_note(pilot, "Will be edited elsewhere")
        note = svc.notes(wid)[0]
        # Someone on a phone changes the same row (not undoable from here).
        with svc.store.transaction() as conn:
            conn.execute("UPDATE notes SET text = 'changed' WHERE id = ?", [note.id])
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any("Cannot undo" in (n.title or "") for n in app._notifications)
        assert svc.note(wid, note.id).text == "changed"


async def test_switching_steps_faster_than_they_build(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for sid in ("customer-views", "business-needs", "customer-views", "grouping",
                    "customer-views"):
            screen.show_section(sid)  # no pause: panes are still mounting
        await pilot.pause()
        assert section(app) == "customer-views"
        assert isinstance(app.focused, Input) and app.focused.id == "note-input"
        assert app.focused in screen.pane.query(Input)
        await type_note(pilot, "Lands in the step on screen")
        assert [n.section_id for n in svc.notes(wid)] == ["customer-views"]


async def test_quitting_stops_a_running_phone_room(db, svc, wid):
    stopped = []

    class FakeRoom:
        async def stop(self) -> None:
            stopped.append(True)

    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.room = FakeRoom()
        await pilot.press("ctrl+q")
    assert stopped == [True]
    assert app.room is None


async def test_multi_line_phone_note_is_edited_in_a_text_area(db, svc, wid):
    note = svc.add_note(wid, "business-needs", "First line\nsecond line", source=PHONE)
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("up", "e")
        await pilot.pause()
        await write_text(pilot, "First line\nsecond line, edited")
        assert svc.note(wid, note.id).text == "First line\nsecond line, edited"


async def test_participants_import_from_csv_in_a_worker(db, svc, wid, tmp_path):
    csv_file = tmp_path / "team.csv"
    csv_file.write_text("name,role\nEve,Partner\nFinn,Operations\n", encoding="utf-8")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3", "i")
        await pilot.pause()
        await answer(pilot, str(csv_file))
        await settle(pilot)
        assert [p.name for p in svc.participants(wid)][-2:] == ["Eve", "Finn"]
        assert {"Eve", "Finn"} <= {str(r.resolve()).split()[0]
                                   for r in app.screen.query_one(RowList).rows}
        await pilot.press("i")
        await pilot.pause()
        await answer(pilot, str(tmp_path / "missing.csv"))
        await settle(pilot)
        assert any("no such file" in n.message for n in app._notifications)


async def test_opening_a_missing_workshop_shows_the_list(db, svc, wid):
    app = make_app(db, svc, 999)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.workshop_id is None
        assert any("no workshop" in n.message for n in app._notifications)


# ------------------------------------------------------ first-use polish


def fi_workshop(svc) -> int:
    ws = svc.create_workshop("Satama", find_playbook("service-sprint", "fi"))
    svc.add_participant(ws.id, "Anna", "Myynti")
    return ws.id


async def test_a_long_intro_is_cut_with_an_ellipsis_and_opens_in_full(db, svc, wid):
    from sprintkit.tui.widgets import Intro, IntroScreen

    svc.set_current_section(wid, "customer-views")
    full = svc.playbook(wid).section("customer-views").intro
    app = make_app(db, svc, wid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        intro = app.screen.pane.query_one(Intro)
        shown = str(intro.render())
        assert intro.cut and intro.size.height == 2
        assert shown.rstrip().endswith("Ctrl+O reads on") and "… " in shown
        # Ctrl+O works while typing a note; the whole text is in the dialog.
        assert app.screen.pane.query_one("#note-input", Input).has_focus
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        body = str(app.screen.query_one("#intro-text", Static).render())
        assert " ".join(full.split()) in " ".join(body.split())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        # With room to spare the text is shown whole, with no marker.
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        assert not intro.cut
        assert "Ctrl+O" not in str(intro.render())


async def test_an_unknown_speaker_or_tag_is_not_saved_or_credited(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_note(pilot, "@Bo first")
        bo = svc.participant(wid, "Bo").id
        assert svc.notes(wid)[0].participant_id == bo
        field = app.screen.pane.query_one("#note-input", Input)
        for typed, message in [("@Nobody said this", "No participant 'Nobody'"),
                               ("Odd one #nosuchtag", "No lens tag '#nosuchtag'")]:
            app._notifications.clear()
            await type_note(pilot, typed)
            assert len(svc.notes(wid)) == 1  # nothing saved, nothing credited to Bo
            # The field is free for the next note; the line is held aside to be fixed.
            assert field.value == ""
            assert app.screen.pane.held[-1]["text"] == typed
            assert any(message in n.message for n in app._notifications)
        # Once fixed, the note is saved to the right person.
        await type_note(pilot, "@Cy said this")
        assert svc.notes(wid)[1].participant_id == svc.participant(wid, "Cy").id
        assert field.value == ""


async def test_enter_opens_a_voting_round_from_any_field(db, svc, wid):
    svc.create_initiative(wid, "Only one")
    svc.set_current_section(wid, "voting")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter", "enter", "enter")  # the fields come filled in
        await pilot.pause()
        assert svc.current_round(wid).status == "open"
        assert isinstance(app.screen, WorkshopScreen)
        # A budget that is not a number keeps the form open with a message.
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one("#field-dots", Input).value = "lots"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-dots", Input).value = "7"
        await pilot.press("enter")
        await pilot.pause()
        assert svc.current_round(wid).dots_per_person == 7


async def test_participant_form_enter_moves_to_an_empty_role_then_saves(db, svc, wid):
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Di", "enter")
        await pilot.pause()
        assert app.screen.query_one("#field-role", Input).has_focus
        await pilot.press(*"Ops", "enter")
        await pilot.pause()
        assert svc.participant(wid, "Di").role == "Ops"


async def test_finnish_workshop_shows_no_english(db, svc):
    from textual.command import CommandPalette

    wid = fi_workshop(svc)
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {b.binding.action: b.binding.description
                 for b in app.screen.active_bindings.values()}
        assert shown["help"] == "Ohje" and shown["steps"] == "Vaiheet"
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "Hae komentoja…"
        await pilot.press("escape")
        await pilot.pause()
        await type_note(pilot, "Lippu on kallis")
        app._notifications.clear()
        await pilot.press("ctrl+z")
        await pilot.pause()
        [toast] = list(app._notifications)
        assert toast.message == "Kumottu: Muistiinpano lisätty: 'Lippu on kallis'"
        # Back home, the app's own keys are in the start language again.
        app.close_workshop()
        await pilot.pause()
        shown = {b.binding.action: b.binding.description
                 for b in app.screen.active_bindings.values()}
        assert shown["help"] == labels.tr("key.help")


def test_every_action_of_the_service_has_a_phrase():
    import re
    from pathlib import Path

    import sprintkit.service as service_module

    source = "".join(f.read_text(encoding="utf-8")
                     for f in sorted(Path(service_module.__file__).parent.glob("*.py")))
    actions = set(re.findall(r'"((?:workshop|participant|note|initiative|round|vote|score|'
                             r'roadmap)\.[a-z_]+)"', source))
    assert "roadmap.set" in actions and "note.add" in actions
    # Event message ids (rec.say) look like action codes; each has words of its own.
    said: set[str] = set()
    for call in re.finditer(r"rec\.say\((.*?),", source, re.S):
        said |= set(re.findall(r'"([a-z_.]+)"', call.group(1)))
    assert "roadmap.changed" in said and "vote.added" in said
    for message in said:
        assert labels.tr.has(f"event.{message}"), message
    for action in actions - said:
        assert labels.tr.has(f"action.{action}"), action


def test_counts_take_the_singular_for_one():
    labels.set_language("fi")
    try:
        line = labels.tr("review.counts.line", notes=1, items=2, people=1, rounds=1)
        assert line == "1 muistiinpano · 2 kehityskohdetta · 1 osallistuja · 1 äänestyskierros"
        assert labels.tr("review.counts.line", notes=0, items=1, people=3, rounds=2) == \
            "0 muistiinpanoa · 1 kehityskohde · 3 osallistujaa · 2 äänestyskierrosta"
    finally:
        labels.set_language("en")
    assert labels.tr("vote.voters", n=1) == "1 voter"
    assert labels.tr("group.added", n=2, title="X") == "Added 2 notes to 'X'"
    assert labels.tr("score.avg", i="1.5", e="2", n=1) == "impact 1.5 · effort 2 (1)"
    # No label still says "(s)" for a count.
    for table in labels.LABELS.values():
        assert not [k for k, v in table.items() if "(s)" in v]


def test_export_describes_the_csv_as_one_row_per_initiative():
    assert labels.EN["export.about.csv"] == "Spreadsheet: one row per initiative"
    assert "muistiinpano" not in labels.FI["export.about.csv"]


async def test_new_workshop_has_a_facilitator_and_details_can_be_edited(db, svc):
    app = make_app(db, svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"Harbour", "enter")
        await pilot.press(*"City", "enter")
        await pilot.press(*"Kim", "enter")
        await pilot.pause()
        assert screen.query_one("#new-playbook", RowList).has_focus
        await pilot.press("ctrl+s")
        await pilot.pause()
        [ws] = svc.list_workshops()
        assert (ws.organisation, ws.facilitator) == ("City", "Kim")
        # The list starts on the service sprint in the screen's language.
        assert (ws.playbook_id, ws.language) == ("service-sprint", app.start_language)
        app.close_workshop()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await fill_form(pilot, facilitator="Lee")
        assert svc.workshop(ws.id).facilitator == "Lee"
        assert svc.workshop(ws.id).organisation == "City"


async def test_roadmap_column_in_use_gets_the_width(db, svc, wid):
    long = "Refunds without any forms for every customer channel"
    svc.create_initiative(wid, long)
    svc.set_current_section(wid, "roadmap")
    app = make_app(db, svc, wid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.pane
        boxes = list(pane.query(".phase"))
        assert boxes[0].has_class("-current")
        assert boxes[0].size.width > 1.5 * boxes[1].size.width
        assert long in str(pane.query_one("#detail", Static).render())
        await pilot.press("right")
        await pilot.pause()
        assert boxes[1].has_class("-current") and not boxes[0].has_class("-current")


async def test_finnish_confirm_answers_to_k_and_e(db, svc):
    wid = fi_workshop(svc)
    svc.add_participant(wid, "Ville", "IT")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert "Enter tai k: kyllä" in str(app.screen.query(".hint").first().render())
        await pilot.press("e")  # ei
        await pilot.pause()
        assert len(svc.participants(wid)) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("k")  # kyllä
        await pilot.pause()
        assert len(svc.participants(wid)) == 1


async def test_i_opens_the_intro_where_nobody_is_typing(db, svc, wid):
    from sprintkit.tui.widgets import IntroScreen

    svc.set_current_section(wid, "voting")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)


async def test_queued_enters_close_a_dialog_once(db, svc, wid):
    """Enter pressed faster than the dialog closes must not pop the screen below it."""
    svc.create_initiative(wid, "Only one")
    svc.set_current_section(wid, "voting")
    app = make_app(db, svc, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workshop = app.screen
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        field = form.query_one("#field-anonymous", Input)
        for _ in range(3):
            field.post_message(Input.Submitted(field, field.value))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is workshop
        assert svc.current_round(wid).status == "open"
        await pilot.press("f8")  # the same holds for a one-line prompt over a screen
        await pilot.pause()
        history = app.screen
        app.push_screen(PromptScreen("Say something"))
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        prompt.value = "hi"
        for _ in range(3):
            prompt.post_message(Input.Submitted(prompt, "hi"))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is history
