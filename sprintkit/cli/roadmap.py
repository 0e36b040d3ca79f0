"""The roadmap: initiatives placed in phases with owners and metrics."""

from __future__ import annotations

import click

from sprintkit import analysis
from sprintkit.cli.env import Env, emit_json, pass_env
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
@click.option("--baseline", default=None,
              help="Where the metric stands now (a number; then --target must be one too; "
                   "'none' removes the numbers).")
@click.option("--unit", default=None, help="The metric's unit, e.g. %, days, calls.")
@click.option("--lower-is-better", "lower_is_better", is_flag=True, default=None,
              help="The metric improves as it falls (default: as the numbers say).")
@pass_env
def roadmap_set(env: Env, workshop: str, initiative: str, phase: str, owner: str | None,
                metric: str | None, target: str | None, contributors: tuple[str, ...],
                position: int | None, baseline: str | None, unit: str | None,
                lower_is_better: bool | None) -> None:
    """Put an initiative on the roadmap."""
    item = env.service.set_roadmap(
        env.service.workshop(workshop).id, initiative,
        phase=None if phase == "none" else phase, owner=owner, metric=metric, target=target,
        contributors=list(contributors) if contributors else None, position=position,
        baseline=baseline, unit=unit, lower_is_better=lower_is_better)
    click.echo(f"'{terminal_safe(item.title)}' -> {item.phase or 'off the roadmap'}")


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
            click.echo(f"  {item.id:>4}  {terminal_safe(item.title)}\n        owner: {terminal_safe(item.owner) or '-'}  "
                       f"metric: {terminal_safe(item.metric) or '-'}{target}")
    for issue in issues:
        click.echo(click.style(f"! '{terminal_safe(issue.title)}' has no {' or '.join(issue.missing)}",
                               fg="yellow"))
