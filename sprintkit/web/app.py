"""The phone page as an aiohttp application, and the room that serves it.

It runs inside whatever asyncio loop starts it (the Textual app's, or the one
``serve_forever`` makes). Every read and write goes through the
``WorkshopService``, one short transaction at a time, right on that loop;
votes that arrive together share one transaction (see ``Batcher``).
Phones can only join, add notes and spend their own dots: no facilitator
action has a route here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import segno
from aiohttp import web

from sprintkit.errors import SprintkitError
from sprintkit.network import detect_lan_address, url_host
from sprintkit.web.events import VOTE_EVENT_INTERVAL_S, RoomEvent
from sprintkit.web.guard import Guard
from sprintkit.web.handlers.capture import Capture
from sprintkit.web.handlers.followup import FollowUpUpdates
from sprintkit.web.handlers.join import Joining
from sprintkit.web.handlers.pages import Pages
from sprintkit.web.handlers.vote import Voting
from sprintkit.web.limits import (
    FD_RESERVE,
    LINGERING_S,
    ConnectionGuard,
    Limits,
    ServerLog,
    accept_error_handler,
    raise_open_file_limit,
    watch_connections,
)
from sprintkit.web.render import HERE
from sprintkit.web.sessions import _MEMORY

DEFAULT_PORT = 8765
LISTEN_BACKLOG = 1024


class PhonePage(Pages, Joining, Capture, Voting, FollowUpUpdates, Guard):
    """Handlers and state of the phone page for one workshop."""


PAGE = web.AppKey("sprintkit.page", PhonePage)


def create_app(service: Any, workshop_id: int, *,
               on_change: Callable[[RoomEvent], None] | None = None,
               joined: set[int] | None = None, limits: Limits | None = None,
               vote_event_interval: float = VOTE_EVENT_INTERVAL_S,
               bind_host: str | None = None, follow_up: bool = False) -> web.Application:
    """The phone page as an aiohttp application (tests use it directly).

    ``bind_host`` is the address the room listens on, for the Host check;
    without it, the address each connection arrived at is accepted.
    ``follow_up``: the check-in room, where owners update their roadmap items
    (and nobody adds notes or votes)."""
    limits = limits or Limits()
    page = PhonePage(service, workshop_id, on_change=on_change, joined=joined, limits=limits,
                     vote_event_interval=vote_event_interval, bind_host=bind_host,
                     follow_up=follow_up)
    app = web.Application(
        middlewares=[page.guard], client_max_size=limits.client_max_size,
        # for the connection handlers: idle and half-sent connections are
        # closed after keepalive_timeout; their complaints are one line each
        handler_args={"keepalive_timeout": limits.keepalive_timeout,
                      "lingering_time": LINGERING_S, "logger": ServerLog(page.quiet)})
    app[PAGE] = page
    app.on_cleanup.append(page.cleanup)
    app.cleanup_ctx.append(page.watch_releases)
    if follow_up:
        app.router.add_post("/j/{token}/update", page.follow_up_update)
        app.router.add_get("/j/{token}/state", page.follow_up_state)
        app.router.add_get("/j/{token}", page.follow_up_show)
        app.router.add_post("/j/{token}/join", page.join)
        app.router.add_post("/j/{token}/leave", page.leave)
        app.router.add_static("/static", HERE / "static", append_version=False)
        app.router.add_route("*", "/{tail:.*}", page.not_found)
        return app
    # Routes are tried in order: the ones a busy room sends most come first.
    app.router.add_post("/j/{token}/vote", page.vote)
    app.router.add_get("/j/{token}/state", page.state)
    app.router.add_get("/j/{token}", page.show)
    app.router.add_post("/j/{token}/join", page.join)
    app.router.add_post("/j/{token}/leave", page.leave)
    app.router.add_post("/j/{token}/note", page.note)
    app.router.add_post("/j/{token}/ballot", page.ballot)
    app.router.add_static("/static", HERE / "static", append_version=False)
    app.router.add_route("*", "/{tail:.*}", page.not_found)
    return app



# ---------------------------------------------------------------------- room


class Room:
    """The phone server for one workshop: start it, show its URL and QR code, stop it."""

    def __init__(self, service: Any, workshop_id: int, *, host: str | None = None,
                 port: int = DEFAULT_PORT,
                 on_change: Callable[[RoomEvent], None] | None = None,
                 limits: Limits | None = None, follow_up: bool = False,
                 renew: bool = False) -> None:
        """``follow_up`` opens the check-in room (see ``create_app``); ``renew``
        gives the workshop a new join link first, so that a QR code from an
        earlier meeting no longer lets anyone in."""
        self.service = service
        self.workshop_id = workshop_id
        self.host = host or detect_lan_address()
        self.port = port
        self.on_change = on_change
        self.limits = limits
        self.follow_up = follow_up
        self.token = service.renew_join_token(workshop_id) if renew \
            else service.join_token(workshop_id)
        # who joined earlier while this program ran (the room may have been closed since)
        self.joined: set[int] = set(_MEMORY[self.token].holders()) \
            if self.token in _MEMORY else set()
        self._runner: web.AppRunner | None = None
        self._app: web.Application | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous_handler: Any = None

    @property
    def url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}/j/{self.token}"

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def page(self) -> PhonePage | None:
        return self._app[PAGE] if self._app is not None else None

    def release(self, participant_id: int) -> None:
        """Let someone pick their name again from a new phone."""
        sessions = _MEMORY.get(self.token)
        if sessions is not None:
            sessions.release(participant_id)
        self.joined.discard(participant_id)

    async def start(self) -> None:
        """Listen on host:port inside the running event loop."""
        if self._runner is not None:
            return
        limits = self.limits or Limits()
        app = create_app(self.service, self.workshop_id, on_change=self.on_change,
                         joined=self.joined, limits=limits, bind_host=self.host,
                         follow_up=self.follow_up)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        page = app[PAGE]
        files = raise_open_file_limit()
        page.connections = ConnectionGuard(
            limits.connections_per_address,
            total=max(files - FD_RESERVE, 16) if files is not None else None)
        assert runner.server is not None
        watch_connections(runner.server, page.connections)
        # A room scanning the QR code together opens hundreds of connections in
        # the same instant; past the default queue of 128 the OS drops the
        # rest, and a phone retries only after a second.
        site = web.TCPSite(runner, self.host, self.port, backlog=LISTEN_BACKLOG)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise SprintkitError(
                    f"port {self.port} on {self.host} is already in use: choose another "
                    "port", key="port_taken", port=self.port, host=self.host) from None
            raise SprintkitError(f"cannot listen on {self.host}:{self.port} "
                                 f"({exc.strerror or exc})", key="cannot_listen",
                                 port=self.port, host=self.host,
                                 reason=exc.strerror or str(exc)) from None
        if self.port == 0 and runner.addresses:
            self.port = runner.addresses[0][1]  # the one the OS picked
        self._runner = runner
        self._app = app
        self._loop = asyncio.get_running_loop()
        self._previous_handler = self._loop.get_exception_handler()
        self._loop.set_exception_handler(accept_error_handler(
            page.quiet, self._previous_handler, page.connections.shed))

    async def stop(self) -> None:
        """Stop listening and close every connection. Safe to call twice."""
        runner, self._runner = self._runner, None
        self._app = None
        if self._loop is not None:
            self._loop.set_exception_handler(self._previous_handler)
            self._loop = None
        if runner is not None:
            await runner.cleanup()

    def _qr(self) -> segno.QRCode:
        return segno.make(self.url, error="m", boost_error=False)

    def qr_text(self, *, compact: bool = True, border: int = 2) -> str:
        """The join QR code as terminal text: '█' is light, ' ' is dark.

        Show it light-on-dark (white text on black) so it scans the right
        way round. ``compact`` packs two module rows into one text line.
        """
        rows = [[not dark for dark in row] for row in self._qr().matrix_iter(
            scale=1, border=border, verbose=False)]
        lines: list[str] = []
        if not compact:
            for row in rows:
                lines.append("".join("██" if light else "  " for light in row))
            return "\n".join(lines)
        if len(rows) % 2:
            rows.append([True] * len(rows[0]))
        glyphs = {(True, True): "█", (True, False): "▀", (False, True): "▄",
                  (False, False): " "}
        for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
            lines.append("".join(glyphs[(a, b)] for a, b in zip(top, bottom, strict=True)))
        return "\n".join(lines)

    def qr_svg(self) -> str:
        return self._qr().svg_inline(scale=8, border=2, dark="#111", light="#fff")
