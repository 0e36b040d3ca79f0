"""Undo, redo and the action log."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sprintkit.errors import UndoConflict
from sprintkit.models import Event
from sprintkit.service.base import ServiceBase, now

# A row as the log records it: column name -> value.
Row = dict[str, Any]


class History(ServiceBase):
    def _stacks(self, workshop_id: int) -> tuple[list[int], list[int]]:
        done: list[int] = []
        redo: list[int] = []
        for row in self.store.query(
                "SELECT id, kind, target_event FROM events WHERE workshop_id = ? AND "
                "(undoable = 1 OR kind != 'do') ORDER BY id", [workshop_id]):
            if row["kind"] == "do":
                done.append(row["id"])
                redo.clear()
            elif row["kind"] == "undo" and row["target_event"] in done:
                done.remove(row["target_event"])
                redo.append(row["target_event"])
            elif row["kind"] == "redo" and row["target_event"] in redo:
                redo.remove(row["target_event"])
                done.append(row["target_event"])
        return done, redo

    def undo_target(self, workshop_id: int) -> int | None:
        """The id of the event the next undo would reverse, if any."""
        done = self._stacks(workshop_id)[0]
        return done[-1] if done else None

    def redo_target(self, workshop_id: int) -> int | None:
        """The id of the event the next redo would repeat, if any."""
        redo = self._stacks(workshop_id)[1]
        return redo[-1] if redo else None

    def can_undo(self, workshop_id: int) -> bool:
        return bool(self._stacks(workshop_id)[0])

    def can_redo(self, workshop_id: int) -> bool:
        return bool(self._stacks(workshop_id)[1])

    def undo(self, workshop_id: int) -> Event | None:
        """Reverse the latest undoable action; ``None`` when there is nothing to undo."""
        return self._replay(workshop_id, "undo")

    def redo(self, workshop_id: int) -> Event | None:
        return self._replay(workshop_id, "redo")

    def _replay(self, workshop_id: int, kind: str) -> Event | None:
        with self.store.transaction() as conn:
            done, redo = self._stacks(workshop_id)
            stack = done if kind == "undo" else redo
            if not stack:
                return None
            target = self._only("SELECT * FROM events WHERE id = ?", [stack[-1]])
            changes = json.loads(target["changes"])
            steps = reversed(changes) if kind == "undo" else changes
            for op, table, row_id, before, after in steps:
                if kind == "undo":
                    self._apply_inverse(conn, op, table, row_id, before, after, target)
                else:
                    self._apply_forward(conn, op, table, row_id, before, after, target)
            cursor = conn.execute(
                "INSERT INTO events (workshop_id, at, kind, action, summary, source, undoable, "
                "target_event, message, params) VALUES (?, ?, ?, ?, ?, 'local', 0, ?, ?, ?)",
                [workshop_id, now(), kind, target["action"], target["summary"], target["id"],
                 target["message"], target["params"]])
            conn.execute("UPDATE workshops SET updated_at = ? WHERE id = ?", [now(), workshop_id])
            event_id = cursor.lastrowid
        return Event.from_row(self._only("SELECT * FROM events WHERE id = ?", [event_id]))

    def _current(self, conn: sqlite3.Connection, table: str, row_id: int) -> Row | None:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        values = cursor.fetchone()
        if values is None:
            return None
        return dict(zip([d[0] for d in cursor.description], values, strict=True))

    def _conflict(self, target: Row, verb: str) -> UndoConflict:
        return UndoConflict(f"cannot {verb} '{target['summary']}': what it changed has "
                            "changed again since (for example a vote from a phone)",
                            key=f"{verb}_conflict", summary=target["summary"])

    def _exec_checked(self, conn: sqlite3.Connection, sql: str, params: list[Any], target: Row,
                      verb: str) -> None:
        # A cascade (say, deleting an initiative that a phone has since voted
        # on) would silently destroy someone else's input: refuse instead.
        before = conn.total_changes
        conn.execute(sql, params)
        if conn.total_changes - before != 1:
            raise self._conflict(target, verb)

    def _apply_inverse(self, conn: sqlite3.Connection, op: str, table: str, row_id: int,
                       before: Row | None, after: Row | None, target: Row) -> None:
        current = self._current(conn, table, row_id)
        if op == "insert":
            if current != after:
                raise self._conflict(target, "undo")
            self._exec_checked(conn, f"DELETE FROM {table} WHERE id = ?", [row_id], target, "undo")
        elif op == "delete":
            # A delete logs the row it removed; without it there is nothing to put back.
            if current is not None or before is None:
                raise self._conflict(target, "undo")
            cols = ", ".join(before)
            conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(before))})",
                         list(before.values()))
        else:
            if (current is None or before is None or after is None
                    or any(current[k] != v for k, v in after.items())):
                raise self._conflict(target, "undo")
            sets = ", ".join(f"{k} = ?" for k in before)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*before.values(), row_id])

    def _apply_forward(self, conn: sqlite3.Connection, op: str, table: str, row_id: int,
                       before: Row | None, after: Row | None, target: Row) -> None:
        current = self._current(conn, table, row_id)
        if op == "insert":
            # An insert logs the row it made; without it there is nothing to redo.
            if current is not None or after is None:
                raise self._conflict(target, "redo")
            cols = ", ".join(after)
            conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(after))})",
                         list(after.values()))
        elif op == "delete":
            if current != before:
                raise self._conflict(target, "redo")
            self._exec_checked(conn, f"DELETE FROM {table} WHERE id = ?", [row_id], target, "redo")
        else:
            if (current is None or before is None or after is None
                    or any(current[k] != v for k, v in before.items())):
                raise self._conflict(target, "redo")
            sets = ", ".join(f"{k} = ?" for k in after)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*after.values(), row_id])

    def history(self, workshop_id: int, limit: int = 200) -> list[Event]:
        rows = self.store.query(
            "SELECT id, workshop_id, at, kind, action, summary, source, undoable, target_event, "
            "message, params FROM events WHERE workshop_id = ? ORDER BY id DESC LIMIT ?",
            [workshop_id, limit])
        return [Event.from_row(r) for r in rows]
