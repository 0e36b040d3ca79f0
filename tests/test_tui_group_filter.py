"""Ctrl+F in the group step: every note, the room's only or the customers'
only, as in the capture step; the marked notes of a filtered list are the
ones grouped."""

from __future__ import annotations

from textual.widgets import Input, Label

from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.panes import GroupNotes, GroupPane
from sprintkit.tui.widgets import PromptScreen

SIZE = (110, 36)


def _listed(app) -> list[int]:
    return [row.key for row in app.screen.pane.query_one(GroupNotes).rows]


def _title(app) -> str:
    return str(app.screen.pane.query_one("#group-notes-title", Label).render())


async def test_ctrl_f_steps_through_room_evidence_and_all(db, svc, tmp_path):
    ws = svc.create_workshop("Sprint", find_playbook("service-sprint", "en"))
    wid = ws.id
    first = svc.add_note(wid, "customer-views", "Refunds take weeks").id
    path = tmp_path / "complaints.csv"
    path.write_text("Comment\nMy refund took three weeks\nThe app crashed when I paid\n",
                    encoding="utf-8")
    evidence = svc.import_evidence(wid, path, EvidenceOptions(source="Complaints")).note_ids
    second = svc.add_note(wid, "customer-views", "Nobody answers the phone").id
    grouped = svc.add_note(wid, "customer-views", "Already in an initiative").id
    svc.create_initiative(wid, "Faster refunds", note_ids=[grouped])
    svc.set_current_section(wid, next(s.id for s in svc.playbook(wid).sections
                                      if s.kind == "group"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.pane, GroupPane)
        everything = sorted([first, second, *evidence])
        assert sorted(_listed(app)) == everything
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert _listed(app) == [first, second]
        assert "Notes not in an initiative (2)" in _title(app)
        assert "Showing the room's notes only" in _title(app)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert sorted(_listed(app)) == sorted(evidence)
        assert "Showing customer evidence only" in _title(app)
        # "Show all" keeps the filter: the grouped note is the room's.
        await pilot.press("a")
        await pilot.pause()
        assert sorted(_listed(app)) == sorted(evidence)
        await pilot.press("a")
        await pilot.pause()
        # Both comments marked in the filtered list become one initiative.
        await pilot.press("space", "space", "n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "Refunds in days"
        await pilot.press("enter")
        await pilot.pause()
        item = next(i for i in svc.initiatives(wid) if i.title == "Refunds in days")
        assert {n.id for n in svc.notes(wid) if n.initiative_id == item.id} == set(evidence)
        assert _listed(app) == []
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert sorted(_listed(app)) == [first, second]
        assert "Showing" not in _title(app) and "Notes not in an initiative (2)" in _title(app)
