"""Errors a user can cause. Each carries one line that tells them what to fix."""

from __future__ import annotations


class SprintkitError(Exception):
    """Base class: the message is shown to the user as is, without a traceback."""

    exit_code = 1


class NotFound(SprintkitError):
    """A workshop, participant, note, section, phase or initiative does not exist."""


class InvalidInput(SprintkitError):
    """A value is out of range or malformed."""


class VoteRejected(SprintkitError):
    """A vote breaks the round's rules (budget, per-item max, closed round)."""


class PlaybookError(SprintkitError):
    """A playbook file cannot be read or does not follow the format."""


class DatabaseError(SprintkitError):
    """The database file is not usable (corrupt, not SQLite, or too new)."""


class UndoConflict(SprintkitError):
    """An action cannot be undone because what it touched changed since."""
