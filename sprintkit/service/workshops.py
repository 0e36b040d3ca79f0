"""Workshops: creating, finding, renaming; a step's timer and the current step."""

from __future__ import annotations

import math
import secrets
from datetime import date
from typing import TypedDict

from sprintkit.errors import InvalidInput, NotFound
from sprintkit.models import Playbook, Section, Timebox, Workshop
from sprintkit.service.base import ServiceBase, _clean, _day, _rows, new_id, now

HEADLINE_MAX_CHARS = 300


class _Details(TypedDict, total=False):
    """The columns ``update_workshop`` may change, each only when given."""

    organisation: str
    facilitator: str
    held_on: str
    headline: str


# The years a workshop can be held in. The roadmap's phases are counted in
# months from that day, and a day near the calendar's end (9999-12-31) would
# put them past the last date there is.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _held_on(value: str | date) -> str:
    day = _day(value, "date")
    if not FIRST_YEAR <= int(day[:4]) <= LAST_YEAR:
        raise InvalidInput(f"date: {day} is not a year from {FIRST_YEAR} to {LAST_YEAR}",
                           key="held_on_range", value=day, first=FIRST_YEAR, last=LAST_YEAR)
    return day


class Workshops(ServiceBase):
    def create_workshop(self, name: str, playbook: Playbook, *, organisation: str = "",
                        facilitator: str = "", held_on: str | date | None = None) -> Workshop:
        """A new workshop; ``held_on`` is the day it is held (default: today)."""
        name = _clean(name, "workshop name", name=True)
        organisation = _clean(organisation, "organisation", allow_empty=True)
        facilitator = _clean(facilitator, "facilitator", allow_empty=True, name=True)
        day = _held_on(date.today() if held_on is None else held_on)
        stamp = now()
        with self.store.transaction() as conn:
            name = self.unique_workshop_name(name)
            cursor = conn.execute(
                "INSERT INTO workshops (name, playbook_id, language, playbook, organisation, "
                "facilitator, current_section, join_token, held_on, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [name, playbook.id, playbook.language, playbook.to_json(),
                 organisation, facilitator, playbook.sections[0].id,
                 secrets.token_urlsafe(16), day, stamp, stamp],
            )
            workshop_id = new_id(cursor)
            conn.execute(
                "INSERT INTO events (workshop_id, at, kind, action, summary, undoable) "
                "VALUES (?, ?, 'do', 'workshop.create', ?, 0)",
                [workshop_id, stamp, f"Created workshop '{name}'"],
            )
        return self.workshop(workshop_id)

    def list_workshops(self) -> list[Workshop]:
        rows = self.store.query("SELECT * FROM workshops ORDER BY id")
        return [Workshop.from_row(r) for r in rows]

    def workshop(self, ref: int | str) -> Workshop:
        """A workshop by id or by (case-insensitive) name."""
        row = None
        text = str(ref).strip()
        if text.isdigit():
            row = self._one("SELECT * FROM workshops WHERE id = ?", [int(text)])
        if row is None:
            rows = self.store.query(
                "SELECT * FROM workshops WHERE name = ? COLLATE NOCASE ORDER BY id", [text]
            )
            if len(rows) > 1:
                ids = ", ".join(str(r["id"]) for r in rows)
                raise InvalidInput(f"workshop name '{text}' is ambiguous: use an id ({ids})",
                                   key="workshop_ambiguous", name=text, ids=ids)
            row = rows[0] if rows else None
        if row is None:
            raise NotFound(f"no workshop '{text}' (see 'sprintkit list')", key="no_workshop",
                           name=text)
        return Workshop.from_row(row)

    def playbook(self, workshop_id: int) -> Playbook:
        cached = self._playbooks.get(workshop_id)
        if cached is not None:
            return cached
        row = self._one("SELECT playbook FROM workshops WHERE id = ?", [workshop_id])
        if row is None:
            raise NotFound(f"no workshop '{workshop_id}'", key="no_workshop_id", id=workshop_id)
        book = self._playbooks[workshop_id] = Playbook.from_stored(row["playbook"])
        return book

    def join_token(self, workshop_id: int) -> str:
        row = self._one("SELECT join_token FROM workshops WHERE id = ?", [workshop_id])
        if row is None:
            raise NotFound(f"no workshop '{workshop_id}'", key="no_workshop_id", id=workshop_id)
        return str(row["join_token"])

    def unique_workshop_name(self, name: str) -> str:
        """``name``, or ``name (2)``, ``name (3)``…: names are how people pick a
        workshop, so two must never be the same."""
        taken = {r["name"].casefold() for r in self.store.query("SELECT name FROM workshops")}
        candidate, number = name, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{name} ({number})"
        return candidate

    def rename_workshop(self, workshop_id: int, name: str) -> Workshop:
        name = _clean(name, "workshop name", name=True)
        with self._op(workshop_id, "workshop.rename") as rec:
            clash = self._one("SELECT id FROM workshops WHERE name = ? COLLATE NOCASE AND id != ?",
                              [name, workshop_id])
            if clash:
                raise InvalidInput(f"workshop name '{name}' is already used by workshop "
                                   f"{clash['id']}", key="workshop_taken", name=name,
                                   id=clash["id"])
            rec.update("workshops", workshop_id, name=name)
            rec.summary = f"Renamed workshop to '{name}'"
            rec.say("workshop.renamed", name=name)
        return self.workshop(workshop_id)

    def update_workshop(self, workshop_id: int, *, organisation: str | None = None,
                        facilitator: str | None = None, held_on: str | date | None = None,
                        headline: str | None = None) -> Workshop:
        """Change the details that are given; every value is checked before any is written."""
        values: _Details = {}
        if organisation is not None:
            values["organisation"] = _clean(organisation, "organisation", allow_empty=True)
        if facilitator is not None:
            values["facilitator"] = _clean(facilitator, "facilitator", allow_empty=True,
                                           name=True)
        if held_on is not None:
            values["held_on"] = _held_on(held_on)
        if headline is not None:
            values["headline"] = _clean(headline, "headline", allow_empty=True,
                                        max_chars=HEADLINE_MAX_CHARS)
        self.workshop(workshop_id)
        with self._op(workshop_id, "workshop.update") as rec:
            rec.update("workshops", workshop_id, **values)
            rec.summary = "Updated workshop details"
            rec.say("workshop.updated")
        return self.workshop(workshop_id)

    def delete_workshop(self, workshop_id: int) -> None:
        self.workshop(workshop_id)
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM workshops WHERE id = ?", [workshop_id])
        self._playbooks.pop(workshop_id, None)

    def set_current_section(self, workshop_id: int, section_id: str) -> None:
        """Remember where the team is; not an undoable action."""
        self._section(workshop_id, section_id)
        with self.store.transaction() as conn:
            conn.execute("UPDATE workshops SET current_section = ?, updated_at = ? WHERE id = ?",
                         [section_id, now(), workshop_id])

    def export_folder(self, workshop_id: int) -> str | None:
        """The folder the facilitator last chose for this workshop's exports."""
        row = self._one("SELECT export_folder FROM workshops WHERE id = ?", [workshop_id])
        if row is None:
            raise NotFound(f"no workshop '{workshop_id}'", key="no_workshop_id", id=workshop_id)
        return row["export_folder"] or None

    def set_export_folder(self, workshop_id: int, folder: str | None) -> None:
        """Remember where this workshop's exports go, across restarts. A
        setting of this laptop, not workshop content: not undoable, not archived."""
        self.workshop(workshop_id)
        value = None if folder is None else _clean(str(folder), "folder", max_chars=4096)
        with self.store.transaction() as conn:
            conn.execute("UPDATE workshops SET export_folder = ? WHERE id = ?",
                         [value, workshop_id])

    # -------------------------------------------------------------- timeboxes
    def timeboxes(self, workshop_id: int) -> dict[str, Timebox]:
        """Each step's timer as it was left; steps whose timer never ran are absent."""
        rows = self.store.query("SELECT * FROM timeboxes WHERE workshop_id = ?", [workshop_id])
        return {t.section_id: t for t in _rows(Timebox, rows)}

    def save_timebox(self, workshop_id: int, section_id: str, *, elapsed_s: float,
                     running_since: float | None, extra_minutes: int = 0,
                     alerted: bool = False) -> Timebox:
        """Keep a step's timer, so a workshop reopens with it where it was (a
        running one still running). Session state: not undoable, not archived."""
        self._section(workshop_id, section_id)
        for name, value in (("elapsed_s", elapsed_s), ("running_since", running_since)):
            if value is not None and (not isinstance(value, (int, float))
                                      or not math.isfinite(value) or value < 0):
                raise InvalidInput(f"{name}: {value!r} must be a number of seconds, 0 or more")
        if (not isinstance(extra_minutes, int) or isinstance(extra_minutes, bool)
                or not 0 <= extra_minutes <= 24 * 60):
            raise InvalidInput(f"extra_minutes: {extra_minutes!r} must be 0 to {24 * 60}")
        box = Timebox(workshop_id=workshop_id, section_id=section_id,
                      elapsed_s=float(elapsed_s),
                      running_since=None if running_since is None else float(running_since),
                      extra_minutes=extra_minutes, alerted=bool(alerted))
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO timeboxes (workshop_id, section_id, elapsed_s, running_since, "
                "extra_minutes, alerted) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (workshop_id, section_id) DO UPDATE SET "
                "elapsed_s = excluded.elapsed_s, running_since = excluded.running_since, "
                "extra_minutes = excluded.extra_minutes, alerted = excluded.alerted",
                [workshop_id, section_id, box.elapsed_s, box.running_since,
                 box.extra_minutes, int(box.alerted)])
        return box

    def reset_timebox(self, workshop_id: int, section_id: str) -> None:
        self._section(workshop_id, section_id)
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM timeboxes WHERE workshop_id = ? AND section_id = ?",
                         [workshop_id, section_id])


    def _section(self, workshop_id: int, section_id: str, *, capture: bool = False) -> Section:
        book = self.playbook(workshop_id)
        section = book.section(section_id)
        if section is None:
            ids = ", ".join(s.id for s in book.sections)
            raise NotFound(f"no section '{section_id}' in this workshop (sections: {ids})",
                           key="no_section", section=section_id, sections=ids)
        if capture and section.kind != "capture":
            ids = ", ".join(s.id for s in book.capture_sections())
            raise InvalidInput(f"section '{section_id}' is a {section.kind} step; notes go in "
                               f"a capture step ({ids})", key="not_capture", section=section.title,
                               id=section_id, kind=section.kind, sections=ids)
        return section
