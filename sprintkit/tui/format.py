"""Text helpers shared by the panes and screens."""

from __future__ import annotations

import re

from rich.text import Text

from sprintkit.models import Event, Note, Participant
from sprintkit.tui.history import event_words
from sprintkit.tui.labels import tr


def one_line(text: str) -> str:
    return " ⏎ ".join(part.strip() for part in text.strip().splitlines() if part.strip())


def person_label(person: Participant | None) -> str:
    if person is None:
        return tr("anonymous")
    return f"{person.name} ({person.role})" if person.role else person.name


def note_row_text(note: Note, people: dict[int, Participant], tag_titles: dict[str, str], *,
                  number: int | None = None, marked: bool = False,
                  prefix: str = "", suffix: str = "") -> Text:
    text = Text()
    text.append("● " if marked else "  ", style="bold")
    if number is not None:
        text.append(f"{number:>3} ", style="dim")
    if prefix:
        text.append(prefix, style="dim")
    person = people.get(note.participant_id) if note.participant_id else None
    text.append(person.name if person else tr("anonymous.short"),
                style="bold" if person else "italic dim")
    # Typed on a phone; customer evidence ("evidence") came from a file instead.
    if note.source == "phone":
        text.append(" ☏", style="dim")
    text.append("  ")
    text.append(one_line(note.text))
    if note.lenses:
        text.append("  [" + ", ".join(tag_titles.get(t, t) for t in note.lenses) + "]",
                    style="italic")
    if suffix:
        text.append(suffix, style="dim")
    return text


_QUOTED = re.compile(r"'([^']+)'")
_PERSON = re.compile(r"^(?:Added|Updated|Removed) participant (.+)$")


def event_text(event: Event) -> str:
    """A logged action in the UI's language: a phrase for its action code and,
    where the service's summary names one, the note, initiative or person.
    Events that carry a message id are worded from it instead."""
    if event.message:
        return event_words(event, fallback=_old_event_text(event))
    return _old_event_text(event)


def _old_event_text(event: Event) -> str:
    key = f"action.{event.action}"
    phrase = tr(key) if tr.has(key) else tr("action.other")
    quoted = _QUOTED.search(event.summary)
    if quoted:
        return f"{phrase}: '{quoted.group(1)}'"
    person = _PERSON.match(event.summary)
    if person:
        return f"{phrase}: {person.group(1)}"
    return phrase


def literal(text: str | Text) -> Text:
    """``text`` as it is: a plain string is never read as Rich markup, and a
    ``Text`` that a caller already styled is kept as it is."""
    return text if isinstance(text, Text) else Text(text)
