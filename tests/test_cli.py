"""The CLI through click's runner: ids on the last line, one-line errors, no writes."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from sprintkit.cli import cli
from sprintkit.service import WorkshopService
from sprintkit.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args, ok=True, input=None):
        result = runner.invoke(cli, ["--db", str(db_path), *map(str, args)], input=input)
        if ok:
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code != 0, result.output
            assert "Traceback" not in result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke


def last_line(result):
    return result.stdout.strip().splitlines()[-1]


def db_rows(db_path, sql):
    store = Store(db_path)
    try:
        return store.query(sql)
    finally:
        store.close()


@pytest.fixture
def sprint(run):
    wid = last_line(run("new", "Rail sprint", "--playbook", "service-sprint", "--lang", "en",
                        "--organisation", "Northline"))
    run("participant", "add", wid, "Ann", "--role", "Sales")
    run("participant", "add", wid, "Bo", "--role", "IT")
    return wid


def test_every_command_has_help_text():
    def walk(group, path=()):
        for name, command in group.commands.items():
            assert command.help or command.short_help, " ".join((*path, name))
            if hasattr(command, "commands"):
                walk(command, (*path, name))

    walk(cli)


def test_full_scripted_flow(run, sprint, db_path):
    n1 = last_line(run("note", "add", sprint, "business-needs", "Win back commuters",
                       "--by", "Ann", "--lens", "emotion"))
    n2 = last_line(run("note", "add", sprint, "customer-views", "Refunds take ages"))
    item = last_line(run("initiative", "add", sprint, "Fast refunds", "--note", n1,
                         "--note", n2, "--description", "Refund in one day"))
    run("round", "open", sprint, "--dots", "3", "--max-per-item", "2")
    run("vote", sprint, "Ann", item, "--dots", "2")
    run("vote", sprint, "Bo", "Fast refunds")
    run("vote", sprint, "Bo", item, "--remove")
    run("round", "close", sprint)
    revealed = run("round", "reveal", sprint)
    assert "Fast refunds  2 dots" in revealed.output
    run("roadmap", "set", sprint, item, "--phase", "now", "--owner", "Ann",
        "--metric", "Days to refund", "--target", "1", "--contributor", "Bo")
    shown = json.loads(run("show", sprint, "--json").stdout)
    assert shown["roadmap"]["now"][0]["owner"] == "Ann"
    assert shown["readiness"] == []
    assert [s["notes"] for s in shown["sections"][:2]] == [1, 1]
    assert db_rows(db_path, "SELECT dots FROM votes") == [{"dots": 2}]


def test_list_and_show_json(run, sprint):
    listed = json.loads(run("list", "--json").stdout)
    assert [w["name"] for w in listed] == ["Rail sprint"]
    assert "Rail sprint" in run("show", "rail sprint").output


@pytest.mark.parametrize("args, message", [
    (("note", "add", "{w}", "nowhere", "x"), "no section 'nowhere'"),
    (("note", "add", "{w}", "business-needs", "x", "--by", "Zed"), "no participant 'Zed'"),
    (("note", "add", "99", "business-needs", "x"), "no workshop '99'"),
    (("vote", "{w}", "Ann", "1"), "no initiative '1'"),
    (("roadmap", "set", "{w}", "1", "--phase", "someday"), "no initiative '1'"),
    (("participant", "add", "{w}", "ann"), "already taken"),
    (("new", "X", "--playbook", "nope"), "no playbook with id 'nope'"),
    (("round", "close", "{w}"), "no voting round is open"),
])
def test_bad_input_one_line_nonzero_nothing_written(run, sprint, db_path, args, message):
    before = db_rows(db_path, "SELECT count(*) AS n FROM events")
    result = run(*[a.format(w=sprint) for a in args], ok=False)
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert db_rows(db_path, "SELECT count(*) AS n FROM events") == before


def test_vote_over_budget_and_max_rejected(run, sprint, db_path):
    a = last_line(run("initiative", "add", sprint, "A"))
    b = last_line(run("initiative", "add", sprint, "B"))
    run("round", "open", sprint, "--dots", "3", "--max-per-item", "2")
    assert "at most 2 dot" in run("vote", sprint, "Ann", a, "--dots", "3", ok=False).output
    run("vote", sprint, "Ann", a, "--dots", "2")
    assert "1 dot left of 3" in run("vote", sprint, "Ann", b, "--dots", "2", ok=False).output
    run("round", "close", sprint)
    assert "no voting round is open" in run("vote", sprint, "Ann", b, ok=False).output
    assert db_rows(db_path, "SELECT sum(dots) AS n FROM votes") == [{"n": 2}]


def test_phase_unknown_rejected(run, sprint):
    item = last_line(run("initiative", "add", sprint, "A"))
    result = run("roadmap", "set", sprint, item, "--phase", "someday", ok=False)
    assert "no phase 'someday' (phases: now, next, later)" in result.output


def test_participant_csv_import(run, sprint, tmp_path):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("name,role\nCy,Operations\nDee,Partner\n", encoding="utf-8")
    run("participant", "import", sprint, csv_file)
    people = json.loads(run("participant", "list", sprint, "--json").stdout)
    assert [p["name"] for p in people] == ["Ann", "Bo", "Cy", "Dee"]
    missing = run("participant", "import", sprint, tmp_path / "nope.csv", ok=False)
    assert "nope.csv: no such file" in missing.output


def test_json_export_import_roundtrip(run, sprint, tmp_path, db_path):
    n = last_line(run("note", "add", sprint, "stakeholders", "Partners need data", "--by", "Bo"))
    item = last_line(run("initiative", "add", sprint, "Partner portal", "--note", n))
    run("round", "open", sprint)
    run("vote", sprint, "Bo", item, "--dots", "2")
    run("round", "close", sprint)
    run("score", sprint, "Ann", item, "--impact", "4", "--effort", "2")
    run("roadmap", "set", sprint, item, "--phase", "next", "--owner", "Bo", "--metric", "Use")
    out = tmp_path / "archive.json"
    assert last_line(run("export", sprint, "--format", "json", "-o", out)) == str(out)
    new_id = last_line(run("import", out))
    assert new_id != sprint
    service = WorkshopService(Store(db_path))
    a, b = service.snapshot(int(sprint)), service.snapshot(int(new_id))
    # Names stay unique: the copy in the same database gets a number added.
    assert b.workshop.name == a.workshop.name + " (2)"
    b.workshop.name = a.workshop.name
    assert _without_ids(a) == _without_ids(b)


def _without_ids(snapshot):
    """Every value, with ids replaced by positions so two copies compare equal."""
    data = asdict(snapshot)
    maps = {key: {row["id"]: i for i, row in enumerate(data[key])}
            for key in ("participants", "notes", "initiatives", "rounds", "votes", "scores")}
    refs = {"participant_id": "participants", "initiative_id": "initiatives",
            "round_id": "rounds"}
    for key in maps:
        for row in data[key]:
            row["id"] = maps[key][row["id"]]
            row.pop("workshop_id", None)
            for ref, table in refs.items():
                if row.get(ref) is not None:
                    row[ref] = maps[table][row[ref]]
    data["workshop"].pop("id")
    data["workshop"].pop("updated_at")
    return data


def test_import_rejects_bad_archives(run, tmp_path, db_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert "bad.json:1: not valid JSON" in run("import", bad, ok=False).output
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    assert "not a sprintkit archive" in run("import", bad, ok=False).output
    assert db_rows(db_path, "SELECT count(*) AS n FROM workshops") == [{"n": 0}]


def test_corrupt_database_one_line_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my shopping list\n")
    result = CliRunner().invoke(cli, ["--db", str(path), "list"])
    assert result.exit_code == 1
    assert "not an SQLite database" in result.output
    assert path.read_bytes() == b"my shopping list\n"


def test_playbook_commands(run, tmp_path):
    listed = run("playbook", "list").output
    assert "service-sprint" in listed and "service-package" in listed
    shown = run("playbook", "show", "service-sprint", "--lang", "fi").output
    assert "(service-sprint, fi)" in shown
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nlanguage: en\ntitle: X\nsections: []\nphases: []\n",
                      encoding="utf-8")
    result = run("playbook", "validate", broken, ok=False)
    assert f"{broken}:4: sections:" in result.output
    ok = run("playbook", "validate", FIXTURES / "mini.en.yaml")
    assert "ok (mini, en, 4 sections)" in ok.output


def test_undo_redo_history(run, sprint):
    run("note", "add", sprint, "business-needs", "Oops")
    # undo and redo tell the action in the history's words, as the history does
    assert "Undid: Note added: 'Oops'" in run("undo", sprint).output
    assert "Redid: Note added: 'Oops'" in run("redo", sprint).output
    assert "Note added: 'Oops'" in run("history", sprint).output
    assert "Nothing to redo" in run("redo", sprint).output


def test_voices(run, sprint):
    run("note", "add", sprint, "business-needs", "Grow", "--by", "Ann")
    output = run("voices", sprint).output
    assert "Not heard yet: IT" in output


def test_db_option_after_the_command(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "late.db"
    made = subprocess.run([sys.executable, "-m", "sprintkit", "demo", "--db", str(db)],
                          capture_output=True, text=True, check=True)
    listed = subprocess.run([sys.executable, "-m", "sprintkit", "list", f"--db={db}"],
                            capture_output=True, text=True, check=True)
    assert made.stdout.strip() == "1"
    assert "Lakeland Rail" in listed.stdout


@pytest.mark.parametrize("args, message, code", [
    (["serve", "1", "--port", "99999"], "Error: Invalid value for '--port'", 2),
    (["new", "X", "--playbook", "service-sprint", "--lang", "de"], "'de' is not one of", 2),
    (["nosuchcommand"], "Error: No such command 'nosuchcommand'.", 2),
    (["show", "999"], "Error: no workshop '999'", 1),
])
def test_every_error_is_one_line_with_a_status(tmp_path, args, message, code):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "sprintkit", *args,
                           "--db", str(tmp_path / "e.db")], capture_output=True, text=True)
    lines = [line for line in done.stderr.splitlines() if not line.startswith("Note:")]
    assert done.returncode == code
    assert len(lines) == 1 and message in lines[0], done.stderr


def test_mistyped_db_folder_is_refused_and_new_file_is_announced(tmp_path):
    runner = CliRunner()
    missing = tmp_path / "no-such-folder" / "x.db"
    result = runner.invoke(cli, ["--db", str(missing), "list"])
    assert result.exit_code == 1
    assert "no such folder (check the --db path)" in result.output
    assert not missing.parent.exists()
    fresh = runner.invoke(cli, ["--db", str(tmp_path / "new.db"), "list"])
    assert "started a new, empty database" in fresh.stderr
    folder = runner.invoke(cli, ["--db", str(tmp_path), "list"])
    assert folder.exit_code == 1 and "is a folder" in folder.output


def test_export_to_a_missing_folder_is_refused(run, sprint, tmp_path):
    result = run("export", sprint, "--format", "json", "-o", tmp_path / "nope" / "x.json",
                 ok=False)
    assert "nope: no such folder" in result.output
    assert not (tmp_path / "nope").exists()
    made = run("export", sprint, "--format", "json", "-o", f"{tmp_path / 'newdir'}/")
    assert (tmp_path / "newdir").is_dir() and last_line(made).endswith(".json")


def test_serve_rejects_an_impossible_port(run, sprint):
    result = run("serve", sprint, "--port", "80000", ok=False)
    assert "80000 is not in the range 1<=x<=65535" in result.output


def test_step_command_moves_the_room(run, sprint, db_path):
    shown = run("step", sprint, "customer-views").output
    assert "> 2. customer-views" in shown
    assert db_rows(db_path, "SELECT current_section FROM workshops") == [
        {"current_section": "customer-views"}]
    assert "no section 'custmer'" in run("step", sprint, "custmer", ok=False).output


def test_notes_only_go_into_capture_steps(run, sprint):
    result = run("note", "add", sprint, "grouping", "x", ok=False)
    assert "is a group step; notes go in a capture step" in result.output


def test_csv_header_is_recognised_by_its_words(run, sprint, tmp_path):
    people = tmp_path / "team.csv"
    people.write_text("Full name,Team\nCy,Operations\n", encoding="utf-8")
    run("participant", "import", sprint, people)
    names = [p["name"] for p in json.loads(run("participant", "list", sprint, "--json").stdout)]
    assert names == ["Ann", "Bo", "Cy"]
    again = tmp_path / "again.csv"
    again.write_text("Dee,Sales\nann,Sales\n", encoding="utf-8")
    result = run("participant", "import", sprint, again)
    assert "line 2: ann is already in this workshop; skipped" in result.stderr
    assert "Imported 1 participant, skipped 1" in result.stderr
    clash = tmp_path / "clash.csv"
    clash.write_text("Eve,Sales\n\u0410nn,Sales\n", encoding="utf-8")  # Cyrillic А
    assert "line 2 '\u0410nn' looks like 'Ann'" in run(
        "participant", "import", sprint, clash, ok=False).output


def test_grouping_a_grouped_note_says_where_it_came_from(run, sprint):
    note = last_line(run("note", "add", sprint, "business-needs", "Shared idea"))
    first = last_line(run("initiative", "add", sprint, "First", "--note", note))
    moved = run("initiative", "add", sprint, "Second", "--note", note)
    assert f"note {note} moves out of initiative {first} 'First'" in moved.stderr


def test_demo_twice_gives_two_distinct_names(run):
    run("demo")
    run("demo")
    names = [w["name"] for w in json.loads(run("list", "--json").stdout)]
    assert names[1] == names[0] + " (2)"


def test_every_command_is_in_the_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in cli.commands.items():
        if hasattr(command, "commands"):
            missing += [f"{name} {sub}" for sub in command.commands
                        if f"{name} {sub}" not in readme and f"|{sub}" not in readme
                        and f"{sub}\\|" not in readme]
        elif f"sprintkit {name}" not in readme and f"`{name}" not in readme:
            missing.append(name)
    assert missing == []


def test_vote_names_the_initiative_by_its_title(run, sprint, db_path):
    item = last_line(run("initiative", "add", sprint, "Fast refunds"))
    store = Store(db_path)
    try:  # a title stored before the service cleaned control characters out
        with store.transaction() as conn:
            conn.execute("UPDATE initiatives SET title = ?", ["Fast \x1b[31mrefunds"])
    finally:
        store.close()
    run("round", "open", sprint, "--dots", "3", "--max-per-item", "2")
    given = run("vote", sprint, "Ann", item, "--dots", "2")
    assert given.stdout == "2 dots on 'Fast \\x1b[31mrefunds'; 1 left\n"
    taken = run("vote", sprint, "Ann", item, "--remove")
    assert taken.stdout == "1 dot on 'Fast \\x1b[31mrefunds'; 2 left\n"


def test_lowering_the_budget_names_who_is_now_over_it(run, sprint):
    a = last_line(run("initiative", "add", sprint, "A"))
    b = last_line(run("initiative", "add", sprint, "B"))
    run("participant", "add", sprint, "Cy\x07", "--role", "IT")
    run("round", "open", sprint, "--dots", "5", "--max-per-item", "3")
    run("vote", sprint, "Ann", a, "--dots", "3")
    run("vote", sprint, "Ann", b, "--dots", "1")
    run("vote", sprint, "Bo", a, "--dots", "2")
    run("vote", sprint, "Cy", b, "--dots", "3")
    within = run("round", "budget", sprint, "--dots", "4")
    assert within.stderr == ""
    lowered = run("round", "budget", sprint, "--dots", "2", "--max-per-item", "2")
    assert lowered.stdout == "Round 1: 2 dots, max 2\n"
    assert lowered.stderr == ("Over the budget of 2: Ann (4), Cy (3); round close will ask "
                              "for --trim or --keep\n")
    assert "--trim" in run("round", "close", sprint, ok=False).output
