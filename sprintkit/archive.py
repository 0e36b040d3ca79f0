"""The JSON archive: a complete, re-importable copy of one workshop.

Ids inside an archive are only references between its own records; an import
gives every record a fresh id in the target database and rewires them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from sprintkit.calendar import parse_day
from sprintkit.errors import InvalidInput
from sprintkit.evidence_models import (
    EvidenceData,
    EvidenceImport,
    EvidenceItem,
    EvidenceNote,
)
from sprintkit.models import (
    Initiative,
    Note,
    Participant,
    Playbook,
    Reading,
    Score,
    StatusUpdate,
    Vote,
    VotingRound,
    Workshop,
)
from sprintkit.names import lookalike_pairs, normalise, same_name
from sprintkit.playbooks import PlaybookSchema
from sprintkit.service import BulkRows, WorkshopService, WorkshopSnapshot, now
from sprintkit.text import clean_block, clean_line

FORMAT = "sprintkit-archive"
VERSION = 1


class _EvidenceSchema(BaseModel):
    imports: list[EvidenceImport] = Field(default_factory=list)
    notes: list[EvidenceNote] = Field(default_factory=list)
    items: list[EvidenceItem] = Field(default_factory=list)


class _ArchiveSchema(BaseModel):
    """What an archive must hold. Archives come from outside, so unlike rows read
    from our own database, every record is checked against its type."""

    workshop: Workshop
    playbook: PlaybookSchema
    participants: list[Participant]
    notes: list[Note]
    initiatives: list[Initiative]
    rounds: list[VotingRound]
    votes: list[Vote]
    scores: list[Score]
    # Archives written before check-ins existed have neither.
    status_updates: list[StatusUpdate] = []
    readings: list[Reading] = []
    # Archives written before customer evidence existed have none.
    evidence: _EvidenceSchema = Field(default_factory=_EvidenceSchema)


def to_archive(snapshot: WorkshopSnapshot) -> dict[str, Any]:
    data = asdict(snapshot)
    return {"format": FORMAT, "version": VERSION, "exported_at": now(), **data}


def dumps(snapshot: WorkshopSnapshot) -> str:
    return json.dumps(to_archive(snapshot), ensure_ascii=False, indent=2) + "\n"


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def parse(text: str, source: str = "<archive>") -> WorkshopSnapshot:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{source}:{exc.lineno}: not valid JSON ({exc.msg})",
                           key="archive_json", file=source, line=exc.lineno,
                           reason=exc.msg) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f"{source}: not a sprintkit archive (no \"format\": \"{FORMAT}\")",
                           key="archive_format", file=source, format=FORMAT)
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise InvalidInput(f"{source}: archive version {data.get('version')!r} is newer than "
                           f"this sprintkit understands ({VERSION})", key="archive_newer",
                           file=source, version=data.get("version"), known=VERSION)
    workshop = data.get("workshop")
    if isinstance(workshop, dict) and "held_on" not in workshop:
        # Archives written before workshops had a date: the day it was created.
        created = workshop.get("created_at")
        data["workshop"] = {**workshop, "held_on": created[:10] if isinstance(created, str)
                            else ""}
    try:
        checked = _ArchiveSchema.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"{source}: {_describe(exc)}") from None
    snapshot = WorkshopSnapshot(
        workshop=checked.workshop, playbook=Playbook.from_dict(checked.playbook.model_dump()),
        participants=checked.participants, notes=checked.notes,
        initiatives=checked.initiatives, rounds=checked.rounds, votes=checked.votes,
        scores=checked.scores, status_updates=checked.status_updates,
        readings=checked.readings,
        evidence=EvidenceData(imports=checked.evidence.imports, notes=checked.evidence.notes,
                              items=checked.evidence.items))
    _check_references(snapshot, source)
    _clean_texts(snapshot, source)
    return snapshot


def _clean_texts(snap: WorkshopSnapshot, source: str) -> None:
    """The same cleaning text typed into sprintkit gets: an archive may have
    been edited by hand, or written by an older version that stored control
    characters and names as they came."""
    w = snap.workshop
    w.name = normalise(w.name)
    if not w.name:
        raise InvalidInput(f"{source}: workshop.name: empty once invisible characters are "
                           "left out")
    w.organisation = clean_line(w.organisation).strip()
    w.facilitator = normalise(w.facilitator)
    w.headline = clean_line(w.headline).strip()
    w.held_on = _archive_day(w.held_on, "workshop.held_on", source)
    for person in snap.participants:
        name = normalise(person.name)
        if not name:
            raise InvalidInput(f"{source}: participant {person.id}: the name is empty once "
                               "invisible characters are left out")
        person.name, person.role = name, normalise(person.role)
    for note in snap.notes:
        note.text = clean_block(note.text).strip()
    for imp in snap.evidence.imports:
        imp.source, imp.file = clean_line(imp.source).strip(), clean_line(imp.file).strip()
    for original in snap.evidence.items:
        original.text = clean_block(original.text).strip()
        original.channel = clean_line(original.channel).strip()
    for item in snap.initiatives:
        item.title = clean_line(item.title).strip()
        item.description = clean_block(item.description).strip()
        item.owner = normalise(item.owner)
        item.metric = clean_line(item.metric).strip()
        item.target = clean_line(item.target).strip()
        item.milestone = clean_line(item.milestone).strip()
        item.ask = clean_line(item.ask).strip()
        if item.milestone_due is not None:
            item.milestone_due = _archive_day(item.milestone_due,
                                              f"initiative {item.id}: milestone_due", source)
        item.contributors = list(dict.fromkeys(n for n in map(normalise, item.contributors)
                                               if n))
        item.unit = clean_line(item.unit).strip()
        item.carried_from = normalise(item.carried_from)
    for update in snap.status_updates:
        update.comment = clean_line(update.comment).strip()
        update.next_step = clean_line(update.next_step).strip()
        update.by_name = normalise(update.by_name)
    for reading in snap.readings:
        reading.text = clean_line(reading.text).strip()
        reading.note = clean_line(reading.note).strip()
        reading.by_name = normalise(reading.by_name)
    # Names are how people pick themselves on a phone: an archive that holds
    # two that cannot be told apart is refused, as a CSV file would be.
    for first, second in lookalike_pairs(p.name for p in snap.participants):
        how = "appears twice" if same_name(first, second) else f"looks like '{first}'"
        raise InvalidInput(f"{source}: participant name '{second}' {how}; rename one of "
                           "them in the file", key="archive_lookalike", name=second,
                           other=first)


def _archive_day(value: str, where: str, source: str) -> str:
    day = parse_day(value)
    if day is None:
        raise InvalidInput(f"{source}: {where}: {value[:40]!r} is not a date (YYYY-MM-DD)")
    return day.isoformat()


def _check_references(snap: WorkshopSnapshot, source: str) -> None:
    people = {p.id for p in snap.participants}
    items = {i.id for i in snap.initiatives}
    rounds = {r.id for r in snap.rounds}
    sections = {s.id for s in snap.playbook.sections}
    capture = {s.id for s in snap.playbook.capture_sections()}
    for initiative in snap.initiatives:
        if initiative.part is not None and initiative.part not in capture:
            raise InvalidInput(f"{source}: initiative {initiative.id}: part "
                               f"'{initiative.part[:40]}' is not a capture section of the "
                               "playbook")
    for note in snap.notes:
        if note.section_id not in sections:
            raise InvalidInput(f"{source}: note {note.id}: unknown section '{note.section_id}'")
        if note.participant_id is not None and note.participant_id not in people:
            raise InvalidInput(f"{source}: note {note.id}: unknown participant "
                               f"{note.participant_id}")
        if note.initiative_id is not None and note.initiative_id not in items:
            raise InvalidInput(f"{source}: note {note.id}: unknown initiative "
                               f"{note.initiative_id}")
    notes = {n.id for n in snap.notes}
    imports = {i.id for i in snap.evidence.imports}
    for imp in snap.evidence.imports:
        if imp.section_id not in sections:
            raise InvalidInput(f"{source}: evidence import {imp.id}: unknown section "
                               f"'{imp.section_id}'")
    marked: set[int] = set()
    for mark in snap.evidence.notes:
        if mark.note_id not in notes or mark.import_id not in imports:
            raise InvalidInput(f"{source}: evidence note {mark.id}: refers to a missing note "
                               "or import")
        if mark.note_id in marked:
            raise InvalidInput(f"{source}: note {mark.note_id} is marked as evidence twice")
        marked.add(mark.note_id)
    for original in snap.evidence.items:
        if original.note_id not in marked or original.import_id not in imports:
            raise InvalidInput(f"{source}: evidence item {original.id}: refers to a missing "
                               "evidence note or import")
    for vote in snap.votes:
        if (vote.round_id not in rounds or vote.participant_id not in people
                or vote.initiative_id not in items):
            raise InvalidInput(f"{source}: vote {vote.id}: refers to a missing round, "
                               "participant or initiative")
    for score in snap.scores:
        if ((score.participant_id is not None and score.participant_id not in people)
                or score.initiative_id not in items):
            raise InvalidInput(f"{source}: score {score.id}: refers to a missing participant "
                               "or initiative")
    _check_follow_up(snap, source, people, items)


def _check_follow_up(snap: WorkshopSnapshot, source: str, people: set[int],
                     items: set[int]) -> None:
    for kind, records in (("status update", snap.status_updates), ("reading", snap.readings)):
        for record in records:
            what = f"{kind} {record.id}"
            if (record.initiative_id not in items or (record.participant_id is not None
                                                      and record.participant_id not in people)):
                raise InvalidInput(f"{source}: {what}: refers to a missing initiative or "
                                   "participant")
            record.on_date = _archive_day(record.on_date, f"{what}: on_date", source)
    for update in snap.status_updates:
        if update.next_due is not None:
            update.next_due = _archive_day(update.next_due,
                                           f"status update {update.id}: next_due", source)
        if update.status is None and not (update.next_step or update.comment):
            raise InvalidInput(f"{source}: status update {update.id}: gives no status, next "
                               "step or comment")
    for reading in snap.readings:
        if reading.value is None and not reading.text:
            raise InvalidInput(f"{source}: reading {reading.id}: has neither a value nor a text")


def import_snapshot(service: WorkshopService, snap: WorkshopSnapshot) -> int:
    """Write the archive as a new workshop in one transaction; returns its id.

    Its name gets a number added if a workshop of that name exists, as a new
    workshop's does: names are how people pick a workshop."""
    w = snap.workshop
    ev = snap.evidence
    rows = BulkRows(
        participants=[{"id": p.id, "name": p.name, "role": p.role, "created_at": p.created_at}
                      for p in snap.participants],
        initiatives=[{
            "id": i.id, "title": i.title, "description": i.description, "phase": i.phase,
            "position": i.position, "owner": i.owner, "metric": i.metric, "target": i.target,
            "contributors": json.dumps(i.contributors), "milestone": i.milestone,
            "milestone_due": i.milestone_due, "ask": i.ask, "part": i.part,
            "created_at": i.created_at,
            "baseline": i.baseline, "target_value": i.target_value, "unit": i.unit,
            "lower_is_better": int(i.lower_is_better), "carried_from": i.carried_from}
            for i in snap.initiatives],
        notes=[{
            "id": n.id, "section_id": n.section_id, "prompt_index": n.prompt_index, "text": n.text,
            "participant_id": n.participant_id, "lenses": json.dumps(n.lenses),
            "initiative_id": n.initiative_id, "source": n.source, "created_at": n.created_at}
            for n in snap.notes],
        rounds=[{
            "id": r.id, "number": r.number, "status": r.status,
            "dots_per_person": r.dots_per_person, "max_per_item": r.max_per_item,
            "anonymous": int(r.anonymous), "opened_at": r.opened_at, "closed_at": r.closed_at,
            "revealed_at": r.revealed_at, "over_budget": r.over_budget} for r in snap.rounds],
        votes=[{"round_id": v.round_id, "participant_id": v.participant_id,
                "initiative_id": v.initiative_id, "dots": v.dots} for v in snap.votes],
        scores=[{"initiative_id": s.initiative_id, "participant_id": s.participant_id,
                 "impact": s.impact, "effort": s.effort} for s in snap.scores],
        status_updates=[{
            "initiative_id": u.initiative_id, "status": u.status, "comment": u.comment,
            "next_step": u.next_step, "next_due": u.next_due, "on_date": u.on_date,
            "by_name": u.by_name, "participant_id": u.participant_id, "source": u.source,
            "created_at": u.created_at} for u in snap.status_updates],
        readings=[{
            "initiative_id": r.initiative_id, "value": r.value, "text": r.text,
            "on_date": r.on_date, "note": r.note, "by_name": r.by_name,
            "participant_id": r.participant_id, "source": r.source, "created_at": r.created_at}
            for r in snap.readings],
        evidence_imports=[{
            "id": i.id, "section_id": i.section_id, "source": i.source, "file": i.file,
            "masked": int(i.masked), "rows": i.rows, "created_at": i.created_at}
            for i in ev.imports],
        evidence_notes=[{"note_id": m.note_id, "import_id": m.import_id,
                         "suggested_lens": m.suggested_lens} for m in ev.notes],
        evidence_items=[{
            "import_id": i.import_id, "note_id": i.note_id, "row_number": i.row_number,
            "text": i.text, "date": i.date, "rating": i.rating, "channel": i.channel}
            for i in ev.items])
    return service.bulk_import(rows, workshop={
        "name": w.name, "playbook_id": w.playbook_id, "language": w.language,
        "playbook": snap.playbook.to_json(), "organisation": w.organisation,
        "facilitator": w.facilitator, "current_section": w.current_section,
        "held_on": w.held_on, "headline": w.headline, "created_at": w.created_at, "updated_at": w.updated_at},
        action="workshop.import", summary="Imported workshop '{name}' from an archive")


def import_text(service: WorkshopService, text: str, source: str = "<archive>") -> int:
    return import_snapshot(service, parse(text, source))
