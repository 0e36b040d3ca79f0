"""An empty note list says why it is empty: nothing written yet, or the
filter hiding every note, in the capture and the group step."""

from __future__ import annotations

from test_swedish_screens import screen_lines

from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.panes import CapturePane, GroupPane

SIZE = (110, 36)


def _text(app) -> str:
    return "\n".join(screen_lines(app.export_screenshot()))


def _evidence_only(svc, tmp_path) -> int:
    wid = svc.create_workshop("Sprint", find_playbook("service-sprint", "en")).id
    path = tmp_path / "complaints.csv"
    path.write_text("Comment\nMy refund took three weeks\nThe app crashed when I paid\n",
                    encoding="utf-8")
    svc.import_evidence(wid, path, EvidenceOptions(source="Complaints", section="customer-views"))
    svc.set_current_section(wid, "customer-views")
    return wid


async def test_the_capture_list_says_the_filter_hides_the_customers_notes(db, svc, tmp_path):
    wid = _evidence_only(svc, tmp_path)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.pane, CapturePane)
        await pilot.press("ctrl+f")  # the room's notes only
        await pilot.pause()
        text = _text(app)
        assert "The filter hides 2 notes. Ctrl+F shows every note." in text
        assert "No notes yet" not in text


async def test_an_empty_capture_step_still_invites_typing(db, svc):
    wid = svc.create_workshop("Sprint", find_playbook("service-sprint", "en")).id
    svc.set_current_section(wid, "customer-views")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert "No notes yet. Type below and press Enter." in _text(app)


async def test_grouping_without_notes_says_there_are_none_yet(db, svc):
    wid = svc.create_workshop("Sprint", find_playbook("service-sprint", "en")).id
    svc.set_current_section(wid, next(s.id for s in svc.playbook(wid).sections
                                      if s.kind == "group"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.pane, GroupPane)
        text = _text(app)
        assert "No notes yet." in text
        assert "Every note is in an initiative" not in text


async def test_grouping_says_the_filter_hides_the_loose_notes(db, svc, tmp_path):
    wid = _evidence_only(svc, tmp_path)
    svc.set_current_section(wid, next(s.id for s in svc.playbook(wid).sections
                                      if s.kind == "group"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        text = _text(app)
        assert "The filter hides 2 notes not in an initiative." in text
        assert "Every note is in an initiative" not in text
