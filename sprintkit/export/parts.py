"""The playbook's own shape in the report: its parts and whether the roadmap covers them.

A playbook's ``report:`` block names the capture sections that form the
roadmap's parts: the core, enabling and supporting services of a service
package, or a service sprint's four angles. For each part the report shows
what was said in it and which roadmap initiatives improve it, and answers the
playbook's own question whether the roadmap covers every part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sprintkit.models import Playbook

if TYPE_CHECKING:
    from sprintkit.export.report import ItemView, NoteView

QUOTES_PER_PART = 2


@dataclass
class PartView:
    id: str
    title: str
    quotes: list[NoteView]
    notes: int
    roadmap: list[ItemView]


@dataclass
class PartsView:
    title: str
    parts: list[PartView]
    question: str
    uncovered: list[str]  # titles of parts no roadmap initiative improves

    @property
    def covered(self) -> bool:
        return not self.uncovered


def build_parts(book: Playbook, notes: Sequence[NoteView],
                placed: Sequence[ItemView]) -> PartsView | None:
    shape = book.report
    titles = {s.id: s.title for s in book.sections}
    ids = [p for p in shape.parts if p in titles]
    if not ids:
        return None
    parts = []
    for part in ids:
        said = [n for n in notes if n.section_id == part]
        # What was said: the notes behind the most-voted initiatives first.
        ranked = sorted(said, key=lambda n: (-n.weight, n.initiative_number is None, n.id))
        parts.append(PartView(part, titles[part], ranked[:QUOTES_PER_PART], len(said),
                              [i for i in placed if i.part_id == part]))
    return PartsView(shape.parts_title or book.title, parts, shape.coverage_question,
                     [p.title for p in parts if not p.roadmap])
