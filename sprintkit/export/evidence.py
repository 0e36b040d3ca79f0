"""Customer evidence as the text exports show it: per note, per initiative, per step.

Built from the snapshot beside the report's view model, so the exports can
show where a note came from (a source and a count instead of an author) and
how much customer evidence stands behind each initiative. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sprintkit.evidence_models import EvidenceView, InitiativeEvidence
from sprintkit.export.report import NoteView, Report
from sprintkit.i18n import format_list


@dataclass
class EvidenceMarks:
    report: Report
    views: dict[int, EvidenceView] = field(default_factory=dict)  # note id -> view
    behind: dict[int, InitiativeEvidence] = field(default_factory=dict)  # initiative id ->
    sections: list[tuple[str, str]] = field(default_factory=list)  # capture steps: id, title

    @property
    def total(self) -> int:
        """Customer comments imported (folded ones counted one by one)."""
        return sum(v.count for v in self.views.values())

    @property
    def sources(self) -> list[tuple[str, int]]:
        """Each source with its comments, in the order they were imported."""
        counts: dict[str, int] = {}
        for view in sorted(self.views.values(), key=lambda v: (v.import_id, v.note.id)):
            counts[view.source] = counts.get(view.source, 0) + view.count
        return list(counts.items())

    def in_section(self, section_id: str) -> list[EvidenceView]:
        """A step's evidence notes, the largest folded groups first."""
        return sorted((v for v in self.views.values() if v.note.section_id == section_id),
                      key=lambda v: (-v.count, v.note.id))

    def byline(self, note: NoteView) -> str:
        """What a note is signed with: its source and count when it is evidence."""
        view = self.views.get(note.id)
        if view is None:
            return note.byline
        return f"{self.report.fmt('evidence.times', n=view.count)} {view.source}"

    def behind_line(self, behind: InitiativeEvidence) -> str:
        """"12 customer comments from Spring survey and Tickets"."""
        return self.report.fmt("evidence.behind", n=behind.count,
                               sources=format_list(behind.sources, self.report.language))


def evidence_marks(snapshot: Any, report: Report) -> EvidenceMarks:
    views = snapshot.evidence_views()
    marks = EvidenceMarks(report=report, views=views, sections=[
        (s.id, s.title) for s in snapshot.playbook.capture_sections()])
    if views:
        for item in snapshot.initiatives:
            marks.behind[item.id] = snapshot.evidence.behind(snapshot.notes, item.id)
    return marks
