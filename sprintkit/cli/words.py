"""Every line the command line prints, in the user's language.

The CLI speaks the language of whoever runs it (:func:`sprintkit.i18n.user_language`,
read on every line, so a changed environment takes effect at once). Its own
messages are ``cli:<key>`` in the catalog. A service error is worded from its
message id and parameters: ``cli:error.<key>`` where the command line says it
its own way, else the terminal UI's ``tui:error.<key>``; only an error that
carries no id yet falls back to its English text.

A line is made terminal-safe as a whole, so no value put into it (a name, a
note, a file name) can send control characters to the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from sprintkit import i18n
from sprintkit.models import STATUSES
from sprintkit.text import terminal_safe


def language() -> str:
    return i18n.user_language()


def say(key: str, **values: object) -> str:
    """The message ``cli:<key>`` in the user's language, placeholders filled."""
    return terminal_safe(i18n.message(language(), f"cli:{key}", **values))


def has(key: str) -> bool:
    return i18n.has(f"cli:{key}")


def field_name(field: str, language: str, part: str = "cli") -> str:
    """A field's name as an error message names it: ``participant name`` on
    the command line, ``The name`` where the terminal UI's wording is used."""
    msgid = f"{part}:field.{field}"
    return i18n.message(language, msgid) if i18n.has(msgid) else field


def _values(key: str, params: Mapping[str, object], lang: str, part: str) -> dict[str, object]:
    """The error's values, with what a message cannot take as it is worded first."""
    values = dict(params)
    field = values.get("field")
    if isinstance(field, str):
        values["field"] = field_name(field, lang, part)
    if key == "csv_cell":  # a cell's own problem, inside the line that names where
        values["problem"] = _worded(str(values.get("problem")), params, lang) or ""
    elif key == "csv_lookalike" and isinstance(pairs := values.get("pairs"), list):
        values["details"] = "; ".join(
            i18n.message(lang, "cli:csv.lookalike_member" if at is None
                         else "cli:csv.lookalike_within", line=line, name=name, other=other,
                         other_line=at)
            for line, name, other, at in pairs)
    elif key == "readings_refused" and isinstance(problems := values.get("problems"), list):
        # every refused row in its own words, the first three of them
        rows = [i18n.message(lang, "cli:followup.row", row=p["row"], problem=(
                    _worded(p["key"], p["params"], lang) or p["text"]).rstrip("."))
                for p in problems[:3]]
        if len(problems) > 3:
            rows.append(i18n.message(lang, "cli:followup.rows_more", n=len(problems) - 3))
        values["details"] = "; ".join(rows)
    elif key == "over_budget" and isinstance(over := values.get("over"), list):
        values["names"] = ", ".join(
            i18n.message(lang, "cli:round.over_person", name=name, dots=dots,
                         budget=values.get("budget"))
            for name, dots in over)
    return values


def _worded(key: str | None, params: Mapping[str, object], lang: str) -> str | None:
    """The error ``key`` in ``lang``: the command line's own wording, else the
    terminal UI's; None when neither has it (or a value it needs is missing)."""
    for part in ("cli", "tui"):
        msgid = f"{part}:error.{key}"
        if key and i18n.has(msgid):
            try:
                return i18n.message(lang, msgid, **_values(key, params, lang, part))
            except (KeyError, IndexError, ValueError):
                return None
    return None


def error_text(exc: Exception) -> str:
    """A refused operation in the user's language, as one terminal-safe line.
    Only an error that carries no message id yet is said in its English."""
    params: Mapping[str, object] = getattr(exc, "params", {}) or {}
    text = _worded(getattr(exc, "key", None), params, language())
    return terminal_safe(str(exc) if text is None else text)


def not_ready(title: str, missing: tuple[str, ...] | list[str]) -> str:
    """A roadmap initiative that lacks an owner, a metric or both."""
    return say("readiness." + "_".join(missing), title=title)


def status_id(typed: str) -> str:
    """The status a user typed, as its id: every screen shows "Valmis" or
    "Enligt plan", so those words are taken as well as done and on-track.
    Anything else is passed on as typed, for the service to refuse."""
    wanted = " ".join(typed.replace("-", " ").split()).casefold()
    for status in STATUSES:
        words = {status.replace("-", " "), i18n.status_word(language(), status).casefold()}
        if wanted in words:
            return status
    return typed


def status_word(status: str) -> str:
    """A roadmap item's status (on-track, blocked…) in the user's words."""
    return terminal_safe(i18n.status_word(language(), status))


def day(text: str) -> str:
    """An ISO date as the user's language writes it."""
    return i18n.format_date(text, language())


def number(value: float) -> str:
    return i18n.format_number(value, language())


def listed(items: list[str]) -> str:
    """``a, b and c`` in the user's language."""
    return i18n.format_list(items, language())


def kind_word(kind: str) -> str:
    """A step's kind (capture, vote…) in the user's words; a kind from a newer
    playbook than this program knows is shown as its id."""
    return say(f"kind.{kind}") if has(f"kind.{kind}") else terminal_safe(kind)
