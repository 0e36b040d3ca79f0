"""After the workshop: check-ins that track every roadmap item to a result.

A check-in is everything recorded on one date: for each roadmap item a status
(:data:`sprintkit.models.STATUSES`), a comment, the next step with its due
date, and readings of its metric. Nothing is ever overwritten: each update
and each reading is a row of its own, so the history is kept and undo takes
back exactly the row it added. Every operation here is one unit of work with
one history event (a message id and its values), like every other change.

Adapters (terminal UI, phone page, CLI, progress report) read
:meth:`FollowUps.follow_up` and compute figures with :mod:`sprintkit.progress`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sprintkit import progress
from sprintkit.calendar import phase_window
from sprintkit.errors import InvalidInput, NotFound, SprintkitError
from sprintkit.models import (
    FINISHED,
    STATUSES,
    Initiative,
    Phase,
    Playbook,
    Reading,
    StatusUpdate,
    Workshop,
)
from sprintkit.names import normalise as normalise_name
from sprintkit.names import same_name
from sprintkit.service.base import LOCAL, _clean, _day, _Recorder, _rows, _short, now
from sprintkit.service.roadmap import Roadmap
from sprintkit.tabular import find_column, parse_date, read_table

H = TypeVar("H", StatusUpdate, Reading)

COMMENT_MAX_CHARS = 2000
STEP_MAX_CHARS = 300
READING_MAX_CHARS = 300

# The headers ``import_readings`` knows each column by (case and spacing aside).
IMPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "initiative": ("initiative", "item", "title", "roadmap item", "kehityskohde", "toimenpide",
                   "kohde", "utvecklingsobjekt", "åtgärd", "objekt", "id"),
    "date": ("date", "day", "measured", "päivämäärä", "pvm", "päivä", "datum", "dag"),
    "value": ("value", "reading", "result", "arvo", "lukema", "tulos", "mittaustulos",
              "värde", "avläsning", "resultat"),
    "note": ("note", "notes", "comment", "comments", "huomautus", "huomio", "kommentti", "huom",
             "selite", "lisätieto", "anteckning", "anmärkning", "kommentar"),
}


@dataclass(frozen=True, slots=True)
class ReadingImport:
    """What an import of readings did: the readings added, the columns it
    did not read, and the rows left out because the same reading (item,
    date and value) was already recorded or came earlier in the file."""

    readings: list[Reading]
    ignored_columns: list[str]
    duplicate_rows: list[int]


@dataclass(frozen=True, slots=True)
class ReadingInput:
    """One reading to add with :meth:`FollowUps.add_readings`: the item (id or
    title), the value as typed (a number for a numeric metric, words
    otherwise), its date (ISO text or a date; None: today), an optional note,
    and ``row``, the line of the file it came from, for messages."""

    initiative: int | str
    value: str | float
    on: str | date | None = None
    note: str = ""
    row: int | None = None


def _iso_day(value: str | date | None, field: str, today: date, *,
             future: bool = False) -> str:
    """A date as ISO text: today when None; a date in the future only when
    ``future`` (a due date), never for something that has happened."""
    if value is None:
        return today.isoformat()
    day = _day(value, field)
    if not future and date.fromisoformat(day) > today:
        raise InvalidInput(f"{field}: {day} is in the future", key="future_date",
                           field=field, value=day)
    return day


class FollowUps(Roadmap):
    # ------------------------------------------------------------ lookups
    def roadmap_item(self, workshop_id: int, ref: int | str) -> Initiative:
        """An initiative by id or title that is on the roadmap (has a phase):
        check-ins follow roadmap items only."""
        try:
            item = self.initiative(workshop_id, ref)
        except NotFound as exc:
            if exc.key != "no_initiative":
                raise
            raise NotFound(f"no initiative '{_short(str(ref).strip())}' in this workshop",
                           key="no_roadmap_item", title=_short(str(ref).strip())) from None
        if item.phase is None:
            raise InvalidInput(f"'{item.title}' is not on the roadmap; place it first "
                               "(roadmap set … --phase)", key="not_on_roadmap",
                               title=_short(item.title))
        return item

    def _by(self, workshop_id: int, by: str | None, participant_id: int | None) -> str:
        # Who gave an update: the name given, else the phone's participant's,
        # else the facilitator's.
        if by is not None:
            return _clean(by, "by", allow_empty=True, name=True)
        if participant_id is not None:
            return self.participant(workshop_id, participant_id).name
        return self.workshop(workshop_id).facilitator

    def _check_owner(self, workshop_id: int, item: Initiative,
                     participant_id: int | None) -> None:
        """An update from a participant (a phone) is taken only for the items
        that participant owns; the facilitator (no participant) may update any."""
        if participant_id is None:
            return
        person = self.participant(workshop_id, participant_id)
        if not item.owner or not same_name(normalise_name(item.owner), person.name):
            raise InvalidInput(f"'{item.title}' is owned by someone else; only its owner or "
                               "the facilitator can update it", key="not_your_item",
                               title=_short(item.title))

    def _check_after_workshop(self, workshop_id: int, day: str) -> None:
        """One rule for statuses and readings from every channel: a check-in
        follows the workshop, so nothing is dated before its day."""
        held_on = self.workshop(workshop_id).held_on
        if day < held_on:
            raise InvalidInput(f"date: {day} is before the workshop ({held_on}); a check-in "
                               "follows the workshop", key="check_in_before_workshop",
                               value=day, held_on=held_on)

    # --------------------------------------------------------- status updates
    def set_status(self, workshop_id: int, initiative: int | str, status: str, *,
                   note: str = "", next_step: str | None = None, due: str | date | None = None,
                   on: str | date | None = None, by: str | None = None,
                   participant_id: int | None = None, source: str = LOCAL,
                   today: date | None = None) -> StatusUpdate:
        """Record a roadmap item's status at a check-in, with an optional
        comment (``note``) and next step (``next_step``, with ``due``).

        ``status`` is one of :data:`~sprintkit.models.STATUSES`; ``on`` the
        check-in's date (default today, never in the future); ``due`` any
        date, and only with a next step. ``by`` names who reported it (default
        the workshop's facilitator, or the participant's name); a phone passes
        ``participant_id`` and ``source`` (PHONE), and is refused for an item
        that participant does not own (``not_your_item``). Adds one row; undo
        removes it. Refused, with nothing written: an unknown status, an item
        not on the roadmap, a bad date.
        """
        if status not in STATUSES:
            raise InvalidInput(f"unknown status '{status}' (statuses: {', '.join(STATUSES)})",
                               key="unknown_status", status=str(status),
                               statuses=", ".join(STATUSES))
        return self._update(workshop_id, initiative, status=status, note=note,
                            next_step=next_step, due=due, on=on, by=by,
                            participant_id=participant_id, source=source, today=today)

    def set_next_step(self, workshop_id: int, initiative: int | str, next_step: str, *,
                      due: str | date | None = None, note: str = "",
                      on: str | date | None = None, by: str | None = None,
                      participant_id: int | None = None, source: str = LOCAL,
                      today: date | None = None) -> StatusUpdate:
        """Write a roadmap item's next step (and its due date) without
        changing its status. Same rules and history as :meth:`set_status`."""
        if not str(next_step).strip():
            raise InvalidInput("next step: cannot be empty", key="empty", field="next step")
        return self._update(workshop_id, initiative, status=None, note=note,
                            next_step=next_step, due=due, on=on, by=by,
                            participant_id=participant_id, source=source, today=today)

    def _update(self, workshop_id: int, initiative: int | str, *, status: str | None,
                note: str, next_step: str | None, due: str | date | None,
                on: str | date | None, by: str | None, participant_id: int | None,
                source: str, today: date | None) -> StatusUpdate:
        today = today or date.today()
        item = self.roadmap_item(workshop_id, initiative)
        comment = _clean(note, "comment", max_chars=COMMENT_MAX_CHARS, allow_empty=True)
        step = _clean(next_step or "", "next step", max_chars=STEP_MAX_CHARS, allow_empty=True)
        if due is not None and not step:
            raise InvalidInput("a due date needs a next step (--next)", key="due_needs_step")
        next_due = _iso_day(due, "due", today, future=True) if due is not None else None
        day = _iso_day(on, "date", today)
        self._check_after_workshop(workshop_id, day)
        if next_due is not None and next_due < day:
            raise InvalidInput(f"due: {next_due} is before the check-in's date ({day})",
                               key="due_before_check_in", value=next_due, date=day)
        self._check_owner(workshop_id, item, participant_id)
        who = self._by(workshop_id, by, participant_id)
        with self._op(workshop_id, "followup.status" if status else "followup.next",
                      source=source) as rec:
            row_id = rec.insert("status_updates", {
                "workshop_id": workshop_id, "initiative_id": item.id, "status": status,
                "comment": comment, "next_step": step, "next_due": next_due, "on_date": day,
                "by_name": who, "participant_id": participant_id, "source": source,
                "created_at": now()})
            params: dict[str, Any] = {"title": _short(item.title), "date": day}
            if status:
                params["status"] = status
            if step:
                params["next"] = _short(step)
                params["due"] = next_due or ""
            if status:
                rec.summary = f"Status of '{_short(item.title)}': {status} ({day})"
                rec.say("followup.status_next" if step else "followup.status", **params)
            else:
                rec.summary = f"Next step for '{_short(item.title)}': {_short(step)}"
                rec.say("followup.next", **params)
        return StatusUpdate.from_row(self._only("SELECT * FROM status_updates WHERE id = ?",
                                                [row_id]))

    # --------------------------------------------------------------- readings
    def add_reading(self, workshop_id: int, initiative: int | str, value: str | float, *,
                    on: str | date | None = None, note: str = "", by: str | None = None,
                    participant_id: int | None = None, source: str = LOCAL,
                    today: date | None = None) -> Reading:
        """Record a reading of a roadmap item's metric on ``on`` (default
        today, never in the future). A metric with a baseline and target takes
        a number (``.`` or ``,`` as decimal mark); one without numbers takes
        words. Refused, nothing written: an item not on the roadmap or without
        a metric, a non-number for a numeric metric, a bad date."""
        return self.add_readings(
            workshop_id, [ReadingInput(initiative=initiative, value=value, on=on, note=note)],
            by=by, participant_id=participant_id, source=source, today=today)[0]

    def add_readings(self, workshop_id: int, rows: Sequence[ReadingInput], *,
                     file: str = "", by: str | None = None, participant_id: int | None = None,
                     source: str = LOCAL, today: date | None = None) -> list[Reading]:
        """Add several readings as one action: all of them or none.

        Every row is checked before anything is written; a refusal names
        every bad row by its ``row`` number (and ``file``) in one line. Returns
        the readings in the order given."""
        today = today or date.today()
        self.workshop(workshop_id)
        who = self._by(workshop_id, by, participant_id)
        checked: list[tuple[Initiative, float | None, str, str, str]] = []
        problems: list[tuple[int | None, InvalidInput | NotFound]] = []
        for row in rows:
            try:
                checked.append(self._check_reading(workshop_id, row, today))
                self._check_owner(workshop_id, checked[-1][0], participant_id)
            except (InvalidInput, NotFound) as exc:
                problems.append((row.row, exc))
        if problems:
            raise self._rows_refused(problems, file, len(rows))
        if not checked:
            raise InvalidInput(f"{file or 'readings'}: no readings to add", key="no_readings",
                               file=file)
        with self._op(workshop_id, "followup.reading", source=source) as rec:
            ids = [self._insert_reading(rec, workshop_id, item, value, text, day, note, who,
                                        participant_id, source)
                   for item, value, text, day, note in checked]
            if len(checked) == 1:
                item, value, text, day, _ = checked[0]
                shown = text if value is None else str(rows[0].value).strip()
                rec.summary = f"Reading of '{_short(item.title)}': {_short(shown)} ({day})"
                rec.say("followup.reading", title=_short(item.title),
                        value=_short(f"{shown} {item.unit}".strip()), date=day)
            else:
                rec.summary = f"Added {len(checked)} readings" + (f" from {file}" if file else "")
                if file:
                    rec.say("followup.readings", n=len(checked), file=file)
                else:
                    rec.say("followup.readings_added", n=len(checked))
        marks = ", ".join("?" * len(ids))
        found = {r.id: r for r in _rows(Reading, self.store.query(
            f"SELECT * FROM readings WHERE id IN ({marks})", ids))}
        return [found[i] for i in ids]

    def import_readings(self, workshop_id: int, path: Path | str, *, sheet: str | None = None,
                        today: date | None = None) -> list[Reading]:
        """Readings from a CSV or XLSX file (e.g. a BI export), all rows or none.

        The header row names the columns for the initiative (id or title), the
        date (``d.m.yyyy`` or ``yyyy-mm-dd``) and the value, in English, Finnish
        or Swedish (:data:`IMPORT_COLUMNS`); a note column is optional. Files as
        Finnish and Swedish spreadsheets save them are read (decimal commas,
        semicolons, Windows-1252), through :func:`sprintkit.tabular.read_table`.
        A refusal names every bad row by the number a spreadsheet shows.
        A reading already recorded (same item, date and value) is not added
        again; :meth:`import_readings_report` says which rows those were."""
        return self.import_readings_report(workshop_id, path, sheet=sheet,
                                           today=today).readings

    def import_readings_report(self, workshop_id: int, path: Path | str, *,
                               sheet: str | None = None,
                               today: date | None = None) -> ReadingImport:
        """:meth:`import_readings`, with the columns left unread and the rows
        skipped as readings already recorded."""
        table = read_table(Path(path), sheet=sheet)
        found = {name: find_column(table, words) for name, words in IMPORT_COLUMNS.items()}
        missing = [name for name in ("initiative", "date", "value") if found[name] is None]
        if missing:
            raise InvalidInput(
                f"{table.source}: no column for {', '.join(missing)} (the header row needs "
                "initiative, date and value)", key="readings_columns", file=table.source,
                missing=", ".join(missing), columns=", ".join(table.columns))
        rows: list[ReadingInput] = []
        bad_dates: list[tuple[int | None, InvalidInput | NotFound]] = []
        for row in table.rows:
            cells = row.values
            text = cells[found["date"] or ""]
            try:
                on: date | str = parse_date(text)
            except ValueError:
                bad_dates.append((row.number, InvalidInput(
                    f"date: '{_short(text, 40)}' is not a date (d.m.yyyy or yyyy-mm-dd)",
                    key="bad_import_date", value=_short(text, 40))))
                on = text
            rows.append(ReadingInput(initiative=cells[found["initiative"] or ""],
                                     value=cells[found["value"] or ""], on=on,
                                     note=cells[found["note"]] if found["note"] else "",
                                     row=row.number))
        if bad_dates:
            # The other rows are checked too, so that one refusal names them all.
            good = [r for r in rows if not isinstance(r.on, str)]
            problems = self._problems(workshop_id, good, today or date.today())
            merged = sorted([*bad_dates, *problems], key=lambda p: p[0] or 0)
            raise self._rows_refused(merged, table.source, len(rows))
        ignored = [c for c in table.columns if c not in found.values()]
        fresh, duplicates = self._new_readings(workshop_id, rows, today or date.today())
        added = (self.add_readings(workshop_id, fresh, file=table.source, today=today)
                 if fresh or not duplicates else [])
        return ReadingImport(readings=added, ignored_columns=ignored,
                             duplicate_rows=duplicates)

    def _new_readings(self, workshop_id: int, rows: Sequence[ReadingInput],
                      today: date) -> tuple[list[ReadingInput], list[int]]:
        """The rows that are not a reading already stored or given earlier in
        the file (same item, date and value), and the numbers of those that
        are: importing the same export twice must not count every value
        twice. A row that does not check out is kept, for add_readings to
        refuse with the others."""
        stored = {(r["initiative_id"], r["on_date"], r["value"], r["text"])
                  for r in self.store.query("SELECT initiative_id, on_date, value, text "
                                            "FROM readings WHERE workshop_id = ?",
                                            [workshop_id])}
        fresh: list[ReadingInput] = []
        duplicates: list[int] = []
        for row in rows:
            try:
                item, value, text, day, _ = self._check_reading(workshop_id, row, today)
            except (InvalidInput, NotFound):
                fresh.append(row)
                continue
            key = (item.id, day, value, text)
            if key in stored:
                duplicates.append(row.row or 0)
            else:
                stored.add(key)
                fresh.append(row)
        return fresh, duplicates

    def _problems(self, workshop_id: int, rows: Sequence[ReadingInput],
                  today: date) -> list[tuple[int | None, InvalidInput | NotFound]]:
        problems: list[tuple[int | None, InvalidInput | NotFound]] = []
        for row in rows:
            try:
                self._check_reading(workshop_id, row, today)
            except (InvalidInput, NotFound) as exc:
                problems.append((row.row, exc))
        return problems

    def _check_reading(self, workshop_id: int, row: ReadingInput,
                       today: date) -> tuple[Initiative, float | None, str, str, str]:
        item = self.roadmap_item(workshop_id, row.initiative)
        if not item.metric and not progress.is_numeric(item):
            raise InvalidInput(f"'{item.title}' has no metric to read; set one first "
                               "(roadmap set … --metric)", key="no_metric",
                               title=_short(item.title))
        value: float | None = None
        text = ""
        if progress.is_numeric(item):
            if isinstance(row.value, (int, float)) and not isinstance(row.value, bool):
                value = float(row.value)
            else:
                try:
                    value = progress.parse_decimal(str(row.value))
                except ValueError:
                    raise InvalidInput(
                        f"'{row.value}' is not a number; '{item.title}' is measured in numbers "
                        "(use . or , for decimals)", key="reading_not_number",
                        value=_short(str(row.value)), title=_short(item.title)) from None
        else:
            text = _clean(str(row.value), "reading", max_chars=READING_MAX_CHARS)
        day = _iso_day(row.on, "date", today)
        self._check_after_workshop(workshop_id, day)
        note = _clean(row.note, "note", max_chars=COMMENT_MAX_CHARS, allow_empty=True)
        return item, value, text, day, note

    @staticmethod
    def _rows_refused(problems: Sequence[tuple[int | None, InvalidInput | NotFound]],
                      file: str, total: int) -> SprintkitError:
        if total == 1 and problems[0][0] is None:
            return problems[0][1]
        shown = [f"row {number}: {exc}" if number is not None else str(exc)
                 for number, exc in problems[:3]]
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        return InvalidInput(
            f"{file + ': ' if file else ''}{'; '.join(shown)}{more}; nothing was imported",
            key="readings_refused", file=file,
            rows=", ".join(str(n) for n, _ in problems if n is not None),
            problems=[{"row": n if n is not None else "", "key": exc.key,
                       "params": dict(exc.params), "text": str(exc)} for n, exc in problems])

    @staticmethod
    def _insert_reading(rec: _Recorder, workshop_id: int, item: Initiative, value: float | None,
                        text: str, day: str, note: str, who: str, participant_id: int | None,
                        source: str) -> int:
        return rec.insert("readings", {
            "workshop_id": workshop_id, "initiative_id": item.id, "value": value, "text": text,
            "on_date": day, "note": note, "by_name": who, "participant_id": participant_id,
            "source": source, "created_at": now()}, complete=True)

    # ------------------------------------------------------------- the view
    def follow_up(self, workshop_id: int) -> progress.FollowUp:
        """The workshop's roadmap with every item's status history, readings,
        latest reading and next step, and the check-ins in date order, read in
        one consistent view. What the follow-up views and the progress report
        show; :func:`sprintkit.progress.figures` computes the figures from it."""
        with self.store.read():
            row = self._one("SELECT * FROM workshops WHERE id = ?", [workshop_id])
            if row is None:
                raise NotFound(f"no workshop '{workshop_id}'")
            workshop = Workshop.from_row(row)
            book = self.playbook(workshop_id)
            items = _rows(Initiative, self.store.query(
                "SELECT * FROM initiatives WHERE workshop_id = ? AND phase IS NOT NULL",
                [workshop_id]))
            people = self.store.query(
                "SELECT id, name FROM participants WHERE workshop_id = ? ORDER BY id",
                [workshop_id])
            updates = self._history_rows(StatusUpdate, "status_updates", workshop_id)
            readings = self._history_rows(Reading, "readings", workshop_id)
        return _assemble(workshop, book, items, people, updates, readings)

    def _history_rows(self, model: type[H], table: str, workshop_id: int) -> list[H]:
        # Thousands of rows for a long-followed roadmap: straight from the
        # cursor into the dataclass, skipping the generic row dicts (half the
        # time of the follow-up view).
        with self.store.lock:
            cursor = self.store.conn.execute(
                f"SELECT * FROM {table} WHERE workshop_id = ? ORDER BY on_date, id",
                [workshop_id])
            names = [d[0] for d in cursor.description]
            return [model(**dict(zip(names, row))) for row in cursor.fetchall()]  # noqa: B905

    def figures(self, workshop_id: int, today: date | None = None) -> progress.Figures:
        """The follow-up figures of the workshop as of ``today`` (default: today)."""
        return progress.figures(self.follow_up(workshop_id), today or date.today())

    # ------------------------------------------------------------ carry-over
    def carry_over(self, workshop_id: int, source: int | str) -> list[Initiative]:
        """Bring the unfinished roadmap items of workshop ``source`` (those not
        done or dropped) into this one as initiatives marked carried over,
        not placed on the roadmap, so the team weighs them again. Each keeps
        its description, owner, contributors, metric and numbers, and its
        status history and readings. One undoable action; returns the new
        initiatives (none when everything was finished)."""
        origin = self.workshop(source)
        target = self.workshop(workshop_id)
        if origin.id == target.id:
            raise InvalidInput("a workshop cannot carry over its own items",
                               key="carry_over_self")
        view = self.follow_up(origin.id)
        open_items = [i for i in view.items if i.status not in FINISHED]
        new_ids: list[int] = []
        with self._op(workshop_id, "followup.carry_over") as rec:
            for entry in open_items:
                new_ids.append(self._carry_one(rec, workshop_id, origin, entry))
            rec.summary = f"Carried over {len(new_ids)} items from '{_short(origin.name)}'"
            rec.say("followup.carried", n=len(new_ids), source=_short(origin.name))
        return [self.initiative(workshop_id, i) for i in new_ids]

    def _carry_one(self, rec: _Recorder, workshop_id: int, origin: Workshop,
                   entry: progress.ItemFollowUp) -> int:
        item = entry.initiative
        new_id = rec.insert("initiatives", {
            "workshop_id": workshop_id, "title": self._free_title(workshop_id, item.title),
            "description": item.description, "phase": None, "position": 0,
            "owner": item.owner, "metric": item.metric, "target": item.target,
            "contributors": _json_list(item.contributors), "created_at": now(),
            "baseline": item.baseline, "target_value": item.target_value, "unit": item.unit,
            "lower_is_better": int(item.lower_is_better), "carried_from": origin.name,
            "milestone": item.milestone, "milestone_due": item.milestone_due})
        # People are the earlier workshop's: the names stay, the links do not.
        for update in entry.statuses:
            rec.insert("status_updates", {
                "workshop_id": workshop_id, "initiative_id": new_id, "status": update.status,
                "comment": update.comment, "next_step": update.next_step,
                "next_due": update.next_due, "on_date": update.on_date,
                "by_name": update.by_name, "participant_id": None, "source": update.source,
                "created_at": update.created_at}, complete=True)
        for reading in entry.readings:
            rec.insert("readings", {
                "workshop_id": workshop_id, "initiative_id": new_id, "value": reading.value,
                "text": reading.text, "on_date": reading.on_date, "note": reading.note,
                "by_name": reading.by_name, "participant_id": None, "source": reading.source,
                "created_at": reading.created_at}, complete=True)
        return new_id

    def start_next_sprint(self, name: str, playbook: Playbook, source: int | str,
                          **details: Any) -> tuple[Workshop, list[Initiative]]:
        """Create a workshop (``details`` as for ``create_workshop``) and carry
        over ``source``'s unfinished items into it, in one transaction: if the
        carry-over is refused, no workshop is left behind."""
        origin = self.workshop(source)
        with self.store.transaction():
            created = self.create_workshop(name, playbook, **details)
            carried = self.carry_over(created.id, origin.id)
        return self.workshop(created.id), carried


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _assemble(workshop: Workshop, book: Playbook, items: list[Initiative],
              people: Sequence[Mapping[str, Any]], updates: list[StatusUpdate],
              readings: list[Reading]) -> progress.FollowUp:
    order = {p.id: index for index, p in enumerate(book.phases)}
    items.sort(key=lambda i: (order.get(i.phase or "", len(order)), i.position, i.id))
    by_name = {normalise_name(p["name"]).casefold(): p["id"] for p in people}
    updates_of: dict[int, list[StatusUpdate]] = {i.id: [] for i in items}
    readings_of: dict[int, list[Reading]] = {i.id: [] for i in items}
    for update in updates:
        bucket = updates_of.get(update.initiative_id)
        if bucket is not None:
            bucket.append(update)
    for reading in readings:
        bucket_r = readings_of.get(reading.initiative_id)
        if bucket_r is not None:
            bucket_r.append(reading)
    since = workshop.held_on
    entries = [progress.follow_up_item(
        item, updates_of[item.id], readings_of[item.id], ordered=True, since=since,
        owner_participant_id=by_name.get(item.owner.casefold()) if item.owner else None,
        milestone=progress.NextStep(text=item.milestone, due=item.milestone_due)
        if item.milestone else None)
        for item in items]
    # Check-ins are this sprint's: what an item carried over brought from an
    # earlier one is dated before this workshop and stays history.
    placed = {i.id for i in items}
    return progress.FollowUp(
        workshop=workshop, phases=list(book.phases), phase_windows=_phase_windows(workshop,
                                                                                  book.phases),
        items=entries,
        check_ins=progress.check_ins(
            [u for u in updates if u.initiative_id in placed and u.on_date >= since],
            [r for r in readings if r.initiative_id in placed and r.on_date >= since],
            ordered=True))


def _phase_windows(workshop: Workshop,
                   phases: Sequence[Phase]) -> dict[str, tuple[date, date] | None]:
    held_on = date.fromisoformat(workshop.held_on)
    return {p.id: phase_window(held_on, p) for p in phases}
