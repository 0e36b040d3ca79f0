"""Commits survive power loss: the store asks SQLite to sync every commit."""

from __future__ import annotations

import sqlite3
import sys

from sprintkit.service import WorkshopService
from sprintkit.store import Store


def test_an_opened_store_syncs_every_commit(db_path):
    store = Store(db_path)
    try:
        # 2 = FULL: a commit returns only once its WAL frames are on the disk.
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()


def test_macos_flushes_the_drive_cache_too(db_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    store = Store(db_path)
    try:
        assert store.conn.execute("PRAGMA fullfsync").fetchone()[0] == 1
    finally:
        store.close()


def test_other_platforms_leave_fullfsync_off(db_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    store = Store(db_path)
    try:
        assert store.conn.execute("PRAGMA fullfsync").fetchone()[0] == 0
    finally:
        store.close()


def test_a_phone_batch_is_one_commit(db_path, mini_playbook, monkeypatch):
    """run_together keeps sharing one sync among a batch of phone writes."""
    service = WorkshopService(Store(db_path))
    try:
        ws = service.create_workshop("Durable", mini_playbook)
        section = mini_playbook.capture_sections()[0].id
        commits: list[str] = []
        service.store.conn.set_trace_callback(
            lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None)
        results = service.run_together(
            [lambda i=i: service.add_note(ws.id, section, f"phone note {i}", source="phone")
             for i in range(20)])
        service.store.conn.set_trace_callback(None)
        assert not [r for r in results if isinstance(r, Exception)]
        assert len(commits) == 1
        stored = [n.text for n in service.notes(ws.id)]
        assert stored == [f"phone note {i}" for i in range(20)]
    finally:
        service.store.close()


def test_a_commit_is_on_disk_for_a_second_connection(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    try:
        ws = service.create_workshop("Durable", mini_playbook)
        service.add_note(ws.id, mini_playbook.capture_sections()[0].id, "Saved for good")
        other = sqlite3.connect(db_path)
        try:
            rows = other.execute("SELECT text FROM notes").fetchall()
        finally:
            other.close()
        assert rows == [("Saved for good",)]
    finally:
        service.store.close()
