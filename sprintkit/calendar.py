"""Dates on the roadmap: phases' months counted from the day of the workshop.

Pure and small, for the report's timeline and for follow-up dates alike.
"""

from __future__ import annotations

import calendar
from datetime import date

from sprintkit.models import Phase


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day the target month lacks
    (31 January + 1 month) becomes that month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def phase_window(held_on: date, phase: Phase) -> tuple[date, date] | None:
    """The first and the last day of a phase counted from the workshop date
    (``months: [3, 6]`` of a workshop on 15 March: 15 June to 15 September);
    None for a phase without months, which the timeline shows undated."""
    if phase.months is None:
        return None
    start, end = phase.months
    return add_months(held_on, start), add_months(held_on, end)
