"""Marks in the group step outlive Ctrl+F: a marked note the filter hides
stays marked, the detail line says how many are hidden, and grouping takes
every marked note, hidden or not."""

from __future__ import annotations

from textual.widgets import Input, Static

from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.panes import GroupNotes, GroupPane
from sprintkit.tui.widgets import PromptScreen

SIZE = (110, 36)


def _listed(app) -> list[int]:
    return [row.key for row in app.screen.pane.query_one(GroupNotes).rows]


def _detail(app) -> str:
    return str(app.screen.pane.query_one("#detail", Static).render())


async def test_a_marked_note_hidden_by_the_filter_stays_marked_and_is_grouped(db, svc,
                                                                              tmp_path):
    ws = svc.create_workshop("Sprint", find_playbook("service-sprint", "en"))
    wid = ws.id
    room = svc.add_note(wid, "customer-views", "Refunds take weeks").id
    path = tmp_path / "complaints.csv"
    path.write_text("Comment\nMy refund took three weeks\n", encoding="utf-8")
    evidence = svc.import_evidence(wid, path, EvidenceOptions(source="Complaints")).note_ids
    svc.set_current_section(wid, next(s.id for s in svc.playbook(wid).sections
                                      if s.kind == "group"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.pane, GroupPane)
        pane = app.screen.pane
        assert _listed(app)[0] == room
        await pilot.press("space")  # marks the room's note
        await pilot.pause()
        assert pane.marked_notes == {room}
        # the room's only, then the customers' only: the room's note is hidden
        await pilot.press("ctrl+f", "ctrl+f")
        await pilot.pause()
        assert _listed(app) == list(evidence)
        assert pane.marked_notes == {room}
        await pilot.press("space")  # and the complaint
        await pilot.pause()
        assert "2 marked (1 hidden by the filter)" in _detail(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.title_text == "Title for a new initiative (2 notes)"
        app.screen.query_one(Input).value = "Refunds in days"
        await pilot.press("enter")
        await pilot.pause()
        item = next(i for i in svc.initiatives(wid) if i.title == "Refunds in days")
        grouped = {n.id for n in svc.notes(wid) if n.initiative_id == item.id}
        assert grouped == {room, *evidence}
        assert pane.marked_notes == set()
