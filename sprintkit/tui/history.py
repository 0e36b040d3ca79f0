"""The history's words in the terminal UI's current language (the wording
itself is shared with the command line, in ``sprintkit.history_words``)."""

from __future__ import annotations

from sprintkit import history_words
from sprintkit.models import Event
from sprintkit.tui.labels import tr


def event_words(event: Event, fallback: str | None = None) -> str:
    """The event in words; ``fallback`` for one without a message id (None: its summary)."""
    return history_words.event_words(event, tr, fallback)
