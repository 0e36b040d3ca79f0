"""Errors a user can cause. Each carries one line that tells them what to fix."""

from __future__ import annotations


class SprintkitError(Exception):
    """Base class: the message is shown to the user as is, without a traceback.

    The message is English (logs use it). ``key`` and ``params`` are what a
    front end words in its own language: the command line in the user's
    (``cli:error.<key>``), the terminal UI and the phone page in the
    workshop's. Params are plain values, never prose to be parsed.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, key: str | None = None,
                 **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class NotFound(SprintkitError):
    """A workshop, participant, note, section, phase or initiative does not exist."""


class InvalidInput(SprintkitError):
    """A value is out of range or malformed."""


class VoteRejected(SprintkitError):
    """A vote breaks the round's rules (budget, per-item max, closed round)."""


class BallotChanged(VoteRejected):
    """A ballot was confirmed while the same person's stored dots had changed.

    ``params["current"]`` holds the dots stored now (initiative id -> dots)."""


class PlaybookError(SprintkitError):
    """A playbook file cannot be read or does not follow the format.

    ``problems`` lists every problem found, one line each (the message names
    the first)."""

    problems: list[str]

    def __init__(self, message: str = "", *, key: str | None = None,
                 **params: object) -> None:
        super().__init__(message, key=key, **params)
        self.problems = [message]


class DatabaseError(SprintkitError):
    """The database file is not usable (corrupt, not SQLite, or too new)."""


class UndoConflict(SprintkitError):
    """An action cannot be undone because what it touched changed since."""
