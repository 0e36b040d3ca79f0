"""Held lines and the note being typed survive the process that held them.

The capture step keeps its held lines in the database as they are held, and
the field's text after a pause in typing; a workshop opened again by a new
process shows them as held lines. Each test reads the table through a
connection of its own, as another process would.
"""

from __future__ import annotations

import pytest
from test_tui_burst import send, wait_until

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.widgets import PromptScreen

SIZE = (100, 32)
SECTION = "business-needs"


@pytest.fixture
def wid(svc):
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    svc.add_participant(ws.id, "Ann", "Sales")
    return ws.id


def stored(db) -> list[tuple[str, str]]:
    """The drafts table as another process reads it."""
    store = Store(db)
    try:
        return [(r["kind"], r["text"]) for r in
                store.query("SELECT kind, text FROM drafts ORDER BY id")]
    finally:
        store.close()


def held_strip(app) -> str:
    strip = app.screen.pane.query_one("#held")
    return str(strip.render()) if strip.display else ""


async def test_the_note_being_typed_is_kept_after_a_pause_and_comes_back_held(db, svc, wid):
    first = SprintkitApp(db, wid)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(first, "Queue at the gate [/]")
        await wait_until(pilot, lambda: stored(db) != [])
        assert stored(db) == [("typing", "Queue at the gate [/]")]
        # A second window on the same file while the first still runs.
        second = SprintkitApp(db, wid)
        async with second.run_test(size=SIZE) as pilot2:
            await pilot2.pause()
            assert [h["text"] for h in second.screen.pane.held] == ["Queue at the gate [/]"]
            assert "Queue at the gate [/]" in held_strip(second)
            assert second.screen.pane.query_one("#note-input").value == ""
            notices = [n for n in second._notifications if n.title == "Kept from last time"]
            assert len(notices) == 1
            assert "1 note was still being typed" in notices[0].message
            await wait_until(pilot2, lambda: stored(db) == [("held", "Queue at the gate [/]")])
            # Leaving the workshop and coming back says it once only.
            second.close_workshop()
            await pilot2.pause()
            second.open_workshop(wid)
            await wait_until(pilot2, lambda: hasattr(second.screen, "pane"))
            await pilot2.pause(0.3)
            assert len([n for n in second._notifications
                        if n.title == "Kept from last time"]) == 1
            assert [h["text"] for h in second.screen.pane.held] == ["Queue at the gate [/]"]
    assert svc.notes(wid) == []


