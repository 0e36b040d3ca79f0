"""What the TUI remembers between screens for as long as it runs (never stored)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class UiState:
    # Per workshop id: the capture steps' speaker, tags, prompt per section and
    # lines held aside, shared by every capture step of that workshop (the held
    # lines are also kept in the database, see CapturePane._read_drafts).
    capture: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Per workshop id: who is scoring.
    score: dict[int, dict[str, Any]] = field(default_factory=dict)
    # A redraw after phone activity is already on its way.
    room_reload_pending: bool = False
    # Workshops whose join link this run already renewed for a follow-up room:
    # closing and reopening that room keeps the phones that joined it.
    follow_up_rooms: set[int] = field(default_factory=set)

    def capture_for(self, workshop_id: int) -> dict[str, Any]:
        return self.capture.setdefault(workshop_id, {"speaker": None, "tags": [], "prompt": {}})

    def score_for(self, workshop_id: int) -> dict[str, Any]:
        return self.score.setdefault(workshop_id, {"scorer": None})
