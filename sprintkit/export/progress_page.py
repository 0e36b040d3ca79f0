"""The roadmap report's progress page: where the roadmap stands after its check-ins.

A leader who re-reads the roadmap report after a check-in should not need a
second document to see what became of it, so the report gains one page, right
after the decision page, once the workshop has a check-in. It is built from
the progress report's view model (:mod:`sprintkit.export.progress_model`):
the same figures in the same words. Without a check-in there is no page and
the report is exactly what it was.

The page holds every roadmap item in one table; the charts against baseline
and target (the progress report's) come along only while the page has room
for them, and "what moved" names the first few items only (at the first
check-in every item moves), so the page stays about one page long for
fifteen items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sprintkit.export.progress_model import Move, ProgressItem, ProgressReport, build_progress
from sprintkit.service import WorkshopSnapshot

# Room on the page, counted in table rows: a row of two charts takes about
# as much height as CHART_ROW_COST rows of the table, and the page has room
# for about PAGE_ROWS rows besides its summary at the top (measured on A4).
PAGE_ROWS = 15
CHART_ROW_COST = 5
CHARTS_PER_ROW = 2
# Moves named on the page; the table below has every item's status anyway.
MOVED_SHOWN = 3


@dataclass(slots=True, kw_only=True)
class ProgressPage:
    """The page's content: the progress model, the report's number of each
    item (the same badge as everywhere in the report), the charts shown, and
    the moves named (``moved_more``: how many others moved)."""

    model: ProgressReport
    numbers: Mapping[int, int]
    charts: list[ProgressItem]
    moved: list[Move]
    moved_more: int = 0

    def number(self, item: ProgressItem) -> int | None:
        return self.numbers.get(item.entry.id)


def page_charts(model: ProgressReport, first_phase: str | None) -> list[ProgressItem]:
    """The charts of the first phase's numeric items when all of them fit
    beside the table, else none: a few of them would read as a choice."""
    charts = [i for i in model.items
              if i.chart is not None and i.entry.initiative.phase == first_phase]
    if not charts:
        return []
    rows = -(-len(charts) // CHARTS_PER_ROW)
    used = (len(model.items) + len(model.decisions) + min(len(model.moved), MOVED_SHOWN)
            + rows * CHART_ROW_COST)
    return charts if used <= PAGE_ROWS else []


def progress_page(snapshot: WorkshopSnapshot, numbers: Mapping[int, int],
                  today: date | None = None) -> ProgressPage | None:
    """The page, or None when no check-in has been held on a roadmap item."""
    if not (snapshot.status_updates or snapshot.readings):
        return None
    model = build_progress(snapshot, today)
    if not model.last_check_in:
        return None
    phases = snapshot.playbook.phases
    return ProgressPage(model=model, numbers=numbers,
                        charts=page_charts(model, phases[0].id if phases else None),
                        moved=model.moved[:MOVED_SHOWN],
                        moved_more=max(0, len(model.moved) - MOVED_SHOWN))
