"""The demo workshop."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, pass_env
from sprintkit.cli.words import say
from sprintkit.models import LANGUAGES


@click.command("demo")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--large", is_flag=True, help="Build the large benchmark workshop instead.")
@pass_env
def demo_cmd(env: Env, lang: str, large: bool) -> None:
    """Build a realistic demo workshop; prints its id."""
    # Loaded here, not at start-up: the demo's texts are a large module.
    from sprintkit.demo import build_demo

    wid = build_demo(env.service, language=lang, large=large)
    click.echo(say("demo.ready", name=env.service.workshop(wid).name), err=True)
    click.echo(wid)
