"""The demo workshop."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, pass_env
from sprintkit.cli.words import say
from sprintkit.models import LANGUAGES


@click.command("demo")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--large", is_flag=True, help="Build the large benchmark workshop instead.")
@click.option("--followed-up", is_flag=True,
              help="Build it as held four months ago, with three monthly check-ins on its roadmap.")
@pass_env
def demo_cmd(env: Env, lang: str, large: bool, followed_up: bool) -> None:
    """Build a realistic demo workshop; prints its id."""
    if large and followed_up:
        raise click.UsageError(say("demo.large_followed_up"))
    # Loaded here, not at start-up: the demo's texts are a large module.
    from sprintkit.demo import build_demo
    from sprintkit.demo_followup import build_followed_up_demo

    if followed_up:
        wid = build_followed_up_demo(env.service, language=lang)
    else:
        wid = build_demo(env.service, language=lang, large=large)
    click.echo(say("demo.ready", name=env.service.workshop(wid).name), err=True)
    click.echo(wid)
