"""The command line: a thin click layer over the service layer.

Creating commands print the new id as their last line so scripts can capture
it; list and show take ``--json``. Errors a user can cause print one line
and exit non-zero.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from sprintkit import __version__, analysis
from sprintkit.errors import PlaybookError, SprintkitError
from sprintkit.models import LANGUAGES
from sprintkit.paths import default_db_path
from sprintkit.text import count, terminal_safe


class _Group(click.Group):
    """Turns user-caused errors into one clean line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SprintkitError as exc:
            raise click.ClickException(terminal_safe(str(exc))) from None
        except sqlite3.OperationalError as exc:
            raise click.ClickException(f"database: {exc}") from None
        except OSError as exc:
            if exc.filename:
                raise click.ClickException(f"{exc.filename}: {exc.strerror}") from None
            raise


class _Env:
    def __init__(self, db: Path, explicit: bool = False) -> None:
        self.db_path = db
        self.explicit = explicit
        self._service = None

    @property
    def service(self):
        if self._service is None:
            from sprintkit.service import WorkshopService
            from sprintkit.store import Store

            path = self.db_path
            created = not path.exists()
            # A mistyped --db must not quietly start an empty database somewhere
            # new: refuse missing folders and say so when a new file is made.
            if self.explicit and created and not path.parent.is_dir():
                raise SprintkitError(f"{path.parent}: no such folder (check the --db path)")
            self._service = WorkshopService(Store(path))
            if self.explicit and created:
                click.echo(f"Note: started a new, empty database at {path}", err=True)
        return self._service


pass_env = click.make_pass_decorator(_Env)


# JSON escapes C0 controls itself; DEL, C1 and bidi overrides it leaves raw.
_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), *range(0x202A, 0x202F),
                                           *range(0x2066, 0x206A)]}


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_UNSAFE))


def _open_tui(env: _Env, workshop_id: int | None) -> None:
    try:
        from sprintkit.tui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("sprintkit.tui"):
            raise click.ClickException(
                "the terminal UI is not part of this build yet; use the commands listed in "
                "'sprintkit --help'") from None
        raise
    if not sys.stdout.isatty() and workshop_id is None:
        raise click.ClickException("the terminal UI needs an interactive terminal")
    run_app(env.db_path, workshop_id)


@click.group(cls=_Group, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", type=click.Path(path_type=Path),
              envvar="SPRINTKIT_DB", show_envvar=True,
              help="SQLite file to use (default: in your user data folder).")
