"""Phone sessions: which phone speaks for which participant."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sprintkit.service.base import now
from sprintkit.service.people import People


class Phones(People):
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

    def renew_join_token(self, workshop_id: int) -> str:
        """Give the workshop a new join link and forget every phone that joined
        through the old one: a QR code photographed earlier stops working.
        Room state, like the phones: not undoable, not archived."""
        token = secrets.token_urlsafe(16)
        with self.store.transaction() as conn:
            self.workshop(workshop_id)
            conn.execute("UPDATE workshops SET join_token = ? WHERE id = ?",
                         [token, workshop_id])
            conn.execute("DELETE FROM phone_sessions WHERE workshop_id = ?", [workshop_id])
        return token
