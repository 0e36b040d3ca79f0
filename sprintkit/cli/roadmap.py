"""The roadmap: initiatives placed in phases with owners and metrics."""

from __future__ import annotations

import click

from sprintkit import analysis
from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import not_ready, say
from sprintkit.text import terminal_safe


@click.group("roadmap")
def roadmap_group() -> None:
    """Place initiatives into phases with owners and metrics."""


@roadmap_group.command("set")
@click.argument("workshop")
@click.argument("initiative")
@click.option("--phase", required=True, help="Phase id, e.g. now, next, later; 'none' removes.")
@click.option("--owner", default=None, help="Who owns it (a participant or any name).")
@click.option("--metric", default=None, help="How success is measured.")
@click.option("--target", default=None, help="The target value of the metric.")
@click.option("--contributor", "contributors", multiple=True,
              help="Who takes part (repeatable).")
@click.option("--position", type=int, default=None, help="Place within the phase (0 = first).")
@pass_env
def roadmap_set(env: Env, workshop: str, initiative: str, phase: str, owner: str | None,
                metric: str | None, target: str | None, contributors: tuple[str, ...],
                position: int | None) -> None:
    """Put an initiative on the roadmap."""
    wid = env.service.workshop(workshop).id
    item = env.service.set_roadmap(
        wid, initiative,
        phase=None if phase == "none" else phase, owner=owner, metric=metric, target=target,
        contributors=list(contributors) if contributors else None, position=position)
    # the phase by its title, as the workshop's playbook (and language) names it
    titles = {p.id: p.title for p in env.service.playbook(wid).phases}
    click.echo(say("roadmap.placed", title=item.title, phase=titles.get(item.phase, item.phase))
               if item.phase
               else say("roadmap.unplaced", title=item.title))


@roadmap_group.command("show")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def roadmap_show(env: Env, workshop: str, as_json: bool) -> None:
    """Show the roadmap and readiness warnings."""
    wid = env.service.workshop(workshop).id
    snap = env.service.snapshot(wid)
    board = snap.roadmap()
    issues = analysis.readiness(snap.initiatives)
    if as_json:
        emit_json({"phases": {k: [i.as_dict() for i in v] for k, v in board.items()},
                    "readiness": [r.__dict__ for r in issues]})
        return
    for phase in snap.playbook.phases:
        click.echo(click.style(terminal_safe(f"{phase.title} ({phase.horizon})"), bold=True))
        for item in board[phase.id]:
            target = f" -> {terminal_safe(item.target)}" if item.target else ""
            click.echo(f"  {item.id:>4}  {terminal_safe(item.title)}")
            click.echo("        " + say("roadmap.owner_metric", owner=item.owner or "-",
                                        metric=item.metric or "-") + target)
    for issue in issues:
        click.echo(click.style("! " + not_ready(issue.title, issue.missing), fg="yellow"))
