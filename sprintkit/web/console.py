"""The one way the room writes people's text to the facilitator's terminal.

Everything ``sprintkit serve`` prints that a phone could have typed (names,
notes, roles, even the bytes of a malformed request) passes through
``terminal_safe`` first: an escape sequence in a note must not clear the
screen, retitle the window or write to the clipboard (OSC 52). The function
itself is the one every terminal output of sprintkit uses.
"""

from __future__ import annotations

from sprintkit.text import terminal_safe

__all__ = ["shorten", "terminal_safe"]


def shorten(text: str, limit: int) -> str:
    """``text`` on one line in at most ``limit`` characters, cut between words
    with an ellipsis: a log line keeps its own words whole, and what a phone
    typed is the part that gives way."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    # one very long word (a pasted link) is cut inside, rather than dropped whole
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
