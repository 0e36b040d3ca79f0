"""Text helpers shared by the panes and screens."""

from __future__ import annotations

from rich.text import Text

from sprintkit.models import Note, Participant
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
    if note.source != "local":
        text.append(" ☏", style="dim")
    text.append("  ")
    text.append(one_line(note.text))
    if note.lenses:
        text.append("  [" + ", ".join(tag_titles.get(t, t) for t in note.lenses) + "]",
                    style="italic")
    if suffix:
        text.append(suffix, style="dim")
    return text
