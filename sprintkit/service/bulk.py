"""Writing a whole workshop's rows at once: archive import and the large demo.

The other operations write row by row and record every change for undo; that
suits one person's edit and is far too slow for thousands of rows that arrive
together. ``bulk_import`` writes them in one transaction, hands out the ids
itself so rows can point at each other without reading any back, and logs one
event, which cannot be undone (deleting the workshop is the way back).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sprintkit.errors import InvalidInput
from sprintkit.service.base import now
from sprintkit.service.workshops import Workshops

# Columns that point at a row of another table, by the caller's reference.
_REFERENCES = {"participant_id": "participants", "initiative_id": "initiatives",
               "round_id": "rounds", "note_id": "notes", "import_id": "evidence_imports"}
_TABLES = ("participants", "initiatives", "notes", "rounds", "votes", "scores",
           "status_updates", "readings", "evidence_imports", "evidence_notes", "evidence_items")


@dataclass(slots=True, kw_only=True)
class BulkRows:
    """The rows of one workshop for ``bulk_import``, each a dict of column -> value.

    Participants, initiatives and rounds each carry an ``id`` that is only the
    caller's own reference: the ``participant_id``, ``initiative_id`` and
    ``round_id`` of notes, votes and scores name rows by it (None for none),
    and the import rewires them to the ids the rows get. ``workshop_id`` is
    filled in. Text is stored as given: clean it first (see ``_clean``).
    """

    participants: list[dict[str, Any]] = field(default_factory=list)
    initiatives: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    votes: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    status_updates: list[dict[str, Any]] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)
    # Customer evidence (see sprintkit.evidence_models). Notes are numbered like
    # the tables above when they carry an ``id``, so evidence rows can name them.
    evidence_imports: list[dict[str, Any]] = field(default_factory=list)
    evidence_notes: list[dict[str, Any]] = field(default_factory=list)
    evidence_items: list[dict[str, Any]] = field(default_factory=list)


class BulkImport(Workshops):
    def bulk_import(self, rows: BulkRows, *, workshop: int | dict[str, Any], action: str,
                    summary: str, current_section: str | None = None) -> int:
        """Write ``rows`` into a workshop in one transaction; returns its id.

        ``workshop`` is the id of an existing workshop, or the columns of a new
        one: its name gets a number added if that name is taken, as a new
        workshop's does, and it gets a join token of its own; ``{name}`` in
        ``summary`` becomes the name it got. ``current_section`` moves an
        existing workshop to that step. The event logged says ``action`` and
        ``summary`` and is not undoable.
        """
        try:
            with self.store.transaction() as conn:
                if isinstance(workshop, int):
                    name = self.workshop(workshop).name
                    if current_section is not None:
                        self._section(workshop, current_section)
                    wid = workshop
                else:
                    name = self.unique_workshop_name(workshop["name"])
                    wid = self._insert_one(conn, "workshops", {
                        **workshop, "name": name, "join_token": secrets.token_urlsafe(16)})
                ids: dict[str, dict[Any, int]] = {}
                for table in _TABLES:
                    records = getattr(rows, table)
                    if table in _REFERENCES.values() and (table != "notes" or (
                            records and "id" in records[0])):
                        ids[table] = self._number(conn, table, records)
                    self._insert_many(conn, table, records, wid, ids)
                stamp = now()
                conn.execute(
                    "INSERT INTO events (workshop_id, at, kind, action, summary, undoable) "
                    "VALUES (?, ?, 'do', ?, ?, 0)",
                    [wid, stamp, action, summary.replace("{name}", name)])
                if isinstance(workshop, int):
                    conn.execute("UPDATE workshops SET current_section = COALESCE(?, "
                                 "current_section), updated_at = ? WHERE id = ?",
                                 [current_section, stamp, wid])
        except sqlite3.IntegrityError as exc:
            # Two participants of one name, say: the transaction is rolled back whole.
            raise InvalidInput(f"the rows break a rule of the database ({exc}); nothing was "
                               "imported") from None
        return wid

    @staticmethod
    def _columns(conn: sqlite3.Connection, table: str,
                 given: Iterable[str]) -> tuple[list[str], bool]:
        """The columns named in ``given``, and whether the table has a workshop_id.
        Column names go into the SQL text, so only the table's own are let through."""
        known = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        columns = list(given)
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise ValueError(f"{table} has no column {', '.join(unknown)}")
        return columns, "workshop_id" in known

    def _insert_one(self, conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
        columns, _ = self._columns(conn, table, row)
        cursor = conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                              f"({', '.join('?' * len(columns))})", list(row.values()))
        return int(cursor.lastrowid or 0)

    @staticmethod
    def _number(conn: sqlite3.Connection, table: str,
                records: list[dict[str, Any]]) -> dict[Any, int]:
        """Reference -> the id each row will get. Counting on from the largest id
        ever handed out, not the largest still there, keeps the promise of a
        table that never hands an id out twice (a phone keeps its participant's)."""
        first = conn.execute(
            f"SELECT max(COALESCE((SELECT max(id) FROM {table}), 0), "
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)) + 1",
            [table]).fetchone()[0]
        numbers = {record["id"]: first + offset for offset, record in enumerate(records)}
        if len(numbers) != len(records):
            raise ValueError(f"{table}: a reference appears twice")
        return numbers

    def _insert_many(self, conn: sqlite3.Connection, table: str, records: list[dict[str, Any]],
                     wid: int, ids: dict[str, dict[Any, int]]) -> None:
        if not records:
            return
        given, has_workshop = self._columns(conn, table, records[0])
        columns = [c for c in given if c not in ("id", "workshop_id")]
        # Column by column, which is quicker than building each row on its own:
        # the large demo writes 7,000 rows.
        data = [[r[c] for r in records] for c in columns]
        for index, column in enumerate(columns):
            refs = ids.get(_REFERENCES.get(column, ""))
            if refs is None:
                continue
            missing = set(data[index]) - refs.keys() - {None}
            if missing:
                raise InvalidInput(f"{table}: {column} {min(missing, key=str)!r} is not "
                                   "among the rows imported")
            data[index] = [None if v is None else refs[v] for v in data[index]]
        if has_workshop:
            columns.insert(0, "workshop_id")
            data.insert(0, [wid] * len(records))
        if table in ids:
            # Numbered in the order of the rows, so the ids are the map's values.
            columns.insert(0, "id")
            data.insert(0, list(ids[table].values()))
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                         f"({', '.join('?' * len(columns))})", zip(*data, strict=True))
