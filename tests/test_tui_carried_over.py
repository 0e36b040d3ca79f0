"""An initiative carried over from an earlier sprint says so where the terminal
UI lists it: the group step's list and detail, and the roadmap board's detail."""

from __future__ import annotations

from sprintkit.playbooks import find_playbook
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.steps.group import GroupItems

SIZE = (120, 36)


def _carried(svc, language: str = "en") -> tuple[int, list[int]]:
    book = find_playbook("service-sprint", language)
    first = svc.create_workshop("Spring sprint", book, held_on="2026-03-02")
    for title in ("Faster refunds", "Clear invoices"):
        item = svc.create_initiative(first.id, title)
        svc.set_roadmap(first.id, item.id, phase="now", owner="Ann", metric="Use")
    second, carried = svc.start_next_sprint("Autumn sprint", book, first.id,
                                            held_on="2026-09-01")
    svc.create_initiative(second.id, "New idea")
    return second.id, [i.id for i in carried]


def _section(svc, wid: int, kind: str) -> str:
    return next(s.id for s in svc.playbook(wid).sections if s.kind == kind)


async def test_the_group_step_marks_carried_initiatives(db, svc):
    wid, (refunds, _) = _carried(svc)
    svc.set_current_section(wid, _section(svc, wid, "group"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        items = app.screen.pane.query_one(GroupItems)
        shown = {row.key: row.resolve().plain for row in items.rows}
        assert shown[refunds].endswith("Faster refunds  carried over from Spring sprint")
        assert "carried over" not in next(t for t in shown.values() if "New idea" in t)
        items.focus()
        await pilot.pause()
        items.select_key(refunds)
        await pilot.pause()
        detail = str(app.screen.pane.query_one("#detail").render())
        assert "Faster refunds (0)  carried over from Spring sprint" in detail


async def test_the_roadmap_board_detail_names_the_earlier_sprint(db, svc):
    wid, (refunds, _) = _carried(svc, "fi")
    svc.set_roadmap(wid, refunds, phase="now")
    svc.set_current_section(wid, _section(svc, wid, "roadmap"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.pane
        pane.query_one("#col-now").focus()
        await pilot.pause()
        detail = str(pane.query_one("#detail").render())
        assert detail.splitlines()[0] == "Faster refunds  siirretty työpajasta Spring sprint"
