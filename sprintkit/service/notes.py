"""Notes on the wall: adding, editing, moving, deleting."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sprintkit.errors import InvalidInput, NotFound
from sprintkit.models import NOTE_MAX_CHARS, Note
from sprintkit.service.base import _UNSET, LOCAL, Unset, _clean, _rows, _short, now
from sprintkit.service.people import People
from sprintkit.text import count


class Notes(People):
    def notes(self, workshop_id: int, section_id: str | None = None) -> list[Note]:
        if section_id is None:
            rows = self.store.query("SELECT * FROM notes WHERE workshop_id = ? ORDER BY id",
                                    [workshop_id])
        else:
            rows = self.store.query(
                "SELECT * FROM notes WHERE workshop_id = ? AND section_id = ? ORDER BY id",
                [workshop_id, section_id])
        return _rows(Note, rows)

    def note(self, workshop_id: int, note_id: int | str) -> Note:
        text = str(note_id).strip()
        row = None
        if text.isdigit():
            row = self._one("SELECT * FROM notes WHERE workshop_id = ? AND id = ?",
                            [workshop_id, int(text)])
        if row is None:
            raise NotFound(f"no note '{text}' in this workshop", key="no_note", note=text)
        return Note.from_row(row)

    def _lenses(self, workshop_id: int, tags: Iterable[str]) -> list[str]:
        tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
        if not tags:
            return []
        known = self.playbook(workshop_id).tag_titles()
        for tag in tags:
            if tag not in known:
                options = ", ".join(known) or "this playbook has no lenses"
                raise NotFound(f"no lens tag '{tag}' (tags: {options})", key="no_tag", tag=tag,
                               tags=options)
        return tags

    def add_note(self, workshop_id: int, section_id: str, text: str, *,
                 participant: int | str | None = None, lenses: Iterable[str] = (),
                 prompt_index: int | None = None, source: str = LOCAL) -> Note:
        section = self._section(workshop_id, section_id, capture=True)
        text = _clean(text, "note", max_chars=NOTE_MAX_CHARS, multiline=True)
        person = self.participant(workshop_id, participant) if participant not in (None, "") \
            else None
        tags = self._lenses(workshop_id, lenses)
        if prompt_index is not None and not 0 <= prompt_index < max(len(section.prompts), 1):
            raise InvalidInput(f"prompt {prompt_index}: section '{section_id}' has "
                               f"{count(len(section.prompts), 'prompt')}", key="no_prompt",
                               prompt=prompt_index, section=section_id,
                               prompts=len(section.prompts))
        with self._op(workshop_id, "note.add", source=source) as rec:
            note_id = rec.insert("notes", {
                "workshop_id": workshop_id, "section_id": section.id,
                "prompt_index": prompt_index, "text": text,
                "participant_id": person.id if person else None,
                "lenses": json.dumps(tags), "source": source, "created_at": now()})
            rec.summary = f"Added note '{_short(text)}'"
            rec.say("note.added", text=_short(text))
        return self.note(workshop_id, note_id)

    def edit_note(self, workshop_id: int, note_id: int, *, text: str | None = None,
                  participant: int | str | None | Unset = _UNSET,
                  lenses: Iterable[str] | None = None) -> Note:
        note = self.note(workshop_id, note_id)
        values: dict[str, Any] = {}
        if text is not None:
            values["text"] = _clean(text, "note", max_chars=NOTE_MAX_CHARS, multiline=True)
        if participant is not self._UNSET:
            values["participant_id"] = (self.participant(workshop_id, participant).id
                                        if participant not in (None, "") else None)
        if lenses is not None:
            values["lenses"] = json.dumps(self._lenses(workshop_id, lenses))
        with self._op(workshop_id, "note.edit") as rec:
            rec.update("notes", note.id, **values)
            rec.summary = f"Edited note '{_short(values.get('text', note.text))}'"
            rec.say("note.edited", text=_short(values.get("text", note.text)))
        return self.note(workshop_id, note.id)

    def delete_note(self, workshop_id: int, note_id: int) -> None:
        note = self.note(workshop_id, note_id)
        with self._op(workshop_id, "note.delete") as rec:
            # Customer evidence behind the note goes with it; deleted here rather
            # than by the cascade, so that undo puts it back too.
            for table in ("evidence_items", "evidence_notes"):
                for row in self.store.query(f"SELECT * FROM {table} WHERE note_id = ?",
                                            [note.id]):
                    rec.delete(table, row["id"], before=row)
            rec.delete("notes", note.id)
            rec.summary = f"Deleted note '{_short(note.text)}'"
            rec.say("note.deleted", text=_short(note.text))

    def move_note(self, workshop_id: int, note_id: int, section_id: str) -> Note:
        note = self.note(workshop_id, note_id)
        section = self._section(workshop_id, section_id, capture=True)
        with self._op(workshop_id, "note.move") as rec:
            rec.update("notes", note.id, section_id=section.id, prompt_index=None)
            rec.summary = f"Moved note '{_short(note.text)}' to {section.title}"
            rec.say("note.moved", text=_short(note.text), section=section.title)
        return self.note(workshop_id, note.id)
