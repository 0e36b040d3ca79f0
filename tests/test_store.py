"""The SQLite file: migrations, pragmas, and refusing files that are not ours."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from sprintkit.errors import DatabaseError
from sprintkit.service import WorkshopService
from sprintkit.store import KNOWN_MIGRATIONS, Store


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_migrated_with_wal_and_foreign_keys(db_path):
    store = Store(db_path)
    applied = [r["name"] for r in store.query("SELECT name FROM _sqlite_migrations")]
    assert applied == KNOWN_MIGRATIONS
    assert store.query("PRAGMA journal_mode") == [{"journal_mode": "wal"}]
    assert store.query("PRAGMA foreign_keys") == [{"foreign_keys": 1}]
    assert store.query("PRAGMA busy_timeout")[0]["timeout"] >= 1000
    store.close()


def test_reopening_applies_nothing_twice(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Kept", mini_playbook)
    service.add_note(ws.id, "business-needs", "Still here after reopening")
    service.store.close()
    again = WorkshopService(Store(db_path))
    assert [n.text for n in again.notes(ws.id)] == ["Still here after reopening"]
    assert len(again.store.query("SELECT * FROM _sqlite_migrations")) == len(KNOWN_MIGRATIONS)


def test_transaction_rolls_back_whole(db_path, mini_playbook):
    store = Store(db_path)
    service = WorkshopService(store)
    ws = service.create_workshop("Atomic", mini_playbook)
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO participants (workshop_id, name, created_at) "
                     "VALUES (?, 'Half', 'now')", [ws.id])
        raise RuntimeError("crash in the middle")
    assert service.participants(ws.id) == []


@pytest.mark.parametrize("content", [
    b"this is a text file, not a database\n",
    b"SQLite format 3\x00" + b"\x13" * 4000,  # right magic, garbage pages
])
def test_garbage_file_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(DatabaseError, match="broken.db"):
        Store(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]


def test_truncated_database_is_refused_and_untouched(tmp_path, mini_playbook):
    path = tmp_path / "cut.db"
    service = WorkshopService(Store(path))
    ws = service.create_workshop("Will be cut", mini_playbook)
    for i in range(300):
        service.add_note(ws.id, "business-needs", f"note {i} " + "x" * 200)
    service.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    service.store.conn.execute("PRAGMA journal_mode = DELETE")
    service.store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # every b-tree page header after the first
        data[start] = 0x07  # not a valid page type
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DatabaseError, match="corrupt"):
        Store(path)
    assert digest(path) == before


def test_database_from_a_newer_sprintkit_is_refused_and_untouched(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('sprintkit', 'm999_from_the_future', 'later')")
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="newer sprintkit"):
        Store(db_path)
    assert digest(db_path) == before


def test_other_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseError, match="another program"):
        Store(path)
    assert digest(path) == before


def test_empty_file_becomes_a_database(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    Store(path).close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_second_store_in_one_process_keeps_the_wal_alive(db_path, mini_playbook):
    """Opening the same file twice must not drop SQLite's locks: another process
    closing its connection would otherwise delete the WAL under our feet."""
    import subprocess
    import sys

    first = WorkshopService(Store(db_path))
    ws = first.create_workshop("Shared", mini_playbook)
    second = WorkshopService(Store(db_path))
    second.add_note(ws.id, "business-needs", "before the other process")
    peek = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "print(c.execute('select count(*) from notes').fetchone()[0]); c.close()")
    subprocess.run([sys.executable, "-c", peek, str(db_path)], check=True)
    second.add_note(ws.id, "business-needs", "after the other process")
    seen = subprocess.run([sys.executable, "-c", peek, str(db_path)], check=True,
                          capture_output=True, text=True).stdout.strip()
    assert seen == "2"
    assert db_path.with_name(db_path.name + "-wal").exists()


def test_database_of_an_earlier_version_is_upgraded_with_its_data(db_path, mini_playbook):
    """A file made before the timeboxes table existed gains it and keeps its notes."""
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Older", mini_playbook)
    service.add_note(ws.id, "business-needs", "Written with an earlier sprintkit")
    service.store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE timeboxes")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_timeboxes'")
    conn.commit()
    conn.close()
    again = WorkshopService(Store(db_path))
    assert [n.text for n in again.notes(ws.id)] == ["Written with an earlier sprintkit"]
    again.save_timebox(ws.id, "business-needs", elapsed_s=30, running_since=None)
    assert again.timeboxes(ws.id)["business-needs"].elapsed_s == 30
    applied = [r["name"] for r in again.store.query("SELECT name FROM _sqlite_migrations")]
    assert applied == KNOWN_MIGRATIONS


def test_a_failed_commit_leaves_nothing_and_the_next_write_works(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Commit", mini_playbook)
    store = service.store
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
        # Checked only at COMMIT, so the commit itself fails.
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.execute("INSERT INTO notes (workshop_id, section_id, text, created_at) "
                     "VALUES (?, 'business-needs', 'half-written', 'now')", [ws.id + 99])
    assert not store.conn.in_transaction
    assert store.query("SELECT * FROM notes") == []
    service.add_note(ws.id, "business-needs", "The next note is saved")
    assert [n.text for n in service.notes(ws.id)] == ["The next note is saved"]


def test_participant_ids_are_never_handed_out_again(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Ids", mini_playbook)
    service.add_participant(ws.id, "Ann", "Sales")
    last = service.add_participant(ws.id, "Bo", "IT")
    service.remove_participant(ws.id, last.id)
    # A phone that joined as Bo still holds Bo's id; Cy must not get it.
    assert service.add_participant(ws.id, "Cy", "Legal").id > last.id


def test_upgrade_to_never_reused_ids_keeps_every_reference(db_path, mini_playbook):
    """Files made before participants had AUTOINCREMENT are rebuilt in place,
    without the rebuild cascading to the notes, votes and scores that name them."""
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Older", mini_playbook)
    ann = service.add_participant(ws.id, "Ann", "Sales")
    bo = service.add_participant(ws.id, "Bo", "IT")
    note = service.add_note(ws.id, "business-needs", "Ann said this", participant=ann.id)
    item = service.create_initiative(ws.id, "Faster answers", note_ids=[note.id])
    service.open_round(ws.id, dots=3, max_per_item=2)
    service.vote(ws.id, bo.id, item.id)
    service.score(ws.id, ann.id, item.id, impact=4, effort=2)
    before = service.snapshot(ws.id)
    service.store.close()
    conn = sqlite3.connect(db_path)  # foreign keys off, as on any new connection
    conn.executescript("""
        CREATE TABLE old (id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL
            REFERENCES workshops(id) ON DELETE CASCADE, name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
        INSERT INTO old SELECT * FROM participants;
        DROP TABLE participants;
        ALTER TABLE old RENAME TO participants;
        CREATE UNIQUE INDEX participants_name ON participants(workshop_id, name COLLATE NOCASE);
        DELETE FROM _sqlite_migrations WHERE name = 'm003_participant_ids_never_reused';
    """)
    conn.close()
    again = WorkshopService(Store(db_path))
    assert again.snapshot(ws.id) == before
    assert again.store.query("PRAGMA foreign_key_check") == []
    assert {r["table"] for r in again.store.query("PRAGMA foreign_key_list(votes)")} == \
        {"participants", "rounds", "initiatives"}
    assert "AUTOINCREMENT" in again.store.query(
        "SELECT sql FROM sqlite_master WHERE name = 'participants'")[0]["sql"]
    # Foreign keys are on again: removing a person still takes their vote along.
    again.remove_participant(ws.id, bo.id)
    assert again.votes(again.current_round(ws.id).id) == []
    assert again.add_participant(ws.id, "Cy", "").id > bo.id