async def test_a_held_line_survives_and_saving_it_removes_its_row(db, svc, wid):
    app = SprintkitApp(db, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, "Said by @nobody", ["enter"])
        await wait_until(pilot, lambda: stored(db) == [("held", "Said by @nobody")])
    # The first app never quit through its own keys: as if its window closed.
    app = SprintkitApp(db, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Said by @nobody" in held_strip(app)
        send(app, ["ctrl+r"])
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one("Input").value = "Said by @Ann"
        send(app, ["enter"])
        await wait_until(pilot, lambda: svc.notes(wid) != [])
        await wait_until(pilot, lambda: stored(db) == [])
        assert [(n.text, n.participant_id) for n in svc.notes(wid)] == [
            ("Said by", svc.participant(wid, "Ann").id)]
        assert held_strip(app) == ""


async def test_two_windows_each_remove_only_the_line_they_saved(db, svc, wid):
    first = SprintkitApp(db, wid)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(first, "From the first @nobody", ["enter"])
        await wait_until(pilot, lambda: len(stored(db)) == 1)
        second = SprintkitApp(db, wid)
        async with second.run_test(size=SIZE) as pilot2:
            await pilot2.pause()
            send(second, "From the second @nobody", ["enter"])
            await wait_until(pilot2, lambda: len(stored(db)) == 2)
            # The second fixes the line it read from the first.
            send(second, ["ctrl+r"])
            await wait_until(pilot2, lambda: second.screen.__class__.__name__ == "PickScreen")
            send(second, ["enter"])
            await wait_until(pilot2, lambda: isinstance(second.screen, PromptScreen))
            second.screen.query_one("Input").value = "From the first @Ann"
            send(second, ["enter"])
            await wait_until(pilot2, lambda: stored(db) == [("held", "From the second @nobody")])
        # The first quits with its own stale copy: nothing comes back, nothing goes.
        send(first, ["ctrl+q"])
        await wait_until(pilot, lambda: not first.is_running)
    assert stored(db) == [("held", "From the second @nobody")]
    assert [n.text for n in svc.notes(wid)] == ["From the first"]


async def test_a_held_line_thrown_away_is_gone_from_the_table(db, svc, wid):
    svc.hold_line(wid, "k1", SECTION, "Said by @nobody")
    app = SprintkitApp(db, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, ["ctrl+r"])
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one("Input").value = ""
        send(app, ["enter"])
        await wait_until(pilot, lambda: stored(db) == [])
    assert svc.notes(wid) == []


async def test_a_burst_of_200_keys_is_a_few_writes(db, wid):
    service = WorkshopService(Store(db))
    calls: list[str] = []
    keep_typing = service.keep_typing

    def counted(workshop_id: int, section_id: str, text: str) -> None:
        calls.append(text)
        keep_typing(workshop_id, section_id, text)

    service.keep_typing = counted  # type: ignore[method-assign]
    app = SprintkitApp(db, wid, service=service)
    typed = "".join(f"note {i:02d} on the ferry queue " for i in range(8))[:200]
    assert len(typed) == 200
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, typed)
        await wait_until(pilot, lambda: app.screen.pane.query_one("#note-input").value == typed)
        await wait_until(pilot, lambda: stored(db) != [])
        await pilot.pause(1.5)
        assert stored(db) == [("typing", typed)]
        assert 1 <= len(calls) <= 3, calls
        # Saving it as a note clears the kept text at once, in one more write.
        send(app, ["enter"])
        await wait_until(pilot, lambda: stored(db) == [])
        assert len(calls) <= 4
        assert [n.text for n in service.notes(wid)] == [typed.strip()]
    service.store.close()


async def test_notes_typed_in_a_burst_write_no_drafts(db, wid):
    service = WorkshopService(Store(db))
    calls: list[object] = []
    for name in ("keep_typing", "hold_line", "drop_held", "take_up_typing"):
        original = getattr(service, name)

        def counted(*args, _original=original, **kwargs):
            calls.append(args)
            return _original(*args, **kwargs)

        setattr(service, name, counted)
    app = SprintkitApp(db, wid, service=service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send(app, *[part for i in range(20) for part in (f"idea {i}", ["enter"])])
        await wait_until(pilot, lambda: len(service.notes(wid)) == 20)
        await pilot.pause(1.3)
        assert calls == []
        assert stored(db) == []
    service.store.close()


async def test_hostile_text_comes_back_literal_and_without_control_characters(db, svc, wid):
    hijack = "\x1b[2J\x1b[31mHIJACK\x07"
    svc.keep_typing(wid, SECTION, "[/] typed " + hijack)
    with svc.store.transaction() as conn:  # as an older writer might have left it
        conn.execute("INSERT INTO drafts (workshop_id, section_id, kind, text, problems, "
                     "updated_at) VALUES (?, ?, 'held', ?, '[]', 'now')",
                     [wid, SECTION, "[b]held[/b] " + hijack])
    app = SprintkitApp(db, wid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.is_running
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        screen = "\n".join(lines)
        assert "\x1b" not in screen and "\x07" not in screen
        # The newest held line, markup and all, as typed.
        assert "⚠ 2 lines not saved (Ctrl+R fixes): [b]held[/b] [2J[31mHIJACK" in screen
        assert [h["text"] for h in app.screen.pane.held] == [
            "[/] typed [2J[31mHIJACK", "[b]held[/b] [2J[31mHIJACK"]
