"""Voice balance: who has been heard in which step."""

from __future__ import annotations

import click

from sprintkit import i18n
from sprintkit.cli.env import Env, emit_json, pass_env
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
        parts = [f"{terminal_safe(role) or '(no role)'} {n}" for role, n in counts.items() if n]
        anon = vb.anonymous_notes.get(section, 0)
        if anon:
            parts.append(f"anonymous {anon}")
        evidence = vb.evidence_notes.get(section, 0)
        if evidence:
            # The customers' voice, apart from the people in the room.
            parts.append(i18n.message(i18n.user_language(), "cli:evidence.voices", n=evidence))
        click.echo(f"{terminal_safe(titles.get(section, section))}: {', '.join(parts) or 'no notes yet'}")
    if vb.unheard_roles:
        click.echo(click.style(f"Not heard yet: {terminal_safe(', '.join(vb.unheard_roles))}", fg="yellow"))
    else:
        click.echo("Every role has been heard.")
