"""Initiatives: grouping notes, merging, splitting, renaming."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypedDict

from sprintkit.errors import InvalidInput, NotFound
from sprintkit.models import NOTE_MAX_CHARS, Initiative
from sprintkit.service.base import _clean, _Recorder, _rows, _short, now
from sprintkit.service.notes import Notes
from sprintkit.text import count


class _Changes(TypedDict, total=False):
    """The columns ``update_initiative`` may change, each only when given."""

    title: str
    description: str


class Initiatives(Notes):
    def initiatives(self, workshop_id: int) -> list[Initiative]:
        rows = self.store.query(
            "SELECT * FROM initiatives WHERE workshop_id = ? ORDER BY id", [workshop_id])
        return _rows(Initiative, rows)

    def initiative(self, workshop_id: int, ref: int | str) -> Initiative:
        """An initiative by id or by exact (case-insensitive) title."""
        text = str(ref).strip()
        row = None
        if text.isdigit():
            row = self._one("SELECT * FROM initiatives WHERE workshop_id = ? AND id = ?",
                            [workshop_id, int(text)])
        if row is None and not isinstance(ref, int):
            rows = self.store.query(
                "SELECT * FROM initiatives WHERE workshop_id = ? AND title = ? COLLATE NOCASE",
                [workshop_id, text])
            if len(rows) > 1:
                raise InvalidInput(f"initiative title '{text}' is ambiguous: use its id",
                                   key="initiative_ambiguous", title=text)
            row = rows[0] if rows else None
        if row is None:
            raise NotFound(f"no initiative '{text}' in this workshop", key="no_initiative",
                           title=text)
        return Initiative.from_row(row)

    def _free_title(self, workshop_id: int, title: str) -> str:
        """``title``, or ``title (2)``, ``title (3)``…: initiatives are named on the
        command line and in the report, so two must never be called the same."""
        taken = {r["title"].casefold() for r in self.store.query(
            "SELECT title FROM initiatives WHERE workshop_id = ?", [workshop_id])}
        candidate, number = title, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{title} ({number})"
        return candidate

    def _ensure_free_title(self, workshop_id: int, title: str, except_id: int) -> None:
        # casefold, not SQL's NOCASE: that folds only ASCII, and titles are often Finnish.
        row = next((r for r in self.store.query(
            "SELECT id, title FROM initiatives WHERE workshop_id = ? AND id != ?",
            [workshop_id, except_id]) if r["title"].casefold() == title.casefold()), None)
        if row is not None:
            raise InvalidInput(f"initiative title '{title}' is already used by initiative "
                               f"{row['id']}", key="initiative_taken", title=_short(title),
                               id=row["id"])

    def _note_ids(self, workshop_id: int, note_ids: Iterable[int | str]) -> list[int]:
        return [self.note(workshop_id, n).id for n in dict.fromkeys(note_ids)]

    def create_initiative(self, workshop_id: int, title: str, *,
                          note_ids: Iterable[int | str] = (), description: str = "") -> Initiative:
        self.workshop(workshop_id)
        title = _clean(title, "initiative title", max_chars=200)
        description = _clean(description, "description", max_chars=NOTE_MAX_CHARS,
                             allow_empty=True, multiline=True)
        notes = self._note_ids(workshop_id, note_ids)
        with self._op(workshop_id, "initiative.create") as rec:
            title = self._free_title(workshop_id, title)
            iid = rec.insert("initiatives", {
                "workshop_id": workshop_id, "title": title, "description": description,
                "created_at": now()})
            for note_id in notes:
                rec.update("notes", note_id, initiative_id=iid)
            rec.summary = f"Created initiative '{_short(title)}'"
            rec.say("initiative.created", title=_short(title), notes=len(notes))
        return self.initiative(workshop_id, iid)

    def add_notes_to_initiative(self, workshop_id: int, initiative: int | str,
                                note_ids: Iterable[int | str]) -> Initiative:
        item = self.initiative(workshop_id, initiative)
        notes = self._note_ids(workshop_id, note_ids)
        with self._op(workshop_id, "initiative.add-notes") as rec:
            for note_id in notes:
                rec.update("notes", note_id, initiative_id=item.id)
            rec.summary = f"Grouped {count(len(notes), 'note')} into '{_short(item.title)}'"
            rec.say("initiative.grouped", title=_short(item.title), notes=len(notes))
        return item

    def ungroup_notes(self, workshop_id: int, note_ids: Iterable[int | str]) -> None:
        notes = self._note_ids(workshop_id, note_ids)
        with self._op(workshop_id, "initiative.ungroup") as rec:
            for note_id in notes:
                rec.update("notes", note_id, initiative_id=None)
            rec.summary = f"Took {count(len(notes), 'note')} out of their initiative"
            rec.say("initiative.ungrouped", notes=len(notes))

    def update_initiative(self, workshop_id: int, initiative: int | str, *,
                          title: str | None = None,
                          description: str | None = None) -> Initiative:
        item = self.initiative(workshop_id, initiative)
        values: _Changes = {}
        if title is not None:
            values["title"] = _clean(title, "initiative title", max_chars=200)
        if description is not None:
            values["description"] = _clean(description, "description",
                                           max_chars=NOTE_MAX_CHARS, allow_empty=True,
                                           multiline=True)
        with self._op(workshop_id, "initiative.update") as rec:
            if "title" in values:
                self._ensure_free_title(workshop_id, values["title"], item.id)
            rec.update("initiatives", item.id, **values)
            rec.summary = f"Updated initiative '{_short(values.get('title', item.title))}'"
            if values.get("title", item.title) != item.title:
                rec.say("initiative.renamed", old=_short(item.title),
                        title=_short(values["title"]))
            else:
                rec.say("initiative.described", title=_short(item.title))
        return self.initiative(workshop_id, item.id)

    def merge_initiatives(self, workshop_id: int, target: int | str,
                          others: Iterable[int | str]) -> Initiative:
        """Fold ``others`` into ``target``.

        Notes move over; each person's dots add up, capped at the round's
        per-item max. Scores of the merged-away initiatives are dropped: people
        scored a different, smaller thing, so the merged one needs fresh scores.
        Roadmap fields the target lacks (phase, owner, metric, target) come from
        the others, and contributors are joined.
        """
        keep = self.initiative(workshop_id, target)
        gone = [self.initiative(workshop_id, o) for o in others]
        gone = [g for g in {g.id: g for g in gone}.values() if g.id != keep.id]
        if not gone:
            raise InvalidInput("merge needs at least one other initiative", key="merge_needs")
        with self._op(workshop_id, "initiative.merge") as rec:
            for other in gone:
                for row in self.store.query("SELECT id FROM notes WHERE initiative_id = ?",
                                            [other.id]):
                    rec.update("notes", row["id"], initiative_id=keep.id)
                self._merge_votes(rec, other.id, keep.id)
                for row in self.store.query("SELECT id FROM scores WHERE initiative_id = ?",
                                            [other.id]):
                    rec.delete("scores", row["id"])
                # Statuses and readings are history of the work: they go with it.
                for table in ("status_updates", "readings"):
                    for row in self.store.query(
                            f"SELECT id FROM {table} WHERE initiative_id = ?", [other.id]):
                        rec.update(table, row["id"], initiative_id=keep.id)
                descriptions = [d for d in (keep.description, other.description) if d]
                if other.description and other.description not in keep.description:
                    rec.update("initiatives", keep.id, description="\n\n".join(descriptions))
                    keep = replace(keep, description="\n\n".join(descriptions))
                # Roadmap work done on a merged-away initiative is kept where the
                # one that stays has none: its phase, owner, metric and target.
                taken: dict[str, Any] = {}
                if keep.phase is None and other.phase is not None:
                    taken.update(phase=other.phase, position=other.position)
                for name in ("owner", "metric", "target"):
                    if not getattr(keep, name) and getattr(other, name):
                        taken[name] = getattr(other, name)
                if "target" in taken and keep.baseline is None and other.baseline is not None:
                    taken.update(baseline=other.baseline, target_value=other.target_value,
                                 unit=other.unit, lower_is_better=int(other.lower_is_better))
                extra = [c for c in other.contributors if c not in keep.contributors]
                if extra:
                    taken["contributors"] = json.dumps(keep.contributors + extra)
                if taken:
                    rec.update("initiatives", keep.id, **taken)
                    if "contributors" in taken:
                        taken["contributors"] = keep.contributors + extra
                    keep = replace(keep, **taken)
                rec.delete("initiatives", other.id)
            rec.summary = f"Merged {count(len(gone), 'initiative')} into '{_short(keep.title)}'"
            rec.say("initiative.merged", title=_short(keep.title),
                    others=[_short(g.title) for g in gone])
        return self.initiative(workshop_id, keep.id)

    def _merge_votes(self, rec: _Recorder, source_id: int, target_id: int) -> None:
        # Dots move with the merge, capped at the round's per-item max so a
        # merged initiative never holds more dots from one person than allowed.
        for vote in self.store.query(
                "SELECT v.*, r.max_per_item FROM votes v JOIN rounds r ON r.id = v.round_id "
                "WHERE v.initiative_id = ?", [source_id]):
            existing = self._one(
                "SELECT id, dots FROM votes WHERE round_id = ? AND participant_id = ? "
                "AND initiative_id = ?", [vote["round_id"], vote["participant_id"], target_id])
            rec.delete("votes", vote["id"])
            if existing:
                rec.update("votes", existing["id"],
                           dots=min(existing["dots"] + vote["dots"], vote["max_per_item"]))
            else:
                rec.insert("votes", {"round_id": vote["round_id"],
                                     "participant_id": vote["participant_id"],
                                     "initiative_id": target_id, "dots": vote["dots"]})

    def split_initiative(self, workshop_id: int, initiative: int | str,
                         note_ids: Iterable[int | str], title: str) -> Initiative:
        """Move some notes of an initiative into a new initiative of their own."""
        item = self.initiative(workshop_id, initiative)
        notes = [self.note(workshop_id, n) for n in dict.fromkeys(note_ids)]
        if not notes:
            raise InvalidInput("split needs at least one note", key="split_needs")
        for note in notes:
            if note.initiative_id != item.id:
                raise InvalidInput(f"note {note.id} is not part of '{item.title}'",
                                   key="note_not_in", title=_short(item.title), note=note.id)
        title = _clean(title, "initiative title", max_chars=200)
        with self._op(workshop_id, "initiative.split") as rec:
            title = self._free_title(workshop_id, title)
            new_id = rec.insert("initiatives", {"workshop_id": workshop_id, "title": title,
                                                "created_at": now()})
            for note in notes:
                rec.update("notes", note.id, initiative_id=new_id)
            rec.summary = f"Split '{_short(title)}' off '{_short(item.title)}'"
            rec.say("initiative.split", title=_short(title), source=_short(item.title),
                    notes=len(notes))
        return self.initiative(workshop_id, new_id)

    def delete_initiative(self, workshop_id: int, initiative: int | str) -> None:
        item = self.initiative(workshop_id, initiative)
        with self._op(workshop_id, "initiative.delete") as rec:
            for table, column in (("notes", "initiative_id"),):
                for row in self.store.query(f"SELECT id FROM {table} WHERE {column} = ?",
                                            [item.id]):
                    rec.update("notes", row["id"], initiative_id=None)
            # Check-ins too, each recorded: the database would cascade them
            # away unseen, and an undo of the delete would bring back an item
            # without its history.
            for table in ("votes", "scores", "status_updates", "readings"):
                for row in self.store.query(f"SELECT id FROM {table} WHERE initiative_id = ?",
                                            [item.id]):
                    rec.delete(table, row["id"])
            rec.delete("initiatives", item.id)
            rec.summary = f"Deleted initiative '{_short(item.title)}'"
            rec.say("initiative.deleted", title=_short(item.title))
