"""Pasted text arrives as one paste, whatever control characters it holds.

Textual's terminal parser reads an escape character inside a bracketed paste as
the start of a key sequence: the paste is cut at the first ESC, the rest is
replayed as key presses (a BEL in the pasted text runs Ctrl+G, a command) and
the text before the ESC is delivered last. A pasted terminal escape code must
neither run commands nor scramble the note, so this parser drops control
characters inside a paste before Textual's parser sees them. Line breaks and
tabs are kept: a multi-line paste is still offered as one note per line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from textual._xterm_parser import XTermParser

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
_KEPT = "\n\r\t"


def _is_control(character: str) -> bool:
    code = ord(character)
    return (code < 0x20 or 0x7F <= code <= 0x9F) and character not in _KEPT


class PasteSafeParser(XTermParser):
    """``XTermParser`` that feeds it only printable text between paste brackets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pasting = False
        # outside a paste: the last few characters, to see a start marker split
        # across two reads (they are passed on at once, never held back, so a
        # lone Escape key press is not delayed)
        self._seen = ""
        # inside a paste: an ESC that may begin the end marker, held until the
        # next read says whether it does
        self._held = ""

    def feed(self, data: str) -> Iterable[Any]:
        if data:
            data = self._guard(data)
            if not data:
                # all of it dropped or held: an empty feed would mean end of input
                return ()
        return super().feed(data)

    def _guard(self, data: str) -> str:
        out: list[str] = []
        text = data
        while text:
            if not self._pasting:
                window = self._seen + text
                found = window.find(PASTE_START)
                if found < 0:
                    out.append(text)
                    self._seen = window[-(len(PASTE_START) - 1):]
                    return "".join(out)
                cut = found + len(PASTE_START) - len(self._seen)
                out.append(text[:cut])
                text = text[cut:]
                self._pasting, self._seen = True, ""
                continue
            text = self._held + text
            self._held = ""
            end = text.find(PASTE_END)
            body = text if end < 0 else text[:end]
            if end < 0:
                # the end marker may be split across reads: hold a trailing ESC…
                tail = body.rfind("\x1b")
                if tail >= 0 and PASTE_END.startswith(body[tail:]):
                    self._held, body = body[tail:], body[:tail]
            out.append("".join(c for c in body if not _is_control(c)))
            if end < 0:
                return "".join(out)
            out.append(PASTE_END)
            text = text[end + len(PASTE_END):]
            self._pasting = False
        return "".join(out)


def install() -> None:
    """Have Textual's terminal drivers read input through ``PasteSafeParser``.

    The drivers name the parser class at module level; Textual is pinned
    exactly, and a test checks that the driver still uses this name."""
    # imported here, not at the top: each driver module imports only on its own
    # platform (termios on POSIX, the Win32 console API on Windows)
    if sys.platform == "win32":
        from textual.drivers import win32 as windows

        modules: tuple[Any, ...] = (windows,)
    else:
        from textual.drivers import linux_driver, linux_inline_driver

        modules = (linux_driver, linux_inline_driver)
    for module in modules:
        if getattr(module, "XTermParser", None) is XTermParser:
            # a module attribute, looked up by name when the driver starts reading
            setattr(module, "XTermParser", PasteSafeParser)  # noqa: B010
