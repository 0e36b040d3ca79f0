"""Keeping one phone (or one hostile client) from starving the room.

Three layers, from the cheapest to the most precise:

* connections: idle and half-sent connections are closed after a few
  seconds (the server's keep-alive timeout, see ``KEEPALIVE_TIMEOUT_S``), each
  client address may hold only so many connections that are not in the middle
  of a request, and so may everyone together, below the open-file limit;
* requests: a token bucket per phone session (cookie), under a looser ceiling
  per client address, so a whole room behind one guest Wi-Fi address is not
  throttled as if it were one phone;
* logging: the same complaint (a malformed request, a full descriptor table)
  is written once per interval with a count, never as a traceback per event.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from sprintkit.web.console import terminal_safe
from sprintkit.web.security import SERVER_NAME

log = logging.getLogger("sprintkit.web")

# A phone polls every 2 s, so its keep-alive connection is never idle that long;
# a connection that has sent no complete request for this long is not a phone.
KEEPALIVE_TIMEOUT_S = 5.0
BODY_TIMEOUT_S = 10.0          # to receive a whole form once its headers arrived
LINGERING_S = 2.0              # reading what is left of a refused body, before closing
# Browsers open up to six connections per host; 30 phones behind one address
# (a guest Wi-Fi, a hotspot) therefore need up to 180.
CONNECTIONS_PER_ADDRESS = 200
FD_RESERVE = 32                # descriptors kept for the database, the listener, logs
WANTED_OPEN_FILES = 4096
LOG_INTERVAL_S = 10.0


# ------------------------------------------------------------------ logging


class QuietLog:
    """One line per kind of complaint per interval, with how many were held back."""

    def __init__(self, logger: logging.Logger = log, interval: float = LOG_INTERVAL_S) -> None:
        self.logger = logger
        self.interval = interval
        self._last: dict[str, tuple[float, int]] = {}

    def warn(self, kind: str, message: str, *args: Any) -> bool:
        """Log ``message`` unless ``kind`` was logged less than ``interval`` ago."""
        now = time.monotonic()
        stamp, held = self._last.get(kind, (float("-inf"), 0))
        if now - stamp < self.interval:
            self._last[kind] = (stamp, held + 1)
            return False
        text = terminal_safe((message % args) if args else message)
        if held:
            text += f" ({held} more like it held back)"
        self.logger.warning("%s", text)
        self._last[kind] = (now, 0)
        return True


def _summary(exc: BaseException | None) -> str:
    if exc is None:
        return "no details"
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class ServerLog:
    """Stands in for aiohttp's server logger: what it would print as a traceback
    (a malformed request, a client gone mid-answer) becomes one short line."""

    def __init__(self, quiet: QuietLog) -> None:
        self.quiet = quiet

    def exception(self, message: str, *args: Any, exc_info: Any = None, **_: Any) -> None:
        exc = exc_info if isinstance(exc_info, BaseException) else None
        text = (message % args) if args else message
        self.quiet.warn(f"http:{type(exc).__name__}", "%s (%s)", text, _summary(exc))

    def debug(self, message: str, *args: Any, exc_info: Any = None, **_: Any) -> None:
        # aiohttp reports a request that is not HTTP at all (a port scanner, TLS
        # on a plain port) only at debug level; it is one line here like the rest.
        if isinstance(exc_info, BaseException):
            self.exception(message, *args, exc_info=exc_info)

    def warning(self, message: str, *args: Any, **_: Any) -> None:
        self.quiet.warn("http:warning", message, *args)

    error = exception

    def info(self, *args: Any, **kwargs: Any) -> None:
        pass


def accept_error_handler(quiet: QuietLog, previous: Any,
                         relieve: Callable[[], int] | None = None) -> Any:
    """A loop exception handler: a full descriptor table makes asyncio report
    every failed accept with a traceback; it is one line per interval here,
    and ``relieve`` (closing idle connections) makes room for the next ones."""

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE,
                                                      errno.ENOBUFS, errno.ENOMEM):
            closed = relieve() if relieve is not None else 0
            quiet.warn("accept", "cannot take new connections for now: %s (too many open "
                       "files; %d idle connections closed)", exc.strerror or exc, closed)
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    return handle


# ------------------------------------------------------------------ open files


def raise_open_file_limit(wanted: int = WANTED_OPEN_FILES) -> int | None:
    """Raise the soft limit on open files towards ``wanted`` where the OS allows
    (macOS starts at 256); return the soft limit now in force, None if unknown."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return None
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (OSError, ValueError):
        return None
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (OSError, ValueError):  # macOS refuses more than OPEN_MAX
            pass
    return None if soft == resource.RLIM_INFINITY else soft


# ------------------------------------------------------------------ connections


def _peer(transport: asyncio.BaseTransport) -> str:
    peer = transport.get_extra_info("peername")
    if isinstance(peer, tuple) and peer:
        return str(peer[0])
    return "?"


