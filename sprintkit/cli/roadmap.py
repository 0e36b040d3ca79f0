"""The roadmap: initiatives placed in phases with owners and metrics."""

from __future__ import annotations

import click

from sprintkit import analysis
from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import not_ready, say
from sprintkit.service.base import Unset
from sprintkit.text import terminal_safe


@click.group("roadmap")
def roadmap_group() -> None:
    """Place initiatives into phases with owners and metrics."""


@roadmap_group.command("set")
@click.argument("workshop")
@click.argument("initiative")
@click.option("--phase", default=None,
              help="Phase id, e.g. now, next, later; 'none' removes (default: unchanged).")
@click.option("--owner", default=None, help="Who owns it (a participant or any name).")
@click.option("--metric", default=None, help="How success is measured.")
@click.option("--target", default=None, help="The target value of the metric.")
@click.option("--contributor", "contributors", multiple=True,
              help="Who takes part (repeatable).")
@click.option("--position", type=int, default=None, help="Place within the phase (0 = first).")
@click.option("--milestone", default=None, help="The first milestone, the next step to take.")
@click.option("--due", default=None, metavar="YYYY-MM-DD",
              help="When the first milestone is due; 'none' removes the date.")
@click.option("--ask", default=None, help="What leadership is asked to decide or provide.")
@click.option("--part", default=None, metavar="SECTION",
              help="The capture section (part) it improves; 'none' derives it from the notes.")
@click.option("--baseline", default=None,
              help="Where the metric stands now (a number; then --target must be one too; "
                   "'none' removes the numbers).")
@click.option("--unit", default=None, help="The metric's unit, e.g. %, days, calls.")
@click.option("--lower-is-better", "lower_is_better", is_flag=True, default=None,
              help="The metric improves as it falls (default: as the numbers say).")
@pass_env
def roadmap_set(env: Env, workshop: str, initiative: str, phase: str | None,
                owner: str | None, metric: str | None, target: str | None,
                contributors: tuple[str, ...], position: int | None, milestone: str | None,
                due: str | None, ask: str | None, part: str | None, baseline: str | None,
                unit: str | None, lower_is_better: bool | None) -> None:
    """Put an initiative on the roadmap and set its owner, metric and milestone."""
    unset = Unset.UNSET
    wid = env.service.workshop(workshop).id
    item = env.service.set_roadmap(
        wid, initiative,
        phase=unset if phase is None else None if phase == "none" else phase,
        owner=owner, metric=metric, target=target,
        contributors=list(contributors) if contributors else None, position=position,
        milestone=milestone, ask=ask,
        milestone_due=unset if due is None else None if due == "none" else due,
        part=unset if part is None else None if part == "none" else part,
        baseline=baseline, unit=unit, lower_is_better=lower_is_better)
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
    parts = snap.playbook.report.parts
    if as_json:
        emit_json({"phases": {k: [{**i.as_dict(), "effective_part": analysis.initiative_part(
                                       i, snap.notes, parts)} for i in v]
                              for k, v in board.items()},
                    "readiness": [r.__dict__ for r in issues]})
        return
    for phase in snap.playbook.phases:
        click.echo(click.style(terminal_safe(f"{phase.title} ({phase.horizon})"), bold=True))
        for item in board[phase.id]:
            target = f" -> {terminal_safe(item.target)}" if item.target else ""
            click.echo(f"  {item.id:>4}  {terminal_safe(item.title)}")
            click.echo("        " + say("roadmap.owner_metric", owner=item.owner or "-",
                                        metric=item.metric or "-") + target)
            if item.milestone or item.milestone_due:
                click.echo("        " + say("roadmap.milestone_line", milestone=item.milestone or "-",
                                            due=item.milestone_due or "-"))
            if item.ask:
                click.echo("        " + say("roadmap.ask_line", ask=item.ask))
    for issue in issues:
        click.echo(click.style("! " + not_ready(issue.title, issue.missing), fg="yellow"))
