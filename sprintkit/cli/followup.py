"""After the workshop: statuses, metric readings and progress of the roadmap.

Lines are in the user's language (through :mod:`sprintkit.cli.words`); what
the workshop's people wrote is shown as they wrote it, made safe for a
terminal. Refusals are worded where every command's are (``env.Group``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import day, listed, number, say, status_id, status_word
from sprintkit.models import FINISHED, STATUSES
from sprintkit.text import terminal_safe


def _say(key: str, **values: object) -> str:
    return say(f"followup.{key}", **values)


_day = day
_number = number


@click.command("status")
@click.argument("workshop")
@click.argument("initiative")
@click.argument("status", metavar="STATUS")
@click.option("--note", default="", help="A comment on how it is going.")
@click.option("--next", "next_step", default=None, help="The next step.")
@click.option("--due", default=None, metavar="YYYY-MM-DD", help="When the next step is due.")
@click.option("--date", "on", default=None, metavar="YYYY-MM-DD",
              help="The check-in's date (default: today).")
@pass_env
def status_cmd(env: Env, workshop: str, initiative: str, status: str, note: str,
               next_step: str | None, due: str | None, on: str | None) -> None:
    """Record a roadmap item's status at a check-in; prints the update's id.

    STATUS is one of planned, on-track, at-risk, blocked, done, dropped, or its name on screen.
    """
    wid = env.service.workshop(workshop).id
    status = status_id(status)
    update = env.service.set_status(wid, initiative, status, note=note,
                                    next_step=next_step, due=due, on=on)
    item = env.service.initiative(wid, update.initiative_id)
    click.echo(_say("status_saved", title=terminal_safe(item.title),
                    status=status_word(status), date=_day(update.on_date)), err=True)
    if update.next_step:
        due_text = _day(update.next_due) if update.next_due else ""
        click.echo(_say("next_saved_due" if due_text else "next_saved",
                        next=terminal_safe(update.next_step), due=due_text), err=True)
    click.echo(update.id)


@click.group("measure")
def measure_group() -> None:
    """Record readings of roadmap metrics."""


@measure_group.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("workshop")
@click.argument("initiative")
@click.argument("value")
@click.option("--date", "on", default=None, metavar="YYYY-MM-DD",
              help="When it was measured (default: today).")
@click.option("--note", default="", help="A note on the reading.")
@pass_env
def measure_add(env: Env, workshop: str, initiative: str, value: str, on: str | None,
                note: str) -> None:
    """Add a reading of a roadmap item's metric; prints its id.

    A metric with a baseline and target takes a number (62.5 or 62,5); one
    without numbers takes words.
    """
    wid = env.service.workshop(workshop).id
    reading = env.service.add_reading(wid, initiative, value, on=on, note=note)
    item = env.service.initiative(wid, reading.initiative_id)
    click.echo(_say("reading_saved", title=terminal_safe(item.title),
                    value=terminal_safe(_reading_text(reading.value, reading.text, item.unit)),
                    date=_day(reading.on_date)), err=True)
    click.echo(reading.id)


@measure_group.command("import")
@click.argument("workshop")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--sheet", default=None, help="The XLSX sheet to read (default: the first).")
@pass_env
def measure_import(env: Env, workshop: str, file: Path, sheet: str | None) -> None:
    """Import readings from a CSV or XLSX file, all rows or none.

    The header row names the columns initiative, date and value (also in
    Finnish or Swedish; an optional note column); dates as d.m.yyyy or
    yyyy-mm-dd, decimal commas or points, comma, semicolon or tab.
    """
    wid = env.service.workshop(workshop).id
    report = env.service.import_readings_report(wid, file, sheet=sheet)
    readings = report.readings
    titles = {i.id: i.title for i in env.service.initiatives(wid)}
    units = {i.id: i.unit for i in env.service.initiatives(wid)}
    for column in report.ignored_columns:
        click.echo(_say("column_ignored", column=column), err=True)
    if report.duplicate_rows:
        click.echo(_say("duplicates_skipped", n=len(report.duplicate_rows),
                        rows=", ".join(map(str, report.duplicate_rows))), err=True)
    for reading in readings:
        value = _reading_text(reading.value, reading.text, units.get(reading.initiative_id, ""))
        click.echo(f"{reading.id}\t{terminal_safe(titles.get(reading.initiative_id, ''))}\t"
                   f"{reading.on_date}\t{terminal_safe(value)}")
    click.echo(_say("readings_imported", n=len(readings), file=terminal_safe(str(file))),
               err=True)


def _reading_text(value: float | None, text: str, unit: str) -> str:
    if value is None:
        return text
    return f"{_number(value)} {unit}".strip()


@click.command("progress")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def progress_cmd(env: Env, workshop: str, as_json: bool) -> None:
    """Show the roadmap with each item's status and latest reading against its target."""
    from sprintkit import progress

    wid = env.service.workshop(workshop).id
    view = env.service.follow_up(wid)
    today = date.today()
    figures = progress.figures(view, today)
    if as_json:
        emit_json(progress_json(view, figures))
        return
    echo = click.echo
    titles = {p.id: p.title for p in view.phases}
    for phase in view.phases:
        items = view.in_phase(phase.id)
        if not items:
            continue
        echo(click.style(terminal_safe(f"{titles[phase.id]} ({phase.horizon})"), bold=True))
        for entry in items:
            echo(_item_line(entry, figures))
    if not view.items:
        echo(_say("no_roadmap"))
        return
    kept = figures.kept
    if kept.total:
        echo("")
        echo(_say("kept_final" if kept.final else "kept_running", kept=kept.kept,
                  total=kept.total, phase=terminal_safe(titles.get(kept.phase or "", ""))))
    for flag in figures.escalate:
        entry = view.item(flag.initiative_id)
        assert entry is not None
        reasons = listed([_say(f"reason_{r}") for r in flag.reasons])
        echo(click.style(_say("escalate", title=terminal_safe(entry.initiative.title),
                              reasons=reasons), fg="yellow"))
    if view.check_ins:
        echo(_say("check_ins", n=len(view.check_ins), last=_day(view.check_ins[-1].on_date)))
    for load in figures.owners:
        echo(_say("owner_load", owner=terminal_safe(load.owner) or _say("no_owner"),
                  open=load.open, n=load.items))


