"""``sprintkit serve``: the room on its own, with a log of what phones do."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from sprintkit.network import is_loopback
from sprintkit.web.app import DEFAULT_PORT, Room
from sprintkit.web.console import terminal_safe
from sprintkit.web.events import RoomEvent


def _print_event(service: Any, workshop_id: int) -> Callable[[RoomEvent], None]:
    names: dict[int, str] = {}
    workshop = str(workshop_id)

    def show(event: RoomEvent) -> None:
        who = "someone"
        if event.participant_id is not None:
            if event.participant_id not in names or event.kind == "released":
                names.update({p.id: p.name for p in service.participants(workshop_id)})
            who = names.get(event.participant_id, f"#{event.participant_id}")
        detail = " ".join(event.detail.split())
        if len(detail) > 60:
            detail = detail[:59] + "…"
        if event.kind == "released":
            detail = "free to pick again on another phone"
        elif event.kind == "claimed":
            detail = ("a second phone asked for this name; if it is the same person, "
                      f"free it with: sprintkit participant release {workshop} "
                      f"{event.participant_id}")
        stamp = time.strftime("%H:%M:%S")
        _say(f"{stamp}  {event.kind:<8} {who}" + (f": {detail}" if detail else ""))

    return show


def _say(line: str) -> None:
    """Print one line of the serve log, terminal-safe (a phone typed part of it)."""
    print(terminal_safe(line), flush=True)


def serve_forever(service: Any, workshop_id: int, *, host: str | None = None,
                  port: int = DEFAULT_PORT) -> None:
    """Serve the phone page until Ctrl-C, printing the join URL and QR code."""

    async def main() -> None:
        room = Room(service, workshop_id, host=host, port=port,
                    on_change=_print_event(service, workshop_id))
        await room.start()
        try:
            workshop = service.workshop(workshop_id)
            qr = room.qr_text()
            if sys.stdout.isatty():
                qr = "\n".join(f"\x1b[97;40m{line}\x1b[0m" for line in qr.splitlines())
            print(qr)
            print(f"\nRoom open for '{terminal_safe(workshop.name)}'. Participants join "
                  f"at:\n\n  {room.url}\n")
            if is_loopback(room.host):
                print("Note: this address only works on this computer; use --host with "
                      "the network address for phones.")
            print("Phones must be on the same network. Press Ctrl-C to close the room.\n",
                  flush=True)
            closing = asyncio.Event()
            with contextlib.suppress(NotImplementedError, RuntimeError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, closing.set)
            await closing.wait()
        finally:
            await room.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
    print("Room closed.", flush=True)
