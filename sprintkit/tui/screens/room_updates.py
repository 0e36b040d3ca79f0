"""The check-in room's live list: the owners' updates from their phones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text

from sprintkit import i18n, progress
from sprintkit.tui.format import one_line

PHONE = "phone"
SHOWN = 15  # the newest; older ones are in the follow-up view


def _latest_from_phone(entry: progress.ItemFollowUp) -> str:
    """When an owner last sent anything for the item from a phone ('' never)."""
    stamps = [u.created_at for u in entry.statuses if u.source == PHONE]
    stamps += [r.created_at for r in entry.readings if r.source == PHONE]
    return max(stamps, default="")


def updates_text(view: progress.FollowUp, language: str,
                 t: Callable[..., str]) -> Text | None:
    """One line per item an owner updated from a phone, the latest first:
    who, which item, its status, latest reading and next step. None when no
    phone has sent an update yet."""
    touched = [(stamp, entry) for entry in view.items
               if (stamp := _latest_from_phone(entry))]
    if not touched:
        return None
    touched.sort(key=lambda pair: pair[0], reverse=True)
    box = Text()
    for _stamp, entry in touched[:SHOWN]:
        box.append(_line(entry, language, t))
        box.append("\n")
    box.rstrip()
    return box


def _line(entry: progress.ItemFollowUp, language: str, t: Callable[..., str]) -> Text:
    item = entry.initiative
    line = Text()
    who = next((u.by_name for u in reversed(entry.statuses) if u.source == PHONE),
               "") or next((r.by_name for r in reversed(entry.readings)
                            if r.source == PHONE), "") or item.owner
    if who:
        line.append(f"{one_line(who)}: ", style="bold")
    line.append(one_line(item.title))
    line.append("\n  ")  # the update on a line of its own, under whose item it is
    line.append(i18n.status_word(language, entry.status), style="bold")
    reading: Any = entry.latest_reading
    if reading is not None:
        if reading.value is not None:
            value = i18n.quantity(reading.value, item.unit, language, space=" ")
        else:
            value = one_line(reading.text)
        line.append(" · " + t("update_reading", value=value), style="dim")
    step = entry.next_step
    if step is not None and step.text:
        text = one_line(step.text)
        if step.due:
            text = t("update_due", step=text, date=i18n.format_date(step.due, language))
        line.append(" · " + t("update_next", step=text), style="dim")
    return line
