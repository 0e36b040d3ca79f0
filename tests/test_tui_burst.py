"""Keys that arrive faster than the UI handles them: nothing merged, doubled or lost.

``pilot.press`` waits for the app to go idle after every key, which hides the
race these tests are about. Here key events are posted to the app in one go,
as a terminal delivers a burst of typed or scripted input, and only then does
the test wait.
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.keys import _character_to_key

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.panes import CapturePane
from sprintkit.tui.screens import ParticipantsScreen
from sprintkit.tui.widgets import FormScreen, PromptScreen

SIZE = (100, 32)


@pytest.fixture
def wid(svc):
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    svc.add_participant(ws.id, "Ann", "Sales")
    svc.add_participant(ws.id, "Bo", "IT")
    return ws.id


def key_event(key: str) -> events.Key:
    """The event a terminal's driver posts for one key name or one character."""
    named = {"enter": "\r", "escape": "\x1b", "tab": "\t", "backspace": "\x7f"}
    if key in named:
        return events.Key(key, named[key])
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    return events.Key(key, None)


def send(app: SprintkitApp, *parts: str | list[str]) -> None:
    """Post keys to the app without waiting: strings are typed, lists are key names."""
    for part in parts:
        keys = list(part) if isinstance(part, str) else part
        for key in keys:
            app.post_message(key_event(key))


async def wait_until(pilot, check, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "timed out"
        await pilot.pause(0.05)
    await pilot.pause(0.2)


def note_texts(svc: WorkshopService, wid: int, section: str = "business-needs") -> list[str]:
    return [n.text for n in svc.notes(wid, section)]


def lines(n: int) -> list[str]:
    return [f"Note number {i} about the queue" for i in range(1, n + 1)]


async def test_thirty_notes_typed_back_to_back_are_stored_whole_once_in_order(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query(CapturePane)
        for text in lines(30):
            send(app, text, ["enter"])
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 30)
        assert note_texts(svc, wid) == lines(30)
        assert app.screen.pane.query_one("#note-input").value == ""


async def test_participants_typed_in_one_burst_keep_name_and_role_apart(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    people = [("Päivi Mäkinen", "asiakaspalvelu"), ("Dan Ek", "IT"), ("Eva Lind", "Sales")]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, ["f3"])
        for name, role in people:
            send(app, ["a"] if name == people[0][0] else [], name, ["enter"], role, ["enter"])
        send(app, ["escape"])
        await wait_until(pilot, lambda: len(svc.participants(wid)) >= 5)
        assert [(p.name, p.role) for p in svc.participants(wid)][2:] == people
        # The form reopened for the next person was closed by the last Esc.
        assert isinstance(app.screen, ParticipantsScreen)


async def test_letters_typed_while_a_dialog_opens_go_into_its_field(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, ["f3"], ["a"], "Dora der", ["tab"], "IT", ["ctrl+s"])
        await wait_until(pilot, lambda: len(svc.participants(wid)) >= 3)
        # d, r and i are commands in the people list (delete, edit, import).
        assert [(p.name, p.role) for p in svc.participants(wid)] == [
            ("Ann", "Sales"), ("Bo", "IT"), ("Dora der", "IT")]
        assert isinstance(app.screen, FormScreen)  # open again for the next person


async def test_ctrl_z_typed_after_a_note_undoes_that_note(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Ctrl+Z acts as soon as the app reads it, ahead of any widget: it must
        # still wait for the note typed before it.
        send(app, "First note", ["enter"], "Second note", ["enter"], ["ctrl+z"], "Third",
             ["enter"])
        await wait_until(pilot, lambda: "Third" in note_texts(svc, wid))
        assert note_texts(svc, wid) == ["First note", "Third"]


async def test_thirty_notes_in_a_burst_while_a_pdf_export_runs(db, svc, wid, tmp_path):
    from sprintkit.export import export_to_file

    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The heaviest kind of export: in a thread of this very process, competing
        # with the keys for the interpreter, as it runs for an in-memory database.
        snapshot = svc.snapshot(wid)
        export = asyncio.ensure_future(
            asyncio.to_thread(export_to_file, snapshot, "pdf", tmp_path / "out"))
        await asyncio.sleep(0.05)
        for text in lines(30):
            send(app, text, ["enter"])
        assert not export.done()
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 30 and export.done())
        assert note_texts(svc, wid) == lines(30)
        assert export.result().exists()


async def test_thirty_notes_in_a_burst_while_phones_add_notes(db, svc, wid):
    from types import SimpleNamespace

    from sprintkit.service import PHONE

    app = SprintkitApp(db, wid, service=svc)
    phone = [f"Phone note {i}" for i in range(40)]

    async def phones() -> None:
        # The room's server runs on the app's loop: each phone note is a write and
        # a report to the app, between the keys being handled.
        for text in phone:
            note = svc.add_note(wid, "business-needs", text, participant="Ann", source=PHONE)
            app.room_changed(SimpleNamespace(kind="note", participant_id=note.participant_id,
                                             detail=text))
            await asyncio.sleep(0.002)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for text in lines(30):
            send(app, text, ["enter"])
        await phones()
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 70)
        texts = note_texts(svc, wid)
        assert [t for t in texts if t.startswith("Note number")] == lines(30)
        assert [t for t in texts if t.startswith("Phone")] == phone
        assert len(texts) == 70
        await pilot.pause(app.ROOM_RELOAD_DELAY + 0.2)
        assert len(app.screen.pane.query_one("#notes").rows) == 70


