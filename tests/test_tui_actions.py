"""One place runs the TUI's service calls: refusals and database failures are
shown as a message, never a traceback."""

from __future__ import annotations

import sqlite3

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp


def make(tmp_path):
    svc = WorkshopService(Store(tmp_path / "w.db"))
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    return svc, ws.id, SprintkitApp(tmp_path / "w.db", service=svc)


async def test_attempt_tells_done_from_refused(tmp_path):
    svc, wid, app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # set_export_folder returns None when it succeeds: still "done".
        assert app.actions.attempt(svc.set_export_folder, wid, str(tmp_path),
                                   reload=False) is True
        assert svc.export_folder(wid) == str(tmp_path)
        assert not [n for n in app._notifications if n.severity == "error"]

        assert app.actions.attempt(svc.set_export_folder, wid + 99, "elsewhere",
                                   reload=False) is False
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert svc.export_folder(wid) == str(tmp_path)


async def test_a_locked_database_is_a_message_not_a_traceback(tmp_path):
    svc, wid, app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def locked() -> int:
            raise sqlite3.OperationalError("database is locked")

        assert app.act(locked) is None
        await pilot.pause()
        texts = [n.message for n in app._notifications if n.severity == "error"]
        assert len(texts) == 1 and "database is locked" in texts[0], texts
        assert app.is_running
