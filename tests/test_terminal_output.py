"""No control character from a person reaches a terminal or a text export.

The service cleans new text, so these tests write hostile text straight into
the database, as a row stored by an older version would hold it, and check
what the CLI prints and what the Markdown and CSV exports contain.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from sprintkit.cli import cli
from sprintkit.export import ExportOptions, render
from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store

HIJACK = "\x1b[2J\x1b[31mTERMINAL HIJACK\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4gIw==\x07ok"
# ESC, BEL, every other C0 control but newline and tab, DEL and the C1 controls
# (\x9b is a one-byte CSI on terminals that read 8-bit controls).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile_db(tmp_path):
    """A workshop whose every text field holds raw escape sequences."""
    path = tmp_path / "old.db"
    service = WorkshopService(Store(path))
    ws = service.create_workshop("Sprint", find_playbook("service-sprint", "en"),
                                 organisation="Org", facilitator="Fay")
    ann = service.add_participant(ws.id, "Ann", "Sales")
    service.add_participant(ws.id, "Bo", "IT")
    note = service.add_note(ws.id, "business-needs", "note", participant=ann.id)
    item = service.create_initiative(ws.id, "Item", note_ids=[note.id])
    service.set_roadmap(ws.id, item.id, phase="now", owner="Own", metric="M", target="T")
    service.open_round(ws.id)
    service.vote(ws.id, ann.id, item.id, dots=2)
    service.close_round(ws.id)
    conn = service.store.conn
    conn.execute("UPDATE workshops SET name = ?, organisation = ?, facilitator = ?",
                 ["Sprint " + HIJACK, "Org " + CLIPBOARD, "Fay\x9b2J"])
    conn.execute("UPDATE participants SET name = name || ?, role = role || ?",
                 [" " + HIJACK + "\x9b5i", " " + CLIPBOARD])
    conn.execute("UPDATE notes SET text = ?", ["note " + HIJACK + "\nsecond " + CLIPBOARD
                                               + " \x9b5i \u202egnp.exe\u202c \u2067x\u2069"])
    conn.execute("UPDATE initiatives SET title = ?, description = ?, owner = ?, metric = ?, "
                 "target = ?, contributors = ?",
                 ["Item " + HIJACK, "desc " + CLIPBOARD, "Own " + HIJACK, "M\x07\x1b[5m",
                  "T\x9d", json.dumps(["Con " + HIJACK])])
    conn.execute("UPDATE events SET summary = summary || ?", [" " + HIJACK])
    conn.commit()
    wid = ws.id
    service.store.close()
    return path, wid


COMMANDS = [
    ["list"], ["show", "{w}"], ["show", "{w}", "--json"], ["participant", "list", "{w}"],
    ["participant", "list", "{w}", "--json"], ["note", "list", "{w}"],
    ["note", "list", "{w}", "--json"], ["initiative", "list", "{w}"], ["tally", "{w}"],
    ["tally", "{w}", "--by-role"], ["roadmap", "show", "{w}"], ["voices", "{w}"],
    ["history", "{w}"], ["undo", "{w}"], ["redo", "{w}"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_cli_output_holds_no_control_characters(hostile_db, args):
    path, wid = hostile_db
    result = CliRunner().invoke(cli, ["--db", str(path), *(a.format(w=wid) for a in args)])
    assert result.exit_code == 0, result.output
    out = result.stdout_bytes + result.stderr_bytes
    assert b"\x1b" not in out and b"\x07" not in out
    assert not UNSAFE.search(out.decode("utf-8"))


def test_cli_shows_what_was_hidden_in_the_text(hostile_db):
    path, wid = hostile_db
    out = CliRunner().invoke(cli, ["--db", str(path), "note", "list", str(wid)]).stdout
    assert "note \\x1b[2J\\x1b[31mTERMINAL HIJACK\\x1b]0;pwned\\x07 second " in out
    assert "\\x1b]52;c;cm0gLXJmIH4gIw==\\x07ok" in out


def test_cli_errors_quote_user_text_safely(hostile_db):
    path, wid = hostile_db
    result = CliRunner().invoke(cli, ["--db", str(path), "participant", "add", str(wid),
                                      "\u0410nn " + HIJACK + "\x9b5i"])
    assert result.exit_code != 0
    assert "looks like" in result.output
    assert b"\x1b" not in result.stdout_bytes + result.stderr_bytes


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_text_exports_hold_no_control_characters(hostile_db, fmt):
    path, wid = hostile_db
    service = WorkshopService(Store(path))
    try:
        data = render(service.snapshot(wid), fmt, ExportOptions())
    finally:
        service.store.close()
    text = data.decode("utf-8-sig")
    assert not UNSAFE.search(text.replace("\r\n", "\n"))
    # a bidi override would make an editor show the rest of the line reversed
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", text)
    assert "TERMINAL HIJACK" in text and "cm0gLXJmIH4gIw==" in text
    if fmt == "md":
        assert "gnp.exe" in text


def test_playbook_texts_are_escaped_too(tmp_path, monkeypatch):
    """A playbook with escape codes is refused; saying so writes none of them."""
    from pathlib import Path

    mini = (Path(__file__).parent / "fixtures" / "mini.en.yaml").read_text(encoding="utf-8")
    hostile = (mini.replace("id: mini", "id: hostile")
               .replace("title: Mini sprint", 'title: "Mini \\e[2J\\e]0;pwned\\a sprint"')
               .replace('"What goal matters most?"', '"Goal \\e]52;c;eA==\\a?"'))
    folder = tmp_path / "config" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "hostile.yaml").write_text(hostile, encoding="utf-8")
    monkeypatch.setenv("SPRINTKIT_CONFIG_DIR", str(tmp_path / "config"))
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "playbook", "list"])
    assert listed.exit_code == 0, listed.output
    assert "service-sprint" in listed.stdout and "hostile" not in listed.stdout
    shown = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "playbook", "show", "hostile"])
    assert shown.exit_code != 0
    for result in (listed, shown):
        assert b"\x1b" not in result.stdout_bytes + result.stderr_bytes
        assert b"\x07" not in result.stdout_bytes + result.stderr_bytes
        assert "hostile.yaml" in result.stderr
