"""The report on names and texts stored before sprintkit cleaned them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sprintkit.cli import cli
from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp


@pytest.fixture
def old_db(tmp_path):
    """A database as an older version left it: names and notes stored as typed."""
    path = tmp_path / "old.db"
    service = WorkshopService(Store(path))
    ws = service.create_workshop("Rail", find_playbook("service-sprint", "en"))
    for name in ("Ben", "Ann", "Cy", "Dee"):
        service.add_participant(ws.id, name, "Sales")
    service.add_note(ws.id, "business-needs", "fine")
    conn = service.store.conn
    conn.execute("UPDATE participants SET name = ? WHERE name = 'Ann'", ["Ben\u200b"])
    conn.execute("UPDATE participants SET name = ? WHERE name = 'Cy'", ["\u0412\u0435n"])
    conn.execute("UPDATE participants SET name = ? WHERE name = 'Dee'", ["Dee\x1b[2J"])
    conn.execute("UPDATE notes SET text = ?", ["hi\x1b]0;x\x07"])
    conn.execute("UPDATE participants SET role = ? WHERE name = 'Ben'", ["IT \u202eevil"])
    conn.commit()
    before = service.store.query("SELECT id, name FROM participants ORDER BY id")
    service.store.close()
    return path, ws.id, before


def test_doctor_reports_and_changes_nothing(old_db):
    path, wid, before = old_db
    result = CliRunner().invoke(cli, ["--db", str(path), "doctor"])
    assert result.exit_code == 1
    out = result.stdout
    assert b"\x1b" not in result.stdout_bytes
    assert "participant 2 'Ben\\u200b' holds invisible or control characters; it would be " \
           "stored as 'Ben'" in out
    assert "participant 4 'Dee\\u001b[2J' holds" in out
    assert "participants 1 'Ben' and 2 'Ben\\u200b' look alike" in out
    assert ("participants 1 'Ben' and 3 'Веn' look alike (U+0412 CYRILLIC CAPITAL LETTER VE; "
            "U+0435 CYRILLIC SMALL LETTER IE)") in out
    assert "1 row of notes.text holds control characters" in out
    assert "the role of participant 1, 'IT \\u202eevil', holds invisible or control " \
           "characters; it would be stored as 'IT evil'" in out
    assert "Checked 1 workshop: 7 findings; nothing was changed" in result.stderr
    store = Store(path)
    try:
        assert store.query("SELECT id, name FROM participants ORDER BY id") == before
    finally:
        store.close()


def test_doctor_on_a_clean_database(tmp_path):
    path = tmp_path / "new.db"
    service = WorkshopService(Store(path))
    ws = service.create_workshop("Rail", find_playbook("service-sprint", "en"))
    service.add_participant(ws.id, "Ben\u200b", "Sales")  # cleaned on the way in
    service.store.close()
    result = CliRunner().invoke(cli, ["--db", str(path), "doctor", str(ws.id)])
    assert result.exit_code == 0, result.output
    assert "Checked 1 workshop: every name and text is clean" in result.stdout


async def test_opening_a_workshop_with_such_names_says_so(old_db):
    path, wid, _ = old_db
    service = WorkshopService(Store(path))
    try:
        app = SprintkitApp(path, wid, service=service)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert any(m.startswith("5 names need a look") and "sprintkit doctor" in m
                       for m in messages), messages
    finally:
        service.store.close()
