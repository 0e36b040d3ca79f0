"""The TUI exports without starting the CLI: formats in a thread, the PDF in a
worker process, and errors worded in the workshop's language."""

from __future__ import annotations

import os
from pathlib import Path

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.screens import ExportScreen
from sprintkit.tui.widgets import RowList

SIZE = (100, 32)


def make(tmp_path, language="en"):
    svc = WorkshopService(Store(tmp_path / "w.db"))
    ws = svc.create_workshop("Harbour sprint", find_playbook("service-sprint", language))
    svc.add_participant(ws.id, "Ann", "Sales")
    return svc, ws.id, SprintkitApp(tmp_path / "w.db", ws.id, service=svc)


async def export(pilot, fmt: str) -> None:
    await pilot.press("f9")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    pilot.app.screen.query_one("#formats", RowList).select_key(fmt)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_pdf_is_written_by_the_worker_process(tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr("asyncio.create_subprocess_exec",
                        lambda *a, **k: called.append(a))  # the CLI is not started
    svc, wid, app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await export(pilot, "pdf")
        files = list(Path(os.environ["SPRINTKIT_EXPORT_DIR"]).glob("*.pdf"))
        assert len(files) == 1
        assert files[0].read_bytes().startswith(b"%PDF")
        assert str(files[0].resolve()) in str(app.screen.query_one("#export-log").render())
        assert app.exporter._pool is not None  # rendered there, not in this process
    assert called == []
    assert app.exporter._pool is None  # and stopped with the app


async def test_an_unusable_folder_is_said_in_the_workshops_language(tmp_path):
    svc, wid, app = make(tmp_path, "fi")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    svc.set_export_folder(wid, str(blocker / "exports"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await export(pilot, "json")
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1, errors
        assert errors[0].startswith(f"Kansiota {blocker / 'exports'} ei voi käyttää"), errors
        assert "Traceback" not in errors[0]
    assert list(tmp_path.rglob("*.json")) == []


async def test_the_full_report_has_a_row_of_its_own(tmp_path):
    svc, wid, app = make(tmp_path)
    note = svc.add_note(wid, "business-needs", "Only in the full report's appendix")
    svc.create_initiative(wid, "Left off the roadmap", note_ids=[note.id])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await export(pilot, "pdf-full")
        rows = [str(k) for k in app.screen.query_one("#formats", RowList).row_keys()]
        assert rows[:2] == ["pdf", "pdf-full"]
    files = list(Path(os.environ["SPRINTKIT_EXPORT_DIR"]).glob("*.pdf"))
    assert [f.name.startswith("harbour-sprint-full-") for f in files] == [True]
    import io

    from pypdf import PdfReader

    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(
        files[0].read_bytes())).pages)
    assert "Appendix: all notes" in " ".join(text.split())
    assert "Only in the full report's appendix" in " ".join(text.split())


async def test_the_progress_report_is_written_from_its_rows(tmp_path):
    # Its rows once passed "progress" to the exporter, which knows no such format.
    svc, wid, app = make(tmp_path, "fi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await export(pilot, "progress-md")
        screen = app.screen
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == []
        labels = [str(r.resolve()) for r in screen.query_one("#formats", RowList).rows]
        assert any(line.startswith(" MD    Edistymisraportti") for line in labels), labels
        assert not any("PROGRESS" in line for line in labels)
    [written] = Path(os.environ["SPRINTKIT_EXPORT_DIR"]).glob("*-progress.md")
    assert written.read_text(encoding="utf-8").startswith("# Harbour sprint: ")
