"""The history's words: each logged action said in a given language.

Events logged since the service started keeping a message id and its values
are worded from those, so a phase move, an owner and a metric read
differently; older events keep the phrase for their action code.

The wording lives here, beside the service, so that the terminal UI and the
command line tell the same history without one importing the other; each
passes in the translation function of the language it speaks.
"""

from __future__ import annotations

from typing import Any, Protocol

from sprintkit import i18n
from sprintkit.models import Event


class Translate(Protocol):
    """What the wording needs of a label table: a text per key, whether a key
    has one, and the language it speaks (for words shared by every part, such
    as a status)."""

    @property
    def language(self) -> str: ...

    def __call__(self, key: str, **values: object) -> str: ...

    def has(self, key: str) -> bool: ...


# The parts of a roadmap change, in the order they are told.
_ROADMAP_PARTS = ("phase_to", "place", "owner", "metric", "target", "baseline", "unit",
                  "direction", "contributors", "milestone", "due", "ask", "part")


def _roadmap(tr: Translate, params: dict[str, Any]) -> str:
    parts: list[str] = []
    for name in _ROADMAP_PARTS:
        if name not in params:
            continue
        value = params[name]
        if name == "phase_to":
            source, dest = params.get("phase_from"), value
            if source and dest:
                parts.append(tr("event.part.moved", source=source, dest=dest))
            elif dest:
                parts.append(tr("event.part.placed", dest=dest))
            else:
                parts.append(tr("event.part.unplaced", source=source or "?"))
        elif name == "place":
            parts.append(tr("event.part.place", place=value, phase=params.get("phase", "")))
        elif name == "direction":
            parts.append(tr(f"event.part.{value}_is_better"))
        elif name == "contributors":
            parts.append(tr("event.part.contributors", names=", ".join(value))
                         if value else tr("event.part.contributors_none"))
        elif value:
            parts.append(tr(f"event.part.{name}", value=value))
        else:
            parts.append(tr(f"event.part.{name}_none"))
    detail = " · ".join(parts) or tr("event.part.nothing")
    return tr("event.roadmap.changed", title=params.get("title", ""), detail=detail)


def event_words(event: Event, tr: Translate, fallback: str | None = None) -> str:
    """The event in ``tr``'s words; ``fallback`` for one without a message id
    (None: its summary)."""
    message = event.message
    if not message:
        return event.summary if fallback is None else fallback
    params = dict(event.params or {})
    if message == "roadmap.changed":
        return _roadmap(tr, params)
    key = f"event.{message}"
    if message == "round.closed" and params.get("rule"):
        key = f"event.round.closed.{params['rule']}"
    if not tr.has(key):
        return event.summary if fallback is None else fallback
    if message.startswith("followup.") and isinstance(params.get("status"), str):
        params["status"] = i18n.status_word(tr.language, params["status"])
    for name, value in list(params.items()):
        if isinstance(value, list):
            params[name] = ", ".join(str(v) for v in value)
            params[f"{name}_count"] = len(value)
    try:
        return tr(key, **params)
    except (KeyError, IndexError, ValueError):
        # A value missing from an event logged by another version: say what we can.
        return event.summary if fallback is None else fallback
