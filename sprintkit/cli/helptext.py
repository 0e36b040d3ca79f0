"""The commands' and options' help, in the user's language.

The English help stays where click expects it (docstrings, ``help=``) and is
the source of the English catalog's ``cli:help.<command path>`` and
``cli:help.<command path> <option>`` messages (``cli:help.<option>`` for an
option every command words the same, like ``--json``); a test keeps the two
equal. The translations are put in place only while a command line runs,
in the language of that moment, and the English is restored afterwards.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterator

import click

from sprintkit import i18n

TOP = "sprintkit"


def walk(command: click.Command, path: str = TOP) -> Iterator[tuple[str, click.Command]]:
    """Every command under ``command`` with its path ("sprintkit", "note add")."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, name if path == TOP else f"{path} {name}")


def help_ids(path: str, param: click.Option) -> tuple[str, str]:
    """The option's own message id, and the shared one for its name."""
    return f"cli:help.{path} {param.opts[0]}", f"cli:help.{param.opts[0]}"


def english(top: click.Command) -> dict[str, str]:
    """Every help text the code holds, by the message id that translates it."""
    texts: dict[str, str] = {}
    for path, command in walk(top):
        if command.help:
            texts[f"cli:help.{path}"] = inspect.cleandoc(command.help)
        for param in command.params:
            if isinstance(param, click.Option) and param.help and not param.hidden:
                own, shared = help_ids(path, param)
                texts[own if i18n.has(own) or not i18n.has(shared) else shared] = param.help
    return texts


@contextlib.contextmanager
def translated(top: click.Command, language: str) -> Iterator[None]:
    """The tree's help texts in ``language`` while the block runs."""
    saved: list[tuple[object, str | None]] = []

    def swap(target: click.Command | click.Parameter, *ids: str) -> None:
        for msgid in ids:
            if i18n.has(msgid):
                saved.append((target, target.help))
                target.help = i18n.message(language, msgid)
                return

    if language != i18n.DEFAULT:
        for path, command in walk(top):
            if command.help:
                swap(command, f"cli:help.{path}")
            for param in command.params:
                if isinstance(param, click.Option) and param.help:
                    swap(param, *help_ids(path, param))
    try:
        yield
    finally:
        for target, text in reversed(saved):
            target.help = text  # type: ignore[attr-defined]
