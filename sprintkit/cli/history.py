"""The action log: undo, redo and the history."""

from __future__ import annotations

import click

from sprintkit import i18n
from sprintkit.cli.env import Env, pass_env
from sprintkit.history_words import event_words
from sprintkit.text import terminal_safe


@click.command("undo")
@click.argument("workshop")
@pass_env
def undo_cmd(env: Env, workshop: str) -> None:
    """Undo the latest action in a workshop."""
    event = env.service.undo(env.service.workshop(workshop).id)
    click.echo(f"Undid: {terminal_safe(event.summary)}" if event else "Nothing to undo")


@click.command("redo")
@click.argument("workshop")
@pass_env
def redo_cmd(env: Env, workshop: str) -> None:
    """Redo the latest undone action."""
    event = env.service.redo(env.service.workshop(workshop).id)
    click.echo(f"Redid: {terminal_safe(event.summary)}" if event else "Nothing to redo")


class _Words:
    """The catalog's history words in one language, as ``event_words`` reads them."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return i18n.message(self.language, f"tui:{key}", **values)

    def has(self, key: str) -> bool:
        return i18n.has(f"tui:{key}")


@click.command("history")
@click.argument("workshop")
@click.option("--limit", type=int, default=30, show_default=True)
@pass_env
def history_cmd(env: Env, workshop: str, limit: int) -> None:
    """Show the latest actions, newest first."""
    # the user's language; the history's words are the catalog's event messages
    tr = _Words(i18n.user_language())
    for event in env.service.history(env.service.workshop(workshop).id, limit):
        prefix = {"do": "", "undo": tr("history.undo") + ": ",
                  "redo": tr("history.redo") + ": "}[event.kind]
        click.echo(f"{event.at[:19].replace('T', ' ')}  {prefix}{terminal_safe(event_words(event, tr))}"
                   + (f"  ({event.source})" if event.source != "local" else ""))
