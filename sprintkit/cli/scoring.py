"""Impact and effort scores, one person's or the group's."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, pass_env
from sprintkit.cli.words import say


@click.command("score")
@click.argument("workshop")
@click.argument("names", nargs=-1, required=True, metavar="[PARTICIPANT] INITIATIVE")
@click.option("--group", is_flag=True, help="The group's agreed score (no PARTICIPANT); it "
              "stands for the initiative, the people's scores are shown beside it.")
@click.option("--impact", type=int, required=True, help="1 (low) to 5 (high).")
@click.option("--effort", type=int, required=True, help="1 (low) to 5 (high).")
@pass_env
def score_cmd(env: Env, workshop: str, names: tuple[str, ...], group: bool, impact: int,
              effort: int) -> None:
    """Score an initiative's impact and effort (1-5) for one participant, or with
    --group for the whole group."""
    wanted = 1 if group else 2
    if len(names) != wanted:
        raise click.UsageError(say("score.group_names" if group else "score.names",
                                   n=len(names)))
    participant = None if group else names[0]
    score = env.service.score(env.service.workshop(workshop).id, participant, names[-1],
                              impact=impact, effort=effort)
    click.echo(score.id)
