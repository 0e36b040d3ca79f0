"""Workshops: create, list, show, open, rename and delete them, and move the room
from step to step."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from sprintkit import analysis
from sprintkit.cli.env import Env, Refused, emit_json, open_tui, pass_env
from sprintkit.cli.followup import carry_over_into_new
from sprintkit.cli.playbooks import warn_skipped
from sprintkit.cli.words import kind_word, not_ready, say
from sprintkit.models import LANGUAGES
from sprintkit.text import terminal_safe


@click.command("new")
@click.argument("name")
@click.option("--playbook", "playbook_ref", required=True,
              help="Playbook id (see 'sprintkit playbook list') or a YAML file.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Workshop language (default: en, or the file's language).")
@click.option("--organisation", default="", help="Organisation shown on the roadmap cover.")
@click.option("--facilitator", default="", help="Facilitator's name.")
@click.option("--date", "held_on", default=None, metavar="YYYY-MM-DD",
              help="The day the workshop is held (default: today).")
@click.option("--carry-over", "carry_over", default=None, metavar="WORKSHOP",
              help="Bring the unfinished roadmap items of an earlier workshop along.")
@pass_env
def new_cmd(env: Env, name: str, playbook_ref: str, lang: str | None, organisation: str,
            facilitator: str, held_on: str | None, carry_over: str | None) -> None:
    """Create a workshop from a playbook; prints its id."""
    # Loaded here, not at start-up: playbooks are checked with pydantic.
    from sprintkit.playbooks import find_playbook

    book = find_playbook(playbook_ref, lang, on_skip=warn_skipped)
    if carry_over is not None:
        ws = carry_over_into_new(env, name, book, carry_over, organisation=organisation,
                                 facilitator=facilitator, held_on=held_on)
    else:
        ws = env.service.create_workshop(name, book, organisation=organisation,
                                         facilitator=facilitator, held_on=held_on)
    click.echo(say("workshop.created", name=ws.name, playbook=book.title,
                   lang=book.language), err=True)
    click.echo(ws.id)


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def list_cmd(env: Env, as_json: bool) -> None:
    """List workshops."""
    workshops = env.service.list_workshops()
    if as_json:
        emit_json([w.as_dict() for w in workshops])
        return
    if not workshops:
        click.echo(say("workshop.none"))
        return
    for w in workshops:
        click.echo(say("workshop.row", id=f"{w.id:>4}", name=w.name, playbook=w.playbook_id,
                       lang=w.language, updated=w.updated_at[:16].replace("T", " ")))


def _screen_safe(value: Any) -> Any:
    """``value`` (a summary's dicts and lists) with every text terminal-safe."""
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {k: _screen_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_screen_safe(v) for v in value]
    return value


def _summary(env: Env, workshop_id: int) -> dict[str, Any]:
    snap = env.service.snapshot(workshop_id)
    rnd = snap.latest_round()
    tally = snap.tally() if rnd else []
    board = snap.roadmap()
    return {
        "workshop": snap.workshop.as_dict(),
        "playbook": {"id": snap.playbook.id, "title": snap.playbook.title,
                     "language": snap.playbook.language},
        "participants": [p.as_dict(include={"id", "name", "role"}) for p in snap.participants],
        "sections": [{"id": s.id, "title": s.title, "kind": s.kind,
                      "notes": len(snap.notes_in(s.id))} for s in snap.playbook.sections],
        "initiatives": len(snap.initiatives),
        "carried_over": dict(Counter(i.carried_from for i in snap.initiatives
                                     if i.carried_from)),
        "round": rnd.as_dict() if rnd else None,
        "tally": [t.__dict__ for t in tally] if rnd and rnd.status != "open" else [],
        "roadmap": {phase: [{"id": i.id, "title": i.title, "owner": i.owner,
                             "metric": i.metric, "target": i.target,
                             "milestone": i.milestone, "milestone_due": i.milestone_due,
                             "ask": i.ask, "part": i.part, "carried_from": i.carried_from}
                            for i in items]
                    for phase, items in board.items()},
        "readiness": [r.__dict__ for r in analysis.readiness(snap.initiatives)],
    }


@click.command("show")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def show_cmd(env: Env, workshop: str, as_json: bool) -> None:
    """Show a workshop: sections, participants, voting and roadmap."""
    ws = env.service.workshop(workshop)
    data = _summary(env, ws.id)
    if as_json:
        emit_json(data)
        return
    echo = click.echo
    data = _screen_safe(data)
    echo(click.style(terminal_safe(ws.name), bold=True) + "  "
         + say("show.about", id=ws.id, playbook=data["playbook"]["title"], lang=ws.language))
    if ws.organisation or ws.facilitator:
        echo("  " + say("show.organisation", organisation=ws.organisation,
                        facilitator=ws.facilitator or "-"))
    echo(f"  {say('details.held_on')}: {ws.held_on}")
    if ws.headline:
        echo(f"  {say('details.headline')}: {terminal_safe(ws.headline)}")
    echo()
    echo(say("show.participants", n=len(data["participants"])))
    for p in data["participants"]:
        echo(f"  {p['id']:>4}  {p['name']}" + (f"  ({p['role']})" if p["role"] else ""))
    echo()
    echo(say("show.sections"))
    for s in data["sections"]:
        mark = ">" if s["id"] == ws.current_section else " "
        notes = say("show.notes", n=s["notes"]) if s["kind"] == "capture" else kind_word(s["kind"])
        echo(f" {mark} {s['id']:<20} {s['title']}  [{notes}]")
    echo()
    echo(say("show.initiatives", n=data["initiatives"]))
    for source, count in data["carried_over"].items():
        echo("  " + say("show.carried", source=source, n=count))
    rnd = data["round"]
    if rnd:
        echo(say("show.round", number=rnd["number"], status=say(f"round.status.{rnd['status']}"),
                 dots=rnd["dots_per_person"], max=rnd["max_per_item"]))
        for row in data["tally"][:10]:
            echo("  " + say("show.ranked", rank=f"{row['rank']:>3}", title=row["title"],
                            dots=row["dots"]))
    echo()
    echo(say("show.roadmap"))
    book = env.service.playbook(ws.id)
    for phase in book.phases:
        items = data["roadmap"][phase.id]
        echo(f"  {terminal_safe(phase.title)} ({terminal_safe(phase.horizon)}): {len(items)}")
        for item in items:
            carried = (f"  ({say('initiative.carried_from', source=item['carried_from'])})"
                       if item["carried_from"] else "")
            echo("    - " + say("show.item", title=item["title"], owner=item["owner"] or "-",
                              metric=item["metric"] or "-") + carried)
    for issue in data["readiness"]:
        echo(click.style("  ! " + not_ready(issue["title"], issue["missing"]), fg="yellow"))



@click.command("open")
@click.argument("workshop")
@pass_env
def open_cmd(env: Env, workshop: str) -> None:
    """Open a workshop in the terminal UI."""
    ws = env.service.workshop(workshop)
    open_tui(env, ws.id)


@click.command("step")
@click.argument("workshop")
@click.argument("section", required=False)
@pass_env
def step_cmd(env: Env, workshop: str, section: str | None) -> None:
    """Show or set the step the room is on (phones follow it)."""
    ws = env.service.workshop(workshop)
    book = env.service.playbook(ws.id)
    if section is not None:
        env.service.set_current_section(ws.id, section)
        ws = env.service.workshop(ws.id)
    for index, item in enumerate(book.sections, start=1):
        mark = ">" if item.id == ws.current_section else " "
        click.echo(f"{mark} {index}. {item.id:<22} {terminal_safe(item.title)}")


@click.command("rename")
@click.argument("workshop")
@click.argument("name")
@pass_env
def rename_cmd(env: Env, workshop: str, name: str) -> None:
    """Rename a workshop."""
    ws = env.service.rename_workshop(env.service.workshop(workshop).id, name)
    click.echo(say("workshop.renamed", id=ws.id, name=ws.name))


@click.command("delete")
@click.argument("workshop")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def delete_cmd(env: Env, workshop: str, yes: bool) -> None:
    """Delete a workshop and everything in it."""
    ws = env.service.workshop(workshop)
    if not yes and not click.confirm(say("workshop.delete_ask", name=ws.name)):
        raise Refused(say("workshop.kept"))
    env.service.delete_workshop(ws.id)
    click.echo(say("workshop.deleted", name=ws.name))
