"""``sprintkit serve``: the room on its own, with a log of what phones do."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from sprintkit import i18n
from sprintkit.network import is_loopback
from sprintkit.web.app import DEFAULT_PORT, Room
from sprintkit.web.console import shorten, terminal_safe
from sprintkit.web.events import RoomEvent

NAME_CHARS = 40      # of a participant's name in a log line
TEXT_CHARS = 60      # of a note or a role


def _words(key: str, **values: object) -> str:
    """A line of ``sprintkit serve``'s own, in the user's language like every
    command's (the phones' page speaks the workshop's)."""
    return i18n.message(i18n.user_language(), f"cli:serve.{key}", **values)


def _print_event(service: Any, workshop_id: int) -> Callable[[RoomEvent], None]:
    names: dict[int, str] = {}
    workshop = str(workshop_id)

    def show(event: RoomEvent) -> None:
        who = _words("someone")
        if event.participant_id is not None:
            if event.participant_id not in names or event.kind == "released":
                names.update({p.id: p.name for p in service.participants(workshop_id)})
            who = names.get(event.participant_id, f"#{event.participant_id}")
        who = shorten(who, NAME_CHARS)
        detail = " ".join(event.detail.split())
        if event.kind in ("note", "joined"):
            # all of it is what the person typed; a vote's detail is our own
            # words around a title the page has already shortened
            detail = shorten(detail, TEXT_CHARS)
        if event.kind == "released":
            detail = _words("released")
        elif event.kind == "claimed":
            detail = _words("claimed", workshop=workshop, participant=event.participant_id)
        _line(event.kind, who + (f": {detail}" if detail else ""))

    return show


def _line(kind: str, text: str) -> None:
    """One line of the serve log: time, kind, text, the same for events and warnings."""
    _say(f"{time.strftime('%H:%M:%S')}  {kind:<8} {text}")


class _LogLines(logging.Handler):
    """The room's warnings as serve log lines. They go to stdout with the events
    so the two stay in the order they happened."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            _line(record.levelname.lower(), record.getMessage())
            if record.exc_info:
                trace = logging.Formatter().formatException(record.exc_info)
                print(terminal_safe(trace, multiline=True), flush=True)
        except Exception:
            self.handleError(record)


@contextlib.contextmanager
def serve_log() -> Any:
    """While open, what the room logs is printed as serve log lines (and only there)."""
    logger = logging.getLogger("sprintkit.web")
    handler = _LogLines(logging.INFO)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _say(line: str) -> None:
    """Print one line of the serve log, terminal-safe (a phone typed part of it)."""
    print(terminal_safe(line), flush=True)


def serve_forever(service: Any, workshop_id: int, *, host: str | None = None,
                  port: int = DEFAULT_PORT, follow_up: bool = False) -> None:
    """Serve the phone page until Ctrl-C, printing the join URL and QR code.
    ``follow_up``: the check-in room, under a new join link."""

    async def main() -> None:
        room = Room(service, workshop_id, host=host, port=port,
                    on_change=_print_event(service, workshop_id), follow_up=follow_up,
                    renew=follow_up)
        await room.start()
        try:
            workshop = service.workshop(workshop_id)
            qr = room.qr_text()
            if sys.stdout.isatty():
                qr = "\n".join(f"\x1b[97;40m{line}\x1b[0m" for line in qr.splitlines())
            print(qr)
            print()
            print(terminal_safe(_words("follow_up_open" if follow_up else "open",
                                       name=workshop.name)))
            print(f"\n  {room.url}\n")
            if is_loopback(room.host):
                print(_words("loopback"))
            print(_words("network") + "\n", flush=True)
            closing = asyncio.Event()
            with contextlib.suppress(NotImplementedError, RuntimeError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, closing.set)
            await closing.wait()
        finally:
            await room.stop()

    with contextlib.suppress(KeyboardInterrupt), serve_log():
        asyncio.run(main())
    print(_words("closed"), flush=True)
