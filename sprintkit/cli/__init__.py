"""The command line: a thin click layer over the service layer.

Creating commands print the new id as their last line so scripts can capture
it; list and show take ``--json``. Errors a user can cause print one line
and exit non-zero.

The commands live in one module per feature (``voting``, ``roadmap``…), named
like the service's parts; ``env`` holds what they share. This module builds
the top command from them and is the console entry point.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sprintkit import __version__
from sprintkit.cli import (
    demo,
    details,
    doctor,
    evidence,
    exports,
    followup,
    history,
    initiatives,
    notes,
    people,
    playbooks,
    roadmap,
    room,
    scoring,
    voices,
    voting,
    workshops,
)
from sprintkit.cli.env import Env, Group, Refused, open_tui
from sprintkit.cli.words import say
from sprintkit.paths import default_db_path
from sprintkit.text import terminal_safe


@click.group(cls=Group, invoke_without_command=True,
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
    ctx.obj = Env(db or default_db_path(), explicit=db is not None)
    if ctx.invoked_subcommand is None:
        open_tui(ctx.obj, None)


# Each module's commands are attached here, so no module imports this one.
for _command in (
    workshops.new_cmd, workshops.list_cmd, workshops.show_cmd, workshops.open_cmd,
    workshops.step_cmd, workshops.rename_cmd, workshops.delete_cmd, details.details_cmd,
    people.participant_group, notes.note_group, initiatives.initiative_group,
    voting.round_group, voting.vote_cmd, voting.tally_cmd, scoring.score_cmd,
    roadmap.roadmap_group, voices.voices_cmd,
    history.undo_cmd, history.redo_cmd, history.history_cmd, doctor.doctor_cmd,
    exports.export_cmd, exports.import_cmd, playbooks.playbook_group, room.serve_cmd,
    demo.demo_cmd, evidence.evidence_group, followup.status_cmd, followup.measure_group,
    followup.progress_cmd,
):
    cli.add_command(_command)


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
        # click words the problem itself; the frame around it is ours
        problem = terminal_safe(exc.format_message())
        click.echo(say("error.usage", message=problem, command=exc.ctx.command_path)
                   if exc.ctx is not None else say("error", message=problem), err=True)
        sys.exit(exc.exit_code)
    except Refused as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # one of click's own, in click's words
        click.echo(say("error", message=terminal_safe(exc.format_message())), err=True)
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo(say("aborted"), err=True)
        sys.exit(130)