def _item_line(entry: Any, figures: Any) -> str:
    item = entry.initiative
    parts = [status_word(entry.status)]
    latest = entry.latest_reading
    if latest is not None:
        parts.append(_say("latest", value=terminal_safe(
            _reading_text(latest.value, latest.text, item.unit)), date=_day(latest.on_date)))
    if item.target_value is not None:
        parts.append(_say("target", value=terminal_safe(
            _reading_text(item.target_value, "", item.unit))))
    elif item.target:
        parts.append(_say("target", value=terminal_safe(item.target)))
    done = figures.progress.get(item.id)
    if done is not None:
        parts.append(_say("progress", percent=done.percent))
    step = entry.next_step
    if step is not None:
        text = terminal_safe(step.text)
        if _overdue(entry, figures.today):
            parts.append(_say("next_overdue", next=text, due=_day(step.due)))
        elif step.due:
            parts.append(_say("next_due", next=text, due=_day(step.due)))
        else:
            parts.append(_say("next", next=text))
    # "(no owner)" here as in the owners' list below
    owner = f"({terminal_safe(item.owner)})" if item.owner else _say("no_owner")
    mark = "!" if figures.flagged(item.id) else " "
    return f" {mark}{item.id:>4}  {terminal_safe(item.title)}  {owner}\n        " + \
        " · ".join(parts)


def _overdue(entry: Any, today: date) -> bool:
    """Whether the item's next step is past its due day, the item not finished."""
    step = entry.next_step
    return bool(step is not None and step.due and entry.status not in FINISHED
                and step.due < today.isoformat())


def progress_json(view: Any, figures: Any) -> dict[str, Any]:
    """The follow-up of a workshop as plain data: every roadmap item with its
    status, latest reading, target, progress, next step and flags."""
    items = []
    for entry in view.items:
        item = entry.initiative
        done = figures.progress.get(item.id)
        latest = entry.latest_reading
        items.append({
            "id": item.id, "title": item.title, "phase": item.phase, "owner": item.owner,
            "status": entry.status, "status_since": entry.status_since,
            "metric": item.metric, "unit": item.unit, "target": item.target,
            "baseline": item.baseline, "target_value": item.target_value,
            "lower_is_better": item.lower_is_better, "carried_from": item.carried_from,
            "latest": None if latest is None else {
                "value": latest.value, "text": latest.text, "date": latest.on_date,
                "note": latest.note},
            "readings": len(entry.readings),
            "progress": None if done is None else {
                "raw": done.raw, "shown": done.shown, "percent": done.percent,
                "start": done.start, "from_baseline": done.from_baseline},
            "next_step": None if entry.next_step is None else {
                "text": entry.next_step.text, "due": entry.next_step.due,
                "overdue": _overdue(entry, figures.today)},
            "flags": list(figures.flagged(item.id)),
        })
    kept = figures.kept
    return {
        "workshop": {"id": view.workshop.id, "name": view.workshop.name},
        "today": figures.today.isoformat(),
        "statuses": list(STATUSES),
        "items": items,
        "kept_promises": {"phase": kept.phase, "kept": kept.kept, "total": kept.total,
                          "share": kept.share, "final": kept.final,
                          "phase_ends": kept.ends.isoformat() if kept.ends else None},
        "check_ins": [{"date": c.on_date, "updates": len(c.statuses),
                       "readings": len(c.readings)} for c in view.check_ins],
        "owners": [{"owner": o.owner, "items": o.items, "open": o.open}
                   for o in figures.owners],
    }



def carry_over_into_new(env: Env, name: str, book: Any, source: str,
                        **details: Any) -> Any:
    """``sprintkit new … --carry-over WORKSHOP``: the new workshop and, in the
    same transaction, the earlier one's unfinished roadmap items."""
    origin = env.service.workshop(source)
    created, carried = env.service.start_next_sprint(name, book, origin.id, **details)
    if carried:
        click.echo(_say("carried", n=len(carried), source=terminal_safe(origin.name)), err=True)
        for item in carried:
            click.echo(f"  {item.id:>4}  {terminal_safe(item.title)}", err=True)
    elif not any(i.phase for i in env.service.initiatives(origin.id)):
        click.echo(_say("carried_no_roadmap", source=origin.name), err=True)
    else:
        click.echo(_say("carried_none", source=origin.name), err=True)
    return created
