"""The action log: undo, redo and the history."""

from __future__ import annotations

import click

from sprintkit import i18n
from sprintkit.cli.env import Env, pass_env
from sprintkit.cli.words import has, say
from sprintkit.history_words import event_words
from sprintkit.text import terminal_safe


def _content_words(env: Env, workshop_id: int) -> _Words:
    """History tells what happened in the workshop: in the workshop's language,
    as its screens and exports tell it."""
    return _Words(env.service.workshop(workshop_id).language)


@click.command("undo")
@click.argument("workshop")
@pass_env
def undo_cmd(env: Env, workshop: str) -> None:
    """Undo the latest action in a workshop."""
    wid = env.service.workshop(workshop).id
    event = env.service.undo(wid)
    click.echo(say("history.undid", what=event_words(event, _content_words(env, wid)))
               if event else say("history.nothing_to_undo"))


@click.command("redo")
@click.argument("workshop")
@pass_env
def redo_cmd(env: Env, workshop: str) -> None:
    """Redo the latest undone action."""
    wid = env.service.workshop(workshop).id
    event = env.service.redo(wid)
    click.echo(say("history.redid", what=event_words(event, _content_words(env, wid)))
               if event else say("history.nothing_to_redo"))


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
    wid = env.service.workshop(workshop).id
    # the frame in the user's language, what happened in the workshop's
    words = _content_words(env, wid)
    for event in env.service.history(wid, limit):
        what = event_words(event, words)
        line = say(f"history.{event.kind}", when=event.at[:19].replace("T", " "), what=what)
        if event.source != "local":
            source = (say(f"history.source.{event.source}")
                      if has(f"history.source.{event.source}") else event.source)
            line = say("history.from", line=line, source=source)
        click.echo(terminal_safe(line))
