"""Drafts: what the facilitator typed and has not saved yet, kept across a crash.

A line a capture step could not save is held aside; the note still being
typed is kept after a pause in typing. Both are the facilitator's scratch on
this laptop, not workshop content: writing them logs no event (nothing to undo,
nothing in the history), and exports and the archive never read them. The
table's foreign key deletes them with their workshop.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
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
    section_id: str
    kind: str
    text: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeldLine:
    """One line to keep held aside: where it was typed, what, and why it was not saved."""

    section_id: str
    text: str
    problems: Sequence[str] = ()


def _kept(text: str) -> str:
    # As typed, line breaks and all, without the control characters a note
    # would lose when saved anyway (and which must never reach a terminal).
    return clean_block(text)[:DRAFT_MAX_CHARS]


class Drafts(ServiceBase):
    def drafts(self, workshop_id: int) -> list[Draft]:
        """A workshop's held lines and unsaved field texts, oldest first."""
        rows = self.store.query(
            "SELECT id, section_id, kind, text, problems FROM drafts WHERE workshop_id = ? "
            "ORDER BY id", [workshop_id])
        # Cleaned again on the way out: the file may have been written by anyone.
        return [Draft(r["id"], r["section_id"], r["kind"], _kept(r["text"]),
                      tuple(clean_block(p) for p in json.loads(r["problems"])))
                for r in rows]

    def keep_held(self, workshop_id: int, lines: Iterable[HeldLine], *,
                  clear_typing: bool = False) -> int:
        """Make ``lines`` the workshop's held lines, in place of those kept before;
        returns how many are kept. A line saved or thrown away is simply left out.
        With ``clear_typing`` the fields' kept texts go too, in the same
        transaction: they are among ``lines`` now."""
        at = now()
        rows = [(workshop_id, line.section_id, HELD, _kept(line.text),
                 json.dumps(list(line.problems), ensure_ascii=False), at)
                for line in lines if line.text.strip()]
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE workshop_id = ? AND kind IN (?, ?)",
                         [workshop_id, HELD, TYPING if clear_typing else HELD])
            conn.executemany(
                "INSERT INTO drafts (workshop_id, section_id, kind, text, problems, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

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
