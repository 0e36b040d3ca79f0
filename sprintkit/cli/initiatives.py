"""Initiatives: notes grouped under a title; merge, split, rename and delete."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import say
from sprintkit.text import clean_line, terminal_safe


@click.group("initiative")
def initiative_group() -> None:
    """Group notes into initiatives; merge, split and rename them."""


@initiative_group.command("add")
@click.argument("workshop")
@click.argument("title")
@click.option("--note", "notes", multiple=True, help="Note id to group in (repeatable).")
@click.option("--description", default="", help="What the initiative is about.")
@pass_env
def initiative_add(env: Env, workshop: str, title: str, notes: tuple[str, ...],
                   description: str) -> None:
    """Create an initiative from notes; prints its id."""
    wid = env.service.workshop(workshop).id
    _warn_regrouped(env, wid, notes)
    item = env.service.create_initiative(wid, title, note_ids=notes, description=description)
    _say_renamed(title, item.title)
    click.echo(item.id)


def _say_renamed(asked: str, given: str) -> None:
    """Say so when the title was taken and a number was added; a title that
    only lost its control characters is the title asked for."""
    cleaned = clean_line(asked).strip()
    if cleaned != given:
        click.echo(say("initiative.renamed", asked=cleaned, given=given), err=True)


def _warn_regrouped(env: Env, workshop_id: int, note_ids: tuple[str, ...]) -> None:
    """A note belongs to one initiative: say so when grouping takes it from another."""
    for ref in note_ids:
        note = env.service.note(workshop_id, ref)
        if note.initiative_id is not None:
            old = env.service.initiative(workshop_id, note.initiative_id)
            click.echo(say("initiative.regrouped", note=note.id, id=old.id, title=old.title),
                       err=True)


@initiative_group.command("list")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def initiative_list(env: Env, workshop: str, as_json: bool) -> None:
    """List initiatives."""
    items = env.service.initiatives(env.service.workshop(workshop).id)
    if as_json:
        emit_json([i.as_dict() for i in items])
        return
    for i in items:
        carried = f"  ({say('initiative.carried_from', source=i.carried_from)})" \
            if i.carried_from else ""
        click.echo(f"{i.id:>4}  {terminal_safe(i.title)}  [{i.phase or '-'}]{carried}")


@initiative_group.command("group")
@click.argument("workshop")
@click.argument("initiative")
@click.argument("note_ids", nargs=-1, required=True)
@pass_env
def initiative_group_notes(env: Env, workshop: str, initiative: str,
                           note_ids: tuple[str, ...]) -> None:
    """Add notes to an existing initiative."""
    wid = env.service.workshop(workshop).id
    target = env.service.initiative(wid, initiative)
    _warn_regrouped(env, wid, tuple(n for n in note_ids
                                    if env.service.note(wid, n).initiative_id != target.id))
    item = env.service.add_notes_to_initiative(wid, target.id, note_ids)
    click.echo(item.id)


@initiative_group.command("merge")
@click.argument("workshop")
@click.argument("target")
@click.argument("others", nargs=-1, required=True)
@pass_env
def initiative_merge(env: Env, workshop: str, target: str, others: tuple[str, ...]) -> None:
    """Merge initiatives into TARGET.

    Notes and dots move to TARGET (each person's dots capped at the round's
    per-initiative max); the merged-away initiatives' scores are dropped, so
    score TARGET again."""
    item = env.service.merge_initiatives(env.service.workshop(workshop).id, target, others)
    click.echo(item.id)


@initiative_group.command("split")
@click.argument("workshop")
@click.argument("initiative")
@click.argument("title")
@click.option("--note", "notes", multiple=True, required=True, help="Note id to move out.")
@pass_env
def initiative_split(env: Env, workshop: str, initiative: str, title: str,
                     notes: tuple[str, ...]) -> None:
    """Split notes off an initiative into a new one; prints its id."""
    item = env.service.split_initiative(env.service.workshop(workshop).id, initiative, notes,
                                        title)
    _say_renamed(title, item.title)
    click.echo(item.id)


@initiative_group.command("rename")
@click.argument("workshop")
@click.argument("initiative")
@click.argument("title", required=False)
@click.option("--description", default=None, help="New description.")
@pass_env
def initiative_rename(env: Env, workshop: str, initiative: str, title: str | None,
                      description: str | None) -> None:
    """Rename an initiative or change its description."""
    item = env.service.update_initiative(env.service.workshop(workshop).id, initiative,
                                         title=title, description=description)
    click.echo(item.id)


@initiative_group.command("delete")
@click.argument("workshop")
@click.argument("initiative")
@pass_env
def initiative_delete(env: Env, workshop: str, initiative: str) -> None:
    """Delete an initiative (its notes stay)."""
    env.service.delete_initiative(env.service.workshop(workshop).id, initiative)
    click.echo(say("initiative.deleted", id=initiative))
