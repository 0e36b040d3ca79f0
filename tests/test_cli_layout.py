"""The command line's shape: one small module per command group, and no
adapter imported except to launch it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sprintkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_DIR = ROOT / "sprintkit" / "cli"


def test_every_command_module_stays_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in CLI_DIR.glob("*.py")}
    assert len(sizes) > 5
    assert {name: n for name, n in sizes.items() if n > 600} == {}


def _adapter_imports() -> set[tuple[str, str]]:
    """(module, what it imports) for every import of the terminal UI or the
    phone page anywhere in the CLI package, at any depth."""
    found = set()
    for path in CLI_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found.update((path.stem, n) for n in names
                         if n.startswith(("sprintkit.tui", "sprintkit.web")))
    return found


def test_the_cli_imports_adapters_only_to_launch_them():
    # ``open`` starts the terminal UI and ``serve`` the phone room; nothing else
    # may be added here (history's words come from the catalog).
    assert _adapter_imports() == {
        ("env", "sprintkit.tui.app"),
        ("room", "sprintkit.web.server"),
    }


def test_loading_the_cli_loads_no_adapter():
    code = ("import sys, sprintkit.cli, sprintkit.history_words\n"
            "print(sorted(m for m in sys.modules\n"
            "             if m.startswith(('sprintkit.tui', 'sprintkit.web'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_cli_history_uses_the_same_words_as_the_terminal_ui(tmp_path, monkeypatch):
    from sprintkit.service import WorkshopService
    from sprintkit.store import Store
    from sprintkit.tui.history import event_words
    from sprintkit.tui.labels import set_language

    db = tmp_path / "w.db"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    wid = run("new", "Rata", "--playbook", "service-sprint", "--lang", "fi").split()[-1]
    item = run("initiative", "add", wid, "Nopeat palautukset").split()[-1]
    run("roadmap", "set", wid, item, "--phase", "now", "--owner", "Anni")
    monkeypatch.setenv("SPRINTKIT_LANG", "fi")
    lines = run("history", wid).splitlines()
    service = WorkshopService(Store(db))
    try:
        set_language("fi")
        words = [event_words(e) for e in service.history(int(wid), 10)]
    finally:
        service.store.close()
        set_language("en")
    assert [line.split("  ", 1)[1] for line in lines] == words
    assert lines[0].endswith("Tiekartta 'Nopeat palautukset': sijoitettu vaiheeseen "
                             "Nyt – nopeat kokeilut · vastuuhenkilö: Anni")
