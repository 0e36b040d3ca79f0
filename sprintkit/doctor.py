"""A report on text stored before the service cleaned it.

Databases written by earlier versions can hold participant names with
invisible characters, names that look like each other, and escape sequences
in notes or titles. Renaming people behind the facilitator's back would be
worse than the problem, so nothing is changed: the report says what was found
and how the name would be spelled today, and the facilitator decides.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from sprintkit.names import confusable, normalise
from sprintkit.service import WorkshopService

# Stored text holding any of these was not cleaned (tab and newline are fine
# in notes and descriptions, and are not counted anywhere).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TEXT_FIELDS = {
    "workshops": ("name", "organisation", "facilitator"),
    "participants": (),  # names and roles are checked as names
    "notes": ("text",),
    "initiatives": ("title", "description", "owner", "metric", "target", "contributors"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    workshop_id: int
    kind: str  # "unclean_name" | "unclean_role" | "lookalike" | "control_characters"
    names: tuple[str, ...] = ()
    ids: tuple[int, ...] = ()  # the participants the names belong to
    suggestion: str = ""
    where: str = ""  # for control characters: the table and column
    rows: int = 0


@dataclass(slots=True)
class Report:
    workshops: int = 0
    findings: list[Finding] = field(default_factory=list)


def visible(text: str) -> str:
    """``text`` with every character a reader cannot see written as ``\\uXXXX``."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and ch != " "):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def unusual(text: str) -> list[str]:
    """The characters of ``text`` outside ASCII, named: what tells lookalikes apart."""
    seen = dict.fromkeys(ch for ch in text if ord(ch) > 0x7F)
    return [f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in seen]


def check(service: WorkshopService, workshop_ids: list[int] | None = None, *,
          texts: bool = True) -> Report:
    """Every finding in the given workshops (all by default); ``texts=False``
    checks the names only, which is what opening a workshop needs."""
    report = Report()
    ids = workshop_ids if workshop_ids is not None else \
        [w.id for w in service.list_workshops()]
    for wid in ids:
        report.workshops += 1
        people = service.participants(wid)
        spellings = [normalise(p.name) for p in people]
        for person, spelling in zip(people, spellings, strict=True):
            if spelling != person.name:
                report.findings.append(Finding(wid, "unclean_name", (person.name,),
                                               (person.id,), suggestion=spelling))
            if texts and normalise(person.role) != person.role:
                report.findings.append(Finding(wid, "unclean_role", (person.role,),
                                               (person.id,), suggestion=normalise(person.role)))
        for j, later in enumerate(people):
            for i in range(j):
                if confusable(spellings[i], spellings[j]):
                    report.findings.append(Finding(wid, "lookalike",
                                                   (people[i].name, later.name),
                                                   (people[i].id, later.id)))
        if texts:
            report.findings.extend(_control_characters(service, wid))
    return report


def _control_characters(service: WorkshopService, wid: int) -> list[Finding]:
    found = []
    for table, columns in _TEXT_FIELDS.items():
        if not columns:
            continue
        key = "id" if table == "workshops" else "workshop_id"
        rows = service.store.query(f"SELECT {', '.join(columns)} FROM {table} "
                                   f"WHERE {key} = ?", [wid])
        for column in columns:
            values = [row[column] for row in rows if isinstance(row[column], str)]
            if column == "contributors":
                values = [" ".join(json.loads(v)) for v in values if v]
            hits = sum(1 for v in values if _CONTROL.search(v)
                       or (column not in ("text", "description") and "\n" in v))
            if hits:
                found.append(Finding(wid, "control_characters", where=f"{table}.{column}",
                                     rows=hits))
    return found
