"""Checks a form runs before it closes, so a value the service would refuse
keeps the form open with what was typed, instead of losing it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sprintkit.calendar import parse_day
from sprintkit.tui.labels import tr


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
