"""The doctor: text stored before sprintkit cleaned it."""

from __future__ import annotations

import sys

import click

from sprintkit.cli.env import Env, pass_env
from sprintkit.text import count, terminal_safe


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
        where = f"workshop {f.workshop_id} '{terminal_safe(doctor.visible(names[f.workshop_id]))}'"
        if f.kind == "unclean_name":
            click.echo(f"{where}: participant {f.ids[0]} '{terminal_safe(doctor.visible(f.names[0]))}' "
                       "holds invisible or control characters; it would be stored as "
                       f"'{terminal_safe(f.suggestion)}'")
        elif f.kind == "unclean_role":
            click.echo(f"{where}: the role of participant {f.ids[0]}, "
                       f"'{terminal_safe(doctor.visible(f.names[0]))}', holds invisible or "
                       f"control characters; it would be stored as '{terminal_safe(f.suggestion)}'")
        elif f.kind == "lookalike":
            first, second = (terminal_safe(doctor.visible(n)) for n in f.names)
            odd = "; ".join(doctor.unusual(f.names[0] + f.names[1]))
            click.echo(f"{where}: participants {f.ids[0]} '{first}' and {f.ids[1]} '{second}' "
                       f"look alike{f' ({odd})' if odd else ''}; rename one so people can "
                       "tell them apart")
        else:
            click.echo(f"{where}: {count(f.rows, 'row')} of {f.where} "
                       f"{'holds' if f.rows == 1 else 'hold'} control characters "
                       "(shown escaped, never sent to a terminal)")
    verdict = (f"{count(len(report.findings), 'finding')}; nothing was changed"
               if report.findings else "every name and text is clean")
    click.echo(f"Checked {count(report.workshops, 'workshop')}: {verdict}",
               err=bool(report.findings))
    if report.findings:
        sys.exit(1)
