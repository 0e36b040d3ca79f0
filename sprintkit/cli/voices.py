"""Voice balance: who has been heard in which step."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import say
from sprintkit.text import terminal_safe


@click.command("voices")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def voices_cmd(env: Env, workshop: str, as_json: bool) -> None:
    """Voice balance: notes per role per section, and who has not been heard."""
    wid = env.service.workshop(workshop).id
    vb = env.service.voice_balance(wid)
    if as_json:
        emit_json(vb.__dict__)
        return
    book = env.service.playbook(wid)
    titles = {s.id: s.title for s in book.sections}
    for section in vb.sections:
        counts = vb.notes.get(section, {})
        parts = [f"{terminal_safe(role) or say('voices.no_role')} {n}"
                 for role, n in counts.items() if n]
        anon = vb.anonymous_notes.get(section, 0)
        if anon:
            parts.append(say("voices.anonymous", n=anon))
        evidence = vb.evidence_notes.get(section, 0)
        if evidence:
            # The customers' voice, apart from the people in the room.
            parts.append(say("evidence.voices", n=evidence))
        click.echo(say("voices.section", section=titles.get(section, section),
                       counts=", ".join(parts) or say("voices.no_notes")))
    room = sum(sum(c.values()) for c in vb.notes.values()) + sum(vb.anonymous_notes.values())
    if vb.unheard_roles:
        click.echo(click.style(say("voices.unheard", roles=", ".join(vb.unheard_roles)),
                               fg="yellow"))
    elif not room:
        # customer evidence is no voice of the room: nobody there has been heard yet
        click.echo(say("voices.nobody_yet"))
    else:
        click.echo(say("voices.all_heard"))
