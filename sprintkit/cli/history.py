"""The action log: undo, redo and the history."""

from __future__ import annotations

import click

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


@click.command("history")
@click.argument("workshop")
@click.option("--limit", type=int, default=30, show_default=True)
@pass_env
def history_cmd(env: Env, workshop: str, limit: int) -> None:
    """Show the latest actions, newest first."""
    # The one label table that has the history's words is still the terminal
    # UI's; it is large, so only this command loads it.
    from sprintkit.tui.labels import set_language, tr, ui_language

    set_language(ui_language())
    for event in env.service.history(env.service.workshop(workshop).id, limit):
        prefix = {"do": "", "undo": tr("history.undo") + ": ",
                  "redo": tr("history.redo") + ": "}[event.kind]
        click.echo(f"{event.at[:19].replace('T', ' ')}  {prefix}{terminal_safe(event_words(event, tr))}"
                   + (f"  ({event.source})" if event.source != "local" else ""))
