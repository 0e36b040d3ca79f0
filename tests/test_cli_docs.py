"""The README's command table names every command and every option, and
nothing that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import click

from sprintkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _reference_rows() -> list[str]:
    """The rows of the README's command table, each as one line of text."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command-line reference", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `sprintkit")]


def _documented_paths(row: str) -> set[tuple[str, ...]]:
    """The command paths a row's first cell names: `sprintkit note list\\|edit`
    names two; a later span without `sprintkit` names a command of the first
    span's group (`/ release WORKSHOP`) or a top command (`/ show WORKSHOP`)."""
    first_cell = re.split(r"(?<!\\)\|", row)[1]
    paths: set[tuple[str, ...]] = set()
    group: tuple[str, ...] = ()
    for span in re.findall(r"`([^`]+)`", first_cell):
        words = span.replace("\\|", "|").split()
        if words[0] == "sprintkit":
            words = words[1:]
            group = ()
            known: click.Command = cli
            prefix: list[str] = []
        elif group and words[0] in getattr(cli.commands[group[0]], "commands", {}):
            known = cli.commands[group[0]]
            prefix = list(group)
        else:
            known = cli
            prefix = []
        for word in words:
            names = word.split("|")
            commands = getattr(known, "commands", {})
            if not all(name in commands for name in names):
                break
            if len(names) > 1 or not hasattr(commands[names[0]], "commands"):
                paths.update((*prefix, name) for name in names)
                break
            prefix.append(names[0])
            known = commands[names[0]]
            if not group:
                group = tuple(prefix)
        else:
            paths.add(tuple(prefix))
    return paths


def _leaf_commands() -> dict[tuple[str, ...], click.Command]:
    found: dict[tuple[str, ...], click.Command] = {(): cli}

    def walk(group: click.Group, path: tuple[str, ...]) -> None:
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                walk(command, (*path, name))
            else:
                found[(*path, name)] = command

    walk(cli, ())
    return found


def test_every_command_and_option_is_in_the_readme_table():
    rows = _reference_rows()
    assert rows, "the README has no command table"
    rows_for: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        for path in _documented_paths(row):
            rows_for.setdefault(path, []).append(row)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = text.split("## Command-line reference", 1)[1].split("| command |", 1)[0]
    missing: list[str] = []
    for path, command in _leaf_commands().items():
        name = " ".join(("sprintkit", *path))
        documented = rows_for.get(path)
        if not documented:
            missing.append(f"{name}: no row")
            continue
        # the top command's options apply to every command: the lines above the table say so
        where = " ".join(documented) + (intro if not path else "")
        for param in command.params:
            if not isinstance(param, click.Option) or param.name == "help":
                continue
            if not any(re.search(re.escape(opt) + r"(?![\w-])", where) for opt in param.opts):
                missing.append(f"{name}: {max(param.opts, key=len)}")
    assert not missing, "undocumented in the README's command table:\n" + "\n".join(missing)


def test_the_table_names_no_command_that_does_not_exist():
    leaves = set(_leaf_commands())
    for row in _reference_rows():
        paths = _documented_paths(row)
        assert paths, f"a row names no known command: {row[:80]}"
        assert paths <= leaves, row[:80]
