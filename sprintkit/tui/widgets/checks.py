"""Checks a form runs before it closes, so a value the service would refuse
keeps the form open with what was typed, instead of losing it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sprintkit import progress
from sprintkit.calendar import parse_day
from sprintkit.errors import InvalidInput
from sprintkit.models import Initiative
from sprintkit.tui.labels import error_text, tr

# As the service keeps it (sprintkit.service.roadmap).
UNIT_MAX_CHARS = 40


def check_day(fields: Mapping[str, str]) -> Callable[[dict[str, str]], str | None]:
    """A form check for date fields (form field name -> the ``field.*`` label
    that names it); an empty field passes (the form's ``required`` says otherwise)."""

    def check(values: dict[str, str]) -> str | None:
        for name, label in fields.items():
            text = values.get(name, "")
            if text and parse_day(text) is None:
                return tr("error.bad_date", field=tr(f"field.{label}"), value=text[:40])
        return None

    return check


def check_metric(current: Initiative) -> Callable[[dict[str, str]], str | None]:
    """A form check for a metric's numbers (fields ``baseline``, ``target``,
    ``unit`` and the toggle ``lower``), by the rules the service saves them by,
    so a refusal keeps the form open. An empty baseline means a metric in words."""

    def check(values: dict[str, str]) -> str | None:
        unit = values.get("unit", "")
        if len(unit) > UNIT_MAX_CHARS:
            return tr("error.too_long", field=tr("field.unit"), length=len(unit),
                      limit=UNIT_MAX_CHARS)
        try:
            progress.metric_numbers(**metric_values(values), current=current)
        except InvalidInput as exc:
            return error_text(exc)
        return None

    return check


def metric_values(values: dict[str, str]) -> dict[str, Any]:
    """The form's metric fields as ``set_roadmap`` takes them. Unticked, the
    direction follows the numbers (as the command line's flag left out does);
    without numbers it is stored as not lower-is-better."""
    baseline = values.get("baseline", "")
    lower = bool(values.get("lower"))
    return {"baseline": baseline, "target": values.get("target", ""),
            "lower_is_better": True if lower else (None if baseline else False)}
