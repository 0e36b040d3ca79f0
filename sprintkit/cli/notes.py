"""Notes in the capture steps."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import say
from sprintkit.text import terminal_safe


@click.group("note")
def note_group() -> None:
    """Add, list, edit, move and delete notes."""


@note_group.command("add")
@click.argument("workshop")
@click.argument("section")
@click.argument("text")
@click.option("--by", "by", default=None, help="Author (name or id); anonymous if omitted.")
@click.option("--lens", "lenses", multiple=True, help="Lens tag, e.g. emotion (repeatable).")
@pass_env
def note_add(env: Env, workshop: str, section: str, text: str, by: str | None,
             lenses: tuple[str, ...]) -> None:
    """Add a note to a section; prints its id."""
    note = env.service.add_note(env.service.workshop(workshop).id, section, text,
                                participant=by, lenses=lenses)
    click.echo(note.id)


@note_group.command("list")
@click.argument("workshop")
@click.option("--section", default=None, help="Only this section.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def note_list(env: Env, workshop: str, section: str | None, as_json: bool) -> None:
    """List notes."""
    wid = env.service.workshop(workshop).id
    notes = env.service.notes(wid, section)
    if as_json:
        emit_json([n.as_dict() for n in notes])
        return
    names = {p.id: p.name for p in env.service.participants(wid)}
    evidence = env.service.evidence(wid, section)
    for n in notes:
        who = terminal_safe(names[n.participant_id]) if n.participant_id in names \
            else say("note.anonymous")
        if n.id in evidence:
            # A customer's comment: its count and source instead of an author.
            view = evidence[n.id]
            who = say("evidence.by", n=view.count, source=view.source)
        tags = f" [{', '.join(n.lenses)}]" if n.lenses else ""
        click.echo(f"{n.id:>5}  {n.section_id:<18} {who:<16} {terminal_safe(n.text)}{tags}")


@note_group.command("edit")
@click.argument("workshop")
@click.argument("note_id")
@click.argument("text")
@pass_env
def note_edit(env: Env, workshop: str, note_id: str, text: str) -> None:
    """Replace a note's text."""
    note = env.service.edit_note(env.service.workshop(workshop).id, note_id, text=text)
    click.echo(note.id)


@note_group.command("move")
@click.argument("workshop")
@click.argument("note_id")
@click.argument("section")
@pass_env
def note_move(env: Env, workshop: str, note_id: str, section: str) -> None:
    """Move a note to another section."""
    note = env.service.move_note(env.service.workshop(workshop).id, note_id, section)
    click.echo(say("note.moved", id=note.id, section=note.section_id))


@note_group.command("delete")
@click.argument("workshop")
@click.argument("note_id")
@pass_env
def note_delete(env: Env, workshop: str, note_id: str) -> None:
    """Delete a note (undo brings it back)."""
    env.service.delete_note(env.service.workshop(workshop).id, note_id)
    click.echo(say("note.deleted", id=note_id))
