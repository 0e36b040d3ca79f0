"""Check-ins on the command line: status, measure, progress, roadmap numbers and
carry-over; one line for each refusal, in the user's language, nothing written."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.cli_support import cli_runner, db_rows


@pytest.fixture
def run(db_path, monkeypatch):
    monkeypatch.delenv("SPRINTKIT_LANG", raising=False)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return cli_runner(db_path)


def last(result):
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def sprint(run):
    # held before every check-in the tests date: a check-in follows the workshop
    wid = last(run("new", "Rail sprint", "--playbook", "service-sprint", "--lang", "en",
                   "--facilitator", "Sam", "--date", "2026-06-01"))
    run("participant", "add", wid, "Ann")
    refunds = last(run("initiative", "add", wid, "Faster refunds"))
    run("roadmap", "set", wid, refunds, "--phase", "now", "--owner", "Ann",
        "--metric", "Days to refund", "--baseline", "21", "--target", "5", "--unit", "days")
    invoices = last(run("initiative", "add", wid, "Clear invoices"))
    run("roadmap", "set", wid, invoices, "--phase", "next", "--owner", "Bo",
        "--metric", "Complaints", "--target", "fewer")
    last(run("initiative", "add", wid, "Loose idea"))
    return wid


def test_roadmap_set_stores_the_numbers(run, sprint, db_path):
    assert db_rows(db_path, "SELECT title, baseline, target_value, target, unit, lower_is_better "
                          "FROM initiatives ORDER BY id")[:2] == [
        {"title": "Faster refunds", "baseline": 21.0, "target_value": 5.0, "target": "5",
         "unit": "days", "lower_is_better": 1},
        {"title": "Clear invoices", "baseline": None, "target_value": None, "target": "fewer",
         "unit": "", "lower_is_better": 0}]
    run("roadmap", "set", sprint, "Clear invoices", "--phase", "next", "--baseline", "62,5",
        "--target", "40", "--lower-is-better")
    assert db_rows(db_path, "SELECT baseline, target_value, lower_is_better FROM initiatives "
                          "WHERE title = 'Clear invoices'") == [
        {"baseline": 62.5, "target_value": 40.0, "lower_is_better": 1}]


@pytest.mark.parametrize(("args", "words"), [
    (["--baseline", "62", "--target", "soon"], "'soon' is not a number"),
    (["--baseline", "62", "--target", "62"], "equals the baseline"),
    (["--baseline", "62", "--target", "75", "--lower-is-better"], "lower is better"),
    (["--baseline", "sixty", "--target", "75"], "'sixty' is not a number"),
])
def test_roadmap_set_refuses_bad_numbers_in_one_line(run, sprint, db_path, args, words):
    before = db_rows(db_path, "SELECT * FROM initiatives ORDER BY id")
    result = run("roadmap", "set", sprint, "Clear invoices", "--phase", "now",
                 "--owner", "Cy", *args, ok=False)
    assert words in result.stderr
    assert db_rows(db_path, "SELECT * FROM initiatives ORDER BY id") == before


def test_status_prints_the_update_and_its_id(run, sprint, db_path):
    result = run("status", sprint, "Faster refunds", "on-track", "--note", "Pilot live",
                 "--next", "Roll out", "--due", "2030-01-31", "--date", "2026-11-30")
    assert "Faster refunds: On track (30 November 2026)" in result.stderr
    assert "Next step: Roll out, due 31 January 2030" in result.stderr
    assert db_rows(db_path, "SELECT id, status, comment, next_step, next_due, on_date, by_name "
                          "FROM status_updates") == [
        {"id": int(last(result)), "status": "on-track", "comment": "Pilot live",
         "next_step": "Roll out", "next_due": "2030-01-31", "on_date": "2026-11-30",
         "by_name": "Sam"}]


def test_status_speaks_finnish_and_swedish(run, sprint):
    fi = run("status", sprint, "Faster refunds", "at-risk", "--date", "2026-11-30",
             env={"SPRINTKIT_LANG": "fi"})
    assert "Faster refunds: Riskissä (30. marraskuuta 2026)" in fi.stderr
    sv = run("status", sprint, "Faster refunds", "blocked", "--date", "2026-11-30",
             env={"LANG": "sv_FI.UTF-8"})
    assert "Faster refunds: Blockerad (30 november 2026)" in sv.stderr


@pytest.mark.parametrize(("args", "env", "words"), [
    (["Faster refunds", "finished"], {}, "Unknown status 'finished'; use one of: planned, "
                                         "on-track, at-risk, blocked, done, dropped."),
    (["Faster refunds", "valmiina"], {"SPRINTKIT_LANG": "fi"},
     "Tuntematon tila 'valmiina'; käytä jotakin näistä: planned, on-track"),
    (["Loose idea", "done"], {}, "'Loose idea' is not on the roadmap"),
    (["Faster refunds", "done", "--date", "2999-01-01"], {}, "lies in the future"),
    (["Faster refunds", "done", "--date", "30.11.2026"], {"SPRINTKIT_LANG": "sv"},
     "Fel: datum: '30.11.2026' är inget datum; skriv det som ÅÅÅÅ-MM-DD\n"),
    (["Faster refunds", "done", "--due", "2027-01-01"], {}, "needs a next step"),
])
def test_status_refusals_are_one_line_and_write_nothing(run, sprint, db_path, args, env,
                                                        words):
    events = db_rows(db_path, "SELECT count(*) AS n FROM events")
    result = run("status", sprint, *args, ok=False, env=env)
    assert words in result.stderr
    assert db_rows(db_path, "SELECT * FROM status_updates") == []
    assert db_rows(db_path, "SELECT count(*) AS n FROM events") == events


def test_measure_add_takes_a_decimal_comma(run, sprint, db_path):
    result = run("measure", "add", sprint, "Faster refunds", "14,5", "--date", "2026-11-30",
                 "--note", "after the pilot", env={"SPRINTKIT_LANG": "fi"})
    assert "Faster refunds: mittaustulos 14,5 days (30. marraskuuta 2026)" in result.stderr
    assert db_rows(db_path, "SELECT id, value, text, on_date, note FROM readings") == [
        {"id": int(last(result)), "value": 14.5, "text": "", "on_date": "2026-11-30",
         "note": "after the pilot"}]
    run("measure", "add", sprint, "Clear invoices", "a few fewer")
    assert db_rows(db_path, "SELECT value, text FROM readings ORDER BY id")[1] == \
        {"value": None, "text": "a few fewer"}


@pytest.mark.parametrize(("args", "words"), [
    (["Faster refunds", "lots"], "'lots' is not a number, and 'Faster refunds' is measured in "
                                 "numbers"),
    (["Loose idea", "3"], "'Loose idea' is not on the roadmap"),
    (["Faster refunds", "3", "--date", "2999-01-01"], "lies in the future"),
    (["Faster refunds", "3", "--date", "soon"], "'soon' is not a date"),
])
def test_measure_refusals_are_one_line_and_write_nothing(run, sprint, db_path, args, words):
    result = run("measure", "add", sprint, *args, ok=False)
    assert words in result.stderr
    assert db_rows(db_path, "SELECT * FROM readings") == []


def test_progress_shows_status_latest_reading_target_and_progress(run, sprint):
    run("status", sprint, "Faster refunds", "on-track", "--next", "Roll out",
        "--date", "2026-10-31")
    run("measure", "add", sprint, "Faster refunds", "13", "--date", "2026-10-31")
    out = run("progress", sprint).stdout
    assert "Faster refunds  (Ann)" in out
    assert ("On track · latest 13 days (31 October 2026) · target 5 days · 50 % of the way "
            "· next: Roll out") in out
    assert "Clear invoices  (Bo)\n        Planned · target fewer" in out
    assert "1 check-in, the latest on 31 October 2026" in out
    sv = run("progress", sprint, env={"SPRINTKIT_LANG": "sv"}).stdout
    assert "Enligt plan · senast 13 days (31 oktober 2026) · mål 5 days · 50 % av vägen" in sv


def test_progress_json(run, sprint):
    run("status", sprint, "Clear invoices", "blocked", "--date", "2026-10-31")
    run("measure", "add", sprint, "Faster refunds", "25", "--date", "2026-10-31")
    data = json.loads(run("progress", sprint, "--json").stdout)
    assert data["today"] == date.today().isoformat()
    refunds, invoices = data["items"]
    assert refunds["status"] == "planned" and refunds["latest"]["value"] == 25.0
    assert refunds["progress"]["raw"] == pytest.approx(-0.25)
    assert (refunds["progress"]["shown"], refunds["progress"]["percent"]) == (0.0, 0)
    assert (refunds["baseline"], refunds["target_value"], refunds["lower_is_better"]) == \
        (21.0, 5.0, True)
    assert invoices["status"] == "blocked" and invoices["progress"] is None
    assert data["check_ins"] == [{"date": "2026-10-31", "updates": 1, "readings": 1}]
    assert data["owners"] == [{"owner": "Ann", "items": 1, "open": 1},
                              {"owner": "Bo", "items": 1, "open": 1}]
    assert data["kept_promises"]["kept"] == 0 and data["kept_promises"]["total"] == 1


def test_undo_takes_back_a_reading(run, sprint, db_path):
    run("measure", "add", sprint, "Faster refunds", "13")
    assert "Reading of 'Faster refunds': 13 days" in run("history", sprint).stdout
    run("undo", sprint)
    assert db_rows(db_path, "SELECT * FROM readings") == []


def test_new_with_carry_over(run, sprint, db_path):
    run("status", sprint, "Clear invoices", "done")
    run("measure", "add", sprint, "Faster refunds", "13")
    result = run("new", "Rail sprint 2", "--playbook", "service-sprint", "--lang", "en",
                 "--carry-over", sprint)
    new_id = int(last(result))
    assert "Carried over 1 unfinished item from 'Rail sprint', not yet on the roadmap:" in \
        result.stderr
    assert db_rows(db_path, f"SELECT title, phase, owner, carried_from FROM initiatives "
                          f"WHERE workshop_id = {new_id}") == [
        {"title": "Faster refunds", "phase": None, "owner": "Ann",
         "carried_from": "Rail sprint"}]
    assert db_rows(db_path, f"SELECT value FROM readings WHERE workshop_id = {new_id}") == \
        [{"value": 13.0}]


def test_new_with_carry_over_from_an_unknown_workshop_creates_nothing(run, sprint, db_path):
    run("new", "Rail sprint 2", "--playbook", "service-sprint", "--carry-over", "Nowhere",
        ok=False)
    assert [r["name"] for r in db_rows(db_path, "SELECT name FROM workshops")] == ["Rail sprint"]


def test_measure_import_prints_each_reading_and_a_count(run, sprint, db_path, tmp_path):
    path = tmp_path / "bi.csv"
    path.write_bytes("Kohde;Pvm;Arvo\r\nFaster refunds;1.10.2026;17,5\r\n"
                     "Clear invoices;2.10.2026;vähemmän\r\n".encode("cp1252"))
    result = run("measure", "import", sprint, path, env={"SPRINTKIT_LANG": "fi"})
    assert result.stdout.splitlines()[0].split("\t")[1:] == \
        ["Faster refunds", "2026-10-01", "17,5 days"]
    assert f"Tuotu 2 mittaustulosta tiedostosta {path}" in result.stderr
    assert [r["value"] for r in db_rows(db_path, "SELECT value FROM readings")] == [17.5, None]


def test_measure_import_refuses_all_rows_in_one_line(run, sprint, db_path, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("initiative,date,value\nFaster refunds,2026-10-01,14\n"
                    "Nobody,2026-10-01,3\nFaster refunds,2999-01-01,3\n", encoding="utf-8")
    result = run("measure", "import", sprint, path, ok=False)
    assert result.stderr.strip() == (
        f"Error: {path}: row 3: There is no initiative 'Nobody' in this workshop; "
        "row 4: Date 2999-01-01 lies in the future; only what has already happened can be "
        "recorded; nothing was imported.")
    assert db_rows(db_path, "SELECT * FROM readings") == []


def test_a_check_in_room_needs_a_roadmap(run, db_path):
    # Opening it anyway would renew the join link and void the QR codes handed out.
    wid = last(run("new", "Empty sprint", "--playbook", "service-sprint", "--lang", "en"))
    token = db_rows(db_path, f"SELECT join_token FROM workshops WHERE id = {int(wid)}")
    refused = run("serve", wid, "--follow-up", "--host", "127.0.0.1", ok=False,
                  env={"SPRINTKIT_LANG": "fi"})
    assert refused.exit_code == 1
    assert refused.stderr.strip() == ("Virhe: Tiekartalla ei ole vielä kohteita: sijoita "
                                      "kehityskohteet ensin vaiheisiin (sprintkit roadmap set).")
    assert db_rows(db_path, f"SELECT join_token FROM workshops WHERE id = {int(wid)}") == token


@pytest.mark.parametrize(("env", "typed", "stored"), [
    ({"SPRINTKIT_LANG": "fi"}, "valmis", "done"),
    ({"SPRINTKIT_LANG": "fi"}, "Riskissä", "at-risk"),
    ({"SPRINTKIT_LANG": "sv"}, "enligt plan", "on-track"),
    ({}, "on track", "on-track"),
    ({}, "At-Risk", "at-risk"),
])
def test_a_status_may_be_typed_as_the_screens_word_it(run, sprint, db_path, env, typed, stored):
    run("status", sprint, "Faster refunds", typed, "--date", "2026-11-30", env=env)
    assert db_rows(db_path, "SELECT status FROM status_updates") == [{"status": stored}]


def test_a_word_of_another_language_is_still_refused(run, sprint, db_path):
    refused = run("status", sprint, "Faster refunds", "valmis", "--date", "2026-11-30",
                  ok=False)
    assert refused.exit_code == 1 and "valmis" in refused.stderr
    assert db_rows(db_path, "SELECT status FROM status_updates") == []
