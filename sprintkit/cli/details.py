"""A workshop's details: the day it is held, the report's headline, organisation
and facilitator; shown, or changed when an option is given."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import say
from sprintkit.text import terminal_safe


@click.command("details")
@click.argument("workshop")
@click.option("--date", "held_on", default=None, metavar="YYYY-MM-DD",
              help="The day the workshop is held; the roadmap's months count from it.")
@click.option("--headline", default=None,
              help="The report's headline, in place of the generated one ('' removes it).")
@click.option("--organisation", default=None, help="Organisation shown on the report cover.")
@click.option("--facilitator", default=None, help="Facilitator's name.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def details_cmd(env: Env, workshop: str, held_on: str | None, headline: str | None,
                organisation: str | None, facilitator: str | None, as_json: bool) -> None:
    """Show a workshop's date, headline, organisation and facilitator, or change them."""
    ws = env.service.workshop(workshop)
    if any(v is not None for v in (held_on, headline, organisation, facilitator)):
        ws = env.service.update_workshop(ws.id, held_on=held_on, headline=headline,
                                         organisation=organisation, facilitator=facilitator)
    values = {"held_on": ws.held_on, "headline": ws.headline,
              "organisation": ws.organisation, "facilitator": ws.facilitator}
    if as_json:
        emit_json(values)
        return
    for key, value in values.items():
        click.echo(f"{say(f'details.{key}')}: {terminal_safe(value) or '-'}")
