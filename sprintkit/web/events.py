"""What phones do, told to the facilitator's screen without flooding it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

VOTE_EVENT_INTERVAL_S = 0.5    # at most one vote event per this many seconds


@dataclass(frozen=True)
class RoomEvent:
    """Something a phone did, for the facilitator's screen."""

    kind: str  # "joined" | "note" | "vote" | "released" | "claimed"
    participant_id: int | None
    detail: str


def _text(detail: str | Callable[[], str]) -> str:
    return detail if isinstance(detail, str) else detail()


class EventFeed:
    """The room's events for one listener (the facilitator's screen or the serve log)."""

    def __init__(self, on_change: Callable[[RoomEvent], None] | None,
                 vote_event_interval: float = VOTE_EVENT_INTERVAL_S) -> None:
        self.on_change = on_change
        self.vote_event_interval = vote_event_interval
        self._vote_window: asyncio.TimerHandle | None = None
        self._held: tuple[int, int | None, str | Callable[[], str]] | None = None

    def emit(self, kind: str, participant_id: int | None,
             detail: str | Callable[[], str]) -> None:
        """Tell the facilitator's side. Joins and notes go out one by one; votes
        at most once per ``vote_event_interval`` (the latest, with a count), so
        a room full of thumbs cannot flood the screen that shares this loop.
        ``detail`` may be a function: it is called only for an event that is
        delivered, not for the many that are counted and dropped."""
        if self.on_change is None:
            return
        if kind == "vote" and self.vote_event_interval > 0:
            if self._vote_window is not None:
                self._held = (self._held[0] + 1 if self._held else 1,
                              participant_id, detail)
                return
            self._open_vote_window()
        self._deliver(kind, participant_id, detail)

    def _open_vote_window(self) -> None:
        loop = asyncio.get_running_loop()
        self._vote_window = loop.call_later(self.vote_event_interval, self._close_vote_window)

    def _close_vote_window(self) -> None:
        self._vote_window = None
        if self._held is None:
            return
        count, participant_id, detail = self._held
        self._held = None
        self._open_vote_window()
        if count > 1:
            latest = detail
            self._deliver("vote", participant_id,
                          lambda: f"{count} dot changes; latest: {_text(latest)}")
        else:
            self._deliver("vote", participant_id, detail)

    def _deliver(self, kind: str, participant_id: int | None,
                 detail: str | Callable[[], str]) -> None:
        if self.on_change is None:  # nobody listens; nothing is held for them either
            return
        try:
            self.on_change(RoomEvent(kind, participant_id, _text(detail)))
        except Exception:  # the facilitator's screen must not break the phones
            log.exception("room listener failed")

    def close(self) -> None:
        if self._vote_window is not None:
            self._vote_window.cancel()
            self._vote_window = None
            self._close_vote_window()  # deliver what was held back