async def test_a_refused_line_is_held_aside_and_never_merges_with_the_next(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, "First @ann", ["enter"], "Second from @nobody", ["enter"], "Third",
             ["enter"])
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 2)
        assert note_texts(svc, wid) == ["First", "Third"]
        pane = app.screen.pane
        assert pane.query_one("#note-input").value == ""
        strip = pane.query_one("#held")
        assert strip.display and "Second from @nobody" in str(strip.render())
        assert "1 line not saved" in str(strip.render())
        # Ctrl+R opens the line, cursor at the end; the fix is typed and saved.
        send(app, ["ctrl+r"], ["backspace"] * 6, "bo", ["enter"])
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 3)
        notes = svc.notes(wid, "business-needs")
        assert [n.text for n in notes] == ["First", "Third", "Second from"]
        assert notes[2].participant_id == svc.participant(wid, "Bo").id
        assert not pane.query_one("#held").display


async def test_a_five_line_bracketed_paste_asks_then_makes_one_note_per_line(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    pasted = "Queue at the ticket office\n@bo Card reader fails\n\nRefunds take weeks #ease\n" \
             "Staff lack live data @nobody\nApp logs out\n"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.Paste(pasted))
        send(app, ["enter"], "Typed after", ["enter"])
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 5)
        notes = svc.notes(wid, "business-needs")
        bo = svc.participant(wid, "Bo").id
        assert [(n.text, n.participant_id, n.lenses) for n in notes] == [
            ("Queue at the ticket office", None, []),
            ("Card reader fails", bo, []),
            ("Refunds take weeks", bo, ["ease"]),
            ("App logs out", bo, []),
            ("Typed after", bo, []),
        ]
        assert [h["text"] for h in app.screen.pane.held] == ["Staff lack live data @nobody"]


async def test_the_paste_dialog_lists_the_lines_and_the_refused_ones(db, svc, wid):
    from sprintkit.tui.widgets import PasteScreen

    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.Paste("One\nTwo #nosuchtag\nThree"))
        await wait_until(pilot, lambda: isinstance(app.screen, PasteScreen))
        shown = " ".join(str(w.render()) for w in app.screen.query("Label, Static"))
        assert "Paste 3 lines as 3 separate notes?" in shown
        assert "One" in shown and "Three" in shown
        assert "No lens tag '#nosuchtag'" in str(app.screen.query_one("#paste-refused").render())


async def test_any_other_key_keeps_a_paste_as_one_note_and_starts_the_next(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.Paste("Line one\nLine two @ann\nLine three"))
        send(app, "Next note", ["enter"])
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 2)
        notes = svc.notes(wid, "business-needs")
        ann = svc.participant(wid, "Ann").id
        assert [(n.text, n.participant_id) for n in notes] == [
            ("Line one\nLine two\nLine three", ann), ("Next note", ann)]


async def test_a_one_line_paste_goes_into_the_field(db, svc, wid):
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, "Before ")
        app.post_message(events.Paste("\npasted\n\n"))
        send(app, " after", ["enter"])
        await wait_until(pilot, lambda: len(note_texts(svc, wid)) >= 1)
        assert note_texts(svc, wid) == ["Before pasted after"]


# ------------------------------------------------------------------ dialogs


async def test_edit_dialogs_open_with_the_cursor_at_the_end_and_nothing_selected(db, svc, wid):
    svc.add_note(wid, "business-needs", "Queue at the office")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Up to the note, e to edit, and straight on typing: the keys add to the text.
        send(app, ["up"], ["e"], " on Mondays", ["enter"])
        await wait_until(pilot, lambda: note_texts(svc, wid) != ["Queue at the office"])
        assert note_texts(svc, wid) == ["Queue at the office on Mondays"]
        # The participant form: Enter edits Ann, and her role gets more words.
        send(app, ["f3"], ["enter"], ["tab"], " and marketing", ["enter"])
        await wait_until(pilot, lambda: svc.participant(wid, "Ann").role != "Sales")
        assert (svc.participant(wid, "Ann").name, svc.participant(wid, "Ann").role) == (
            "Ann", "Sales and marketing")


async def test_the_roadmap_form_after_an_owner_keeps_the_owner(db, svc, wid):
    item = svc.create_initiative(wid, "Live data for staff")
    svc.set_roadmap(wid, item.id, phase="next", owner="Bo")
    svc.set_current_section(wid, "roadmap")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused.id == "col-next"
        # Enter opens the form on the owner: what is typed adds to it; then metric
        # and target, whose characters are commands on the board below.
        send(app, ["enter"], " and Ann", ["enter"], "Share of shifts with live data",
             ["enter"], "+40% <by> June", ["enter"], ["enter"])
        await wait_until(pilot, lambda: svc.initiative(wid, item.id).target != "")
        saved = svc.initiative(wid, item.id)
        assert (saved.owner, saved.metric, saved.target, saved.phase) == (
            "Bo and Ann", "Share of shifts with live data", "+40% <by> June", "next")


