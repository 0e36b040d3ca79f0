"""The history's words: each logged action said in the current language.

Events logged since the service started keeping a message id and its values
are worded from those, so a phase move, an owner and a metric read
differently; older events keep the phrase for their action code.
"""

from __future__ import annotations

from typing import Any

from sprintkit.models import Event
from sprintkit.tui.labels import tr

# The parts of a roadmap change, in the order they are told.
_ROADMAP_PARTS = ("phase_to", "place", "owner", "metric", "target", "contributors")


def _roadmap(params: dict[str, Any]) -> str:
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
        elif name == "contributors":
            parts.append(tr("event.part.contributors", names=", ".join(value))
                         if value else tr("event.part.contributors_none"))
        elif value:
            parts.append(tr(f"event.part.{name}", value=value))
        else:
            parts.append(tr(f"event.part.{name}_none"))
    detail = " · ".join(parts) or tr("event.part.nothing")
    return tr("event.roadmap.changed", title=params.get("title", ""), detail=detail)


def event_words(event: Event, fallback: str | None = None) -> str:
    """The event in words; ``fallback`` for one without a message id (None: its summary)."""
    message = event.message
    if not message:
        return event.summary if fallback is None else fallback
    params = dict(event.params or {})
    if message == "roadmap.changed":
        return _roadmap(params)
    key = f"event.{message}"
    if message == "round.closed" and params.get("rule"):
        key = f"event.round.closed.{params['rule']}"
    if not tr.has(key):
        return event.summary if fallback is None else fallback
    for name, value in list(params.items()):
        if isinstance(value, list):
            params[name] = ", ".join(str(v) for v in value)
            params[f"{name}_count"] = len(value)
    try:
        return tr(key, **params)
    except (KeyError, IndexError, ValueError):
        # A value missing from an event logged by another version: say what we can.
        return event.summary if fallback is None else fallback
