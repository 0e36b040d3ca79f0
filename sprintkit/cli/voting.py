"""Dot voting: rounds, votes and the tally."""

from __future__ import annotations

from typing import Any

import click

from sprintkit.cli.env import Env, Refused, emit_json, pass_env
from sprintkit.cli.words import say
from sprintkit.text import terminal_safe


@click.group("round")
def round_group() -> None:
    """Open, re-budget, close and reveal dot-voting rounds."""


@round_group.command("open")
@click.argument("workshop")
@click.option("--dots", type=int, default=None, help="Dots per person (default: playbook's).")
@click.option("--max-per-item", type=int, default=None, help="Most dots one person may give "
              "one initiative.")
@click.option("--anonymous", is_flag=True, help="Hide who voted for what, even after reveal.")
@pass_env
def round_open(env: Env, workshop: str, dots: int | None, max_per_item: int | None,
               anonymous: bool) -> None:
    """Open a voting round; prints its id."""
    rnd = env.service.open_round(env.service.workshop(workshop).id, dots=dots,
                                 max_per_item=max_per_item, anonymous=anonymous)
    click.echo(say("round.opened", number=rnd.number, dots=rnd.dots_per_person,
                   max=rnd.max_per_item), err=True)
    click.echo(rnd.id)


@round_group.command("budget")
@click.argument("workshop")
@click.option("--dots", type=int, default=None, help="New dots per person.")
@click.option("--max-per-item", type=int, default=None, help="New per-initiative max.")
@pass_env
def round_budget(env: Env, workshop: str, dots: int | None, max_per_item: int | None) -> None:
    """Change the open round's budget (dots already cast are kept)."""
    wid = env.service.workshop(workshop).id
    rnd = env.service.set_round_budget(wid, dots=dots, max_per_item=max_per_item)
    click.echo(say("round.budget", number=rnd.number, dots=rnd.dots_per_person,
                   max=rnd.max_per_item))
    over = env.service.over_budget(wid)
    if over:
        # Said now, while people can still take dots back, rather than only
        # when closing is refused.
        names = ", ".join(f"{p.name} ({dots})" for p, dots in over)
        click.echo(say("round.over_budget", budget=rnd.dots_per_person, names=names), err=True)


@round_group.command("close")
@click.argument("workshop")
@click.option("--trim", "rule", flag_value="trim", default=None,
              help="If the budget was lowered, take back each person's latest dots "
              "until they are within it.")
@click.option("--keep", "rule", flag_value="keep",
              help="If the budget was lowered, count ballots over it as cast.")
@pass_env
def round_close(env: Env, workshop: str, rule: str | None) -> None:
    """Close the open round (no more votes).

    Refused while someone holds more dots than a lowered budget, unless
    --trim or --keep says what happens to their ballots."""
    wid = env.service.workshop(workshop).id
    over = env.service.over_budget(wid)
    rnd = env.service.close_round(wid, over_budget=rule)
    click.echo(say("round.closed", number=rnd.number))
    if over:
        names = ", ".join(f"{p.name} ({dots})" for p, dots in over)
        click.echo(say("round.trimmed" if rule == "trim" else "round.kept",
                       budget=rnd.dots_per_person, names=names), err=True)


@round_group.command("reveal")
@click.argument("workshop")
@pass_env
def round_reveal(env: Env, workshop: str) -> None:
    """Reveal the closed round's result."""
    wid = env.service.workshop(workshop).id
    rnd = env.service.reveal_round(wid)
    click.echo(say("round.revealed", number=rnd.number))
    for row in env.service.tally(wid):
        click.echo(say("show.ranked", rank=f"{row.rank:>3}", title=row.title, dots=row.dots))
    _say_budget_rule(rnd)


def _say_budget_rule(rnd: Any) -> None:
    """A tally of a round closed over a lowered budget says which rule applied."""
    if rnd.over_budget == "keep":
        click.echo(say("round.rule_keep", budget=rnd.dots_per_person), err=True)
    elif rnd.over_budget == "trim":
        click.echo(say("round.rule_trim", budget=rnd.dots_per_person), err=True)


@click.command("vote")
@click.argument("workshop")
@click.argument("participant")
@click.argument("initiative")
@click.option("--dots", type=int, default=1, show_default=True, help="Dots to add.")
@click.option("--remove", is_flag=True, help="Take the dots back instead.")
@pass_env
def vote_cmd(env: Env, workshop: str, participant: str, initiative: str, dots: int,
             remove: bool) -> None:
    """Give (or take back) dots on an initiative in the open round."""
    wid = env.service.workshop(workshop).id
    result = env.service.vote(wid, participant, initiative, dots=dots, remove=remove)
    title = env.service.initiative(wid, result.initiative_id).title
    click.echo(say("vote.done", dots=result.dots_on_item, title=title, left=result.dots_left))


@click.command("tally")
@click.argument("workshop")
@click.option("--by-role", is_flag=True, help="Split each initiative's dots by role.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def tally_cmd(env: Env, workshop: str, by_role: bool, as_json: bool) -> None:
    """Show the latest round's ranked result (hidden while the round is open)."""
    wid = env.service.workshop(workshop).id
    rnd = env.service.current_round(wid)
    if rnd is None:
        raise Refused(say("error.no_round"))
    if rnd.status == "open":
        raise Refused(say("error.tally_hidden", number=rnd.number))
    rows = env.service.tally(wid)
    if as_json:
        emit_json([r.__dict__ for r in rows])
        return
    _say_budget_rule(rnd)
    for r in rows:
        click.echo(say("tally.row", rank=f"{r.rank:>3}", title=r.title, dots=r.dots,
                       voters=r.voters))
        if by_role and r.by_role:
            for role, dots in r.by_role.items():
                click.echo(f"       {terminal_safe(role) or say('voices.no_role')}: {dots}")
