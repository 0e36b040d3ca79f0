"""Customer evidence: importing feedback exports, unfolding, lens suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sprintkit.cli.env import Env, emit_json, pass_env
from sprintkit.cli.words import number, say
from sprintkit.masking import KINDS
from sprintkit.text import terminal_safe

if TYPE_CHECKING:
    from sprintkit.service.evidence import EvidencePlan

# How many rows a dry run shows, and how many folded groups.
PREVIEW_ROWS = 5
PREVIEW_GROUPS = 10


def _say(key: str, **values: object) -> str:
    """A message of this command in the user's language."""
    return say(f"evidence.{key}", **values)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return terminal_safe(text if len(text) <= limit else text[:limit - 1] + "…")


@click.group("evidence")
def evidence_group() -> None:
    """Customer evidence: import survey comments, tickets and complaints as notes."""


@evidence_group.command("import")
@click.argument("workshop")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--section", default=None,
              help="Capture step for the notes (default: the playbook's evidence step).")
@click.option("--text-column", default=None, help="Column holding the comments.")
@click.option("--sheet", default=None, help="XLSX sheet (default: the first).")
@click.option("--source", default=None,
              help="What to call this evidence, e.g. 'Spring survey' (default: file name).")
@click.option("--date-column", default=None, help="Column holding the date.")
@click.option("--rating-column", default=None, help="Column holding a rating or score.")
@click.option("--channel-column", default=None, help="Column holding the channel.")
@click.option("--keep-personal-data", is_flag=True,
              help="Do not mask e-mail addresses, phone numbers and identity codes.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; change nothing.")
@pass_env
def evidence_import(env: Env, workshop: str, file: Path, section: str | None,
                    text_column: str | None, sheet: str | None, source: str | None,
                    date_column: str | None, rating_column: str | None,
                    channel_column: str | None, keep_personal_data: bool,
                    dry_run: bool) -> None:
    """Import customer comments from a CSV or XLSX file (all rows or none).

    Each row becomes a note in the evidence step, marked with its source,
    date, rating and channel; near-identical comments are folded into one
    note with a count. Personal data is masked unless --keep-personal-data.
    Prints the import's id.
    """
    from sprintkit.service.evidence import EvidenceOptions

    service = env.service
    wid = service.workshop(workshop).id
    options = EvidenceOptions(section=section, text_column=text_column, sheet=sheet,
                              source=source, date_column=date_column,
                              rating_column=rating_column, channel_column=channel_column,
                              keep_personal_data=keep_personal_data)
    if keep_personal_data:
        click.echo(click.style(_say("keep_warning"), fg="yellow"), err=True)
    if dry_run:
        plan = service.plan_evidence_import(wid, file, options)
    else:
        result = service.import_evidence(wid, file, options)
        plan = result.plan
    if dry_run:
        _show_plan(plan)
        click.echo(_say("dry_run_done"), err=True)
        return
    click.echo(_say("imported", n=len(plan.rows), source=terminal_safe(plan.source),
                    section=terminal_safe(plan.section.title)), err=True)
    click.echo(_say("imported_notes", n=len(result.note_ids)), err=True)
    _show_masking(plan.masked_counts, plan.masked)
    click.echo(result.import_id)


def _show_masking(counts: dict[str, int], masked: bool) -> None:
    if not masked:
        return
    parts = [_say(f"masked.{kind}", n=counts[kind]) for kind in KINDS if counts.get(kind)]
    click.echo(_say("masked", what=", ".join(parts)) if parts else _say("masked_none"),
               err=True)


