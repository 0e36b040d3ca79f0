"""The room's public names, where callers have always imported them from.

The phone page lives in feature modules: ``app`` builds the aiohttp
application and runs the room, ``handlers/`` answers requests (one module
per feature), ``sessions`` remembers phones, ``batching`` shares commits,
``events`` tells the facilitator, ``guard``, ``security`` and ``limits``
keep hostile clients out, ``serve`` is ``sprintkit serve``.
"""

from __future__ import annotations

from sprintkit.web.app import DEFAULT_PORT, PAGE, PhonePage, Room, create_app
from sprintkit.web.events import RoomEvent
from sprintkit.web.handlers.base import NOTE_MAX_CHARS
from sprintkit.web.limits import Limits
from sprintkit.web.serve import _print_event, serve_forever
from sprintkit.web.sessions import _MEMORY, SESSION_COOKIE

__all__ = [
    "DEFAULT_PORT",
    "NOTE_MAX_CHARS",
    "PAGE",
    "SESSION_COOKIE",
    "_MEMORY",
    "Limits",
    "PhonePage",
    "Room",
    "RoomEvent",
    "_print_event",
    "create_app",
    "serve_forever",
]
