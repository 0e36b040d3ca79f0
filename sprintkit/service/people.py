"""Participants: adding, renaming, removing, and importing them from CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from sprintkit import participants_csv
from sprintkit.errors import InvalidInput, NotFound
from sprintkit.models import Participant
from sprintkit.names import confusable, same_name
from sprintkit.names import keys as name_keys
from sprintkit.names import normalise as normalise_name
from sprintkit.service.base import LOCAL, _clean, _rows, now
from sprintkit.service.workshops import Workshops
from sprintkit.text import count


class _Changes(TypedDict, total=False):
    """The columns ``update_participant`` may change, each only when given."""

    name: str
    role: str


class People(Workshops):
    def participants(self, workshop_id: int) -> list[Participant]:
        rows = self.store.query(
            "SELECT * FROM participants WHERE workshop_id = ? ORDER BY id", [workshop_id])
        return _rows(Participant, rows)

    def participant(self, workshop_id: int, ref: int | str) -> Participant:
        """A participant by id (an int) or by (case-insensitive) name.

        Text that is all digits is tried as a name first, then as an id, so
        someone actually called "7" can still be named on the command line.
        """
        if isinstance(ref, int):
            row = self._one("SELECT * FROM participants WHERE workshop_id = ? AND id = ?",
                            [workshop_id, ref])
            if row is None:
                raise NotFound(f"no participant with id {ref} in this workshop",
                               key="no_participant", name=ref)
            return Participant.from_row(row)
        text = str(ref).strip()
        row = None
        # As typed first (a row stored before names were normalised), then as stored now.
        for spelling in dict.fromkeys((text, normalise_name(text))):
            row = row or self._one(
                "SELECT * FROM participants WHERE workshop_id = ? AND name = ? COLLATE NOCASE",
                [workshop_id, spelling])
        if row is None and text.isdigit():
            row = self._one("SELECT * FROM participants WHERE workshop_id = ? AND id = ?",
                            [workshop_id, int(text)])
        if row is None:
            raise NotFound(f"no participant '{text}' in this workshop", key="no_participant",
                           name=text)
        return Participant.from_row(row)

    def add_participant(self, workshop_id: int, name: str, role: str = "", *,
                        source: str = LOCAL) -> Participant:
        self.workshop(workshop_id)
        name = _clean(name, "participant name", name=True)
        role = _clean(role, "role", allow_empty=True, name=True)
        with self._op(workshop_id, "participant.add", source=source) as rec:
            self._ensure_free_name(workshop_id, name)
            pid = rec.insert("participants", {"workshop_id": workshop_id, "name": name,
                                              "role": role, "created_at": now()})
            rec.summary = f"Added participant {name}"
            rec.say("participant.added", name=name)
        return self.participant(workshop_id, pid)

    def _ensure_free_name(self, workshop_id: int, name: str,
                          except_id: int | None = None) -> None:
        """Refuse a name that is taken, or that looks like one that is (Cyrillic
        letters, invisible characters...): on a phone or a projector they
        would be the same person."""
        folded, shape, folded_shape = name_keys(name)
        # One pass over everyone (a phone adding itself to a full room pays
        # for it): a name taken anywhere outranks the first lookalike.
        other: str | None = None
        for row in self.store.query(
                "SELECT id, name FROM participants WHERE workshop_id = ?", [workshop_id]):
            if row["id"] == except_id:
                continue
            theirs = name_keys(row["name"])
            if theirs[0] == folded:
                raise InvalidInput(f"participant name '{name}' is already taken in this "
                                   "workshop", key="participant_taken", name=name)
            if other is None and (theirs[1] == shape or theirs[2] == folded_shape):
                other = row["name"]
        if other is not None:
            raise InvalidInput(f"participant name '{name}' looks like '{other}', who "
                               "is already in this workshop; add something that tells "
                               "them apart", key="participant_lookalike", name=name,
                               other=other)

    def update_participant(self, workshop_id: int, ref: int | str, *, name: str | None = None,
                           role: str | None = None) -> Participant:
        person = self.participant(workshop_id, ref)
        values: _Changes = {}
        if name is not None:
            values["name"] = _clean(name, "participant name", name=True)
            self._ensure_free_name(workshop_id, values["name"], except_id=person.id)
        if role is not None:
            values["role"] = _clean(role, "role", allow_empty=True, name=True)
        with self._op(workshop_id, "participant.update") as rec:
            rec.update("participants", person.id, **values)
            rec.summary = f"Updated participant {values.get('name', person.name)}"
            rec.say("participant.changed", name=values.get("name", person.name),
                    old=person.name)
        return self.participant(workshop_id, person.id)

    def remove_participant(self, workshop_id: int, ref: int | str) -> None:
        """Their notes stay (without an author); their votes and scores go."""
        person = self.participant(workshop_id, ref)
        with self._op(workshop_id, "participant.remove") as rec:
            for row in self.store.query(
                    "SELECT id FROM notes WHERE participant_id = ?", [person.id]):
                rec.update("notes", row["id"], participant_id=None)
            for row in self.store.query(
                    "SELECT id FROM votes WHERE participant_id = ?", [person.id]):
                rec.delete("votes", row["id"])
            for row in self.store.query(
                    "SELECT id FROM scores WHERE participant_id = ?", [person.id]):
                rec.delete("scores", row["id"])
            rec.delete("participants", person.id)
            rec.summary = f"Removed participant {person.name}"
            rec.say("participant.removed", name=person.name)

    def import_participants_csv(self, workshop_id: int, source: Path | str,
                                text: str | None = None) -> participants_csv.Imported:
        """Rows of ``name,role`` (a header row is optional). All rows or none:
        a person already in the workshop is skipped, but a name that only
        looks like one already there (or like another row's) refuses the file."""
        label = str(source)
        if text is None:
            text = participants_csv.decode(participants_csv.read_bytes(source), label)

        def clean(value: str, field: str, allow_empty: bool) -> str:
            return _clean(value, field, allow_empty=allow_empty, name=True)

        rows = participants_csv.parse(text, label, clean)
        self.workshop(workshop_id)
        ids: list[int] = []
        with self._op(workshop_id, "participant.import") as rec:
            existing = [normalise_name(p.name) for p in self.participants(workshop_id)]
            new: list[participants_csv.Row] = []
            skipped: list[participants_csv.Row] = []
            problems: list[tuple[int, str]] = []
            # the same, as values a front end words in its own language
            pairs: list[tuple[int, str, str, int | None]] = []
            for row in rows:
                twin = next((r for r in new if same_name(r.name, row.name)), None)
                if twin is not None:
                    raise InvalidInput(f"{label}:{row.number}: name '{row.name}' appears twice "
                                       f"(also on line {twin.number})", key="csv_twice",
                                       file=label, line=row.number, name=row.name,
                                       other=twin.number)
                if any(same_name(row.name, name) for name in existing):
                    skipped.append(row)
                    continue
                other = next((n for n in existing if confusable(row.name, n)), None)
                if other is not None:
                    problems.append((row.number, f"line {row.number} '{row.name}' looks like "
                                     f"'{other}', who is already in this workshop"))
                    pairs.append((row.number, row.name, other, None))
                like = next((r for r in new if confusable(row.name, r.name)), None)
                if like is not None:
                    problems.append((row.number, f"line {row.number} '{row.name}' looks like "
                                     f"'{like.name}' on line {like.number}"))
                    pairs.append((row.number, row.name, like.name, like.number))
                new.append(row)
            if problems:
                numbers = sorted({n for n, _ in problems})
                raise InvalidInput(f"{label}: names that look alike, nothing imported: "
                                   + "; ".join(text for _, text in problems),
                                   key="csv_lookalike", file=label, n=len(numbers),
                                   lines=", ".join(map(str, numbers)), pairs=pairs)
            for row in new:
                ids.append(rec.insert("participants", {
                    "workshop_id": workshop_id, "name": row.name, "role": row.role,
                    "created_at": now()}))
            rec.summary = f"Imported {count(len(ids), 'participant')}"
        return participants_csv.Imported(
            added=[self.participant(workshop_id, pid) for pid in ids], skipped=skipped)