def _show_plan(plan: EvidencePlan) -> None:
    how = "XLSX" if plan.encoding is None else "CSV"
    if plan.encoding:
        delimiter = {"\t": "tab"}.get(plan.delimiter or ",", plan.delimiter or ",")
        how += f", {plan.encoding}, '{delimiter}'"
    if plan.sheet:
        how += f", {terminal_safe(plan.sheet)}"
    click.echo(_say("plan.file", file=terminal_safe(plan.file), how=how))
    click.echo(_say("plan.section", section=terminal_safe(plan.section.title),
                    id=plan.section.id))
    click.echo(_say("plan.source", source=terminal_safe(plan.source)))
    mapping = plan.mapping
    for field in ("text", "date", "rating", "channel"):
        column = getattr(mapping, field)
        label = _say(f"field.{field}")
        if column is None:
            click.echo(_say("plan.unmapped", field=label))
        else:
            key = "plan.guessed" if field in mapping.guessed else "plan.mapped"
            click.echo(_say(key, field=label, column=terminal_safe(column)))
    click.echo(_say("plan.rows", n=len(plan.rows)))
    if plan.empty:
        click.echo(_say("plan.empty", n=len(plan.empty)))
    if plan.masked:
        parts = [_say(f"masked.{kind}", n=plan.masked_counts[kind]) for kind in KINDS
                 if plan.masked_counts.get(kind)]
        click.echo(_say("masked", what=", ".join(parts)) if parts else _say("masked_none"))
    click.echo(_say("plan.notes", n=len(plan.notes)))
    folded = plan.folded
    if folded:
        click.echo(_say("plan.folded", n=len(folded)))
        for note in folded[:PREVIEW_GROUPS]:
            click.echo(f"  ×{len(note.rows):<4} {_short(plan.rows[note.rows[0]].text)}")
    click.echo(_say("plan.first_rows"))
    for row in plan.rows[:PREVIEW_ROWS]:
        rating = None if row.rating is None else number(row.rating)
        extra = [x for x in (row.date, rating, row.channel) if x]
        tail = f"  ({terminal_safe(' · '.join(extra))})" if extra else ""
        click.echo(f"  {row.number:>5}  {_short(row.text)}{tail}")


@evidence_group.command("list")
@click.argument("workshop")
@click.option("--section", default=None, help="Only this step.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def evidence_list(env: Env, workshop: str, section: str | None, as_json: bool) -> None:
    """List evidence notes, the largest folded groups first."""
    service = env.service
    wid = service.workshop(workshop).id
    views = sorted(service.evidence(wid, section).values(), key=lambda v: (-v.count, v.note.id))
    if as_json:
        emit_json([{"note": v.note.as_dict(), "source": v.source, "count": v.count,
                    "suggested_lens": v.suggested_lens,
                    "originals": [i.as_dict() for i in v.items]} for v in views])
        return
    for view in views:
        hint = f"  [{_say('suggested', tag=view.suggested_lens)}]" if view.suggested_lens else ""
        click.echo(f"{view.note.id:>5}  ×{view.count:<4} {terminal_safe(view.source)[:24]:<24} "
                   f"{_short(view.note.text)}{hint}")


@evidence_group.command("unfold")
@click.argument("workshop")
@click.argument("note_id")
@pass_env
def evidence_unfold(env: Env, workshop: str, note_id: str) -> None:
    """Give each comment folded behind a note a note of its own (undo folds them back)."""
    notes = env.service.unfold_evidence(env.service.workshop(workshop).id, note_id)
    click.echo(_say("unfolded", n=len(notes)), err=True)
    for note in notes:
        click.echo(note.id)


@evidence_group.command("accept")
@click.argument("workshop")
@click.argument("note_id", required=False)
@click.option("--all", "every", is_flag=True, help="Accept every open suggestion.")
@click.option("--section", default=None, help="With --all: only this step.")
@pass_env
def evidence_accept(env: Env, workshop: str, note_id: str | None, every: bool,
                    section: str | None) -> None:
    """Accept the suggested lens of a note (or of all notes with --all)."""
    service = env.service
    wid = service.workshop(workshop).id
    if every == (note_id is not None):
        raise click.UsageError(_say("accept_usage"))
    if every:
        click.echo(_say("accepted_all", n=service.accept_lens_suggestions(wid, section)))
        return
    note = service.accept_lens_suggestion(wid, str(note_id))
    click.echo(_say("accepted", id=note.id, tags=", ".join(note.lenses)))


@evidence_group.command("dismiss")
@click.argument("workshop")
@click.argument("note_id")
@pass_env
def evidence_dismiss(env: Env, workshop: str, note_id: str) -> None:
    """Drop a note's lens suggestion without tagging it."""
    env.service.dismiss_lens_suggestion(env.service.workshop(workshop).id, note_id)
    click.echo(_say("dismissed", id=note_id))
