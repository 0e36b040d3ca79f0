"""Undo and redo of a log entry that lacks the row it needs: refused, nothing changed."""

from __future__ import annotations

import json

import pytest

from sprintkit.errors import UndoConflict


def _drop_rows(service, event_id: int, op: str, side: int) -> None:
    """Blank the recorded row (3: before, 4: after) of every ``op`` change of an event."""
    row = service.store.query_one("SELECT changes FROM events WHERE id = ?", [event_id])
    changes = json.loads(row["changes"])
    for change in changes:
        if change[0] == op:
            change[side] = None
    with service.store.transaction() as conn:
        conn.execute("UPDATE events SET changes = ? WHERE id = ?",
                     [json.dumps(changes), event_id])


def test_undo_of_a_delete_without_its_row_is_refused(service, workshop):
    service.remove_participant(workshop.id, "Bo")
    target = service.undo_target(workshop.id)
    _drop_rows(service, target, "delete", 3)
    events = len(service.history(workshop.id))
    with pytest.raises(UndoConflict):
        service.undo(workshop.id)
    assert [p.name for p in service.participants(workshop.id)] == ["Ann", "Cy"]
    assert len(service.history(workshop.id)) == events
    assert service.undo_target(workshop.id) == target


def test_redo_of_an_insert_without_its_row_is_refused(service, workshop):
    service.add_participant(workshop.id, "Dee")
    target = service.undo_target(workshop.id)
    service.undo(workshop.id)
    _drop_rows(service, target, "insert", 4)
    events = len(service.history(workshop.id))
    with pytest.raises(UndoConflict):
        service.redo(workshop.id)
    assert [p.name for p in service.participants(workshop.id)] == ["Ann", "Bo", "Cy"]
    assert len(service.history(workshop.id)) == events
    assert service.redo_target(workshop.id) == target