@click.version_option(__version__, prog_name="sprintkit")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Run service-sprint workshops: capture notes, vote, build a roadmap.

    Run without a command to open the terminal UI.
    """
    ctx.obj = _Env(db or default_db_path(), explicit=db is not None)
    if ctx.invoked_subcommand is None:
        _open_tui(ctx.obj, None)


# --------------------------------------------------------------------- workshops


@cli.command("new")
@click.argument("name")
@click.option("--playbook", "playbook_ref", required=True,
              help="Playbook id (see 'sprintkit playbook list') or a YAML file.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Workshop language (default: en, or the file's language).")
@click.option("--organisation", default="", help="Organisation shown on the roadmap cover.")
@click.option("--facilitator", default="", help="Facilitator's name.")
@pass_env
def new_cmd(env: _Env, name: str, playbook_ref: str, lang: str | None, organisation: str,
            facilitator: str) -> None:
    """Create a workshop from a playbook; prints its id."""
    from sprintkit.playbooks import find_playbook

    book = find_playbook(playbook_ref, lang, on_skip=_warn_skipped)
    ws = env.service.create_workshop(name, book, organisation=organisation,
                                     facilitator=facilitator)
    click.echo(f"Created workshop '{terminal_safe(ws.name)}' ({terminal_safe(book.title)}, {book.language})", err=True)
    click.echo(ws.id)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def list_cmd(env: _Env, as_json: bool) -> None:
    """List workshops."""
    workshops = env.service.list_workshops()
    if as_json:
        _emit_json([w.as_dict() for w in workshops])
        return
    if not workshops:
        click.echo("No workshops yet. Try: sprintkit demo")
        return
    for w in workshops:
        click.echo(f"{w.id:>4}  {terminal_safe(w.name)}  [{w.playbook_id}, {w.language}]  "
                   f"updated {w.updated_at[:16].replace('T', ' ')}")


def _screen_safe(value: Any) -> Any:
    """``value`` (a summary's dicts and lists) with every text terminal-safe."""
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {k: _screen_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_screen_safe(v) for v in value]
    return value


def _summary(env: _Env, workshop_id: int) -> dict[str, Any]:
    snap = env.service.snapshot(workshop_id)
    rnd = snap.latest_round()
    tally = snap.tally() if rnd else []
    board = snap.roadmap()
    return {
        "workshop": snap.workshop.as_dict(),
        "playbook": {"id": snap.playbook.id, "title": snap.playbook.title,
                     "language": snap.playbook.language},
        "participants": [p.as_dict(include={"id", "name", "role"}) for p in snap.participants],
        "sections": [{"id": s.id, "title": s.title, "kind": s.kind,
                      "notes": len(snap.notes_in(s.id))} for s in snap.playbook.sections],
        "initiatives": len(snap.initiatives),
        "round": rnd.as_dict() if rnd else None,
        "tally": [t.__dict__ for t in tally] if rnd and rnd.status != "open" else [],
        "roadmap": {phase: [{"id": i.id, "title": i.title, "owner": i.owner,
                             "metric": i.metric, "target": i.target} for i in items]
                    for phase, items in board.items()},
        "readiness": [r.__dict__ for r in analysis.readiness(snap.initiatives)],
    }


@cli.command("show")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def show_cmd(env: _Env, workshop: str, as_json: bool) -> None:
    """Show a workshop: sections, participants, voting and roadmap."""
    ws = env.service.workshop(workshop)
    data = _summary(env, ws.id)
    if as_json:
        _emit_json(data)
        return
    echo = click.echo
    data = _screen_safe(data)
    echo(click.style(terminal_safe(ws.name), bold=True) + f"  (id {ws.id}, {data['playbook']['title']}, "
         f"{ws.language})")
    if ws.organisation or ws.facilitator:
        echo(f"  {terminal_safe(ws.organisation)}  facilitator: {terminal_safe(ws.facilitator) or '-'}")
    echo(f"\nParticipants ({len(data['participants'])}):")
    for p in data["participants"]:
        echo(f"  {p['id']:>4}  {p['name']}" + (f"  ({p['role']})" if p["role"] else ""))
    echo("\nSections:")
    for s in data["sections"]:
        mark = ">" if s["id"] == ws.current_section else " "
        notes = f"{s['notes']} notes" if s["kind"] == "capture" else s["kind"]
        echo(f" {mark} {s['id']:<20} {s['title']}  [{notes}]")
    echo(f"\nInitiatives: {data['initiatives']}")
    rnd = data["round"]
    if rnd:
        echo(f"Voting round {rnd['number']}: {rnd['status']} ({rnd['dots_per_person']} dots, "
             f"max {rnd['max_per_item']} per item)")
        for row in data["tally"][:10]:
            echo(f"  {row['rank']:>3}. {row['title']}  {row['dots']} dots")
    echo("\nRoadmap:")
    book = env.service.playbook(ws.id)
    for phase in book.phases:
        items = data["roadmap"][phase.id]
        echo(f"  {terminal_safe(phase.title)} ({terminal_safe(phase.horizon)}): {len(items)}")
        for item in items:
            echo(f"    - {item['title']}  owner: {item['owner'] or '-'}  "
                 f"metric: {item['metric'] or '-'}")
    for issue in data["readiness"]:
        echo(click.style(f"  ! '{issue['title']}' has no {' or '.join(issue['missing'])}",
                         fg="yellow"))


@cli.command("open")
@click.argument("workshop")
@pass_env
def open_cmd(env: _Env, workshop: str) -> None:
    """Open a workshop in the terminal UI."""
    ws = env.service.workshop(workshop)
    _open_tui(env, ws.id)


@cli.command("step")
@click.argument("workshop")
@click.argument("section", required=False)
@pass_env
def step_cmd(env: _Env, workshop: str, section: str | None) -> None:
    """Show or set the step the room is on (phones follow it)."""
    ws = env.service.workshop(workshop)
    book = env.service.playbook(ws.id)
    if section is not None:
        env.service.set_current_section(ws.id, section)
        ws = env.service.workshop(ws.id)
    for index, item in enumerate(book.sections, start=1):
        mark = ">" if item.id == ws.current_section else " "
        click.echo(f"{mark} {index}. {item.id:<22} {terminal_safe(item.title)}")


@cli.command("rename")
@click.argument("workshop")
@click.argument("name")
@pass_env
def rename_cmd(env: _Env, workshop: str, name: str) -> None:
    """Rename a workshop."""
    ws = env.service.rename_workshop(env.service.workshop(workshop).id, name)
    click.echo(f"Renamed workshop {ws.id} to '{terminal_safe(ws.name)}'")


@cli.command("delete")
@click.argument("workshop")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def delete_cmd(env: _Env, workshop: str, yes: bool) -> None:
    """Delete a workshop and everything in it."""
    ws = env.service.workshop(workshop)
    if not yes and not click.confirm(f"Delete workshop '{ws.name}' and all its notes?"):
        raise click.ClickException("nothing deleted")
    env.service.delete_workshop(ws.id)
    click.echo(f"Deleted workshop '{terminal_safe(ws.name)}'")


# ------------------------------------------------------------------ participants


@cli.group("participant")
def participant_group() -> None:
    """Add, import, rename, release and remove participants."""


@participant_group.command("add")
@click.argument("workshop")
@click.argument("name")
@click.option("--role", default="", help="Role or unit, e.g. 'Customer service'.")
@pass_env
def participant_add(env: _Env, workshop: str, name: str, role: str) -> None:
    """Add a participant; prints their id."""
    p = env.service.add_participant(env.service.workshop(workshop).id, name, role)
    click.echo(p.id)


@participant_group.command("import")
@click.argument("workshop")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_env
def participant_import(env: _Env, workshop: str, file: Path) -> None:
    """Import participants from a CSV file (all or none).

    Rows of name,role, or any columns under a header row that names the name
    and role columns (name/nimi, role/rooli/unit/yksikkö...).
    """
    result = env.service.import_participants_csv(env.service.workshop(workshop).id, file)
    for p in result.added:
        click.echo(f"{p.id}\t{terminal_safe(p.name)}\t{terminal_safe(p.role)}")
    for row in result.skipped:
        click.echo(f"Note: line {row.number}: {terminal_safe(row.name)} is already in this "
                   "workshop; skipped", err=True)
    click.echo(f"Imported {count(len(result.added), 'participant')}, skipped "
               f"{len(result.skipped)} already in the workshop", err=True)


@participant_group.command("list")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def participant_list(env: _Env, workshop: str, as_json: bool) -> None:
    """List participants."""
    people = env.service.participants(env.service.workshop(workshop).id)
    if as_json:
        _emit_json([p.as_dict() for p in people])
        return
    for p in people:
        click.echo(f"{p.id:>4}  {terminal_safe(p.name)}" + (f"  ({terminal_safe(p.role)})" if p.role else ""))


@participant_group.command("rename")
@click.argument("workshop")
@click.argument("participant")
@click.argument("name", required=False)
@click.option("--role", default=None, help="New role or unit.")
@pass_env
def participant_rename(env: _Env, workshop: str, participant: str, name: str | None,
                       role: str | None) -> None:
    """Rename a participant or change their role."""
    p = env.service.update_participant(env.service.workshop(workshop).id, participant,
                                       name=name, role=role)
    click.echo(f"{p.id}\t{terminal_safe(p.name)}\t{terminal_safe(p.role)}")


@participant_group.command("release")
@click.argument("workshop")
@click.argument("participant")
@pass_env
def participant_release(env: _Env, workshop: str, participant: str) -> None:
    """Free a name held by a phone, so its owner can pick it on another phone.

    For someone whose phone forgot them (another browser, cleared cookies).
    An open room, in the terminal UI or 'sprintkit serve', notices within
    two seconds.
    """
    wid = env.service.workshop(workshop).id
    person = env.service.participant(wid, participant)
    # every remembered phone counts, however old: this is about freeing the name
    held = any(row["participant_id"] == person.id
               for row in env.service.remembered_phones(wid, max_age_days=36500))
    env.service.forget_phone(wid, participant_id=person.id)
    name = terminal_safe(person.name)
    if held:
        click.echo(f"Released {name}: they can pick their name again on another phone.")
    else:
        click.echo(f"{name} is not joined on any phone: nothing to release.")


@participant_group.command("remove")
@click.argument("workshop")
@click.argument("participant")
@pass_env
def participant_remove(env: _Env, workshop: str, participant: str) -> None:
    """Remove a participant (their notes stay, without an author)."""
    env.service.remove_participant(env.service.workshop(workshop).id, participant)
    click.echo(f"Removed {terminal_safe(participant)}")


# ------------------------------------------------------------------------- notes


@cli.group("note")
def note_group() -> None:
    """Add, list, edit, move and delete notes."""


@note_group.command("add")
@click.argument("workshop")
@click.argument("section")
@click.argument("text")
@click.option("--by", "by", default=None, help="Author (name or id); anonymous if omitted.")
@click.option("--lens", "lenses", multiple=True, help="Lens tag, e.g. emotion (repeatable).")
@pass_env
def note_add(env: _Env, workshop: str, section: str, text: str, by: str | None,
             lenses: tuple[str, ...]) -> None:
    """Add a note to a section; prints its id."""
    note = env.service.add_note(env.service.workshop(workshop).id, section, text,
                                participant=by, lenses=lenses)
    click.echo(note.id)


@note_group.command("list")
@click.argument("workshop")
@click.option("--section", default=None, help="Only this section.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def note_list(env: _Env, workshop: str, section: str | None, as_json: bool) -> None:
    """List notes."""
    wid = env.service.workshop(workshop).id
    notes = env.service.notes(wid, section)
    if as_json:
        _emit_json([n.as_dict() for n in notes])
        return
    names = {p.id: p.name for p in env.service.participants(wid)}
    for n in notes:
        who = terminal_safe(names.get(n.participant_id, "anonymous"))
        tags = f" [{', '.join(n.lenses)}]" if n.lenses else ""
        click.echo(f"{n.id:>5}  {n.section_id:<18} {who:<16} {terminal_safe(n.text)}{tags}")


@note_group.command("edit")
@click.argument("workshop")
@click.argument("note_id")
@click.argument("text")
@pass_env
def note_edit(env: _Env, workshop: str, note_id: str, text: str) -> None:
    """Replace a note's text."""
    note = env.service.edit_note(env.service.workshop(workshop).id, note_id, text=text)
    click.echo(note.id)


@note_group.command("move")
@click.argument("workshop")
@click.argument("note_id")
@click.argument("section")
@pass_env
def note_move(env: _Env, workshop: str, note_id: str, section: str) -> None:
    """Move a note to another section."""
    note = env.service.move_note(env.service.workshop(workshop).id, note_id, section)
    click.echo(f"Note {note.id} is now in {note.section_id}")


@note_group.command("delete")
@click.argument("workshop")
@click.argument("note_id")
@pass_env
def note_delete(env: _Env, workshop: str, note_id: str) -> None:
    """Delete a note (undo brings it back)."""
    env.service.delete_note(env.service.workshop(workshop).id, note_id)
    click.echo(f"Deleted note {note_id}")


# ------------------------------------------------------------------- initiatives


@cli.group("initiative")
def initiative_group() -> None:
    """Group notes into initiatives; merge, split and rename them."""


@initiative_group.command("add")
@click.argument("workshop")
@click.argument("title")
@click.option("--note", "notes", multiple=True, help="Note id to group in (repeatable).")
@click.option("--description", default="", help="What the initiative is about.")
@pass_env
def initiative_add(env: _Env, workshop: str, title: str, notes: tuple[str, ...],
                   description: str) -> None:
    """Create an initiative from notes; prints its id."""
    wid = env.service.workshop(workshop).id
    _warn_regrouped(env, wid, notes)
    item = env.service.create_initiative(wid, title, note_ids=notes, description=description)
    _say_renamed(title, item.title)
    click.echo(item.id)


def _say_renamed(asked: str, given: str) -> None:
    if asked.strip() != given:
        click.echo(f"Note: an initiative is already called '{asked.strip()}'; "
                   f"this one is '{given}'", err=True)


def _warn_regrouped(env: _Env, workshop_id: int, note_ids: tuple[str, ...]) -> None:
    """A note belongs to one initiative: say so when grouping takes it from another."""
    for ref in note_ids:
        note = env.service.note(workshop_id, ref)
        if note.initiative_id is not None:
            old = env.service.initiative(workshop_id, note.initiative_id)
            click.echo(f"Note: note {note.id} moves out of initiative {old.id} "
                       f"'{terminal_safe(old.title)}'", err=True)


@initiative_group.command("list")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def initiative_list(env: _Env, workshop: str, as_json: bool) -> None:
    """List initiatives."""
    items = env.service.initiatives(env.service.workshop(workshop).id)
    if as_json:
        _emit_json([i.as_dict() for i in items])
        return
    for i in items:
        click.echo(f"{i.id:>4}  {terminal_safe(i.title)}  [{i.phase or '-'}]")


@initiative_group.command("group")
@click.argument("workshop")
@click.argument("initiative")
@click.argument("note_ids", nargs=-1, required=True)
@pass_env
def initiative_group_notes(env: _Env, workshop: str, initiative: str,
                           note_ids: tuple[str, ...]) -> None:
    """Add notes to an existing initiative."""
    wid = env.service.workshop(workshop).id
    target = env.service.initiative(wid, initiative)
    _warn_regrouped(env, wid, tuple(n for n in note_ids
                                    if env.service.note(wid, n).initiative_id != target.id))
    item = env.service.add_notes_to_initiative(wid, target.id, note_ids)
    click.echo(item.id)


@initiative_group.command("merge")
@click.argument("workshop")
@click.argument("target")
@click.argument("others", nargs=-1, required=True)
@pass_env
def initiative_merge(env: _Env, workshop: str, target: str, others: tuple[str, ...]) -> None:
    """Merge initiatives into TARGET.

    Notes and dots move to TARGET (each person's dots capped at the round's
    per-initiative max); the merged-away initiatives' scores are dropped, so
    score TARGET again."""
    item = env.service.merge_initiatives(env.service.workshop(workshop).id, target, others)
    click.echo(item.id)


@initiative_group.command("split")
@click.argument("workshop")
@click.argument("initiative")
@click.argument("title")
@click.option("--note", "notes", multiple=True, required=True, help="Note id to move out.")
@pass_env
def initiative_split(env: _Env, workshop: str, initiative: str, title: str,
                     notes: tuple[str, ...]) -> None:
    """Split notes off an initiative into a new one; prints its id."""
    item = env.service.split_initiative(env.service.workshop(workshop).id, initiative, notes,
                                        title)
    _say_renamed(title, item.title)
    click.echo(item.id)


@initiative_group.command("rename")
@click.argument("workshop")
@click.argument("initiative")
@click.argument("title", required=False)
@click.option("--description", default=None, help="New description.")
@pass_env
def initiative_rename(env: _Env, workshop: str, initiative: str, title: str | None,
                      description: str | None) -> None:
    """Rename an initiative or change its description."""
    item = env.service.update_initiative(env.service.workshop(workshop).id, initiative,
                                         title=title, description=description)
    click.echo(item.id)


@initiative_group.command("delete")
@click.argument("workshop")
@click.argument("initiative")
@pass_env
def initiative_delete(env: _Env, workshop: str, initiative: str) -> None:
    """Delete an initiative (its notes stay)."""
    env.service.delete_initiative(env.service.workshop(workshop).id, initiative)
    click.echo(f"Deleted initiative {initiative}")


# ------------------------------------------------------------------------ voting


@cli.group("round")
def round_group() -> None:
    """Open, re-budget, close and reveal dot-voting rounds."""


@round_group.command("open")
@click.argument("workshop")
@click.option("--dots", type=int, default=None, help="Dots per person (default: playbook's).")
@click.option("--max-per-item", type=int, default=None, help="Most dots one person may give "
              "one initiative.")
@click.option("--anonymous", is_flag=True, help="Hide who voted for what, even after reveal.")
@pass_env
def round_open(env: _Env, workshop: str, dots: int | None, max_per_item: int | None,
               anonymous: bool) -> None:
    """Open a voting round; prints its id."""
    rnd = env.service.open_round(env.service.workshop(workshop).id, dots=dots,
                                 max_per_item=max_per_item, anonymous=anonymous)
    click.echo(f"Round {rnd.number} open: {rnd.dots_per_person} dots per person, "
               f"at most {rnd.max_per_item} per initiative", err=True)
    click.echo(rnd.id)


@round_group.command("budget")
@click.argument("workshop")
@click.option("--dots", type=int, default=None, help="New dots per person.")
@click.option("--max-per-item", type=int, default=None, help="New per-initiative max.")
@pass_env
def round_budget(env: _Env, workshop: str, dots: int | None, max_per_item: int | None) -> None:
    """Change the open round's budget (dots already cast are kept)."""
    rnd = env.service.set_round_budget(env.service.workshop(workshop).id, dots=dots,
                                       max_per_item=max_per_item)
    click.echo(f"Round {rnd.number}: {rnd.dots_per_person} dots, max {rnd.max_per_item}")


@round_group.command("close")
@click.argument("workshop")
@click.option("--trim", "rule", flag_value="trim", default=None,
              help="If the budget was lowered, take back each person's latest dots "
              "until they are within it.")
@click.option("--keep", "rule", flag_value="keep",
              help="If the budget was lowered, count ballots over it as cast.")
@pass_env
def round_close(env: _Env, workshop: str, rule: str | None) -> None:
    """Close the open round (no more votes).

    Refused while someone holds more dots than a lowered budget, unless
    --trim or --keep says what happens to their ballots."""
    wid = env.service.workshop(workshop).id
    over = env.service.over_budget(wid)
    rnd = env.service.close_round(wid, over_budget=rule)
    click.echo(f"Round {rnd.number} closed")
    if over:
        names = ", ".join(f"{p.name} ({dots})" for p, dots in over)
        verb = "trimmed to" if rule == "trim" else "kept over"
        click.echo(f"Ballots {verb} the budget of {rnd.dots_per_person}: {names}", err=True)


@round_group.command("reveal")
@click.argument("workshop")
@pass_env
def round_reveal(env: _Env, workshop: str) -> None:
    """Reveal the closed round's result."""
    wid = env.service.workshop(workshop).id
    rnd = env.service.reveal_round(wid)
    click.echo(f"Round {rnd.number} revealed")
    for row in env.service.tally(wid):
        click.echo(f"{row.rank:>3}. {terminal_safe(row.title)}  {row.dots} dots")
    _say_budget_rule(rnd)


def _say_budget_rule(rnd: Any) -> None:
    """A tally of a round closed over a lowered budget says which rule applied."""
    if rnd.over_budget == "keep":
        click.echo(f"Note: ballots over the lowered budget of {rnd.dots_per_person} were "
                   "counted as cast (closed with --keep)", err=True)
    elif rnd.over_budget == "trim":
        click.echo(f"Note: ballots over the lowered budget of {rnd.dots_per_person} were "
                   "trimmed to it (closed with --trim)", err=True)


@cli.command("vote")
@click.argument("workshop")
@click.argument("participant")
@click.argument("initiative")
@click.option("--dots", type=int, default=1, show_default=True, help="Dots to add.")
@click.option("--remove", is_flag=True, help="Take the dots back instead.")
@pass_env
def vote_cmd(env: _Env, workshop: str, participant: str, initiative: str, dots: int,
             remove: bool) -> None:
    """Give (or take back) dots on an initiative in the open round."""
    result = env.service.vote(env.service.workshop(workshop).id, participant, initiative,
                              dots=dots, remove=remove)
    click.echo(f"{count(result.dots_on_item, 'dot')} on initiative {result.initiative_id}; "
               f"{result.dots_left} left")


@cli.command("tally")
@click.argument("workshop")
@click.option("--by-role", is_flag=True, help="Split each initiative's dots by role.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def tally_cmd(env: _Env, workshop: str, by_role: bool, as_json: bool) -> None:
    """Show the latest round's ranked result (hidden while the round is open)."""
    wid = env.service.workshop(workshop).id
    rnd = env.service.current_round(wid)
    if rnd is None:
        raise SprintkitError("no voting round yet")
    if rnd.status == "open":
        raise SprintkitError(f"round {rnd.number} is open: votes stay hidden until it closes")
    rows = env.service.tally(wid)
    if as_json:
        _emit_json([r.__dict__ for r in rows])
        return
    _say_budget_rule(rnd)
    for r in rows:
        click.echo(f"{r.rank:>3}. {terminal_safe(r.title)}  {count(r.dots, 'dot')} from "
                   f"{count(r.voters, 'person', 'people')}")
        if by_role and r.by_role:
            for role, dots in r.by_role.items():
                click.echo(f"       {terminal_safe(role) or '(no role)'}: {dots}")


@cli.command("score")
@click.argument("workshop")
@click.argument("names", nargs=-1, required=True, metavar="[PARTICIPANT] INITIATIVE")
@click.option("--group", is_flag=True, help="The group's agreed score (no PARTICIPANT); it "
              "stands for the initiative, the people's scores are shown beside it.")
@click.option("--impact", type=int, required=True, help="1 (low) to 5 (high).")
@click.option("--effort", type=int, required=True, help="1 (low) to 5 (high).")
@pass_env
def score_cmd(env: _Env, workshop: str, names: tuple[str, ...], group: bool, impact: int,
              effort: int) -> None:
    """Score an initiative's impact and effort (1-5) for one participant, or with
    --group for the whole group."""
    wanted = 1 if group else 2
    if len(names) != wanted:
        usage = "INITIATIVE" if group else "PARTICIPANT INITIATIVE"
        raise click.UsageError(f"expected {usage}{' with --group' if group else ''}, "
                               f"got {len(names)} {'name' if len(names) == 1 else 'names'}")
    participant = None if group else names[0]
    score = env.service.score(env.service.workshop(workshop).id, participant, names[-1],
                              impact=impact, effort=effort)
    click.echo(score.id)


# ----------------------------------------------------------------------- roadmap


@cli.group("roadmap")
def roadmap_group() -> None:
    """Place initiatives into phases with owners and metrics."""


@roadmap_group.command("set")
@click.argument("workshop")
@click.argument("initiative")
@click.option("--phase", required=True, help="Phase id, e.g. now, next, later; 'none' removes.")
@click.option("--owner", default=None, help="Who owns it (a participant or any name).")
@click.option("--metric", default=None, help="How success is measured.")
@click.option("--target", default=None, help="The target value of the metric.")
@click.option("--contributor", "contributors", multiple=True,
              help="Who takes part (repeatable).")
@click.option("--position", type=int, default=None, help="Place within the phase (0 = first).")
@pass_env
def roadmap_set(env: _Env, workshop: str, initiative: str, phase: str, owner: str | None,
                metric: str | None, target: str | None, contributors: tuple[str, ...],
                position: int | None) -> None:
    """Put an initiative on the roadmap."""
    item = env.service.set_roadmap(
        env.service.workshop(workshop).id, initiative,
        phase=None if phase == "none" else phase, owner=owner, metric=metric, target=target,
        contributors=list(contributors) if contributors else None, position=position)
    click.echo(f"'{terminal_safe(item.title)}' -> {item.phase or 'off the roadmap'}")


@roadmap_group.command("show")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def roadmap_show(env: _Env, workshop: str, as_json: bool) -> None:
    """Show the roadmap and readiness warnings."""
    wid = env.service.workshop(workshop).id
    snap = env.service.snapshot(wid)
    board = snap.roadmap()
    issues = analysis.readiness(snap.initiatives)
    if as_json:
        _emit_json({"phases": {k: [i.as_dict() for i in v] for k, v in board.items()},
                    "readiness": [r.__dict__ for r in issues]})
        return
    for phase in snap.playbook.phases:
        click.echo(click.style(terminal_safe(f"{phase.title} ({phase.horizon})"), bold=True))
        for item in board[phase.id]:
            target = f" -> {terminal_safe(item.target)}" if item.target else ""
            click.echo(f"  {item.id:>4}  {terminal_safe(item.title)}\n        owner: {terminal_safe(item.owner) or '-'}  "
                       f"metric: {terminal_safe(item.metric) or '-'}{target}")
    for issue in issues:
        click.echo(click.style(f"! '{terminal_safe(issue.title)}' has no {' or '.join(issue.missing)}",
                               fg="yellow"))


@cli.command("voices")
@click.argument("workshop")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def voices_cmd(env: _Env, workshop: str, as_json: bool) -> None:
    """Voice balance: notes per role per section, and who has not been heard."""
    wid = env.service.workshop(workshop).id
    vb = env.service.voice_balance(wid)
    if as_json:
        _emit_json(vb.__dict__)
        return
    book = env.service.playbook(wid)
    titles = {s.id: s.title for s in book.sections}
    for section in vb.sections:
        counts = vb.notes.get(section, {})
        parts = [f"{terminal_safe(role) or '(no role)'} {n}" for role, n in counts.items() if n]
        anon = vb.anonymous_notes.get(section, 0)
        if anon:
            parts.append(f"anonymous {anon}")
        click.echo(f"{terminal_safe(titles.get(section, section))}: {', '.join(parts) or 'no notes yet'}")
    if vb.unheard_roles:
        click.echo(click.style(f"Not heard yet: {terminal_safe(', '.join(vb.unheard_roles))}", fg="yellow"))
    else:
        click.echo("Every role has been heard.")


# ------------------------------------------------------------------ undo/history


@cli.command("undo")
@click.argument("workshop")
@pass_env
def undo_cmd(env: _Env, workshop: str) -> None:
    """Undo the latest action in a workshop."""
    event = env.service.undo(env.service.workshop(workshop).id)
    click.echo(f"Undid: {terminal_safe(event.summary)}" if event else "Nothing to undo")


@cli.command("redo")
@click.argument("workshop")
@pass_env
def redo_cmd(env: _Env, workshop: str) -> None:
    """Redo the latest undone action."""
    event = env.service.redo(env.service.workshop(workshop).id)
    click.echo(f"Redid: {terminal_safe(event.summary)}" if event else "Nothing to redo")


@cli.command("history")
@click.argument("workshop")
@click.option("--limit", type=int, default=30, show_default=True)
@pass_env
def history_cmd(env: _Env, workshop: str, limit: int) -> None:
    """Show the latest actions, newest first."""
    from sprintkit.tui.history import event_words
    from sprintkit.tui.labels import set_language, tr, ui_language

    set_language(ui_language())
    for event in env.service.history(env.service.workshop(workshop).id, limit):
        prefix = {"do": "", "undo": tr("history.undo") + ": ",
                  "redo": tr("history.redo") + ": "}[event.kind]
        click.echo(f"{event.at[:19].replace('T', ' ')}  {prefix}{terminal_safe(event_words(event))}"
                   + (f"  ({event.source})" if event.source != "local" else ""))


@cli.command("doctor")
@click.argument("workshop", required=False)
@pass_env
def doctor_cmd(env: _Env, workshop: str | None) -> None:
    """Report text stored before sprintkit cleaned it; changes nothing.

    Lists participant names that hold invisible or control characters (with
    the spelling they would get today), pairs of names that look alike, and
    fields that hold control characters. Exits with 1 when it found anything,
    so a script can tell. Rename with 'sprintkit participant rename'.
    """
    from sprintkit import doctor

    ids = [env.service.workshop(workshop).id] if workshop is not None else None
    report = doctor.check(env.service, ids)
    names = {w.id: w.name for w in env.service.list_workshops()}
    for f in report.findings:
        where = f"workshop {f.workshop_id} '{terminal_safe(doctor.visible(names[f.workshop_id]))}'"
        if f.kind == "unclean_name":
            click.echo(f"{where}: participant {f.ids[0]} '{terminal_safe(doctor.visible(f.names[0]))}' "
                       "holds invisible or control characters; it would be stored as "
                       f"'{terminal_safe(f.suggestion)}'")
        elif f.kind == "unclean_role":
            click.echo(f"{where}: the role of participant {f.ids[0]}, "
                       f"'{terminal_safe(doctor.visible(f.names[0]))}', holds invisible or "
                       f"control characters; it would be stored as '{terminal_safe(f.suggestion)}'")
        elif f.kind == "lookalike":
            first, second = (terminal_safe(doctor.visible(n)) for n in f.names)
            odd = "; ".join(doctor.unusual(f.names[0] + f.names[1]))
            click.echo(f"{where}: participants {f.ids[0]} '{first}' and {f.ids[1]} '{second}' "
                       f"look alike{f' ({odd})' if odd else ''}; rename one so people can "
                       "tell them apart")
        else:
            click.echo(f"{where}: {count(f.rows, 'row')} of {f.where} "
                       f"{'holds' if f.rows == 1 else 'hold'} control characters "
                       "(shown escaped, never sent to a terminal)")
    verdict = (f"{count(len(report.findings), 'finding')}; nothing was changed"
               if report.findings else "every name and text is clean")
    click.echo(f"Checked {count(report.workshops, 'workshop')}: {verdict}",
               err=bool(report.findings))
    if report.findings:
        sys.exit(1)


# --------------------------------------------------------------- export / import


@cli.command("export")
@click.argument("workshop")
@click.option("--format", "fmt", default="pdf", show_default=True,
              help="pdf, html, md, csv or json.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File or folder to write (default: NAME-DATE.EXT in the folder last "
              "chosen for this workshop in the terminal UI, else in Documents/sprintkit); "
              "a path ending in / is a folder.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--strict", is_flag=True, help="Refuse to export while roadmap initiatives lack "
              "an owner or a metric.")
@click.option("--pdf-variant", default=None, help="e.g. pdf/a-3u or pdf/ua-1.")
@pass_env
def export_cmd(env: _Env, workshop: str, fmt: str, output: str | None, paper: str,
               strict: bool, pdf_variant: str | None) -> None:
    """Export a workshop; prints the path written."""
    from sprintkit.export import ExportOptions, available_formats, export_to_file

    if fmt not in available_formats():
        raise SprintkitError(f"unknown format '{fmt}' (formats: {', '.join(available_formats())})")
    wid = env.service.workshop(workshop).id
    snap = env.service.snapshot(wid)
    if strict:
        issues = analysis.readiness(snap.initiatives)
        if issues:
            first = issues[0]
            raise SprintkitError(
                f"--strict: {count(len(issues), 'roadmap initiative')} not ready, e.g. "
                f"'{first.title}' has no {' or '.join(first.missing)}")
    if output is None:
        from sprintkit.paths import default_export_dir

        chosen = env.service.export_folder(wid)
        target = Path(chosen).expanduser() if chosen else default_export_dir()
        target.mkdir(parents=True, exist_ok=True)
    else:
        target = Path(output)
        if output.endswith(("/", "\\")):
            target.mkdir(parents=True, exist_ok=True)
    if output is not None and target.suffix and not output.endswith(("/", "\\")):
        from sprintkit.export import FORMATS

        expected = FORMATS[fmt][0]
        if target.suffix.lower() != expected:
            click.echo(f"Note: writing {fmt} into a file named '{target.name}' "
                       f"(usually {expected})", err=True)
    path = export_to_file(snap, fmt, target, ExportOptions(paper=paper, strict=strict,
                                                           pdf_variant=pdf_variant))
    click.echo(str(path))


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_env
def import_cmd(env: _Env, file: Path) -> None:
    """Import a JSON archive as a new workshop; prints its id."""
    from sprintkit.archive import import_text
    from sprintkit.paths import read_user_text

    click.echo(import_text(env.service, read_user_text(file), str(file)))


# --------------------------------------------------------------------- playbooks


def _warn_skipped(problem: str) -> None:
    # A broken file in a playbook folder must not stop the others from being
    # used, nor vanish without a word.
    click.echo(f"Warning: skipped a broken playbook: {problem}", err=True)


@cli.group("playbook")
def playbook_group() -> None:
    """List, show and validate playbooks."""


@playbook_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def playbook_list(as_json: bool) -> None:
    """List the playbooks sprintkit can find."""
    from sprintkit.playbooks import discover

    found = discover(on_skip=_warn_skipped)
    if as_json:
        _emit_json([{"id": b.id, "language": b.language, "title": b.title, "path": str(p)}
                    for p, b in found])
        return
    for path, book in found:
        click.echo(f"{book.id:<20} {book.language}  {terminal_safe(book.title)}  ({terminal_safe(path.name)})")


@playbook_group.command("show")
@click.argument("playbook_ref")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def playbook_show(playbook_ref: str, lang: str | None, as_json: bool) -> None:
    """Show a playbook's sections, prompts, phases and lenses."""
    from sprintkit.playbooks import find_playbook

    book = find_playbook(playbook_ref, lang, on_skip=_warn_skipped)
    if as_json:
        _emit_json(book.as_dict())
        return
    # A playbook is a file from anywhere: its texts are escaped like any other.
    click.echo(click.style(terminal_safe(book.title), bold=True) + f"  ({book.id}, {book.language})")
    if book.description:
        click.echo(terminal_safe(book.description, multiline=True))
    for index, section in enumerate(book.sections, start=1):
        click.echo(f"\n{index}. {terminal_safe(section.title)}  [{section.id}: {section.kind}, "
                   f"{section.timebox_minutes} min]")
        for prompt in section.prompts:
            click.echo(f"   - {terminal_safe(prompt)}")
    click.echo(f"\nVoting: {book.voting.dots_per_person} dots, "
               f"max {book.voting.max_per_item} per item")
    click.echo("Phases: " + terminal_safe(", ".join(f"{p.title} ({p.horizon})" for p in book.phases)))
    for lens in book.lenses:
        click.echo(terminal_safe(f"Lens {lens.title}: " + ", ".join(f"{k} ({v})" for k, v in lens.tags.items())))


@playbook_group.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def playbook_validate(file: Path) -> None:
    """Check a playbook file and report every problem, one line each."""
    from sprintkit.playbooks import load_playbook_file

    try:
        book = load_playbook_file(file)
    except PlaybookError as exc:
        for line in exc.problems:
            click.echo(f"Error: {terminal_safe(line)}", err=True)
        sys.exit(1)
    click.echo(f"{file}: ok ({book.id}, {book.language}, "
               f"{count(len(book.sections), 'section')})")


# ------------------------------------------------------------------ phone room


@cli.command("serve")
@click.argument("workshop")
@click.option("--host", default=None, help="Address to listen on (default: this laptop's LAN "
              "address).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@pass_env
def serve_cmd(env: _Env, workshop: str, host: str | None, port: int) -> None:
    """Open the room: serve the phone page for joining, notes and votes."""
    ws = env.service.workshop(workshop)
    try:
        from sprintkit.web.server import serve_forever
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("sprintkit.web"):
            raise click.ClickException("the phone page is not part of this build yet") from None
        raise
    serve_forever(env.service, ws.id, host=host, port=port)


# -------------------------------------------------------------------------- demo


@cli.command("demo")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--large", is_flag=True, help="Build the large benchmark workshop instead.")
@pass_env
def demo_cmd(env: _Env, lang: str, large: bool) -> None:
    """Build a realistic demo workshop; prints its id."""
    from sprintkit.demo import build_demo

    wid = build_demo(env.service, language=lang, large=large)
    click.echo(f"Demo workshop ready: {terminal_safe(env.service.workshop(wid).name)}", err=True)
    click.echo(wid)


def _hoist_db_option(args: list[str]) -> list[str]:
    """``--db PATH`` belongs to the top command, but people also type it after
    the subcommand (``sprintkit list --db x.db``); move it to the front."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg == "--db" and index + 1 < len(args):
            front += args[index:index + 2]
            index += 2
            continue
        if arg.startswith("--db="):
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front + rest


def main() -> None:
    try:
        cli.main(args=_hoist_db_option(sys.argv[1:]), prog_name="sprintkit",
                 standalone_mode=False)
    except click.UsageError as exc:
        # One line, like every other error: what was wrong, and where to look.
        where = f" (see '{exc.ctx.command_path} -h')" if exc.ctx is not None else ""
        click.echo(f"Error: {terminal_safe(exc.format_message())}{where}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Aborted.", err=True)
        sys.exit(130)
