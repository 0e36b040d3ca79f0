"""Small helpers for the English messages of the core and the CLI."""

from __future__ import annotations


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 dot``, ``2 dots``: a number with its noun in the right form."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
