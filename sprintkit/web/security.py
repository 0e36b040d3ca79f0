"""Which Host a request may name, and the headers every answer carries.

The join token guards every page, but not /static, and a page reached under
another host name (DNS rebinding: evil.example resolving to this laptop)
would let a hostile site read what it may not. So the Host header must name
this laptop: the address the room listens on, or, when it listens on all
interfaces, one of the laptop's own addresses or a loopback name.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable

from aiohttp import web

SERVER_NAME = "sprintkit"      # instead of aiohttp's, which names Python's and its version
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_ANY = ("", "0.0.0.0", "::")
REFRESH_S = 5.0
SEEN_MAX = 64

CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def split_host(value: str) -> tuple[str, int | None] | None:
    """``host[:port]`` as (lower-case host without brackets, port), None if malformed."""
    value = value.strip().lower()
    if not value or not value.isascii():
        return None
    port_text = ""
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        host, rest = value[1:end], value[end + 1:]
        if rest:
            if not rest.startswith(":") or rest == ":":
                return None
            port_text = rest[1:]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return None
    else:
        host, sep, port_text = value.partition(":")
        if sep and not port_text:
            return None
        if ":" in port_text:  # an IPv6 address must come in brackets
            return None
    if port_text:
        if not port_text.isdigit() or len(port_text) > 5:
            return None
        return host, int(port_text)
    return host, None


def _canonical(host: str) -> str:
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host.lower()
    # An IPv4 phone reaching a dual-stack socket shows up as ::ffff:a.b.c.d.
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).compressed


class HostCheck:
    """Decides whether a Host header names this room.

    ``bound`` is the address the room listens on; None (tests, or a server
    whose address is not known) accepts the address each connection arrived
    at. ``local_addresses`` gives this laptop's addresses when the room listens
    on all interfaces (asked once: it is the list the facilitator chose from).
    """

    def __init__(self, bound: str | None,
                 local_addresses: Callable[[], Iterable[str]] | None = None) -> None:
        self.bound = None if bound is None else _canonical(bound)
        self.any = bound is not None and bound in _ANY
        self._local = local_addresses
        self._allowed: set[str] | None = None
        self._asked = 0.0
        # Host headers (with the address they arrived at) already allowed:
        # every request is checked, and parsing the same few values each time
        # was a fair part of answering one. Refusals are not kept, so hostile
        # clients cannot fill it.
        self._seen: dict[tuple[str, object], bool] = {}

    def _fixed(self, *, fresh: bool = False) -> set[str]:
        if self._allowed is None or fresh:
            self._seen.clear()
            self._asked = time.monotonic()
            allowed: set[str] = set()
            if self.any:
                allowed |= LOOPBACK_NAMES
                if self._local is not None:
                    allowed |= {_canonical(a) for a in self._local()}
            elif self.bound is not None:
                allowed.add(self.bound)
                try:
                    loopback = ipaddress.ip_address(self.bound).is_loopback
                except ValueError:
                    loopback = False
                if loopback:
                    allowed |= LOOPBACK_NAMES
            self._allowed = allowed
        return self._allowed

    def allows(self, header: str | None, sockname: object) -> bool:
        if not header:
            return False
        key = (header, sockname)
        if key in self._seen:
            return True
        allowed = self._allows(header, sockname)
        if allowed:
            if len(self._seen) >= SEEN_MAX:
                self._seen.clear()
            self._seen[key] = True
        return allowed

    def _allows(self, header: str, sockname: object) -> bool:
        parsed = split_host(header)
        if parsed is None:
            return False
        host, port = parsed
        here, here_port = None, None
        if isinstance(sockname, tuple) and len(sockname) >= 2:
            here, here_port = _canonical(str(sockname[0])), sockname[1]
        if port is not None and here_port is not None and port != here_port:
            return False
        host = _canonical(host)
        if host in self._fixed():
            return True
        # The laptop's addresses change (a new Wi-Fi, a renewed lease): on a
        # miss they are asked again, at most every few seconds.
        if self.any and time.monotonic() - self._asked >= REFRESH_S \
                and host in self._fixed(fresh=True):
            return True
        if self.bound is None:
            # Not told where it listens: the address this connection came to,
            # or a loopback name when that address is a loopback one.
            if here is None:
                return False
            if host == here:
                return True
            try:
                return host in LOOPBACK_NAMES and ipaddress.ip_address(here).is_loopback
            except ValueError:
                return False
        return self.any and host == here


def request_host_allowed(check: HostCheck, request: web.BaseRequest) -> bool:
    transport = request.transport
    sockname = transport.get_extra_info("sockname") if transport is not None else None
    return check.allows(request.headers.get("Host"), sockname)


def add_safety_headers(response: web.StreamResponse, path: str) -> None:
    response.headers["Server"] = SERVER_NAME
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", CSP)
    if not path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
