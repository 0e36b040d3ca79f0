"""The phone room without the terminal UI."""

from __future__ import annotations

import click

from sprintkit.cli.env import Env, Refused, pass_env
from sprintkit.cli.words import say


@click.command("serve")
@click.argument("workshop")
@click.option("--host", default=None, help="Address to listen on (default: this laptop's LAN "
              "address).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--follow-up", "follow_up", is_flag=True,
              help="A check-in meeting: owners update their roadmap items, under a new join "
              "link (earlier QR codes stop working).")
@pass_env
def serve_cmd(env: Env, workshop: str, host: str | None, port: int, follow_up: bool) -> None:
    """Open the room: serve the phone page for joining, notes and votes."""
    ws = env.service.workshop(workshop)
    # A check-in room with nothing to check in would still renew the join
    # link, and the QR codes already handed out would stop working for nothing.
    if follow_up and not any(i.phase for i in env.service.initiatives(ws.id)):
        raise Refused(say("followup.no_roadmap"))
    try:
        # aiohttp loads only when the room is opened.
        from sprintkit.web.server import serve_forever
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("sprintkit.web"):
            raise Refused(say("error.no_web")) from None
        raise
    serve_forever(env.service, ws.id, host=host, port=port, follow_up=follow_up)
