"""Phone sessions: who each phone is, kept in memory and, once a phone has
joined, in the database too (only a hash of its cookie), so a restart of the
laptop does not make anyone pick their name again."""

from __future__ import annotations

import hashlib
import logging
import secrets
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sprintkit.errors import SprintkitError
from sprintkit.models import Participant

log = logging.getLogger(__name__)

SESSION_COOKIE = "sk_session"
SESSION_DAYS = 7


@dataclass
class _Session:
    id: str
    csrf: str
    participant_id: int | None = None
    name: str = ""
    anon_notes: set[int] = field(default_factory=set)


class _Keeper:
    """Writes phones' identities through the service, so they outlive a restart."""

    def __init__(self, service: Any, workshop_id: int) -> None:
        self.service = service
        self.workshop_id = workshop_id

    @staticmethod
    def digest(sid: str) -> str:
        return hashlib.sha256(sid.encode()).hexdigest()

    def recall(self) -> list[dict[str, Any]]:
        try:
            return self.service.remembered_phones(self.workshop_id, max_age_days=SESSION_DAYS)
        except (SprintkitError, sqlite3.Error):
            log.exception("could not read the phones that joined earlier")
            return []

    def remember(self, session: _Session) -> None:
        self.service.remember_phone(self.workshop_id, self.digest(session.id),
                                    session.participant_id, session.csrf)

    def forget(self, *, sid: str | None = None, participant_id: int | None = None) -> None:
        try:
            self.service.forget_phone(self.workshop_id,
                                      token_hash=self.digest(sid) if sid else None,
                                      participant_id=participant_id)
        except (SprintkitError, sqlite3.Error):  # the memory is cleared all the same
            log.exception("could not forget a phone")


class _Sessions:
    """Phone sessions in memory, least recently used evicted first. With a
    keeper, joined phones are also kept in the database and come back after a
    restart: their cookie is recognised by its hash the first time it returns."""

    def __init__(self, limit: int, keeper: _Keeper | None = None) -> None:
        self.limit = max(limit, 1)
        self.keeper = keeper
        self._items: OrderedDict[str, _Session] = OrderedDict()
        self._holder: dict[int, str] = {}
        # Restored from the database, keyed by the cookie's hash until it returns.
        self._waiting: dict[str, _Session] = {}
        # Bound, their row not yet written (it waits for a shared commit).
        self._unsaved: set[int] = set()
        for row in keeper.recall() if keeper is not None else ():
            self._waiting[row["token_hash"]] = _Session("", row["csrf"], row["participant_id"])

    def __len__(self) -> int:
        return len(self._items)

    def get(self, sid: str | None) -> _Session | None:
        if not sid or len(sid) > 100:
            return None
        session = self._items.get(sid)
        if session is not None:
            self._items.move_to_end(sid)
        elif self._waiting:
            session = self._waiting.pop(_Keeper.digest(sid), None)
            if session is not None:
                session.id = sid
                self._items[sid] = session
                if session.participant_id is not None:
                    self._holder[session.participant_id] = sid
        return session

    def new(self) -> _Session:
        session = _Session(secrets.token_urlsafe(24), secrets.token_urlsafe(24))
        self._items[session.id] = session
        while len(self._items) > self.limit:
            victim = next((s for s in self._items.values() if s.participant_id is None),
                          next(iter(self._items.values())))
            self.drop(victim)
        return session

    def drop(self, session: _Session) -> None:
        self._items.pop(session.id, None)
        if session.participant_id is not None and \
                self._holder.get(session.participant_id) == session.id:
            del self._holder[session.participant_id]

    def holders(self) -> list[int]:
        return list(self._holder) + [s.participant_id for s in self._waiting.values()
                                     if s.participant_id is not None]

    def holder(self, participant_id: int) -> _Session | None:
        sid = self._holder.get(participant_id)
        if sid:
            return self._items.get(sid)
        return next((s for s in self._waiting.values() if s.participant_id == participant_id),
                    None)

    def bind(self, session: _Session, person: Participant, *,
             remember: bool = True) -> _Session:
        """Give the session an identity, under a fresh id (no fixation).

        ``remember=False`` leaves writing it to the database to the caller
        (see ``remember``), so a room of phones joining at once can share one
        durable commit instead of syncing the disk once per phone."""
        self.drop(session)
        fresh = _Session(secrets.token_urlsafe(24), secrets.token_urlsafe(24),
                         person.id, person.name)
        self._forget_waiting(person.id)
        self._items[fresh.id] = fresh
        self._holder[person.id] = fresh.id
        if remember:
            self.remember(fresh)
        else:
            self._unsaved.add(person.id)
        return fresh

    def remember(self, session: _Session) -> None:
        participant_id = session.participant_id
        if participant_id is None:  # let go of its name before its turn to be written
            return
        if self.keeper is not None:
            self.keeper.remember(session)
        # Only once it is written: a phone whose row could not be written keeps
        # its name all the same, and must not look released for lack of the row.
        self._unsaved.discard(participant_id)

    def unbind(self, session: _Session) -> None:
        if session.participant_id is not None and \
                self._holder.get(session.participant_id) == session.id:
            del self._holder[session.participant_id]
        if self.keeper is not None and session.participant_id is not None and session.id:
            self.keeper.forget(sid=session.id)
        if session.participant_id is not None:
            self._unsaved.discard(session.participant_id)
        session.participant_id = None
        session.name = ""
        session.anon_notes.clear()

    def release(self, participant_id: int) -> None:
        """Forget whichever phone holds this participant (they can pick the name again)."""
        holder = self.holder(participant_id)
        if holder is not None and holder.id:
            self.unbind(holder)
        self._forget_waiting(participant_id)
        if self.keeper is not None:
            self.keeper.forget(participant_id=participant_id)

    def forgotten_elsewhere(self) -> list[int]:
        """Participants this memory holds whose phone the database no longer
        remembers: released by another program (``sprintkit participant
        release``, while this room runs). Every bind writes its row first, so
        a missing row always means a release."""
        if self.keeper is None:
            return []
        held = set(self.holders())
        if not held:
            return []
        # Not keeper.recall(): that one shrugs off a database error with an
        # empty list, which here would read as "everyone was released".
        rows = self.keeper.service.remembered_phones(self.keeper.workshop_id,
                                                     max_age_days=SESSION_DAYS)
        kept = {row["participant_id"] for row in rows}
        # A phone that joined a moment ago has no row until its commit, which
        # it shares with the others joining meanwhile: not a release.
        return sorted(held - kept - self._unsaved)

    def _forget_waiting(self, participant_id: int) -> None:
        for key in [k for k, s in self._waiting.items() if s.participant_id == participant_id]:
            del self._waiting[key]


# Phones' sessions outlive one opening of the room: closing it and opening it
# again in the same program (same address, same cookies) keeps everyone's
# identity. Keyed by the workshop's join token.
_MEMORY: dict[str, _Sessions] = {}


def _memory(token: str, limit: int, keeper: _Keeper | None = None) -> _Sessions:
    sessions = _MEMORY.get(token)
    if sessions is None or sessions.limit != max(limit, 1):
        sessions = _MEMORY[token] = _Sessions(limit, keeper)
    return sessions
