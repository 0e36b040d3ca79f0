"""The one way the room writes people's text to the facilitator's terminal.

Everything ``sprintkit serve`` prints that a phone could have typed (names,
notes, roles, even the bytes of a malformed request) passes through
``terminal_safe`` first: an escape sequence in a note must not clear the
screen, retitle the window or write to the clipboard (OSC 52).
"""

from __future__ import annotations

import re

_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` as one line without C0 or C1 control characters (line breaks
    and tabs become a space; every other control character is dropped)."""
    return _CONTROL.sub("", _BREAKS.sub(" ", text))
