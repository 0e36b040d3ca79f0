"""The doctor: text stored before sprintkit cleaned it."""

from __future__ import annotations

import sys

import click

from sprintkit.cli.env import Env, pass_env
from sprintkit.cli.words import say


@click.command("doctor")
@click.argument("workshop", required=False)
@pass_env
def doctor_cmd(env: Env, workshop: str | None) -> None:
    """Report text stored before sprintkit cleaned it; changes nothing.

    Lists participant names that hold invisible or control characters (with
    the spelling they would get today), pairs of names that look alike, and
    fields that hold control characters. Exits with 1 when it found anything,
    so a script can tell. Rename with 'sprintkit participant rename'.
    """
    # Loaded here, not at start-up: it reads the confusables table.
    from sprintkit import doctor

    ids = [env.service.workshop(workshop).id] if workshop is not None else None
    report = doctor.check(env.service, ids)
    names = {w.id: w.name for w in env.service.list_workshops()}
    for f in report.findings:
        where = say("doctor.where", id=f.workshop_id, name=doctor.visible(names[f.workshop_id]))
        if f.kind == "unclean_name":
            click.echo(say("doctor.unclean_name", where=where, id=f.ids[0],
                           name=doctor.visible(f.names[0]), suggestion=f.suggestion))
        elif f.kind == "unclean_role":
            click.echo(say("doctor.unclean_role", where=where, id=f.ids[0],
                           role=doctor.visible(f.names[0]), suggestion=f.suggestion))
        elif f.kind == "lookalike":
            first, second = (doctor.visible(n) for n in f.names)
            odd = "; ".join(doctor.unusual(f.names[0] + f.names[1]))
            click.echo(say("doctor.lookalike_named" if odd else "doctor.lookalike", where=where,
                           first_id=f.ids[0], first=first, second_id=f.ids[1], second=second,
                           chars=odd))
        else:
            click.echo(say("doctor.controls", where=where, rows=f.rows, field=f.where))
    verdict = (say("doctor.found", findings=len(report.findings)) if report.findings
               else say("doctor.clean"))
    click.echo(say("doctor.checked", workshops=report.workshops, verdict=verdict),
               err=bool(report.findings))
    if report.findings:
        sys.exit(1)
