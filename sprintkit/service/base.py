"""The unit of work every part of the service shares.

Each public mutating method runs in ``_op``: one transaction that writes
through a change recorder and appends one event to the log, so undo and redo
know what each action changed. Also the helpers every part uses on text.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

from sprintkit.calendar import parse_day
from sprintkit.errors import InvalidInput, NotFound
from sprintkit.models import NAME_MAX_CHARS, Playbook, _Row
from sprintkit.names import normalise as normalise_name
from sprintkit.store import Params, Store
from sprintkit.text import clean_block, clean_line

LOCAL = "local"
PHONE = "phone"
T = TypeVar("T")
R = TypeVar("R", bound=_Row)


class Unset(enum.Enum):
    """A default that means "not given", where None is a value a caller may
    pass. One member, so ``x is not _UNSET`` narrows ``x`` to what was given."""

    UNSET = enum.auto()


_UNSET: Final = Unset.UNSET


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _clean(value: str, field: str, *, max_chars: int = NAME_MAX_CHARS,
           allow_empty: bool = False, multiline: bool = False, name: bool = False) -> str:
    """Text from a person, as it is stored: without control characters (a
    multi-line field keeps its line breaks and tabs), a name in its one
    normalised spelling (see sprintkit.names)."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, got {type(value).__name__}")
    if "\x00" in value:
        raise InvalidInput(f"{field}: contains a NUL character", key="nul", field=field)
    if name:
        text = normalise_name(value)
    else:
        text = (clean_block(value) if multiline else clean_line(value)).strip()
    if not text and not allow_empty:
        raise InvalidInput(f"{field}: cannot be empty", key="empty", field=field)
    if len(text) > max_chars:
        raise InvalidInput(f"{field}: {len(text)} characters, at most {max_chars} allowed",
                           key="too_long", field=field, length=len(text), limit=max_chars)
    return text


def _day(value: str | date, field: str) -> str:
    """A calendar day as it is stored: ISO text, YYYY-MM-DD."""
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected a date, got {type(value).__name__}")
    text = clean_line(value).strip()
    day = parse_day(text)
    if day is None:
        raise InvalidInput(f"{field}: '{_short(text, 40)}' is not a date; write it as "
                           "YYYY-MM-DD", key="bad_date", field=field, value=_short(text, 40))
    return day.isoformat()


def new_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made (``lastrowid`` is None only
    before a cursor has inserted anything)."""
    row_id = cursor.lastrowid
    if row_id is None:
        raise RuntimeError("no row was inserted")
    return row_id


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(model: type[R], rows: Sequence[Mapping[str, Any]]) -> list[R]:
    return model.from_rows(rows)


class _Recorder:
    """Writes rows and remembers what each write changed, for undo and redo."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        self.store = store
        self.changes: list[list[Any]] = []
        self.summary = ""
        self.message: str | None = None
        self.params: dict[str, Any] = {}

    def say(self, message: str, **params: Any) -> None:
        """What the action did, as a message id and values any language can word."""
        self.message = message
        self.params = params

    def _row(self, table: str, row_id: int) -> dict[str, Any] | None:
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        values = cursor.fetchone()
        if values is None:
            return None
        return dict(zip([d[0] for d in cursor.description], values, strict=True))

    def insert(self, table: str, row: dict[str, Any], *, complete: bool = False) -> int:
        """Insert a row. With ``complete`` the row names every column, so it is
        recorded as given instead of read back (the vote path saves a query)."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
        )
        row_id = new_id(cursor)
        after = {"id": row_id, **row} if complete else self._row(table, row_id)
        self.changes.append(["insert", table, row_id, None, after])
        return row_id

    def update(self, table: str, row_id: int, *, before: dict[str, Any] | None = None,
               **values: Any) -> None:
        """Change a row; ``before`` may pass the row as just read, saving a query."""
        before = before if before is not None else self._row(table, row_id)
        if before is None:
            raise NotFound(f"{table[:-1]} {row_id} does not exist")
        changed = {k: v for k, v in values.items() if before[k] != v}
        if not changed:
            return
        sets = ", ".join(f"{k} = ?" for k in changed)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changed.values(), row_id])
        self.changes.append(
            ["update", table, row_id, {k: before[k] for k in changed}, changed]
        )

    def delete(self, table: str, row_id: int, *, before: dict[str, Any] | None = None) -> None:
        before = before if before is not None else self._row(table, row_id)
        if before is None:
            return
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        self.changes.append(["delete", table, row_id, before, None])



class ServiceBase:
    """What every part of the service shares: the store, the playbook cache
    and the unit of work each mutating operation runs in."""

    _UNSET: Final = _UNSET

    def __init__(self, store: Store) -> None:
        self.store = store
        # A workshop's playbook is a snapshot that never changes after creation,
        # so parsing it once per workshop is enough.
        self._playbooks: dict[int, Playbook] = {}

    @contextmanager
    def _op(self, workshop_id: int, action: str, *, source: str = LOCAL,
            undoable: bool = True) -> Iterator[_Recorder]:
        with self.store.transaction() as conn:
            rec = _Recorder(self.store)
            try:
                yield rec
            except sqlite3.IntegrityError:
                # Something this action refers to was deleted a moment ago
                # (another window, a phone): refuse cleanly, write nothing.
                raise InvalidInput(
                    "that changed while saving (something it refers to was just removed); "
                    "nothing was saved, please try again", key="changed_while_saving") from None
            if rec.changes or not undoable:
                at = now()
                conn.execute(
                    "INSERT INTO events (workshop_id, at, kind, action, summary, changes, "
                    "source, undoable, message, params) VALUES (?, ?, 'do', ?, ?, ?, ?, ?, ?, ?)",
                    [workshop_id, at, action, rec.summary or action,
                     json.dumps(rec.changes) if undoable else "[]", source,
                     int(undoable and source == LOCAL), rec.message,
                     json.dumps(rec.params, ensure_ascii=False)],
                )
                conn.execute("UPDATE workshops SET updated_at = ? WHERE id = ?",
                             [at, workshop_id])

    def run_together(self, calls: Sequence[Callable[[], T]]) -> list[T | Exception]:
        """Run several operations in one transaction with a single commit.

        For many small writes at once (a room of phones voting) the commit is
        most of each write's cost. Every call still runs as its own operation,
        with its own checks and history entry, inside a savepoint: one that
        raises leaves no trace, does not spoil the others, and its exception
        takes its place in the returned list. Nothing is returned before the
        commit; if the commit fails, the exception propagates for all.
        """
        results: list[T | Exception] = []
        with self.store.transaction():
            for call in calls:
                try:
                    with self.store.savepoint():
                        results.append(call())
                except Exception as exc:  # refused: only this call is undone
                    results.append(exc)
        return results

    def data_version(self) -> tuple[int, int]:
        """Equal twice only if nothing was written to the database in between
        (by this program or another): what a cache of reads is keyed by."""
        return self.store.version()

    def _one(self, sql: str, params: Params) -> dict[str, Any] | None:
        return self.store.query_one(sql, params)

    def _only(self, sql: str, params: Params) -> dict[str, Any]:
        """The row a query cannot miss: one just written, or an aggregate.
        Its absence is a bug, not something a user did."""
        row = self.store.query_one(sql, params)
        if row is None:
            raise LookupError(f"no row for: {sql}")
        return row
