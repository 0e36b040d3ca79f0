"""Playbooks: list, show and validate them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sprintkit.cli.env import emit_json
from sprintkit.cli.words import kind_word, say
from sprintkit.errors import PlaybookError
from sprintkit.models import LANGUAGES
from sprintkit.text import terminal_safe


def warn_skipped(problem: str) -> None:
    # A broken file in a playbook folder must not stop the others from being
    # used, nor vanish without a word.
    click.echo(say("playbook.skipped", problem=problem), err=True)


@click.group("playbook")
def playbook_group() -> None:
    """List, show and validate playbooks."""


@playbook_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def playbook_list(as_json: bool) -> None:
    """List the playbooks sprintkit can find."""
    # Loaded here, not at start-up: playbooks are checked with pydantic.
    from sprintkit.playbooks import discover

    found = discover(on_skip=warn_skipped)
    if as_json:
        emit_json([{"id": b.id, "language": b.language, "title": b.title, "path": str(p)}
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
    # Loaded here, not at start-up: playbooks are checked with pydantic.
    from sprintkit.playbooks import find_playbook

    book = find_playbook(playbook_ref, lang, on_skip=warn_skipped)
    if as_json:
        emit_json(book.as_dict())
        return
    # A playbook is a file from anywhere: its texts are escaped like any other.
    click.echo(click.style(terminal_safe(book.title), bold=True) + f"  ({book.id}, {book.language})")
    if book.description:
        click.echo(terminal_safe(book.description, multiline=True))
    for index, section in enumerate(book.sections, start=1):
        click.echo()
        click.echo(f"{index}. {terminal_safe(section.title)}  "
                   + say("playbook.section", id=section.id, kind=kind_word(section.kind),
                         minutes=section.timebox_minutes))
        for prompt in section.prompts:
            click.echo(f"   - {terminal_safe(prompt)}")
    click.echo()
    click.echo(say("playbook.voting", dots=book.voting.dots_per_person,
                   max=book.voting.max_per_item))
    click.echo(say("playbook.phases",
                   phases=", ".join(f"{p.title} ({p.horizon})" for p in book.phases)))
    for lens in book.lenses:
        click.echo(say("playbook.lens", title=lens.title,
                       tags=", ".join(f"{k} ({v})" for k, v in lens.tags.items())))


@playbook_group.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def playbook_validate(file: Path) -> None:
    """Check a playbook file and report every problem, one line each."""
    # Loaded here, not at start-up: playbooks are checked with pydantic.
    from sprintkit.playbooks import load_playbook_file

    try:
        book = load_playbook_file(file)
    except PlaybookError as exc:
        for line in exc.problems:
            click.echo(say("error", message=line), err=True)
        sys.exit(1)
    click.echo(say("playbook.valid", file=str(file), id=book.id, lang=book.language,
                   sections=len(book.sections)))
