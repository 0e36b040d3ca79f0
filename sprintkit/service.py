"""The service layer: every change to a workshop goes through here.

Each public mutating method is one transaction. It validates its input,
writes through a change recorder, and appends one event to the log, so the
TUI, the phone page and the CLI share one set of rules and one undo history.
"""

from __future__ import annotations

import json
import math
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sprintkit import analysis, participants_csv
from sprintkit.errors import BallotChanged, InvalidInput, NotFound, UndoConflict, VoteRejected
from sprintkit.models import (
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    Event,
    Initiative,
    Note,
    Participant,
    Playbook,
    Score,
    Timebox,
    Vote,
    VotingRound,
    Workshop,
)
from sprintkit.names import confusable, same_name
from sprintkit.names import keys as name_keys
from sprintkit.names import normalise as normalise_name
from sprintkit.store import Store
from sprintkit.text import clean_block, clean_line, count

LOCAL = "local"
PHONE = "phone"
T = TypeVar("T")


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


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(model: Any, rows: Sequence[Any]) -> list:
    return model.from_rows(rows)


@dataclass(slots=True, kw_only=True)
class WorkshopSnapshot:
    """Everything about one workshop at one moment; exporters read only this."""

    workshop: Workshop
    playbook: Playbook
    participants: list[Participant]
    notes: list[Note]
    initiatives: list[Initiative]
    rounds: list[VotingRound]
    votes: list[Vote]
    scores: list[Score]

    def participant(self, participant_id: int | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def notes_in(self, section_id: str) -> list[Note]:
        return [n for n in self.notes if n.section_id == section_id]

    def notes_of(self, initiative_id: int) -> list[Note]:
        return [n for n in self.notes if n.initiative_id == initiative_id]

    def latest_round(self) -> VotingRound | None:
        return self.rounds[-1] if self.rounds else None

    def tally(self, round_id: int | None = None) -> list[analysis.TallyRow]:
        rnd = self.latest_round() if round_id is None else next(
            (r for r in self.rounds if r.id == round_id), None)
        votes = [v for v in self.votes if rnd is not None and v.round_id == rnd.id]
        return analysis.tally(self.initiatives, votes, self.participants)

    def roadmap(self) -> dict[str, list[Initiative]]:
        """Phase id -> initiatives in order, for every phase of the playbook."""
        board: dict[str, list[Initiative]] = {p.id: [] for p in self.playbook.phases}
        for item in sorted(self.initiatives, key=lambda i: (i.position, i.id)):
            if item.phase in board:
                board[item.phase].append(item)
        return board




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
        row_id = int(cursor.lastrowid)
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


@dataclass(frozen=True)
class VoteResult:
    participant_id: int
    initiative_id: int
    dots_on_item: int
    dots_spent: int
    dots_left: int


class WorkshopService:
    def __init__(self, store: Store) -> None:
        self.store = store
        # A workshop's playbook is a snapshot that never changes after creation,
        # so parsing it once per workshop is enough.
        self._playbooks: dict[int, Playbook] = {}

    # ------------------------------------------------------------------ plumbing

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

    def _one(self, sql: str, params: Sequence[Any]) -> dict[str, Any] | None:
        return self.store.query_one(sql, params)

    # ----------------------------------------------------------------- workshops

    def create_workshop(self, name: str, playbook: Playbook, *, organisation: str = "",
                        facilitator: str = "") -> Workshop:
        name = _clean(name, "workshop name", name=True)
        organisation = _clean(organisation, "organisation", allow_empty=True)
        facilitator = _clean(facilitator, "facilitator", allow_empty=True, name=True)
        stamp = now()
        with self.store.transaction() as conn:
            name = self.unique_workshop_name(name)
            cursor = conn.execute(
                "INSERT INTO workshops (name, playbook_id, language, playbook, organisation, "
                "facilitator, current_section, join_token, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [name, playbook.id, playbook.language, playbook.to_json(),
                 organisation, facilitator, playbook.sections[0].id,
                 secrets.token_urlsafe(16), stamp, stamp],
            )
            workshop_id = int(cursor.lastrowid)
            conn.execute(
                "INSERT INTO events (workshop_id, at, kind, action, summary, undoable) "
                "VALUES (?, ?, 'do', 'workshop.create', ?, 0)",
                [workshop_id, stamp, f"Created workshop '{name}'"],
            )
        return self.workshop(workshop_id)

    def list_workshops(self) -> list[Workshop]:
        rows = self.store.query("SELECT * FROM workshops ORDER BY id")
        return [Workshop.from_row(r) for r in rows]

    def workshop(self, ref: int | str) -> Workshop:
        """A workshop by id or by (case-insensitive) name."""
        row = None
        text = str(ref).strip()
        if text.isdigit():
            row = self._one("SELECT * FROM workshops WHERE id = ?", [int(text)])
        if row is None:
            rows = self.store.query(
                "SELECT * FROM workshops WHERE name = ? COLLATE NOCASE ORDER BY id", [text]
            )
            if len(rows) > 1:
                ids = ", ".join(str(r["id"]) for r in rows)
                raise InvalidInput(f"workshop name '{text}' is ambiguous: use an id ({ids})")
            row = rows[0] if rows else None
        if row is None:
            raise NotFound(f"no workshop '{text}' (see 'sprintkit list')")
        return Workshop.from_row(row)

    def playbook(self, workshop_id: int) -> Playbook:
        cached = self._playbooks.get(workshop_id)
        if cached is not None:
            return cached
        row = self._one("SELECT playbook FROM workshops WHERE id = ?", [workshop_id])
        if row is None:
            raise NotFound(f"no workshop '{workshop_id}'")
        book = self._playbooks[workshop_id] = Playbook.from_stored(row["playbook"])
        return book

    def join_token(self, workshop_id: int) -> str:
        row = self._one("SELECT join_token FROM workshops WHERE id = ?", [workshop_id])
        if row is None:
            raise NotFound(f"no workshop '{workshop_id}'")
        return row["join_token"]

    def unique_workshop_name(self, name: str) -> str:
        """``name``, or ``name (2)``, ``name (3)``…: names are how people pick a
        workshop, so two must never be the same."""
        taken = {r["name"].casefold() for r in self.store.query("SELECT name FROM workshops")}
        candidate, number = name, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{name} ({number})"
        return candidate

    def rename_workshop(self, workshop_id: int, name: str) -> Workshop:
        name = _clean(name, "workshop name", name=True)
        with self._op(workshop_id, "workshop.rename") as rec:
            clash = self._one("SELECT id FROM workshops WHERE name = ? COLLATE NOCASE AND id != ?",
                              [name, workshop_id])
            if clash:
                raise InvalidInput(f"workshop name '{name}' is already used by workshop "
                                   f"{clash['id']}", key="workshop_taken", name=name)
            rec.update("workshops", workshop_id, name=name)
            rec.summary = f"Renamed workshop to '{name}'"
            rec.say("workshop.renamed", name=name)
        return self.workshop(workshop_id)

    def update_workshop(self, workshop_id: int, *, organisation: str | None = None,
                        facilitator: str | None = None) -> Workshop:
        values: dict[str, str] = {}
        if organisation is not None:
            values["organisation"] = _clean(organisation, "organisation", allow_empty=True)
        if facilitator is not None:
            values["facilitator"] = _clean(facilitator, "facilitator", allow_empty=True,
                                           name=True)
        self.workshop(workshop_id)
        with self._op(workshop_id, "workshop.update") as rec:
            rec.update("workshops", workshop_id, **values)
            rec.summary = "Updated workshop details"
        return self.workshop(workshop_id)

    def delete_workshop(self, workshop_id: int) -> None:
        self.workshop(workshop_id)
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM workshops WHERE id = ?", [workshop_id])
        self._playbooks.pop(workshop_id, None)

    def set_current_section(self, workshop_id: int, section_id: str) -> None:
        """Remember where the team is; not an undoable action."""
        self._section(workshop_id, section_id)
        with self.store.transaction() as conn:
            conn.execute("UPDATE workshops SET current_section = ?, updated_at = ? WHERE id = ?",
                         [section_id, now(), workshop_id])

    def export_folder(self, workshop_id: int) -> str | None:
        """The folder the facilitator last chose for this workshop's exports."""
        row = self._one("SELECT export_folder FROM workshops WHERE id = ?", [workshop_id])
        if row is None:
            raise NotFound(f"no workshop '{workshop_id}'")
        return row["export_folder"] or None

    def set_export_folder(self, workshop_id: int, folder: str | None) -> None:
        """Remember where this workshop's exports go, across restarts. A
        setting of this laptop, not workshop content: not undoable, not archived."""
        self.workshop(workshop_id)
        value = None if folder is None else _clean(str(folder), "folder", max_chars=4096)
        with self.store.transaction() as conn:
            conn.execute("UPDATE workshops SET export_folder = ? WHERE id = ?",
                         [value, workshop_id])

    # -------------------------------------------------------------- timeboxes
    def timeboxes(self, workshop_id: int) -> dict[str, Timebox]:
        """Each step's timer as it was left; steps whose timer never ran are absent."""
        rows = self.store.query("SELECT * FROM timeboxes WHERE workshop_id = ?", [workshop_id])
        return {t.section_id: t for t in _rows(Timebox, rows)}

    def save_timebox(self, workshop_id: int, section_id: str, *, elapsed_s: float,
                     running_since: float | None, extra_minutes: int = 0,
                     alerted: bool = False) -> Timebox:
        """Keep a step's timer, so a workshop reopens with it where it was (a
        running one still running). Session state: not undoable, not archived."""
        self._section(workshop_id, section_id)
        for name, value in (("elapsed_s", elapsed_s), ("running_since", running_since)):
            if value is not None and (not isinstance(value, (int, float))
                                      or not math.isfinite(value) or value < 0):
                raise InvalidInput(f"{name}: {value!r} must be a number of seconds, 0 or more")
        if (not isinstance(extra_minutes, int) or isinstance(extra_minutes, bool)
                or not 0 <= extra_minutes <= 24 * 60):
            raise InvalidInput(f"extra_minutes: {extra_minutes!r} must be 0 to {24 * 60}")
        box = Timebox(workshop_id=workshop_id, section_id=section_id,
                      elapsed_s=float(elapsed_s),
                      running_since=None if running_since is None else float(running_since),
                      extra_minutes=extra_minutes, alerted=bool(alerted))
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO timeboxes (workshop_id, section_id, elapsed_s, running_since, "
                "extra_minutes, alerted) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (workshop_id, section_id) DO UPDATE SET "
                "elapsed_s = excluded.elapsed_s, running_since = excluded.running_since, "
                "extra_minutes = excluded.extra_minutes, alerted = excluded.alerted",
                [workshop_id, section_id, box.elapsed_s, box.running_since,
                 box.extra_minutes, int(box.alerted)])
        return box

    def reset_timebox(self, workshop_id: int, section_id: str) -> None:
        self._section(workshop_id, section_id)
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM timeboxes WHERE workshop_id = ? AND section_id = ?",
                         [workshop_id, section_id])

    # ---------------------------------------------------------- phone sessions
    def remember_phone(self, workshop_id: int, token_hash: str, participant_id: int,
                       csrf: str) -> None:
        """A phone now speaks for this participant (and no other phone does).
        Session state: not undoable, not archived."""
        with self.store.transaction() as conn:
            self.participant(workshop_id, participant_id)
            conn.execute("DELETE FROM phone_sessions WHERE participant_id = ? OR token_hash = ?",
                         [participant_id, token_hash])
            conn.execute("INSERT INTO phone_sessions (token_hash, workshop_id, participant_id, "
                         "csrf, created_at) VALUES (?, ?, ?, ?, ?)",
                         [token_hash, workshop_id, participant_id, csrf, now()])

    def remembered_phones(self, workshop_id: int, *, max_age_days: int) -> list[dict[str, Any]]:
        """The phones that joined in the last ``max_age_days``: hash, participant, CSRF."""
        since = (datetime.now(UTC) - timedelta(days=max_age_days)).isoformat(timespec="seconds")
        return self.store.query(
            "SELECT token_hash, participant_id, csrf FROM phone_sessions "
            "WHERE workshop_id = ? AND created_at >= ? ORDER BY created_at", [workshop_id, since])

    def forget_phone(self, workshop_id: int, *, token_hash: str | None = None,
                     participant_id: int | None = None) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM phone_sessions WHERE workshop_id = ? AND "
                         "(token_hash = ? OR participant_id = ?)",
                         [workshop_id, token_hash, participant_id])

    def _section(self, workshop_id: int, section_id: str, *, capture: bool = False):
        book = self.playbook(workshop_id)
        section = book.section(section_id)
        if section is None:
            ids = ", ".join(s.id for s in book.sections)
            raise NotFound(f"no section '{section_id}' in this workshop (sections: {ids})",
                           key="no_section", section=section_id)
        if capture and section.kind != "capture":
            ids = ", ".join(s.id for s in book.capture_sections())
            raise InvalidInput(f"section '{section_id}' is a {section.kind} step; notes go in "
                               f"a capture step ({ids})", key="not_capture", section=section.title)
        return section

    # -------------------------------------------------------------- participants

    def participants(self, workshop_id: int) -> list[Participant]:
        rows = self.store.query(
            "SELECT * FROM participants WHERE workshop_id = ? ORDER BY id", [workshop_id])
        return _rows(Participant, rows)

    def participant(self, workshop_id: int, ref: int | str) -> Participant:
        """A participant by id (an int) or by (case-insensitive) name.

        Text that is all digits is tried as a name first, then as an id, so
        someone actually called "7" can still be named on the command line.
        """
        if isinstance(ref, int):
            row = self._one("SELECT * FROM participants WHERE workshop_id = ? AND id = ?",
                            [workshop_id, ref])
            if row is None:
                raise NotFound(f"no participant with id {ref} in this workshop",
                               key="no_participant", name=ref)
            return Participant.from_row(row)
        text = str(ref).strip()
        row = None
        # As typed first (a row stored before names were normalised), then as stored now.
        for spelling in dict.fromkeys((text, normalise_name(text))):
            row = row or self._one(
                "SELECT * FROM participants WHERE workshop_id = ? AND name = ? COLLATE NOCASE",
                [workshop_id, spelling])
        if row is None and text.isdigit():
            row = self._one("SELECT * FROM participants WHERE workshop_id = ? AND id = ?",
                            [workshop_id, int(text)])
        if row is None:
            raise NotFound(f"no participant '{text}' in this workshop", key="no_participant",
                           name=text)
        return Participant.from_row(row)

    def add_participant(self, workshop_id: int, name: str, role: str = "", *,
                        source: str = LOCAL) -> Participant:
        self.workshop(workshop_id)
        name = _clean(name, "participant name", name=True)
        role = _clean(role, "role", allow_empty=True, name=True)
        with self._op(workshop_id, "participant.add", source=source) as rec:
            self._ensure_free_name(workshop_id, name)
            pid = rec.insert("participants", {"workshop_id": workshop_id, "name": name,
                                              "role": role, "created_at": now()})
            rec.summary = f"Added participant {name}"
            rec.say("participant.added", name=name)
        return self.participant(workshop_id, pid)

    def _ensure_free_name(self, workshop_id: int, name: str, except_id: int | None = None):
        """Refuse a name that is taken, or that looks like one that is (Cyrillic
        letters, invisible characters...): on a phone or a projector they
        would be the same person."""
        others = [(row["name"], name_keys(row["name"])) for row in self.store.query(
            "SELECT id, name FROM participants WHERE workshop_id = ?", [workshop_id])
            if row["id"] != except_id]
        folded, shape, folded_shape = name_keys(name)
        if any(theirs[0] == folded for _, theirs in others):
            raise InvalidInput(f"participant name '{name}' is already taken in this "
                               "workshop", key="participant_taken", name=name)
        for other, theirs in others:
            if theirs[1] == shape or theirs[2] == folded_shape:
                raise InvalidInput(f"participant name '{name}' looks like '{other}', who "
                                   "is already in this workshop; add something that tells "
                                   "them apart", key="participant_lookalike", name=name,
                                   other=other)

    def update_participant(self, workshop_id: int, ref: int | str, *, name: str | None = None,
                           role: str | None = None) -> Participant:
        person = self.participant(workshop_id, ref)
        values: dict[str, str] = {}
        if name is not None:
            values["name"] = _clean(name, "participant name", name=True)
            self._ensure_free_name(workshop_id, values["name"], except_id=person.id)
        if role is not None:
            values["role"] = _clean(role, "role", allow_empty=True, name=True)
        with self._op(workshop_id, "participant.update") as rec:
            rec.update("participants", person.id, **values)
            rec.summary = f"Updated participant {values.get('name', person.name)}"
            rec.say("participant.changed", name=values.get("name", person.name),
                    old=person.name)
        return self.participant(workshop_id, person.id)

    def remove_participant(self, workshop_id: int, ref: int | str) -> None:
        """Their notes stay (without an author); their votes and scores go."""
        person = self.participant(workshop_id, ref)
        with self._op(workshop_id, "participant.remove") as rec:
            for row in self.store.query(
                    "SELECT id FROM notes WHERE participant_id = ?", [person.id]):
                rec.update("notes", row["id"], participant_id=None)
            for row in self.store.query(
                    "SELECT id FROM votes WHERE participant_id = ?", [person.id]):
                rec.delete("votes", row["id"])
            for row in self.store.query(
                    "SELECT id FROM scores WHERE participant_id = ?", [person.id]):
                rec.delete("scores", row["id"])
            rec.delete("participants", person.id)
            rec.summary = f"Removed participant {person.name}"
            rec.say("participant.removed", name=person.name)

    def import_participants_csv(self, workshop_id: int, source: Path | str,
                                text: str | None = None) -> participants_csv.Imported:
        """Rows of ``name,role`` (a header row is optional). All rows or none:
        a person already in the workshop is skipped, but a name that only
        looks like one already there (or like another row's) refuses the file."""
        label = str(source)
        if text is None:
            text = participants_csv.decode(participants_csv.read_bytes(source), label)

        def clean(value: str, field: str, allow_empty: bool) -> str:
            return _clean(value, field, allow_empty=allow_empty, name=True)

        rows = participants_csv.parse(text, label, clean)
        self.workshop(workshop_id)
        ids: list[int] = []
        with self._op(workshop_id, "participant.import") as rec:
            existing = [normalise_name(p.name) for p in self.participants(workshop_id)]
            new: list[participants_csv.Row] = []
            skipped: list[participants_csv.Row] = []
            problems: list[tuple[int, str]] = []
            for row in rows:
                twin = next((r for r in new if same_name(r.name, row.name)), None)
                if twin is not None:
                    raise InvalidInput(f"{label}:{row.number}: name '{row.name}' appears twice "
                                       f"(also on line {twin.number})")
                if any(same_name(row.name, name) for name in existing):
                    skipped.append(row)
                    continue
                other = next((n for n in existing if confusable(row.name, n)), None)
                if other is not None:
                    problems.append((row.number, f"line {row.number} '{row.name}' looks like "
                                     f"'{other}', who is already in this workshop"))
                like = next((r for r in new if confusable(row.name, r.name)), None)
                if like is not None:
                    problems.append((row.number, f"line {row.number} '{row.name}' looks like "
                                     f"'{like.name}' on line {like.number}"))
                new.append(row)
            if problems:
                numbers = sorted({n for n, _ in problems})
                raise InvalidInput(f"{label}: names that look alike, nothing imported: "
                                   + "; ".join(text for _, text in problems),
                                   key="csv_lookalike", file=label, n=len(numbers),
                                   lines=", ".join(map(str, numbers)))
            for row in new:
                ids.append(rec.insert("participants", {
                    "workshop_id": workshop_id, "name": row.name, "role": row.role,
                    "created_at": now()}))
            rec.summary = f"Imported {count(len(ids), 'participant')}"
        return participants_csv.Imported(
            added=[self.participant(workshop_id, pid) for pid in ids], skipped=skipped)

    # --------------------------------------------------------------------- notes

    def notes(self, workshop_id: int, section_id: str | None = None) -> list[Note]:
        if section_id is None:
            rows = self.store.query("SELECT * FROM notes WHERE workshop_id = ? ORDER BY id",
                                    [workshop_id])
        else:
            rows = self.store.query(
                "SELECT * FROM notes WHERE workshop_id = ? AND section_id = ? ORDER BY id",
                [workshop_id, section_id])
        return _rows(Note, rows)

    def note(self, workshop_id: int, note_id: int | str) -> Note:
        text = str(note_id).strip()
        row = None
        if text.isdigit():
            row = self._one("SELECT * FROM notes WHERE workshop_id = ? AND id = ?",
                            [workshop_id, int(text)])
        if row is None:
            raise NotFound(f"no note '{text}' in this workshop", key="no_note", note=text)
        return Note.from_row(row)

    def _lenses(self, workshop_id: int, tags: Iterable[str]) -> list[str]:
        tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
        if not tags:
            return []
        known = self.playbook(workshop_id).tag_titles()
        for tag in tags:
            if tag not in known:
                options = ", ".join(known) or "this playbook has no lenses"
                raise NotFound(f"no lens tag '{tag}' (tags: {options})", key="no_tag", tag=tag,
                               tags=options)
        return tags

    def add_note(self, workshop_id: int, section_id: str, text: str, *,
                 participant: int | str | None = None, lenses: Iterable[str] = (),
                 prompt_index: int | None = None, source: str = LOCAL) -> Note:
        section = self._section(workshop_id, section_id, capture=True)
        text = _clean(text, "note", max_chars=NOTE_MAX_CHARS, multiline=True)
        person = self.participant(workshop_id, participant) if participant not in (None, "") \
            else None
        tags = self._lenses(workshop_id, lenses)
        if prompt_index is not None and not 0 <= prompt_index < max(len(section.prompts), 1):
            raise InvalidInput(f"prompt {prompt_index}: section '{section_id}' has "
                               f"{count(len(section.prompts), 'prompt')}")
        with self._op(workshop_id, "note.add", source=source) as rec:
            note_id = rec.insert("notes", {
                "workshop_id": workshop_id, "section_id": section.id,
                "prompt_index": prompt_index, "text": text,
                "participant_id": person.id if person else None,
                "lenses": json.dumps(tags), "source": source, "created_at": now()})
            rec.summary = f"Added note '{_short(text)}'"
            rec.say("note.added", text=_short(text))
        return self.note(workshop_id, note_id)

    _UNSET: Any = object()

    def edit_note(self, workshop_id: int, note_id: int, *, text: str | None = None,
                  participant: Any = _UNSET, lenses: Iterable[str] | None = None) -> Note:
        note = self.note(workshop_id, note_id)
        values: dict[str, Any] = {}
        if text is not None:
            values["text"] = _clean(text, "note", max_chars=NOTE_MAX_CHARS, multiline=True)
        if participant is not self._UNSET:
            values["participant_id"] = (self.participant(workshop_id, participant).id
                                        if participant not in (None, "") else None)
        if lenses is not None:
            values["lenses"] = json.dumps(self._lenses(workshop_id, lenses))
        with self._op(workshop_id, "note.edit") as rec:
            rec.update("notes", note.id, **values)
            rec.summary = f"Edited note '{_short(values.get('text', note.text))}'"
            rec.say("note.edited", text=_short(values.get("text", note.text)))
        return self.note(workshop_id, note.id)

    def delete_note(self, workshop_id: int, note_id: int) -> None:
        note = self.note(workshop_id, note_id)
        with self._op(workshop_id, "note.delete") as rec:
            rec.delete("notes", note.id)
            rec.summary = f"Deleted note '{_short(note.text)}'"
            rec.say("note.deleted", text=_short(note.text))

    def move_note(self, workshop_id: int, note_id: int, section_id: str) -> Note:
        note = self.note(workshop_id, note_id)
        section = self._section(workshop_id, section_id, capture=True)
        with self._op(workshop_id, "note.move") as rec:
            rec.update("notes", note.id, section_id=section.id, prompt_index=None)
            rec.summary = f"Moved note '{_short(note.text)}' to {section.title}"
            rec.say("note.moved", text=_short(note.text), section=section.title)
        return self.note(workshop_id, note.id)

    # --------------------------------------------------------------- initiatives

    def initiatives(self, workshop_id: int) -> list[Initiative]:
        rows = self.store.query(
            "SELECT * FROM initiatives WHERE workshop_id = ? ORDER BY id", [workshop_id])
        return _rows(Initiative, rows)

    def initiative(self, workshop_id: int, ref: int | str) -> Initiative:
        """An initiative by id or by exact (case-insensitive) title."""
        text = str(ref).strip()
        row = None
        if text.isdigit():
            row = self._one("SELECT * FROM initiatives WHERE workshop_id = ? AND id = ?",
                            [workshop_id, int(text)])
        if row is None and not isinstance(ref, int):
            rows = self.store.query(
                "SELECT * FROM initiatives WHERE workshop_id = ? AND title = ? COLLATE NOCASE",
                [workshop_id, text])
            if len(rows) > 1:
                raise InvalidInput(f"initiative title '{text}' is ambiguous: use its id",
                                   key="initiative_ambiguous", title=text)
            row = rows[0] if rows else None
        if row is None:
            raise NotFound(f"no initiative '{text}' in this workshop", key="no_initiative",
                           title=text)
        return Initiative.from_row(row)

    def _free_title(self, workshop_id: int, title: str) -> str:
        """``title``, or ``title (2)``, ``title (3)``…: initiatives are named on the
        command line and in the report, so two must never be called the same."""
        taken = {r["title"].casefold() for r in self.store.query(
            "SELECT title FROM initiatives WHERE workshop_id = ?", [workshop_id])}
        candidate, number = title, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{title} ({number})"
        return candidate

    def _ensure_free_title(self, workshop_id: int, title: str, except_id: int) -> None:
        # casefold, not SQL's NOCASE: that folds only ASCII, and titles are often Finnish.
        row = next((r for r in self.store.query(
            "SELECT id, title FROM initiatives WHERE workshop_id = ? AND id != ?",
            [workshop_id, except_id]) if r["title"].casefold() == title.casefold()), None)
        if row is not None:
            raise InvalidInput(f"initiative title '{title}' is already used by initiative "
                               f"{row['id']}", key="initiative_taken", title=_short(title))

    def _note_ids(self, workshop_id: int, note_ids: Iterable[int | str]) -> list[int]:
        return [self.note(workshop_id, n).id for n in dict.fromkeys(note_ids)]

    def create_initiative(self, workshop_id: int, title: str, *,
                          note_ids: Iterable[int | str] = (), description: str = "") -> Initiative:
        self.workshop(workshop_id)
        title = _clean(title, "initiative title", max_chars=200)
        description = _clean(description, "description", max_chars=NOTE_MAX_CHARS,
                             allow_empty=True, multiline=True)
        notes = self._note_ids(workshop_id, note_ids)
        with self._op(workshop_id, "initiative.create") as rec:
            title = self._free_title(workshop_id, title)
            iid = rec.insert("initiatives", {
                "workshop_id": workshop_id, "title": title, "description": description,
                "created_at": now()})
            for note_id in notes:
                rec.update("notes", note_id, initiative_id=iid)
            rec.summary = f"Created initiative '{_short(title)}'"
            rec.say("initiative.created", title=_short(title), notes=len(notes))
        return self.initiative(workshop_id, iid)

    def add_notes_to_initiative(self, workshop_id: int, initiative: int | str,
                                note_ids: Iterable[int | str]) -> Initiative:
        item = self.initiative(workshop_id, initiative)
        notes = self._note_ids(workshop_id, note_ids)
        with self._op(workshop_id, "initiative.add-notes") as rec:
            for note_id in notes:
                rec.update("notes", note_id, initiative_id=item.id)
            rec.summary = f"Grouped {count(len(notes), 'note')} into '{_short(item.title)}'"
            rec.say("initiative.grouped", title=_short(item.title), notes=len(notes))
        return item

    def ungroup_notes(self, workshop_id: int, note_ids: Iterable[int | str]) -> None:
        notes = self._note_ids(workshop_id, note_ids)
        with self._op(workshop_id, "initiative.ungroup") as rec:
            for note_id in notes:
                rec.update("notes", note_id, initiative_id=None)
            rec.summary = f"Took {count(len(notes), 'note')} out of their initiative"
            rec.say("initiative.ungrouped", notes=len(notes))

    def update_initiative(self, workshop_id: int, initiative: int | str, *,
                          title: str | None = None,
                          description: str | None = None) -> Initiative:
        item = self.initiative(workshop_id, initiative)
        values: dict[str, str] = {}
        if title is not None:
            values["title"] = _clean(title, "initiative title", max_chars=200)
        if description is not None:
            values["description"] = _clean(description, "description",
                                           max_chars=NOTE_MAX_CHARS, allow_empty=True,
                                           multiline=True)
        with self._op(workshop_id, "initiative.update") as rec:
            if "title" in values:
                self._ensure_free_title(workshop_id, values["title"], item.id)
            rec.update("initiatives", item.id, **values)
            rec.summary = f"Updated initiative '{_short(values.get('title', item.title))}'"
            if values.get("title", item.title) != item.title:
                rec.say("initiative.renamed", old=_short(item.title),
                        title=_short(values["title"]))
            else:
                rec.say("initiative.described", title=_short(item.title))
        return self.initiative(workshop_id, item.id)

    def merge_initiatives(self, workshop_id: int, target: int | str,
                          others: Iterable[int | str]) -> Initiative:
        """Fold ``others`` into ``target``.

        Notes move over; each person's dots add up, capped at the round's
        per-item max. Scores of the merged-away initiatives are dropped: people
        scored a different, smaller thing, so the merged one needs fresh scores.
        Roadmap fields the target lacks (phase, owner, metric, target) come from
        the others, and contributors are joined.
        """
        keep = self.initiative(workshop_id, target)
        gone = [self.initiative(workshop_id, o) for o in others]
        gone = [g for g in {g.id: g for g in gone}.values() if g.id != keep.id]
        if not gone:
            raise InvalidInput("merge needs at least one other initiative", key="merge_needs")
        with self._op(workshop_id, "initiative.merge") as rec:
            for other in gone:
                for row in self.store.query("SELECT id FROM notes WHERE initiative_id = ?",
                                            [other.id]):
                    rec.update("notes", row["id"], initiative_id=keep.id)
                self._merge_votes(rec, other.id, keep.id)
                for row in self.store.query("SELECT id FROM scores WHERE initiative_id = ?",
                                            [other.id]):
                    rec.delete("scores", row["id"])
                descriptions = [d for d in (keep.description, other.description) if d]
                if other.description and other.description not in keep.description:
                    rec.update("initiatives", keep.id, description="\n\n".join(descriptions))
                    keep = replace(keep, description="\n\n".join(descriptions))
                # Roadmap work done on a merged-away initiative is kept where the
                # one that stays has none: its phase, owner, metric and target.
                taken: dict[str, Any] = {}
                if keep.phase is None and other.phase is not None:
                    taken.update(phase=other.phase, position=other.position)
                for name in ("owner", "metric", "target"):
                    if not getattr(keep, name) and getattr(other, name):
                        taken[name] = getattr(other, name)
                extra = [c for c in other.contributors if c not in keep.contributors]
                if extra:
                    taken["contributors"] = json.dumps(keep.contributors + extra)
                if taken:
                    rec.update("initiatives", keep.id, **taken)
                    if "contributors" in taken:
                        taken["contributors"] = keep.contributors + extra
                    keep = replace(keep, **taken)
                rec.delete("initiatives", other.id)
            rec.summary = f"Merged {count(len(gone), 'initiative')} into '{_short(keep.title)}'"
            rec.say("initiative.merged", title=_short(keep.title),
                    others=[_short(g.title) for g in gone])
        return self.initiative(workshop_id, keep.id)

    def _merge_votes(self, rec: _Recorder, source_id: int, target_id: int) -> None:
        # Dots move with the merge, capped at the round's per-item max so a
        # merged initiative never holds more dots from one person than allowed.
        for vote in self.store.query(
                "SELECT v.*, r.max_per_item FROM votes v JOIN rounds r ON r.id = v.round_id "
                "WHERE v.initiative_id = ?", [source_id]):
            existing = self._one(
                "SELECT id, dots FROM votes WHERE round_id = ? AND participant_id = ? "
                "AND initiative_id = ?", [vote["round_id"], vote["participant_id"], target_id])
            rec.delete("votes", vote["id"])
            if existing:
                rec.update("votes", existing["id"],
                           dots=min(existing["dots"] + vote["dots"], vote["max_per_item"]))
            else:
                rec.insert("votes", {"round_id": vote["round_id"],
                                     "participant_id": vote["participant_id"],
                                     "initiative_id": target_id, "dots": vote["dots"]})

    def split_initiative(self, workshop_id: int, initiative: int | str,
                         note_ids: Iterable[int | str], title: str) -> Initiative:
        """Move some notes of an initiative into a new initiative of their own."""
        item = self.initiative(workshop_id, initiative)
        notes = [self.note(workshop_id, n) for n in dict.fromkeys(note_ids)]
        if not notes:
            raise InvalidInput("split needs at least one note", key="split_needs")
        for note in notes:
            if note.initiative_id != item.id:
                raise InvalidInput(f"note {note.id} is not part of '{item.title}'",
                                   key="note_not_in", title=_short(item.title))
        title = _clean(title, "initiative title", max_chars=200)
        with self._op(workshop_id, "initiative.split") as rec:
            title = self._free_title(workshop_id, title)
            new_id = rec.insert("initiatives", {"workshop_id": workshop_id, "title": title,
                                                "created_at": now()})
            for note in notes:
                rec.update("notes", note.id, initiative_id=new_id)
            rec.summary = f"Split '{_short(title)}' off '{_short(item.title)}'"
            rec.say("initiative.split", title=_short(title), source=_short(item.title),
                    notes=len(notes))
        return self.initiative(workshop_id, new_id)

    def delete_initiative(self, workshop_id: int, initiative: int | str) -> None:
        item = self.initiative(workshop_id, initiative)
        with self._op(workshop_id, "initiative.delete") as rec:
            for table, column in (("notes", "initiative_id"),):
                for row in self.store.query(f"SELECT id FROM {table} WHERE {column} = ?",
                                            [item.id]):
                    rec.update("notes", row["id"], initiative_id=None)
            for table in ("votes", "scores"):
                for row in self.store.query(f"SELECT id FROM {table} WHERE initiative_id = ?",
                                            [item.id]):
                    rec.delete(table, row["id"])
            rec.delete("initiatives", item.id)
            rec.summary = f"Deleted initiative '{_short(item.title)}'"
            rec.say("initiative.deleted", title=_short(item.title))

    # ------------------------------------------------------------------- voting

    def rounds(self, workshop_id: int) -> list[VotingRound]:
        rows = self.store.query("SELECT * FROM rounds WHERE workshop_id = ? ORDER BY id",
                                [workshop_id])
        return _rows(VotingRound, rows)

    def current_round(self, workshop_id: int) -> VotingRound | None:
        """The latest round, whatever its status."""
        row = self._one("SELECT * FROM rounds WHERE workshop_id = ? ORDER BY id DESC LIMIT 1",
                        [workshop_id])
        return VotingRound.from_row(row) if row else None

    def open_round(self, workshop_id: int, *, dots: int | None = None,
                   max_per_item: int | None = None, anonymous: bool = False) -> VotingRound:
        book = self.playbook(workshop_id)
        dots = book.voting.dots_per_person if dots is None else dots
        max_per_item = (min(book.voting.max_per_item, dots) if max_per_item is None
                        else max_per_item)
        self._check_budget(dots, max_per_item)
        with self._op(workshop_id, "round.open") as rec:
            latest = self.current_round(workshop_id)
            if latest and latest.status == "open":
                raise InvalidInput(f"round {latest.number} is still open: close it first",
                                   key="round_open", number=latest.number)
            number = (latest.number if latest else 0) + 1
            rid = rec.insert("rounds", {
                "workshop_id": workshop_id, "number": number, "status": "open",
                "dots_per_person": dots, "max_per_item": max_per_item,
                "anonymous": int(anonymous), "opened_at": now()})
            rec.summary = f"Opened voting round {number} ({dots} dots, max {max_per_item})"
            rec.say("round.opened", number=number, dots=dots, max=max_per_item)
        return self._round(rid)

    def _round(self, round_id: int) -> VotingRound:
        return VotingRound.from_row(self._one("SELECT * FROM rounds WHERE id = ?",
                                                    [round_id]))

    @staticmethod
    def _check_budget(dots: int, max_per_item: int) -> None:
        if not isinstance(dots, int) or not 1 <= dots <= 1000:
            raise InvalidInput(f"dots per person: {dots!r} is not a whole number from 1 to 1000",
                               key="bad_budget", value=dots)
        if not isinstance(max_per_item, int) or not 1 <= max_per_item <= dots:
            raise InvalidInput(
                f"max per item: {max_per_item!r} must be from 1 to the dots per person ({dots})",
                key="bad_max", value=max_per_item, dots=dots)

    def _open_round(self, workshop_id: int) -> VotingRound:
        rnd = self.current_round(workshop_id)
        if rnd is None or rnd.status != "open":
            raise VoteRejected("no voting round is open", key="no_open_round")
        return rnd

    def set_round_budget(self, workshop_id: int, *, dots: int | None = None,
                         max_per_item: int | None = None) -> VotingRound:
        """Change the budget of the open round. Dots already cast are kept."""
        with self._op(workshop_id, "round.budget") as rec:
            rnd = self._open_round(workshop_id)
            dots = rnd.dots_per_person if dots is None else dots
            max_per_item = rnd.max_per_item if max_per_item is None else max_per_item
            self._check_budget(dots, max_per_item)
            rec.update("rounds", rnd.id, dots_per_person=dots, max_per_item=max_per_item)
            rec.summary = f"Round {rnd.number} budget: {dots} dots, max {max_per_item} per item"
            rec.say("round.budget", number=rnd.number, dots=dots, max=max_per_item,
                    old_dots=rnd.dots_per_person, old_max=rnd.max_per_item)
        return self._round(rnd.id)

    def over_budget(self, workshop_id: int) -> list[tuple[Participant, int]]:
        """Who holds more dots than the open round's budget (it was lowered after
        they voted), with the dots each holds; empty when no round is open."""
        rnd = self.current_round(workshop_id)
        if rnd is None or rnd.status != "open":
            return []
        rows = self.store.query(
            "SELECT participant_id, SUM(dots) AS dots FROM votes WHERE round_id = ? "
            "GROUP BY participant_id HAVING SUM(dots) > ? ORDER BY participant_id",
            [rnd.id, rnd.dots_per_person])
        return [(self.participant(workshop_id, r["participant_id"]), r["dots"]) for r in rows]

    def close_round(self, workshop_id: int, *, over_budget: str | None = None) -> VotingRound:
        """Close the open round. If the budget was lowered below what someone
        had already cast, the caller must say what happens to those ballots:
        ``"keep"`` counts them as cast, ``"trim"`` takes back each person's
        latest dots until they are within the budget."""
        if over_budget not in (None, "keep", "trim"):
            raise InvalidInput(f"over budget: {over_budget!r} must be 'keep' or 'trim'")
        with self._op(workshop_id, "round.close") as rec:
            rnd = self._open_round(workshop_id)
            over = self.over_budget(workshop_id)
            if over and over_budget is None:
                names = ", ".join(f"{p.name} ({dots} of {rnd.dots_per_person})"
                                  for p, dots in over)
                raise VoteRejected(
                    f"over the budget of {rnd.dots_per_person}: {names}; close with --trim "
                    "to take back their latest dots, or --keep to count them as cast",
                    key="over_budget", names=names, budget=rnd.dots_per_person)
            if over and over_budget == "trim":
                for person, _dots in over:
                    self._trim_ballot(rec, rnd, person.id)
            rec.update("rounds", rnd.id, status="closed", closed_at=now(),
                       over_budget=over_budget if over else None)
            rec.summary = f"Closed voting round {rnd.number}"
            rec.say("round.closed", number=rnd.number,
                    rule=over_budget if over else None, budget=rnd.dots_per_person,
                    names=[p.name for p, _dots in over])
        return self._round(rnd.id)

    def _trim_ballot(self, rec: _Recorder, rnd: VotingRound, participant_id: int) -> None:
        # Vote rows carry no time; the action log does. A row last touched by a
        # later event holds later dots, so trimming starts from the newest.
        rows = self.store.query(
            "SELECT v.*, (SELECT max(e.id) FROM events e, json_each(e.changes) c "
            " WHERE e.workshop_id = ? AND e.action IN ('vote.add', 'vote.ballot') "
            " AND json_extract(c.value, '$[1]') = 'votes' "
            " AND json_extract(c.value, '$[2]') = v.id) AS last_event "
            "FROM votes v WHERE v.round_id = ? AND v.participant_id = ? "
            "ORDER BY last_event DESC, v.id DESC", [rnd.workshop_id, rnd.id, participant_id])
        for row in rows:
            del row["last_event"]
        excess = sum(r["dots"] for r in rows) - rnd.dots_per_person
        for row in rows:
            if excess <= 0:
                break
            take = min(excess, row["dots"])
            self._write_dots(rec, rnd.id, participant_id, row["initiative_id"],
                             row["dots"] - take, row=row)
            excess -= take

    def reveal_round(self, workshop_id: int) -> VotingRound:
        with self._op(workshop_id, "round.reveal") as rec:
            rnd = self.current_round(workshop_id)
            if rnd is None:
                raise InvalidInput("there is no voting round to reveal", key="nothing_to_reveal")
            if rnd.status == "open":
                raise InvalidInput(f"round {rnd.number} is still open: close it before revealing",
                                   key="reveal_open", number=rnd.number)
            rec.update("rounds", rnd.id, status="revealed", revealed_at=rnd.revealed_at or now())
            rec.summary = f"Revealed voting round {rnd.number}"
            rec.say("round.revealed", number=rnd.number)
        return self._round(rnd.id)

    def votes(self, round_id: int) -> list[Vote]:
        rows = self.store.query("SELECT * FROM votes WHERE round_id = ? ORDER BY id", [round_id])
        return _rows(Vote, rows)

    def dot_totals(self, round_id: int) -> dict[int, int]:
        """Initiative id -> dots it got in the round; for ordering without the ballots."""
        rows = self.store.query("SELECT initiative_id, SUM(dots) AS dots FROM votes "
                                "WHERE round_id = ? GROUP BY initiative_id", [round_id])
        return {r["initiative_id"]: r["dots"] for r in rows}

    def dots_of(self, round_id: int, participant_id: int) -> dict[int, int]:
        rows = self.store.query(
            "SELECT initiative_id, dots FROM votes WHERE round_id = ? AND participant_id = ?",
            [round_id, participant_id])
        return {r["initiative_id"]: r["dots"] for r in rows}

    def vote(self, workshop_id: int, participant: int | str, initiative: int | str, *,
             dots: int = 1, remove: bool = False, source: str = LOCAL) -> VoteResult:
        """Add (or with ``remove`` take back) dots on one initiative."""
        if not isinstance(dots, int) or isinstance(dots, bool) or dots < 1:
            raise InvalidInput(f"dots: {dots!r} must be a whole number of at least 1")
        with self._op(workshop_id, "vote.remove" if remove else "vote.add",
                      source=source) as rec:
            # Looked up inside the write transaction: the budget check and the
            # write see the same participant, initiative and round.
            person = self.participant(workshop_id, participant)
            item = self.initiative(workshop_id, initiative)
            rnd = self._open_round(workshop_id)
            # One read of this person's ballot serves the budget check and the write.
            ballot = self.store.query(
                "SELECT id, initiative_id, dots FROM votes WHERE round_id = ? AND "
                "participant_id = ?", [rnd.id, person.id])
            spent = sum(r["dots"] for r in ballot)
            row = next((r for r in ballot if r["initiative_id"] == item.id), None)
            current = row["dots"] if row else 0
            if remove:
                if dots > current:
                    raise VoteRejected(f"{person.name} has {count(current, 'dot')} on "
                                       f"'{_short(item.title)}', cannot take back {dots}",
                                       key="take_back", name=person.name, have=current,
                                       title=_short(item.title), dots=dots)
                new = current - dots
            else:
                new = current + dots
                if new > rnd.max_per_item:
                    raise VoteRejected(
                        f"at most {count(rnd.max_per_item, 'dot')} per initiative: {person.name} "
                        f"has {current} on '{_short(item.title)}'", key="item_max",
                        max=rnd.max_per_item, name=person.name, have=current,
                        title=_short(item.title))
                if spent + dots > rnd.dots_per_person:
                    left = max(rnd.dots_per_person - spent, 0)
                    raise VoteRejected(f"{person.name} has {count(left, 'dot')} left of "
                                       f"{rnd.dots_per_person}, cannot add {dots}",
                                       key="budget_left", name=person.name, left=left,
                                       budget=rnd.dots_per_person, dots=dots)
            vote_row = None if row is None else {
                "id": row["id"], "round_id": rnd.id, "participant_id": person.id,
                "initiative_id": item.id, "dots": current}
            self._write_dots(rec, rnd.id, person.id, item.id, new, row=vote_row)
            verb = "took back" if remove else "gave"
            rec.summary = f"{person.name} {verb} {count(dots, 'dot')} on '{_short(item.title)}'"
            rec.say("vote.removed" if remove else "vote.added", name=person.name, dots=dots,
                    title=_short(item.title))
            spent_after = spent - current + new
        return VoteResult(person.id, item.id, new, spent_after,
                          max(rnd.dots_per_person - spent_after, 0))

    def _write_dots(self, rec: _Recorder, round_id: int, participant_id: int,
                    initiative_id: int, dots: int, *, row: Any = _UNSET) -> None:
        """Set one person's dots on one initiative. ``row`` is the vote row if the
        caller has just read it (all its columns, or None when there is none);
        left out, it is read here."""
        if row is self._UNSET:
            row = self._one("SELECT * FROM votes WHERE round_id = ? AND participant_id = ? AND "
                            "initiative_id = ?", [round_id, participant_id, initiative_id])
        if row and dots:
            rec.update("votes", row["id"], before=row, dots=dots)
        elif row:
            rec.delete("votes", row["id"], before=row)
        elif dots:
            rec.insert("votes", {"round_id": round_id, "participant_id": participant_id,
                                 "initiative_id": initiative_id, "dots": dots}, complete=True)

    def set_allocation(self, workshop_id: int, participant: int | str,
                       allocation: dict[int, int], *, source: str = LOCAL,
                       expected: dict[int, int] | None = None) -> dict[int, int]:
        """Replace one person's dots in the open round at once (a confirmed ballot).

        ``expected`` is the ballot as it was when the person started: if their
        stored dots differ from it now (their phone or the command line voted
        meanwhile), nothing is written and ``BallotChanged`` says what is stored,
        so dots accepted a moment ago are never overwritten unseen."""
        person = self.participant(workshop_id, participant)
        wanted: dict[int, int] = {}
        for key, value in allocation.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidInput(f"dots: {value!r} must be a whole number of 0 or more")
            item = self.initiative(workshop_id, key)
            wanted[item.id] = wanted.get(item.id, 0) + value
        with self._op(workshop_id, "vote.ballot", source=source) as rec:
            rnd = self._open_round(workshop_id)
            for iid, value in wanted.items():
                if value > rnd.max_per_item:
                    raise VoteRejected(f"at most {count(rnd.max_per_item, 'dot')} per initiative "
                                       f"(got {value} on initiative {iid})", key="ballot_max",
                                       max=rnd.max_per_item, value=value)
            total = sum(wanted.values())
            if total > rnd.dots_per_person:
                raise VoteRejected(f"{total} dots is over the budget of "
                                   f"{rnd.dots_per_person} per person", key="ballot_over",
                                   total=total, budget=rnd.dots_per_person)
            current = self.dots_of(rnd.id, person.id)
            if expected is not None and current != {k: v for k, v in expected.items() if v}:
                raise BallotChanged(
                    f"{person.name}'s dots changed since this ballot was opened "
                    f"(now {count(sum(current.values()), 'dot')}); nothing was saved",
                    key="ballot_changed", name=person.name, current=current)
            for iid in set(current) | set(wanted):
                if current.get(iid, 0) != wanted.get(iid, 0):
                    self._write_dots(rec, rnd.id, person.id, iid, wanted.get(iid, 0))
            rec.summary = f"{person.name} cast a ballot of {count(total, 'dot')}"
            rec.say("vote.ballot", name=person.name, dots=total)
        return self.dots_of(rnd.id, person.id)

    def voters(self, round_id: int) -> set[int]:
        rows = self.store.query("SELECT DISTINCT participant_id FROM votes WHERE round_id = ?",
                                [round_id])
        return {r["participant_id"] for r in rows}

    def tally(self, workshop_id: int, round_id: int | None = None) -> list[analysis.TallyRow]:
        rnd = self.current_round(workshop_id) if round_id is None else self._round(round_id)
        votes = self.votes(rnd.id) if rnd else []
        return analysis.tally(self.initiatives(workshop_id), votes,
                              self.participants(workshop_id))

    # ------------------------------------------------------------------- scoring

    def score(self, workshop_id: int, participant: int | str | None, initiative: int | str, *,
              impact: int, effort: int) -> Score:
        """One person's score, or with ``participant=None`` the group's agreed
        score, which then stands for the initiative (the people's stay beside it)."""
        for label, value in (("impact", impact), ("effort", effort)):
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                raise InvalidInput(f"{label}: {value!r} is not a whole number from 1 to 5",
                                   key="bad_score", field=label, value=value)
        person = None if participant is None else self.participant(workshop_id, participant)
        item = self.initiative(workshop_id, initiative)
        with self._op(workshop_id, "score.set") as rec:
            row = self._one("SELECT id FROM scores WHERE initiative_id = ? AND "
                            "participant_id IS ?", [item.id, person.id if person else None])
            if row:
                rec.update("scores", row["id"], impact=impact, effort=effort)
                score_id = row["id"]
            else:
                score_id = rec.insert("scores", {
                    "workshop_id": workshop_id, "initiative_id": item.id,
                    "participant_id": person.id if person else None, "impact": impact,
                    "effort": effort})
            who = person.name if person else "The group"
            rec.summary = (f"{who} scored '{_short(item.title)}': impact {impact}, "
                           f"effort {effort}")
            rec.say("score.group" if person is None else "score.set",
                    name=person.name if person else None, title=_short(item.title),
                    impact=impact, effort=effort)
        return Score.from_row(self._one("SELECT * FROM scores WHERE id = ?", [score_id]))

    def scores(self, workshop_id: int) -> list[Score]:
        rows = self.store.query("SELECT * FROM scores WHERE workshop_id = ? ORDER BY id",
                                [workshop_id])
        return _rows(Score, rows)

    # ------------------------------------------------------------------- roadmap

    def set_roadmap(self, workshop_id: int, initiative: int | str, *,
                    phase: str | None = _UNSET, owner: str | None = None,
                    metric: str | None = None, target: str | None = None,
                    contributors: Sequence[str] | None = None,
                    position: int | None = None) -> Initiative:
        """Place an initiative in a phase (``phase=None`` takes it off the roadmap)."""
        item = self.initiative(workshop_id, initiative)
        values: dict[str, Any] = {}
        if phase is not self._UNSET:
            if phase is not None:
                book = self.playbook(workshop_id)
                if book.phase(phase) is None:
                    ids = ", ".join(p.id for p in book.phases)
                    raise NotFound(f"no phase '{phase}' (phases: {ids})", key="no_phase",
                                   phase=phase)
            values["phase"] = phase
        for label, value in (("owner", owner), ("metric", metric), ("target", target)):
            if value is not None:
                values[label] = _clean(value, label, max_chars=300, allow_empty=True,
                                       name=label == "owner")
        if contributors is not None:
            names = [n for n in (_clean(c, "contributor", name=True, allow_empty=True)
                                 for c in contributors) if n]
            values["contributors"] = json.dumps(list(dict.fromkeys(names)))
        with self._op(workshop_id, "roadmap.set") as rec:
            new_phase = values.get("phase", item.phase)
            if new_phase != item.phase or position is not None:
                rows = self.store.query(
                    "SELECT id FROM initiatives WHERE workshop_id = ? AND phase IS ? AND id != ? "
                    "ORDER BY position, id", [workshop_id, new_phase, item.id])
                order = [r["id"] for r in rows]
                at = len(order) if position is None else max(0, min(position, len(order)))
                order.insert(at, item.id)
                for index, iid in enumerate(order):
                    if iid == item.id:
                        values["position"] = index
                    else:
                        rec.update("initiatives", iid, position=index)
            rec.update("initiatives", item.id, **values)
            where = f"in '{new_phase}'" if new_phase else "off the roadmap"
            rec.summary = f"Roadmap: '{_short(item.title)}' {where}"
            rec.say("roadmap.changed", **self._roadmap_params(workshop_id, item, values))
        return self.initiative(workshop_id, item.id)

    def _roadmap_params(self, workshop_id: int, item: Initiative,
                        values: dict[str, Any]) -> dict[str, Any]:
        """What a roadmap change did, field by field, for the history to word:
        twelve times "roadmap changed" does not tell which one to undo."""
        book = self.playbook(workshop_id)

        def title(phase_id: str | None) -> str | None:
            phase = book.phase(phase_id) if phase_id else None
            return phase.title if phase else phase_id

        params: dict[str, Any] = {"title": _short(item.title)}
        if "phase" in values and values["phase"] != item.phase:
            params["phase_from"] = title(item.phase)
            params["phase_to"] = title(values["phase"])
        elif "position" in values and values["position"] != item.position and item.phase:
            params["phase"] = title(item.phase)
            params["place"] = values["position"] + 1
        for name in ("owner", "metric", "target"):
            if name in values and values[name] != getattr(item, name):
                params[name] = values[name]
        if "contributors" in values:
            names = json.loads(values["contributors"])
            if names != item.contributors:
                params["contributors"] = names
        return params

    def move_in_phase(self, workshop_id: int, initiative: int | str, delta: int) -> Initiative:
        item = self.initiative(workshop_id, initiative)
        if not item.phase:
            raise InvalidInput(f"'{item.title}' is not on the roadmap yet", key="not_placed",
                               title=_short(item.title))
        rows = self.store.query(
            "SELECT id FROM initiatives WHERE workshop_id = ? AND phase = ? ORDER BY position, id",
            [workshop_id, item.phase])
        index = [r["id"] for r in rows].index(item.id)
        return self.set_roadmap(workshop_id, item.id, position=max(0, index + delta))

    def readiness(self, workshop_id: int) -> list[analysis.ReadinessIssue]:
        return analysis.readiness(self.initiatives(workshop_id))

    def voice_balance(self, workshop_id: int) -> analysis.VoiceBalance:
        votes = self.store.query(
            # Only revealed rounds: votes stay hidden until the facilitator shows them.
            "SELECT v.* FROM votes v JOIN rounds r ON r.id = v.round_id "
            "WHERE r.workshop_id = ? AND r.status = 'revealed'", [workshop_id])
        return analysis.voice_balance(self.playbook(workshop_id), self.participants(workshop_id),
                                      self.notes(workshop_id), _rows(Vote, votes))

    # -------------------------------------------------------------- undo / redo

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
            target = self._one("SELECT * FROM events WHERE id = ?", [stack[-1]])
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
        return Event.from_row(self._one("SELECT * FROM events WHERE id = ?", [event_id]))

    def _current(self, conn, table: str, row_id: int) -> dict[str, Any] | None:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        values = cursor.fetchone()
        if values is None:
            return None
        return dict(zip([d[0] for d in cursor.description], values, strict=True))

    def _conflict(self, target: dict[str, Any], verb: str) -> UndoConflict:
        return UndoConflict(f"cannot {verb} '{target['summary']}': what it changed has "
                            "changed again since (for example a vote from a phone)",
                            key=f"{verb}_conflict")

    def _exec_checked(self, conn, sql: str, params: list[Any], target, verb: str) -> None:
        # A cascade (say, deleting an initiative that a phone has since voted
        # on) would silently destroy someone else's input: refuse instead.
        before = conn.total_changes
        conn.execute(sql, params)
        if conn.total_changes - before != 1:
            raise self._conflict(target, verb)

    def _apply_inverse(self, conn, op, table, row_id, before, after, target) -> None:
        current = self._current(conn, table, row_id)
        if op == "insert":
            if current != after:
                raise self._conflict(target, "undo")
            self._exec_checked(conn, f"DELETE FROM {table} WHERE id = ?", [row_id], target, "undo")
        elif op == "delete":
            if current is not None:
                raise self._conflict(target, "undo")
            cols = ", ".join(before)
            conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(before))})",
                         list(before.values()))
        else:
            if current is None or any(current[k] != v for k, v in after.items()):
                raise self._conflict(target, "undo")
            sets = ", ".join(f"{k} = ?" for k in before)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*before.values(), row_id])

    def _apply_forward(self, conn, op, table, row_id, before, after, target) -> None:
        current = self._current(conn, table, row_id)
        if op == "insert":
            if current is not None:
                raise self._conflict(target, "redo")
            cols = ", ".join(after)
            conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(after))})",
                         list(after.values()))
        elif op == "delete":
            if current != before:
                raise self._conflict(target, "redo")
            self._exec_checked(conn, f"DELETE FROM {table} WHERE id = ?", [row_id], target, "redo")
        else:
            if current is None or any(current[k] != v for k, v in before.items()):
                raise self._conflict(target, "redo")
            sets = ", ".join(f"{k} = ?" for k in after)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*after.values(), row_id])

    def history(self, workshop_id: int, limit: int = 200) -> list[Event]:
        rows = self.store.query(
            "SELECT id, workshop_id, at, kind, action, summary, source, undoable, target_event, "
            "message, params FROM events WHERE workshop_id = ? ORDER BY id DESC LIMIT ?",
            [workshop_id, limit])
        return [Event.from_row(r) for r in rows]

    # ------------------------------------------------------------------ snapshot

    def snapshot(self, workshop_id: int) -> WorkshopSnapshot:
        """One consistent read of everything (inside one read transaction)."""
        with self.store.read():
            workshop = self._one("SELECT * FROM workshops WHERE id = ?", [workshop_id])
            if workshop is None:
                raise NotFound(f"no workshop '{workshop_id}'")
            q = self.store.query
            return WorkshopSnapshot(
                workshop=Workshop.from_row(workshop),
                playbook=Playbook.from_stored(workshop["playbook"]),
                participants=_rows(Participant, q(
                    "SELECT * FROM participants WHERE workshop_id = ? ORDER BY id",
                    [workshop_id])),
                notes=_rows(Note, q(
                    "SELECT * FROM notes WHERE workshop_id = ? ORDER BY id", [workshop_id])),
                initiatives=_rows(Initiative, q(
                    "SELECT * FROM initiatives WHERE workshop_id = ? ORDER BY id",
                    [workshop_id])),
                rounds=_rows(VotingRound, q(
                    "SELECT * FROM rounds WHERE workshop_id = ? ORDER BY id", [workshop_id])),
                votes=_rows(Vote, q(
                    "SELECT v.* FROM votes v JOIN rounds r ON r.id = v.round_id "
                    "WHERE r.workshop_id = ? ORDER BY v.id", [workshop_id])),
                scores=_rows(Score, q(
                    "SELECT * FROM scores WHERE workshop_id = ? ORDER BY id", [workshop_id])),
            )

    # --- added for the TUI: cheap counts so screens need not load every row

    def section_counts(self, workshop_id: int) -> dict[str, int]:
        """Section id -> number of notes in it."""
        rows = self.store.query(
            "SELECT section_id, count(*) AS n FROM notes WHERE workshop_id = ? "
            "GROUP BY section_id", [workshop_id])
        return {r["section_id"]: r["n"] for r in rows}

    def initiative_note_counts(self, workshop_id: int) -> dict[int, int]:
        """Initiative id -> number of notes grouped into it."""
        rows = self.store.query(
            "SELECT initiative_id, count(*) AS n FROM notes WHERE workshop_id = ? "
            "AND initiative_id IS NOT NULL GROUP BY initiative_id", [workshop_id])
        return {r["initiative_id"]: r["n"] for r in rows}

    def progress_counts(self, workshop_id: int) -> dict[str, int | str | None]:
        """Initiatives, how many are scored and placed, and the latest round's status."""
        one = self.store.query_one
        return {
            "initiatives": one("SELECT count(*) AS n FROM initiatives WHERE workshop_id = ?",
                               [workshop_id])["n"],
            "placed": one("SELECT count(*) AS n FROM initiatives WHERE workshop_id = ? "
                          "AND phase IS NOT NULL", [workshop_id])["n"],
            "scored": one("SELECT count(DISTINCT initiative_id) AS n FROM scores "
                          "WHERE workshop_id = ?", [workshop_id])["n"],
            "round": (one("SELECT status FROM rounds WHERE workshop_id = ? ORDER BY id DESC "
                          "LIMIT 1", [workshop_id]) or {}).get("status"),
        }

    def change_marker(self, workshop_id: int) -> int:
        """Grows with every logged change (local, phone, undo, redo): a cheap 'anything new?'."""
        row = self.store.query_one("SELECT max(id) AS n FROM events WHERE workshop_id = ?",
                                   [workshop_id])
        return int(row["n"] or 0) if row else 0
