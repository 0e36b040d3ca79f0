"""Which notes a list shows: every note, the room's only or the customers'
only (customer evidence), stepped through with Ctrl+F in the capture and the
group step alike."""

from __future__ import annotations

from collections.abc import Container, Iterable
from typing import TypeVar

from rich.text import Text

from sprintkit.models import Note
from sprintkit.tui.labels import tr

# In the order Ctrl+F steps through them.
FILTERS = ("all", "room", "evidence")

N = TypeVar("N", bound=Note)


def next_filter(shown: str) -> str:
    return FILTERS[(FILTERS.index(shown) + 1) % len(FILTERS)]


def kept(notes: Iterable[N], evidence: Container[int], shown: str) -> list[N]:
    """The notes ``shown`` lets through, in their order; ``evidence`` holds the
    ids of the notes that are customer evidence."""
    if shown == "all":
        return list(notes)
    customers = shown == "evidence"
    return [n for n in notes if (n.id in evidence) == customers]


def filter_text(shown: str) -> Text:
    """What a list's heading or state line adds while the filter leaves notes out."""
    if shown == "all":
        return Text("")
    return Text.assemble("   ", (filter_name(shown), "bold reverse"))


def filter_name(shown: str) -> str:
    return tr(f"capture.filter.{shown}")
