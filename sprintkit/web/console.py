"""The one way the room writes people's text to the facilitator's terminal.

Everything ``sprintkit serve`` prints that a phone could have typed (names,
notes, roles, even the bytes of a malformed request) passes through
``terminal_safe`` first: an escape sequence in a note must not clear the
screen, retitle the window or write to the clipboard (OSC 52). The function
itself is the one every terminal output of sprintkit uses.
"""

from __future__ import annotations

from sprintkit.text import terminal_safe

__all__ = ["terminal_safe"]