class ConnectionGuard:
    """Counts open connections per client address and closes the oldest idle
    ones when an address, or everyone together, holds too many.

    Idle means not inside a request handler: waiting for a first request,
    trickling headers, or kept alive between requests. A connection in the
    middle of a request is never cut off here (its body read has its own
    time limit).
    """

    def __init__(self, per_address: int = CONNECTIONS_PER_ADDRESS,
                 total: int | None = None) -> None:
        self.per_address = max(per_address, 1)
        self.total = total
        self._open: OrderedDict[RequestHandler, str] = OrderedDict()
        self._count: dict[str, int] = {}
        self._busy: set[RequestHandler] = set()
        self.closed_idle = 0

    def __len__(self) -> int:
        return len(self._open)

    def count(self, address: str) -> int:
        return self._count.get(address, 0)

    def opened(self, handler: RequestHandler, transport: asyncio.BaseTransport) -> None:
        address = _peer(transport)
        self._open[handler] = address
        self._count[address] = self._count.get(address, 0) + 1
        if self._count[address] > self.per_address:
            self._close_idle(address)
        if self.total is not None and len(self._open) > self.total:
            self._close_idle(None)

    def closed(self, handler: RequestHandler) -> None:
        address = self._open.pop(handler, None)
        self._busy.discard(handler)
        if address is not None:
            left = self._count.get(address, 1) - 1
            if left > 0:
                self._count[address] = left
            else:
                self._count.pop(address, None)

    def busy(self, handler: Any, busy: bool) -> None:
        if busy:
            self._busy.add(handler)
        else:
            self._busy.discard(handler)

    def shed(self, count: int = 10) -> int:
        """Close up to ``count`` of the oldest idle connections; how many were closed."""
        closed = 0
        while closed < count and self._close_idle(None):
            closed += 1
        return closed

    def _close_idle(self, address: str | None) -> bool:
        victim = next((h for h, a in self._open.items()
                       if (address is None or a == address) and h not in self._busy), None)
        if victim is None:
            return False
        self.closed_idle += 1
        self.closed(victim)
        victim.force_close()
        return True


class _Handler(RequestHandler):
    """aiohttp's connection handler, but its own error answers (a malformed
    request never reaches the application) do not name aiohttp's version."""

    __slots__ = ()

    def handle_error(self, request: Any, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        response = super().handle_error(request, status, exc, message)
        response.headers["Server"] = SERVER_NAME
        return response


def watch_connections(server: web.Server, guard: ConnectionGuard) -> None:
    """Tell ``guard`` about every connection ``server`` (a runner's, after
    ``setup()``) opens and loses."""
    made, lost = server.connection_made, server.connection_lost

    def connection_made(handler: RequestHandler, transport: asyncio.Transport) -> None:
        # The server builds plain handlers and offers no hook to build others;
        # the subclass adds no state, so switching before the first request is safe.
        if type(handler) is RequestHandler:
            handler.__class__ = _Handler
        made(handler, transport)
        guard.opened(handler, transport)

    def connection_lost(handler: RequestHandler, exc: BaseException | None = None) -> None:
        guard.closed(handler)
        lost(handler, exc)

    server.connection_made = connection_made  # type: ignore[method-assign]
    server.connection_lost = connection_lost  # type: ignore[method-assign]


# ------------------------------------------------------------------ requests


class RateLimiter:
    """A token bucket per key."""

    def __init__(self, rate: float, burst: float, max_keys: int = 20_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic()
        tokens, stamp = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - stamp) * self.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed


class RequestLimiter:
    """Per phone session, and a looser ceiling per client address.

    Requests without a session the server knows (a first visit, a forged
    cookie) share their address's session-sized bucket, so minting cookies
    buys nothing; static files only count towards the address ceiling (they
    carry no cookie, and every phone fetches them once).
    """

    def __init__(self, rate: float, burst: float, address_rate: float,
                 address_burst: float) -> None:
        self.sessions = RateLimiter(rate, burst)
        self.addresses = RateLimiter(address_rate, address_burst)
        self.enabled = rate > 0

    def allow(self, address: str, session_id: str | None, *, static: bool = False) -> bool:
        if not self.enabled:
            return True
        if not self.addresses.allow(address):
            return False
        if static:
            return True
        return self.sessions.allow(f"s:{session_id}" if session_id else f"a:{address}")


CLIENT_MAX_SIZE = 64 * 1024    # bytes in one request body


@dataclass(frozen=True)
class Limits:
    """Abuse limits. ``rate``/``burst``: requests per second per phone session
    (or per address, for requests without one); ``address_rate``/``address_burst``:
    the ceiling for everything from one client address (a room behind one NAT)."""

    rate: float = 20.0
    burst: float = 60.0
    address_rate: float = 300.0
    address_burst: float = 900.0
    connections_per_address: int = CONNECTIONS_PER_ADDRESS
    keepalive_timeout: float = KEEPALIVE_TIMEOUT_S
    body_timeout: float = BODY_TIMEOUT_S
    max_sessions: int = 5000
    names_per_client: int = 10
    notes_per_minute: float = 30.0   # per participant, in bursts of up to 10
    client_max_size: int = CLIENT_MAX_SIZE
