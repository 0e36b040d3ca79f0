"""What keeps text from people harmless on the facilitator's screen.

Names, roles, notes and titles come from phones and files. Rich and Textual
read ``[...]`` in a plain string as markup, so a role ``[/]`` would end the
app with a MarkupError; every screen shows such text as ``Text`` objects
instead. Control characters are dropped from every line drawn, so an escape
sequence in an old database row never reaches the terminal.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

# C0, DEL, C1, and bidi embeddings, overrides and isolates. All of them take
# no cells, so dropping them leaves every line its width.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class DropControlCharacters(LineFilter):
    """A line filter that takes control characters out of what is drawn."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        # Every line drawn passes here: one search over the joined text is the
        # cheapest test (about a microsecond a line).
        if not _UNSEEN.search("".join([segment.text for segment in segments])):
            return segments
        return [segment if segment.control else
                Segment(_UNSEEN.sub("", segment.text), segment.style)
                for segment in segments]
