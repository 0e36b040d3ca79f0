"""Drafts: what the facilitator typed and has not saved yet, kept across a crash.

A line a capture step could not save is held aside; the note still being
typed is kept after a pause in typing. Both are the facilitator's scratch on
this laptop, not workshop content: writing them logs no event (nothing to undo,
nothing in the history), and exports and the archive never read them. The
table's foreign key deletes them with their workshop.

Each held line has a key its step makes up as it holds it, so a step can drop
the line it saved without waiting to hear the row's id, and two windows on one
workshop each remove only what they saved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sprintkit.models import NOTE_MAX_CHARS
from sprintkit.service.base import ServiceBase, now
from sprintkit.text import clean_block

HELD = "held"
TYPING = "typing"
# A paste held whole may run well past one note; what was typed is kept as
# typed, only bounded so a runaway paste cannot fill the file.
DRAFT_MAX_CHARS = 4 * NOTE_MAX_CHARS


@dataclass(frozen=True)
class Draft:
    id: int
    key: str | None  # a held line's; None for a field's text
    section_id: str
    kind: str
    text: str
    problems: tuple[str, ...] = ()


def _kept(text: str) -> str:
    # As typed, line breaks and all, without the control characters a note
    # would lose when saved anyway (and which must never reach a terminal).
    return clean_block(text)[:DRAFT_MAX_CHARS]


def _problems(stored: str) -> tuple[str, ...]:
    try:
        values = json.loads(stored)
    except ValueError:
        return ()
    return tuple(clean_block(str(p)) for p in values) if isinstance(values, list) else ()


class Drafts(ServiceBase):
    def drafts(self, workshop_id: int) -> list[Draft]:
        """A workshop's held lines and unsaved field texts, oldest first."""
        rows = self.store.query(
            "SELECT id, key, section_id, kind, text, problems FROM drafts "
            "WHERE workshop_id = ? ORDER BY id", [workshop_id])
        # Cleaned again on the way out: the file may have been written by anyone.
        return [Draft(r["id"], r["key"], r["section_id"], r["kind"], _kept(r["text"]),
                      _problems(r["problems"])) for r in rows]

    def hold_line(self, workshop_id: int, key: str, section_id: str, text: str,
                  problems: Sequence[str] = ()) -> None:
        """Keep a line held aside under ``key`` (holding it again changes it)."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO drafts (workshop_id, key, section_id, kind, text, problems, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "text = excluded.text, problems = excluded.problems, "
                "updated_at = excluded.updated_at",
                [workshop_id, key, section_id, HELD, _kept(text),
                 json.dumps(list(problems), ensure_ascii=False), now()])

    def drop_held(self, workshop_id: int, key: str) -> None:
        """The held line was saved or thrown away: forget it."""
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE workshop_id = ? AND key = ?",
                         [workshop_id, key])

    def keep_typing(self, workshop_id: int, section_id: str, text: str) -> None:
        """Keep what a step's field holds now; an empty field clears what was kept."""
        text = _kept(text)
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE workshop_id = ? AND section_id = ? "
                         "AND kind = ?", [workshop_id, section_id, TYPING])
            if text.strip():
                conn.execute(
                    "INSERT INTO drafts (workshop_id, section_id, kind, text, problems, "
                    "updated_at) VALUES (?, ?, ?, ?, '[]', ?)",
                    [workshop_id, section_id, TYPING, text, now()])

    def take_up_typing(self, workshop_id: int, keys: Mapping[int, str]) -> None:
        """Field texts kept by an earlier run become held lines, each under the
        key given for its row id, in one transaction (a held line kept without
        a key gets its key too)."""
        with self.store.transaction() as conn:
            conn.executemany(
                "UPDATE drafts SET kind = ?, key = ? WHERE id = ? AND workshop_id = ? "
                "AND (kind = ? OR key IS NULL)",
                [(HELD, key, draft_id, workshop_id, TYPING) for draft_id, key in keys.items()])
