"""The command line's shape: one small module per command group."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI_DIR = ROOT / "sprintkit" / "cli"


def test_every_command_module_stays_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in CLI_DIR.glob("*.py")}
    assert len(sizes) > 5
    assert {name: n for name, n in sizes.items() if n > 600} == {}
