"""Runs the service operations asked for by screens and steps, and words their errors.

Every change to a workshop made from the TUI goes through ``Actions.run``, so a
refused change is shown the same way everywhere and the screens are redrawn
from what was saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from sprintkit.errors import SprintkitError
from sprintkit.tui.labels import error_text, tr

T = TypeVar("T")


class Host(Protocol):
    """What ``Actions`` needs of the app, without importing it."""

    def notify(self, message: str, *, title: str = ..., severity: Any = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...

    def reload_all(self) -> None: ...


class Actions:
    def __init__(self, app: Host) -> None:
        self.app = app

    def run(self, fn: Callable[..., T], *args: Any, done: str | None = None,
            reload: bool = True, **kwargs: Any) -> T | None:
        """Run one service operation; on a user error show it and return None.

        The service commits before it returns, so the UI only shows what is saved.
        """
        try:
            result = fn(*args, **kwargs)
        except (SprintkitError, sqlite3.Error) as exc:
            self.report(exc)
            return None
        if done:
            self.app.notify(done, timeout=3)
        if reload:
            self.app.reload_all()
        return result

    def attempt(self, fn: Callable[..., Any], *args: Any, done: str | None = None,
                reload: bool = True, **kwargs: Any) -> bool:
        """``run`` for operations that return nothing: True when it was done."""
        finished: list[bool] = []

        def call() -> None:
            fn(*args, **kwargs)
            finished.append(True)

        self.run(call, done=done, reload=reload)
        return bool(finished)

    def report(self, exc: SprintkitError | sqlite3.Error, *, title: str = "") -> None:
        """Show a refused or failed operation in the UI's language."""
        if isinstance(exc, sqlite3.Error):  # e.g. the file is locked by another program
            self.app.notify(tr("error.database", error=str(exc)), title=title,
                            severity="error", timeout=10)
        else:
            self.app.notify(error_text(exc), title=title, severity="error",
                            timeout=8 if title else 6)
