"""Rendered pages kept for every phone that sees the same thing.

When the QR code goes up, hundreds of phones ask for the join page and then
for the participant's page within a second, and rendering them through the
templates was most of the time a join cost. Those pages differ between
phones in a few values only: the CSRF token, the participant's name and, on
the join page, the list of names (which ones are taken moves with every
join). A page is rendered once with a marker in place of each such value and
kept; every phone gets it with its own values put in, escaped exactly as the
template would have escaped them.

The markers carry a random part chosen when the program starts, so no text
a person typed can contain one. Everything else the template reads is the
cache key, compared whole, so two phones share a page only if the template
would have written the same page for both.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

MAX_PAGES = 256                # different pages kept; a full cache starts again


@dataclass(frozen=True)
class StandIn:
    """What a template sees for the participant when their name is a marker."""

    name: str


class PageCache:
    def __init__(self, env: jinja2.Environment, limit: int = MAX_PAGES) -> None:
        self.env = env
        self.limit = limit
        self._prefix = f"skslot{secrets.token_hex(8)}x"
        self._split = re.compile(re.escape(self._prefix) + r"([a-z]+)x")
        self._pages: dict[tuple[str, str], list[str]] = {}

    def marker(self, name: str) -> Markup:
        """The stand-in for the value ``name`` (lower-case letters only)."""
        return Markup(f"{self._prefix}{name}x")

    def render(self, template: str, context: dict[str, Any], fills: dict[str, str]) -> str:
        """``template`` rendered with ``context``, in which markers stand for
        ``fills``: text is escaped as the template would, Markup goes in as it is."""
        key = (template, repr(sorted(context.items())))
        pieces = self._pages.get(key)
        if pieces is None:
            if len(self._pages) >= self.limit:
                self._pages.clear()
            # text, marker name, text, marker name, ..., text
            pieces = self._pages[key] = self._split.split(
                self.env.get_template(template).render(**context))
        values = {name: str(escape(value)) for name, value in fills.items()}
        return "".join(values[piece] if index % 2 else piece
                       for index, piece in enumerate(pieces))
