"""What every command shares: the database it opens, errors as one line, JSON
output, and launching the terminal UI."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from sprintkit.cli.helptext import translated
from sprintkit.cli.words import error_text, language, say
from sprintkit.errors import SprintkitError


class Refused(click.ClickException):
    """A user-caused error: one line, ``Error: ...`` in the user's language.

    ``message`` is already worded and terminal-safe."""

    def show(self, file: Any = None) -> None:
        click.echo(say("error", message=self.format_message()), err=True, file=file)


class Group(click.Group):
    """Turns user-caused errors into one clean line instead of a traceback,
    and shows the help in the user's language."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with translated(self, language()):
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SprintkitError as exc:
            raise Refused(error_text(exc)) from None
        except sqlite3.OperationalError as exc:
            raise Refused(say("error.database", error=str(exc))) from None
        except OSError as exc:
            if exc.filename:
                raise Refused(say("error.os", file=str(exc.filename),
                                  reason=exc.strerror or "")) from None
            raise


class Env:
    def __init__(self, db: Path, explicit: bool = False) -> None:
        self.db_path = db
        self.explicit = explicit
        self._service = None

    @property
    def service(self):
        if self._service is None:
            # Loaded on first use: --help and the playbook commands need no database.
            from sprintkit.service import WorkshopService
            from sprintkit.store import Store

            path = self.db_path
            created = not path.exists()
            # A mistyped --db must not quietly start an empty database somewhere
            # new: refuse missing folders and say so when a new file is made.
            if self.explicit and created and not path.parent.is_dir():
                raise Refused(say("error.no_db_folder", folder=str(path.parent)))
            self._service = WorkshopService(Store(path))
            if self.explicit and created:
                click.echo(say("db.started", path=str(path)), err=True)
        return self._service


pass_env = click.make_pass_decorator(Env)


# JSON escapes C0 controls itself; DEL, C1 and bidi overrides it leaves raw.
_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), *range(0x202A, 0x202F),
                                           *range(0x2066, 0x206A)]}


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_UNSAFE))


def open_tui(env: Env, workshop_id: int | None) -> None:
    try:
        # Textual loads only when the terminal UI is launched.
        from sprintkit.tui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("sprintkit.tui"):
            raise Refused(say("error.no_tui")) from None
        raise
    if not sys.stdout.isatty() and workshop_id is None:
        raise Refused(say("error.no_terminal"))
    run_app(env.db_path, workshop_id)
