"""Small helpers for the English messages of the core and the CLI, and for
making text from people safe to store and to print."""

from __future__ import annotations

import re


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 dot``, ``2 dots``: a number with its noun in the right form."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


# Line breaks in every spelling a keyboard, a phone or a spreadsheet uses.
_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 controls, DEL and C1 controls: a terminal acts on them instead of showing them.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates reorder what a terminal shows after
# them, so a line could read differently from the bytes it holds.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_line(text: str) -> str:
    """Text for a one-line field: line breaks and tabs become a space, every
    other control character is dropped."""
    text = _BREAKS.sub(" ", text).replace("\t", " ")
    return _CONTROLS.sub("", text)


def without_bidi_controls(text: str) -> str:
    """``text`` without bidi embeddings, overrides and isolates: in a text
    file they would reorder what an editor shows after them (the lines would
    read differently from the bytes they hold)."""
    return _BIDI.sub("", text)


def clean_block(text: str) -> str:
    """Text for a multi-line field (a note, a description): line breaks become
    ``\\n`` and tabs stay; every other control character is dropped."""
    text = _BREAKS.sub("\n", text)
    return _CONTROLS.sub(lambda m: m.group() if m.group() in "\n\t" else "", text)


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """``text`` made harmless to write to a terminal or a log.

    Control characters (C0, DEL, C1) and bidi overrides are shown as visible
    escapes such as ``\\x1b``, so a reader sees that something was there but
    the terminal never acts on it (no cursor moves, no retitled window, no
    clipboard writes). Line breaks become a space, or ``\\n`` with
    ``multiline=True``, which keeps tabs too. Service-layer cleaning already
    keeps such characters out of new rows; this is for everything printed,
    including rows written before that cleaning existed.
    """
    if not isinstance(text, str):
        text = str(text)
    text = _BREAKS.sub("\n" if multiline else " ", text)
    if not multiline:
        text = text.replace("\t", " ")

    def escape(match: re.Match[str]) -> str:
        if multiline and match.group() in "\n\t":
            return match.group()
        return _visible(match)

    text = _CONTROLS.sub(escape, text)
    return _BIDI.sub(_visible, text)
