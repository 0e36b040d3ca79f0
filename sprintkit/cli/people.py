"""Participants: add, import, list, rename, release and remove them."""

from __future__ import annotations

from pathlib import Path

import click

from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import say
from sprintkit.text import terminal_safe


@click.group("participant")
def participant_group() -> None:
    """Add, import, rename, release and remove participants."""


@participant_group.command("add")
@click.argument("workshop")
@click.argument("name")
@click.option("--role", default="", help="Role or unit, e.g. 'Customer service'.")
@pass_env
def participant_add(env: Env, workshop: str, name: str, role: str) -> None:
    """Add a participant; prints their id."""
    p = env.service.add_participant(env.service.workshop(workshop).id, name, role)
    click.echo(p.id)


@participant_group.command("import")
@click.argument("workshop")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_env
def participant_import(env: Env, workshop: str, file: Path) -> None:
    """Import participants from a CSV file (all or none).

    Rows of name,role, or any columns under a header row that names the name
    and role columns (name/nimi, role/rooli/unit/yksikkö...).
    """
    result = env.service.import_participants_csv(env.service.workshop(workshop).id, file)
    for p in result.added:
        click.echo(f"{p.id}\t{terminal_safe(p.name)}\t{terminal_safe(p.role)}")
    for row in result.skipped:
        click.echo(say("participant.skipped", line=row.number, name=row.name), err=True)
    click.echo(say("participant.imported", n=len(result.added), skipped=len(result.skipped)),
               err=True)


@participant_group.command("list")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def participant_list(env: Env, workshop: str, as_json: bool) -> None:
    """List participants."""
    people = env.service.participants(env.service.workshop(workshop).id)
    if as_json:
        emit_json([p.as_dict() for p in people])
        return
    for p in people:
        click.echo(f"{p.id:>4}  {terminal_safe(p.name)}" + (f"  ({terminal_safe(p.role)})" if p.role else ""))


@participant_group.command("rename")
@click.argument("workshop")
@click.argument("participant")
@click.argument("name", required=False)
@click.option("--role", default=None, help="New role or unit.")
@pass_env
def participant_rename(env: Env, workshop: str, participant: str, name: str | None,
                       role: str | None) -> None:
    """Rename a participant or change their role."""
    p = env.service.update_participant(env.service.workshop(workshop).id, participant,
                                       name=name, role=role)
    click.echo(f"{p.id}\t{terminal_safe(p.name)}\t{terminal_safe(p.role)}")


@participant_group.command("release")
@click.argument("workshop")
@click.argument("participant")
@pass_env
def participant_release(env: Env, workshop: str, participant: str) -> None:
    """Free a name held by a phone, so the person can pick it on another phone.

    For someone whose phone forgot them (another browser, cleared cookies).
    An open room, in the terminal UI or 'sprintkit serve', notices within
    two seconds.
    """
    wid = env.service.workshop(workshop).id
    person = env.service.participant(wid, participant)
    # every remembered phone counts, however old: this is about freeing the name
    held = any(row["participant_id"] == person.id
               for row in env.service.remembered_phones(wid, max_age_days=36500))
    env.service.forget_phone(wid, participant_id=person.id)
    if held:
        click.echo(say("participant.released", name=person.name))
    else:
        click.echo(say("participant.not_held", name=person.name))


@participant_group.command("remove")
@click.argument("workshop")
@click.argument("participant")
@pass_env
def participant_remove(env: Env, workshop: str, participant: str) -> None:
    """Remove a participant (their notes stay, without an author)."""
    env.service.remove_participant(env.service.workshop(workshop).id, participant)
    click.echo(say("participant.removed", name=participant))
