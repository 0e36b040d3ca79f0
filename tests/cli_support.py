"""The command line as the CLI tests drive it: one runner against a file database."""

from __future__ import annotations

from click.testing import CliRunner

from sprintkit.cli import cli
from sprintkit.store import Store


def cli_runner(db_path, *, one_line_refusals: bool = True):
    """``invoke(*args, ok=True, env=None, input=None)``: run ``sprintkit --db DB
    args…``. A refusal (``ok=False``) never shows a traceback; with
    ``one_line_refusals`` it exits 1 with exactly one line on stderr."""
    runner = CliRunner()

    def invoke(*args, ok=True, env=None, input=None):
        result = runner.invoke(cli, ["--db", str(db_path), *map(str, args)], env=env,
                               input=input)
        if ok:
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code != 0, result.output
            assert "Traceback" not in result.output
            if one_line_refusals:
                assert result.exit_code == 1, result.output
                assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return result

    return invoke


def db_rows(db_path, sql):
    store = Store(db_path)
    try:
        return store.query(sql)
    finally:
        store.close()
