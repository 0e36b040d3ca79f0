"""One pane per workshop step; ``PANES`` finds the pane for a section's kind."""

from __future__ import annotations

from sprintkit.tui.steps.base import BAR, Pane
from sprintkit.tui.steps.capture import CaptureInput, CapturePane, NoteList
from sprintkit.tui.steps.group import GroupItems, GroupNotes, GroupPane
from sprintkit.tui.steps.review import ReviewPane
from sprintkit.tui.steps.roadmap import UNPLACED, RoadmapPane
from sprintkit.tui.steps.score import QUADRANT_KEYS, ScoreList, ScorePane
from sprintkit.tui.steps.vote import VotePane

PANES: dict[str, type[Pane]] = {
    "capture": CapturePane,
    "group": GroupPane,
    "vote": VotePane,
    "score": ScorePane,
    "roadmap": RoadmapPane,
    "review": ReviewPane,
}

__all__ = [
    "BAR", "PANES", "QUADRANT_KEYS", "UNPLACED", "CaptureInput", "CapturePane", "GroupItems",
    "GroupNotes", "GroupPane", "NoteList", "Pane", "ReviewPane", "RoadmapPane", "ScoreList",
    "ScorePane", "VotePane",
]
