"""Every screen, dialog, list and toast shows text from people literally.

Names, roles, notes, titles, descriptions, owners, metrics, targets,
organisation and workshop name all hold markup-like text (``[/]``, ``[b]``,
``IT [contractor]``); some rows also hold raw escape sequences, as a row
written before the service cleaned its input would. Each screen must show the
text as typed, never as markup (a ``[/]`` used to end the app with a
MarkupError), and no control character may reach the terminal.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from sprintkit.playbooks import find_playbook
from sprintkit.service import PHONE, WorkshopService
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.home import HomeScreen
from sprintkit.tui.panes import CapturePane, GroupPane, ReviewPane, RoadmapPane, ScorePane, VotePane
from sprintkit.tui.screens import (
    BallotScreen,
    ExportScreen,
    HelpScreen,
    HistoryScreen,
    InitiativeScreen,
    ParticipantsScreen,
    ScoreDialog,
    VoicesScreen,
)
from sprintkit.tui.widgets import (
    ConfirmScreen,
    FormScreen,
    IntroScreen,
    PickScreen,
    PromptScreen,
    TextScreen,
    TogglesScreen,
)
from sprintkit.tui.workshop import WorkshopScreen

SIZE = (160, 50)
HIJACK = "\x1b[2J\x1b[31mTERMINAL HIJACK\x1b]0;pwned\x07"
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f]")

WORKSHOP = "Sprint [b]one[/b] [/]"
ORG = "Org [/] [i]Ltd"
FACILITATOR = "Fay [red]F"
ANN, ANN_ROLE = "Ann [/]", "IT [contractor]"
BO, BO_ROLE = "Bo [b]", "Ops [b]"
CY, CY_ROLE = "[link=x]Cy", "[/]"
NOTE = "Queue [/] at the [b]gate[/b]"
PHONE_NOTE = "Phone [i]note[/i] [/]"
ITEM, DESCRIPTION = "Refunds [/] [b]fast", "Pay [i]back[/i] [/] in a day"
OWNER, METRIC, TARGET = "Owner [/]", "Share [b]paid", "80% [/]"
OTHER = "Other [bold]item"
# A playbook is a file from somewhere too.
STEP, STEP_INTRO, PROMPT = "Business [/] needs [b]", "Why [i]it[/i] matters [/]", "Goal [/]?"
PHASE = "Now [/] [b]"


def hostile_playbook():
    from dataclasses import replace

    book = find_playbook("service-sprint", "en")
    first, *rest = book.sections
    now, *later = book.phases
    return replace(book, sections=[replace(first, title=STEP, intro=STEP_INTRO,
                                           prompts=[PROMPT, *first.prompts[1:]]), *rest],
                   phases=[replace(now, title=PHASE), *later])


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "hostile.db"
    svc = WorkshopService(Store(db))
    ws = svc.create_workshop(WORKSHOP, hostile_playbook(),
                             organisation=ORG, facilitator=FACILITATOR)
    w = ws.id
    ann = svc.add_participant(w, ANN, ANN_ROLE)
    bo = svc.add_participant(w, BO, BO_ROLE, source=PHONE)
    cy = svc.add_participant(w, CY, CY_ROLE)
    note = svc.add_note(w, "business-needs", NOTE, participant=ann.id, lenses=["ease"])
    svc.add_note(w, "business-needs", PHONE_NOTE, participant=bo.id, source=PHONE)
    loose = svc.add_note(w, "customer-views", "Loose " + NOTE, participant=cy.id)
    item = svc.create_initiative(w, ITEM, note_ids=[note.id], description=DESCRIPTION)
    other = svc.create_initiative(w, OTHER, note_ids=[loose.id])
    svc.set_roadmap(w, item.id, phase="now", owner=OWNER, metric=METRIC, target=TARGET,
                    contributors=[BO])
    svc.set_roadmap(w, other.id, phase="next")  # no owner or metric: a readiness warning
    svc.open_round(w)
    svc.vote(w, ann.id, item.id, dots=2)
    svc.score(w, ann.id, item.id, impact=4, effort=2)
    # Rows as an older version stored them: escape sequences and all.
    conn = svc.store.conn
    conn.execute("UPDATE notes SET text = text || ? WHERE id = ?", [" " + HIJACK, note.id])
    conn.execute("UPDATE participants SET role = role || ? WHERE id = ?", [HIJACK, cy.id])
    conn.execute("UPDATE initiatives SET description = description || ? WHERE id = ?",
                 [HIJACK, item.id])
    conn.commit()
    yield SimpleNamespace(db=db, svc=svc, wid=w, ann=ann, bo=bo, cy=cy, item=item)
    svc.store.close()


def shown(app) -> str:
    """What the terminal shows of the current screen, line by line."""
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    text = "\n".join(lines)
    assert not UNSAFE.search(text.replace("\n", "")), type(app.screen).__name__
    return text


def on_screen(app, *texts: str) -> None:
    text = shown(app)
    flat = " ".join(text.split())
    for expected in texts:
        assert " ".join(expected.split()) in flat, (type(app.screen).__name__, expected, text)


def toasts(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_home_screen_and_its_dialogs(hostile):
    app = SprintkitApp(hostile.db, None, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot)
        assert isinstance(app.screen, HomeScreen)
        on_screen(app, WORKSHOP)
        await press(pilot, "r")
        assert isinstance(app.screen, PromptScreen)
        on_screen(app, WORKSHOP)
        await press(pilot, "escape", "e")
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "escape")
        await press(pilot, "enter")
        assert isinstance(app.screen, WorkshopScreen)
        on_screen(app, WORKSHOP)


async def test_capture_step_lists_pickers_and_intro(hostile):
    app = SprintkitApp(hostile.db, hostile.wid, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot)
        assert isinstance(app.screen.pane, CapturePane)
        on_screen(app, WORKSHOP, STEP, STEP_INTRO, PROMPT, ANN, NOTE, BO, PHONE_NOTE,
                  "TERMINAL HIJACK")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PickScreen)
        on_screen(app, ANN, ANN_ROLE, BO, BO_ROLE, CY, CY_ROLE)
        await press(pilot, "escape", "ctrl+t")
        assert isinstance(app.screen, TogglesScreen)
        await press(pilot, "escape", "ctrl+o")
        assert isinstance(app.screen, IntroScreen)
        on_screen(app, STEP, STEP_INTRO, PROMPT)
        await press(pilot, "escape", "f2")
        on_screen(app, STEP, WORKSHOP)
        await press(pilot, "ctrl+p")
        for key in "Go to step 1":
            await pilot.press("space" if key == " " else key)
        await press(pilot)
        on_screen(app, f"Go to step 1: {STEP}")
        await press(pilot, "escape")


async def test_people_voices_history_export_and_help(hostile):
    app = SprintkitApp(hostile.db, hostile.wid, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "f3")
        assert isinstance(app.screen, ParticipantsScreen)
        on_screen(app, ANN, ANN_ROLE, BO, BO_ROLE, CY, CY_ROLE)
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        on_screen(app, ANN, ANN_ROLE)
        await press(pilot, "escape", "d")
        assert isinstance(app.screen, ConfirmScreen)
        on_screen(app, ANN)
        await press(pilot, "n")
        # A refusal that quotes the typed name is a toast too.
        await press(pilot, "a")
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-name").value = "\u0410nn [/]"
        app.screen.query_one("#field-role").value = "[b]"
        await press(pilot, "ctrl+s")
        assert "'\u0410nn [/]' looks just like 'Ann [/]'" in toasts(app)
        on_screen(app, "\u0410nn [/]' looks just like 'Ann [/]'")
        await press(pilot, "escape", "escape", "f4")
        assert isinstance(app.screen, VoicesScreen)
        on_screen(app, ANN_ROLE, BO_ROLE, CY_ROLE)
        await press(pilot, "escape", "f8")
        assert isinstance(app.screen, HistoryScreen)
        on_screen(app, ANN, BO, ITEM, WORKSHOP)
        await press(pilot, "escape", "f9")
        assert isinstance(app.screen, ExportScreen)
        await press(pilot, "f")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("#prompt-input").value = "exports [/] [b]x"
        await press(pilot, "enter")
        on_screen(app, "exports [/] [b]x")
        await press(pilot, "escape", "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        # Undo names what it undid: the score of the initiative.
        await press(pilot, "ctrl+z")
        assert f"'{ITEM}'" in toasts(app)
        on_screen(app, f"'{ITEM}'")


async def test_group_and_initiative_screens(hostile):
    hostile.svc.set_current_section(hostile.wid, "grouping")
    app = SprintkitApp(hostile.db, hostile.wid, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot)
        assert isinstance(app.screen.pane, GroupPane)
        await press(pilot, "a")  # every note, grouped ones too
        on_screen(app, NOTE, PHONE_NOTE, ITEM, OTHER)
        await press(pilot, "g")
        assert isinstance(app.screen, PickScreen)
        on_screen(app, ITEM, OTHER)
        await press(pilot, "escape", "tab")
        on_screen(app, ITEM, DESCRIPTION)
        await press(pilot, "r")
        assert isinstance(app.screen, PromptScreen)
        on_screen(app, ITEM)
        await press(pilot, "escape", "e")
        assert isinstance(app.screen, TextScreen)
        await press(pilot, "escape", "enter")
        assert isinstance(app.screen, InitiativeScreen)
        on_screen(app, ITEM, DESCRIPTION, NOTE, ANN)


async def test_vote_ballot_tally_and_phone_toasts(hostile):
    hostile.svc.set_current_section(hostile.wid, "voting")
    app = SprintkitApp(hostile.db, hostile.wid, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot)
        assert isinstance(app.screen.pane, VotePane)
        on_screen(app, f"{ANN} ({ANN_ROLE})", BO, CY)
        app.room_changed(SimpleNamespace(kind="joined", participant_id=hostile.bo.id))
        app.room_changed(SimpleNamespace(kind="note", participant_id=hostile.bo.id,
                                         detail=PHONE_NOTE))
        await press(pilot)
        assert BO in toasts(app)
        on_screen(app, BO)
        await press(pilot, "b")
        assert isinstance(app.screen, PickScreen)
        on_screen(app, ANN, BO)
        app.screen.query_one("#pick-filter").value = "Ann"
        await press(pilot, "enter")
        assert isinstance(app.screen, BallotScreen)
        on_screen(app, ANN, ITEM, OTHER)
        await press(pilot, "escape", "escape")
        hostile.svc.close_round(hostile.wid)
        hostile.svc.reveal_round(hostile.wid)
        app.reload_all()
        await press(pilot)
        on_screen(app, ITEM)
        await press(pilot, "v")
        on_screen(app, ITEM, ANN_ROLE)


async def test_score_roadmap_and_review(hostile):
    hostile.svc.set_current_section(hostile.wid, "scoring")
    app = SprintkitApp(hostile.db, hostile.wid, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot)
        assert isinstance(app.screen.pane, ScorePane)
        on_screen(app, ITEM, OTHER, ANN)
        await press(pilot, "enter")
        assert isinstance(app.screen, ScoreDialog)
        on_screen(app, ITEM, ANN)
        await press(pilot, "escape", "p")
        assert isinstance(app.screen, PickScreen)
        on_screen(app, ANN, BO)
        await press(pilot, "escape", "m")
        on_screen(app, ITEM)
        await press(pilot, "m", "ctrl+n")
        assert isinstance(app.screen.pane, RoadmapPane)
        on_screen(app, PHASE, ITEM, OWNER, OTHER)
        assert OTHER in " ".join(str(app.screen.pane.query_one("#readiness").render()).split())
        app.screen.pane.query_one("#col-now").focus()
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        on_screen(app, OWNER, METRIC, TARGET, BO)
        await press(pilot, "escape", "o")
        assert isinstance(app.screen, PickScreen)
        on_screen(app, ANN, BO)
        await press(pilot, "escape", "c")
        assert isinstance(app.screen, TogglesScreen)
        on_screen(app, ANN, BO)
        await press(pilot, "escape", "ctrl+n")
        assert isinstance(app.screen.pane, ReviewPane)
        on_screen(app, ITEM, OWNER, METRIC)


async def test_room_lists_and_release(hostile):
    app = SprintkitApp(hostile.db, hostile.wid, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "f5")
        if app.room is None:
            pytest.skip("no network address to open the room on")
        app.room.joined.update({hostile.ann.id, hostile.bo.id})
        app.screen.refresh_room()
        await press(pilot)
        on_screen(app, ANN, ANN_ROLE, BO, PHONE_NOTE)
        await press(pilot, "ctrl+r")
        on_screen(app, ANN, BO)
        await press(pilot, "escape", "f5")


def test_the_fixture_really_holds_escape_sequences(hostile):
    notes = hostile.svc.store.query("SELECT text FROM notes")
    assert any("\x1b" in n["text"] for n in notes)
    assert json.dumps(hostile.svc.participant(hostile.wid, hostile.cy.id).role).count("\\u001b")


async def test_csv_import_in_the_ui_counts_skips_and_refuses_lookalikes(hostile, tmp_path):
    again = tmp_path / "again.csv"
    again.write_bytes("nimi;rooli\nÄijä [b];Myynti\nann [/];IT\n".encode("cp1252"))
    clash = tmp_path / "clash.csv"
    clash.write_text("Eve,Ops\n\u0412o [b],Ops\n", encoding="utf-8")  # Cyrillic В
    app = SprintkitApp(hostile.db, hostile.wid, service=hostile.svc)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "f3")
        for path in (again, clash):
            await press(pilot, "i")
            assert isinstance(app.screen, PromptScreen)
            app.screen.query_one("#prompt-input").value = str(path)
            await press(pilot, "enter")
        messages = toasts(app)
        assert "Imported 1 participant · skipped 1 already in the workshop" in messages
        assert "clash.csv: the name on line 2 looks like other names; nothing was imported" \
            in messages
        on_screen(app, "Äijä [b]", "Myynti")
    names = [p.name for p in hostile.svc.participants(hostile.wid)]
    assert names == [ANN, BO, CY, "Äijä [b]"]
