"""The dated roadmap timeline: phases in proportion to their months, one lane per owner.

The columns are calendar months counted from the workshop date, or quarters
when the roadmap runs longer than a year and its phases start and end on
quarter boundaries. A phase without months is an undated column at the end.
Each initiative is one bar across its phase's columns, in its owner's lane.
The template draws this as an HTML table, so names wrap instead of being cut
and a timeline longer than a page continues with its header repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sprintkit.calendar import add_months, phase_window
from sprintkit.i18n import babel_locale
from sprintkit.models import Phase

if TYPE_CHECKING:
    from sprintkit.export.report import ItemView, PhaseView

# Month labels short enough for a column: "Mar 2027", "3/2027", "mars 2027".
MONTH_PATTERN = {"fi": "L/yyyy"}
DEFAULT_MONTH_PATTERN = "MMM yyyy"
# Up to this many months, one column per month; longer roadmaps use quarters.
MONTH_COLUMNS = 12


@dataclass
class Band:
    """A phase in the header: where it starts (column) and how many columns it spans."""

    index: int
    title: str
    horizon: str
    count: int
    start: int
    span: int
    window: tuple[date, date] | None


@dataclass
class Bar:
    item: ItemView
    phase_index: int
    before: int
    span: int
    after: int


@dataclass
class Lane:
    owner: str  # "" for initiatives nobody owns yet
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Timeline:
    columns: list[str]  # one label per column, dated columns first
    unit: int  # months per dated column (1 or 3)
    band_rows: list[list[tuple[Band | None, int]]]  # (band or gap, span) per header row
    lanes: list[Lane]
    start: date
    end: date | None


def _month_label(day: date, language: str) -> str:
    from babel.dates import format_date

    pattern = MONTH_PATTERN.get(language, DEFAULT_MONTH_PATTERN)
    return format_date(day, pattern, locale=babel_locale(language))


def build_timeline(held_on: date, phases: Sequence[PhaseView], models: Sequence[Phase],
                   language: str, sort_key: Callable[[str], list[tuple[int, int | str]]]) -> Timeline:
    """``phases`` are the report's PhaseViews, ``models`` the playbook's phases (same order)."""
    dated = [(view, model.months) for view, model in zip(phases, models, strict=True)
             if model.months is not None]
    undated = [view for view, model in zip(phases, models, strict=True) if model.months is None]
    total = max((months[1] for _, months in dated), default=0)
    bounds = [m for _, months in dated for m in months]
    unit = 3 if total > MONTH_COLUMNS and all(m % 3 == 0 for m in bounds) else 1
    dated_columns = -(-total // unit)
    columns = [_month_label(add_months(held_on, n * unit), language)
               for n in range(dated_columns)]
    columns += [view.title for view in undated]
    width = len(columns)

    bands: list[Band] = []
    for view, months in dated:
        start, end = months
        first = start // unit
        span = max(1, -(-end // unit) - first)
        model = models[view.index]
        bands.append(Band(view.index, view.title, view.horizon, len(view.items), first, span,
                          phase_window(held_on, model)))
    for n, view in enumerate(undated):
        bands.append(Band(view.index, view.title, view.horizon, len(view.items),
                          dated_columns + n, 1, None))

    # Overlapping phases go on header rows of their own; most roadmaps need one.
    rows: list[list[Band]] = []
    for band in sorted(bands, key=lambda b: (b.start, b.index)):
        for row in rows:
            if row[-1].start + row[-1].span <= band.start:
                row.append(band)
                break
        else:
            rows.append([band])
    band_rows = []
    for row in rows:
        cells: list[tuple[Band | None, int]] = []
        at = 0
        for band in row:
            if band.start > at:
                cells.append((None, band.start - at))
            cells.append((band, band.span))
            at = band.start + band.span
        if at < width:
            cells.append((None, width - at))
        band_rows.append(cells)

    place = {b.index: b for b in bands}
    lanes: dict[str, Lane] = {}
    for view in phases:
        band = place[view.index]
        for item in view.items:
            lane = lanes.setdefault(item.owner, Lane(item.owner))
            lane.bars.append(Bar(item, band.index, band.start, band.span,
                                 width - band.start - band.span))
    ordered = sorted(lanes.values(), key=lambda lane: (lane.owner == "", sort_key(lane.owner)))
    last = add_months(held_on, total) if dated else None
    return Timeline(columns, unit, band_rows, ordered, held_on, last)
