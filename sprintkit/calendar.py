"""Dates on the roadmap: phases' months counted from the day of the workshop.

Pure and small, for the report's timeline and for follow-up dates alike.
"""

from __future__ import annotations

import re
from datetime import date

from sprintkit.models import Phase

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> date | None:
    """A day written as YYYY-MM-DD, or None. Only that spelling: ``fromisoformat``
    alone also takes 20261201 and 2026-W48-1, which nobody means by a date."""
    text = text.strip()
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day the target month lacks
    (31 January + 1 month) becomes that month's last day. Past either end of
    the calendar it stops at the first or the last day there is: a stored
    date near the end must not break a report."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month + 1, min(day.day, _days_in_month(year, month + 1)))


def _days_in_month(year: int, month: int) -> int:
    # Without the standard calendar module, which loads the locale machinery
    # at start-up for a single lookup.
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def phase_window(held_on: date, phase: Phase) -> tuple[date, date] | None:
    """The first and the last day of a phase counted from the workshop date
    (``months: [3, 6]`` of a workshop on 15 March: 15 June to 15 September);
    None for a phase without months, which the timeline shows undated."""
    if phase.months is None:
        return None
    start, end = phase.months
    return add_months(held_on, start), add_months(held_on, end)