async def test_esc_on_a_changed_form_asks_before_throwing_the_text_away(db, svc, wid):
    from textual.widgets import TextArea

    from sprintkit.tui.widgets import DiscardScreen, TextScreen

    item = svc.create_initiative(wid, "Live data")
    svc.set_current_section(wid, "grouping")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.pane.query_one("#group-items").focus()
        await pilot.pause()
        screen.pane.describe_item()
        await wait_until(pilot, lambda: isinstance(app.screen, TextScreen))
        send(app, "Line one", ["enter"], "Line two", ["escape"])
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardScreen))
        # Letters do not answer the question, and the text is still there.
        send(app, "y")
        await pilot.pause(0.2)
        assert isinstance(app.screen, DiscardScreen)
        assert any("Press Esc to throw the changes away" in n.message
                   for n in app._notifications)
        send(app, ["enter"])
        await wait_until(pilot, lambda: isinstance(app.screen, TextScreen))
        assert app.screen.query_one(TextArea).text == "Line one\nLine two"
        assert "Ctrl+S saves" in " ".join(str(w.render()) for w in app.screen.query(".hint"))
        send(app, ["ctrl+s"])
        await wait_until(pilot, lambda: svc.initiative(wid, item.id).description != "")
        assert svc.initiative(wid, item.id).description == "Line one\nLine two"
        # Unchanged, Esc closes at once; changed, Esc twice throws the change away.
        screen.pane.rename_item()
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        send(app, ["escape"])
        await wait_until(pilot, lambda: app.screen is screen)
        screen.pane.rename_item()
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        send(app, " for all", ["escape"], ["escape"])
        await wait_until(pilot, lambda: app.screen is screen)
        assert svc.initiative(wid, item.id).title == "Live data"


async def test_quitting_with_a_held_line_keeps_it_without_asking(db, svc, wid):
    # Held lines are kept in the database now, so quitting has nothing to ask.
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, "Said by @nobody", ["enter"], ["ctrl+q"])
        await wait_until(pilot, lambda: not app.is_running)
    assert [(d.kind, d.text) for d in svc.drafts(wid)] == [("held", "Said by @nobody")]


async def test_esc_on_a_new_workshop_with_a_name_typed_asks(db, svc):
    from sprintkit.tui.home import HomeScreen, NewWorkshopScreen
    from sprintkit.tui.widgets import DiscardScreen

    app = SprintkitApp(db, None, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, ["n"], "Rail sprint", ["escape"])
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardScreen))
        send(app, ["enter"])
        await wait_until(pilot, lambda: isinstance(app.screen, NewWorkshopScreen))
        assert app.screen.query_one("#new-name").value == "Rail sprint"
        send(app, ["escape"], ["escape"])
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert svc.list_workshops() == []


async def test_letters_typed_into_a_question_are_no_answer_and_say_so(db, svc, wid):
    from sprintkit.tui.widgets import ConfirmScreen

    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # d asks whether to remove Ann; "Bo" typed ahead answers nothing.
        send(app, ["f3"], ["d"], "Bo")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConfirmScreen)
        assert any(n.title == "That key does not answer the question"
                   for n in app._notifications)
        send(app, ["escape"])
        await wait_until(pilot, lambda: isinstance(app.screen, ParticipantsScreen))
        assert [p.name for p in svc.participants(wid)] == ["Ann", "Bo"]


async def test_a_paste_of_several_lines_into_a_dialog_keeps_every_line(db, svc, wid):
    svc.add_note(wid, "business-needs", "Queue")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, ["up"], ["e"], " ")
        app.post_message(events.Paste("at the office\non Mondays\n"))
        send(app, ["enter"])
        await wait_until(pilot, lambda: note_texts(svc, wid) != ["Queue"])
        assert note_texts(svc, wid) == ["Queue at the office on Mondays"]


async def test_a_note_still_being_typed_is_held_not_lost(db, svc, wid):
    from sprintkit.tui.home import HomeScreen

    # Quitting holds the note being typed and keeps it, without asking.
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, "draft before quit", ["ctrl+q"])
        await wait_until(pilot, lambda: not app.is_running)
    assert [(d.kind, d.text) for d in svc.drafts(wid)] == [("held", "draft before quit")]
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [h["text"] for h in app.screen.pane.held] == ["draft before quit"]
        # leaving the workshop keeps a draft aside too, for when the step is back
        send(app, "second draft")
        await wait_until(pilot, lambda: app.screen.pane.query_one("#note-input").value
                         == "second draft")
        app.close_workshop()
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        held = [h["text"] for state in app.ui.capture.values() for h in state["held"]]
        assert held == ["draft before quit", "second draft"]
    assert svc.notes(wid) == []
