"""What the leadership report needs from a workshop: its date, a headline,
phases in months, and per initiative a milestone, an ask and a part."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date

import pytest

from sprintkit import analysis, archive
from sprintkit.calendar import add_months, parse_day, phase_window
from sprintkit.errors import InvalidInput, PlaybookError
from sprintkit.export import render
from sprintkit.models import Initiative, Note, Phase
from sprintkit.playbooks import find_playbook, parse_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import KNOWN_MIGRATIONS, Store
from tests.cli_support import cli_runner, db_rows

# ----------------------------------------------------------------- calendar


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 15), 3, date(2026, 4, 15)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),   # clamped to the month's end
    (date(2028, 1, 31), 1, date(2028, 2, 29)),   # a leap year
    (date(2027, 2, 28), 12, date(2028, 2, 28)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2026, 10, 31), 4, date(2027, 2, 28)),  # across the year end
    (date(2026, 8, 31), 18, date(2028, 2, 29)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 5, 20), 0, date(2026, 5, 20)),
    (date(2026, 12, 1), 120, date(2036, 12, 1)),
])
def test_add_months_counts_calendar_months_and_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_phase_window_counts_from_the_workshop_date():
    held = date(2026, 11, 30)
    assert phase_window(held, Phase(id="now", title="Now", horizon="", months=(0, 3))) == (
        date(2026, 11, 30), date(2027, 2, 28))
    assert phase_window(held, Phase(id="later", title="Later", horizon="",
                                    months=(6, 18))) == (date(2027, 5, 30), date(2028, 5, 30))
    assert phase_window(held, Phase(id="parked", title="Parked", horizon="")) is None


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20", date(2026, 11, 20)), (" 2028-02-29 ", date(2028, 2, 29)),
    ("2027-02-29", None), ("20261120", None), ("2026-W47-1", None), ("2026-11-20T10:00", None),
    ("20.11.2026", None), ("", None), ("٢٠٢٦-١١-٢٠", None),
])
def test_parse_day_takes_only_year_month_day(text, expected):
    assert parse_day(text) == expected


# ------------------------------------------------------------------ playbooks

BASE = """\
id: tiny
language: en
title: Tiny
sections:
  - {id: needs, title: Needs, kind: capture, timebox_minutes: 5}
  - {id: views, title: Views, kind: capture, timebox_minutes: 5}
  - {id: vote, title: Vote, kind: vote, timebox_minutes: 5}
phases:
  - {id: now, title: Now, horizon: soon, months: [0, 3]}
  - {id: next, title: Next, horizon: later, MONTHS}
"""


def _book(months: str = "months: [3, 6]", extra: str = ""):
    return parse_playbook(BASE.replace("MONTHS", months) + extra, "x.yaml")


def _problem(months: str = "months: [3, 6]", extra: str = "") -> str:
    with pytest.raises(PlaybookError) as info:
        _book(months, extra)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_phases_carry_months_and_may_leave_them_out():
    book = _book()
    assert [p.months for p in book.phases] == [(0, 3), (3, 6)]
    undated = parse_playbook(BASE.replace(", MONTHS", ""), "x.yaml").phases
    assert undated[1].months is None


@pytest.mark.parametrize("months, shown", [
    ("months: [6, 3]", "[6, 3]"),
    ("months: [3, 3]", "[3, 3]"),
    ("months: [-1, 3]", "[-1, 3]"),
    ("months: [0, 121]", "[0, 121]"),
    ("months: [1, 2, 3]", "[1, 2, 3]"),
    ("months: 3", "3"),
    ("months: [a, 3]", "['a', 3]"),
    ("months: [1.5, 3]", "[1.5, 3]"),
])
def test_a_bad_months_value_is_one_line_naming_file_phase_and_value(months, shown):
    assert _problem(months) == (
        "x.yaml:10: phases[1].months: phase 'next': months must be [start, end], whole "
        f"months from the workshop date with 0 <= start < end <= 120 (got {shown})")


def test_the_report_block_is_read():
    book = _book(extra="report:\n  title: Tiny roadmap\n  parts: [views, needs]\n"
                       "  parts_title: Two sides\n  coverage_question: Both covered?\n")
    assert (book.report.title, book.report.parts, book.report.parts_title,
            book.report.coverage_question) == ("Tiny roadmap", ["views", "needs"], "Two sides",
                                               "Both covered?")
    assert _book().report.parts == []


@pytest.mark.parametrize("extra, expected", [
    ("report:\n  parts: [nowhere]\n",
     "x.yaml:12: report: parts: 'nowhere' is not a capture section of this playbook "
     "(capture sections: needs, views)"),
    ("report:\n  parts: [vote]\n",
     "x.yaml:12: report: parts: 'vote' is not a capture section of this playbook"),
    ("report:\n  parts: [needs, needs]\n", "x.yaml:12: report: parts: 'needs' is listed twice"),
    ("report:\n  part: [needs]\n",
     "x.yaml:12: report.part: unknown key 'part' (did you mean 'parts'?)"),
    ("report:\n  title: \"two\\nlines\"\n", "x.yaml:12: report.title: must be one line"),
    ("report: yes-please\n", "x.yaml:11: report: Input should be a valid dictionary"),
])
def test_a_bad_report_block_is_one_clear_error(extra, expected):
    assert _problem(extra=extra).startswith(expected)


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_bundled_playbooks_date_their_phases_and_shape_their_report(language):
    package = find_playbook("service-package", language)
    sprint = find_playbook("service-sprint", language)
    for book in (package, sprint):
        assert [p.months for p in book.phases] == [(0, 3), (3, 6), (6, 18)]
        assert book.report.title and book.report.parts_title
        assert book.report.coverage_question.endswith("?")
    assert package.report.parts == ["core-service", "enabling-services", "supporting-services"]
    assert sprint.report.parts == ["business-needs", "customer-views", "staff-tools",
                                   "stakeholders"]


def test_a_playbook_stored_before_reports_had_a_shape_still_reads():
    from sprintkit.models import Playbook

    book = find_playbook("service-package", "fi")
    data = book.as_dict()
    del data["report"]
    for phase in data["phases"]:
        del phase["months"]
    old = Playbook.from_dict(data)
    assert old.report.parts == [] and old.phases[0].months is None
    assert Playbook.from_stored(book.to_json()) == book


# -------------------------------------------------------------------- parts


def _note(nid: int, section: str, initiative: int | None) -> Note:
    return Note(id=nid, workshop_id=1, section_id=section, text="t", initiative_id=initiative,
                created_at="")


def _item(part: str | None = None) -> Initiative:
    return Initiative(id=7, workshop_id=1, title="x", part=part, created_at="")


PARTS = ["core", "enabling", "supporting"]


def test_an_initiatives_part_is_where_most_of_its_notes_came_from():
    notes = [_note(1, "enabling", 7), _note(2, "supporting", 7), _note(3, "supporting", 7),
             _note(4, "core", 8), _note(5, "core", 8), _note(6, "grouping", 7)]
    assert analysis.initiative_part(_item(), notes, PARTS) == "supporting"


def test_a_tie_goes_to_the_part_listed_first_and_the_override_wins():
    notes = [_note(1, "supporting", 7), _note(2, "enabling", 7)]
    assert analysis.initiative_part(_item(), notes, PARTS) == "enabling"
    assert analysis.initiative_part(_item("core"), notes, PARTS) == "core"
    assert analysis.initiative_part(_item(), [_note(1, "other", 7)], PARTS) is None
    assert analysis.initiative_part(_item(), notes, []) is None


# ------------------------------------------------------------------ service


@pytest.fixture
def package(service):
    return service.create_workshop("Rail package", find_playbook("service-package", "en"),
                                   held_on="2026-11-20")


def test_a_workshop_is_held_today_unless_told(service, mini_playbook, package):
    assert service.create_workshop("Today", mini_playbook).held_on == date.today().isoformat()
    assert service.workshop(package.id).held_on == "2026-11-20"
    assert service.create_workshop("Typed", mini_playbook,
                                   held_on=date(2027, 1, 4)).held_on == "2027-01-04"


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "20261120", "2026-W47-1", "",
                                   "2026-11-20T10:00"])
def test_a_workshop_with_a_non_date_is_refused_and_nothing_written(service, mini_playbook,
                                                                   value):
    with pytest.raises(InvalidInput) as info:
        service.create_workshop("Dated", mini_playbook, held_on=value)
    assert info.value.key == "bad_date" and info.value.params["field"] == "date"
    assert service.list_workshops() == []


def test_date_and_headline_are_changed_undone_and_redone(service, package):
    service.update_workshop(package.id, held_on="2026-12-03",
                            headline="Fix ticket sales\nbefore the timetable")
    ws = service.workshop(package.id)
    assert (ws.held_on, ws.headline) == ("2026-12-03", "Fix ticket sales before the timetable")
    assert service.history(package.id)[0].message == "workshop.updated"
    service.undo(package.id)
    ws = service.workshop(package.id)
    assert (ws.held_on, ws.headline) == ("2026-11-20", "")
    service.redo(package.id)
    assert service.workshop(package.id).held_on == "2026-12-03"


def test_a_bad_detail_writes_none_of_the_others(service, package):
    events = len(service.history(package.id))
    with pytest.raises(InvalidInput):
        service.update_workshop(package.id, headline="Kept?", held_on="2026-13-01")
    with pytest.raises(InvalidInput):
        service.update_workshop(package.id, headline="x" * 301)
    ws = service.workshop(package.id)
    assert (ws.headline, ws.held_on) == ("", "2026-11-20")
    assert len(service.history(package.id)) == events


def _with_item(service, wid):
    note = service.add_note(wid, "enabling-services", "The ticket machine rejects cards")
    return service.create_initiative(wid, "Card payments that work", note_ids=[note.id])


def test_milestone_due_ask_and_part_are_set_worded_and_undone(service, package):
    item = _with_item(service, package.id)
    service.set_roadmap(package.id, item.id, phase="now", milestone="Pilot at two stations",
                        milestone_due="2027-01-15", ask="Fund the card readers",
                        part="supporting-services")
    row = service.store.query_one("SELECT milestone, milestone_due, ask, part FROM "
                                  "initiatives WHERE id = ?", [item.id])
    assert row == {"milestone": "Pilot at two stations", "milestone_due": "2027-01-15",
                   "ask": "Fund the card readers", "part": "supporting-services"}
    event = service.history(package.id)[0]
    assert event.message == "roadmap.changed"
    assert event.params == {"title": "Card payments that work", "phase_from": None,
                            "phase_to": "Now – quick experiments",
                            "milestone": "Pilot at two stations", "ask": "Fund the card readers",
                            "due": "2027-01-15", "part": "Supporting services"}
    service.set_roadmap(package.id, item.id, milestone_due=None, part=None, ask="")
    cleared = service.initiative(package.id, item.id)
    assert (cleared.milestone_due, cleared.part, cleared.ask) == (None, None, "")
    assert service.history(package.id)[0].params == {
        "title": "Card payments that work", "ask": "", "due": "", "part": ""}
    service.undo(package.id)
    back = service.initiative(package.id, item.id)
    assert (back.milestone_due, back.part, back.ask) == (
        "2027-01-15", "supporting-services", "Fund the card readers")
    service.redo(package.id)
    assert service.initiative(package.id, item.id).part is None


def test_history_words_the_new_roadmap_fields():
    from sprintkit.history_words import event_words
    from sprintkit.models import Event
    from sprintkit.tui.labels import set_language, tr

    set_language("fi")
    try:
        event = Event(id=1, workshop_id=1, at="", kind="do", action="roadmap.set", summary="",
                      source="local", undoable=True, message="roadmap.changed",
                      params={"title": "Kortit", "milestone": "Pilotti", "due": "2027-01-15",
                              "ask": "", "part": "Täydentävät palvelut"})
        words = event_words(event, tr)
    finally:
        set_language("en")
    assert "välitavoite: Pilotti" in words and "määräpäivä 2027-01-15" in words
    assert "pyyntö johdolle poistettu" in words and "osa: Täydentävät palvelut" in words


@pytest.mark.parametrize("kwargs, key", [
    ({"milestone_due": "15.1.2027"}, "bad_date"),
    ({"part": "voting"}, "bad_part"),
    ({"part": "nowhere"}, "bad_part"),
    ({"ask": "x" * 301}, "too_long"),
])
def test_a_refused_roadmap_field_writes_nothing(service, package, kwargs, key):
    item = _with_item(service, package.id)
    events = len(service.history(package.id))
    with pytest.raises(InvalidInput) as info:
        service.set_roadmap(package.id, item.id, phase="now", milestone="Kept?", **kwargs)
    assert info.value.key == key
    assert service.initiative(package.id, item.id).phase is None
    assert service.initiative(package.id, item.id).milestone == ""
    assert len(service.history(package.id)) == events


# ---------------------------------------------------------------------- CLI


@pytest.fixture
def run(db_path):
    return cli_runner(db_path)


def test_cli_new_takes_a_date_and_refuses_a_non_date(run, db_path):
    wid = run("new", "Dated", "--playbook", "service-package", "--date", "2026-11-20"
              ).stdout.split()[-1]
    plain = run("new", "Plain", "--playbook", "service-package").stdout.split()[-1]
    refused = run("new", "Refused", "--playbook", "service-package", "--date", "20.11.2026",
                  ok=False)
    assert refused.stderr == ("Error: date: '20.11.2026' is not a date; write it as "
                              "YYYY-MM-DD\n")
    assert db_rows(db_path, "SELECT id, name, held_on FROM workshops ORDER BY id") == [
        {"id": int(wid), "name": "Dated", "held_on": "2026-11-20"},
        {"id": int(plain), "name": "Plain", "held_on": date.today().isoformat()}]


def test_cli_details_shows_and_changes_them(run, db_path):
    wid = run("new", "Rail", "--playbook", "service-package", "--date", "2026-11-20",
              "--organisation", "Northline").stdout.split()[-1]
    shown = run("details", wid).stdout
    assert shown == ("Date: 2026-11-20\nHeadline: -\nOrganisation: Northline\n"
                     "Facilitator: -\n")
    changed = run("details", wid, "--date", "2026-11-27", "--headline", "Tickets first",
                  "--facilitator", "Fay").stdout
    assert changed == ("Date: 2026-11-27\nHeadline: Tickets first\nOrganisation: Northline\n"
                       "Facilitator: Fay\n")
    assert json.loads(run("details", wid, "--json").stdout) == {
        "held_on": "2026-11-27", "headline": "Tickets first", "organisation": "Northline",
        "facilitator": "Fay"}
    refused = run("details", wid, "--headline", "Lost?", "--date", "soon", ok=False)
    assert "'soon' is not a date" in refused.stderr
    assert db_rows(db_path, "SELECT held_on, headline FROM workshops") == [
        {"held_on": "2026-11-27", "headline": "Tickets first"}]
    shown = json.loads(run("show", wid, "--json").stdout)["workshop"]
    assert (shown["held_on"], shown["headline"]) == ("2026-11-27", "Tickets first")


def test_cli_details_speaks_the_users_language(run, monkeypatch):
    wid = run("new", "Rata", "--playbook", "service-package", "--lang", "fi",
              "--date", "2026-11-20").stdout.split()[-1]
    monkeypatch.setenv("SPRINTKIT_LANG", "fi")
    assert run("details", wid).stdout.splitlines()[0] == "Päivämäärä: 2026-11-20"


@pytest.fixture
def placed(run):
    wid = run("new", "Rail", "--playbook", "service-package").stdout.split()[-1]
    note = run("note", "add", wid, "enabling-services", "The app logs people out"
               ).stdout.split()[-1]
    item = run("initiative", "add", wid, "Stay signed in", "--note", note).stdout.split()[-1]
    run("roadmap", "set", wid, item, "--phase", "now")
    return wid, item


def test_cli_roadmap_set_takes_milestone_due_ask_and_part(run, db_path, placed):
    wid, item = placed
    run("roadmap", "set", wid, item, "--milestone", "Beta to 100 users", "--due", "2027-02-01",
        "--ask", "Decide on the login provider")
    data = json.loads(run("roadmap", "show", wid, "--json").stdout)["phases"]["now"][0]
    assert {k: data[k] for k in ("phase", "milestone", "milestone_due", "ask", "part",
                                 "effective_part")} == {
        "phase": "now", "milestone": "Beta to 100 users", "milestone_due": "2027-02-01",
        "ask": "Decide on the login provider", "part": None,
        "effective_part": "enabling-services"}
    run("roadmap", "set", wid, item, "--part", "core-service")
    summary = json.loads(run("show", wid, "--json").stdout)["roadmap"]["now"][0]
    assert {k: summary[k] for k in ("milestone", "milestone_due", "ask", "part")} == {
        "milestone": "Beta to 100 users", "milestone_due": "2027-02-01",
        "ask": "Decide on the login provider", "part": "core-service"}
    shown = run("roadmap", "show", wid).stdout
    assert "milestone: Beta to 100 users (2027-02-01)" in shown
    assert "ask: Decide on the login provider" in shown
    run("roadmap", "set", wid, item, "--part", "none", "--due", "none")
    assert db_rows(db_path, "SELECT phase, milestone, milestone_due, part FROM initiatives") == [
        {"phase": "now", "milestone": "Beta to 100 users", "milestone_due": None, "part": None}]


@pytest.mark.parametrize("args, message", [
    (("--due", "2027-02-29"), "Error: due: '2027-02-29' is not a date; write it as YYYY-MM-DD"),
    (("--part", "roadmap"), "Error: part: 'roadmap' is not a capture section of this "
                            "workshop's playbook (sections: core-service, enabling-services, "
                            "supporting-services)"),
])
def test_cli_roadmap_refusals_are_one_line_and_write_nothing(run, db_path, placed, args,
                                                             message):
    wid, item = placed
    before = db_rows(db_path, "SELECT * FROM initiatives")
    refused = run("roadmap", "set", wid, item, "--phase", "next", "--milestone", "Kept?",
                  *args, ok=False)
    assert refused.stderr.strip() == message
    assert db_rows(db_path, "SELECT * FROM initiatives") == before


# -------------------------------------------------------------- CSV export


def test_csv_has_milestone_due_ask_and_part_columns(service, package):
    item = _with_item(service, package.id)
    other = service.create_initiative(package.id, "Unplaced")
    service.set_roadmap(package.id, item.id, phase="now", milestone="=Pilot",
                        milestone_due="2027-01-15", ask="Two engineers")
    rows = list(csv.DictReader(io.StringIO(
        render(service.snapshot(package.id), "csv").decode("utf-8-sig"))))
    # The follow-up's status and latest reading come after these four.
    columns = list(rows[0])
    start = columns.index("milestone")
    assert columns[start:start + 4] == ["milestone", "due", "ask", "part"]
    assert {k: rows[0][k] for k in ("title", "milestone", "due", "ask", "part")} == {
        "title": "Card payments that work", "milestone": "'=Pilot", "due": "2027-01-15",
        "ask": "Two engineers", "part": "Enabling services"}
    assert (rows[1]["title"], rows[1]["due"], rows[1]["part"]) == (other.title, "", "")


# ---------------------------------------------------------------- migration


def test_an_older_database_gets_dates_from_creation_and_empty_fields(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("Older", mini_playbook, held_on="2030-01-01")
    note = service.add_note(ws.id, "business-needs", "Written before dates")
    item = service.create_initiative(ws.id, "Kept as it was", note_ids=[note.id])
    service.set_roadmap(ws.id, item.id, phase="now", owner="Ann")
    service.store.close()
    conn = sqlite3.connect(db_path)
    for table, column in (("workshops", "held_on"), ("workshops", "headline"),
                          ("initiatives", "milestone"), ("initiatives", "milestone_due"),
                          ("initiatives", "ask"), ("initiatives", "part")):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("UPDATE workshops SET created_at = '2025-06-30T23:10:00+00:00'")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_report_data'")
    conn.commit()
    conn.close()
    again = WorkshopService(Store(db_path))
    older = again.workshop(ws.id)
    assert (older.held_on, older.headline) == ("2025-06-30", "")
    kept = again.initiative(ws.id, item.id)
    assert (kept.title, kept.phase, kept.owner) == ("Kept as it was", "now", "Ann")
    assert (kept.milestone, kept.milestone_due, kept.ask, kept.part) == ("", None, "", None)
    assert [r["name"] for r in again.store.query("SELECT name FROM _sqlite_migrations")] == \
        KNOWN_MIGRATIONS
    assert again.store.query("SELECT count(*) AS n FROM workshops WHERE held_on IS NULL") == \
        [{"n": 0}]
    again.store.close()


# ------------------------------------------------------------------ archive


def test_the_archive_keeps_every_report_field(service, package):
    item = _with_item(service, package.id)
    service.update_workshop(package.id, headline="Cards first")
    service.set_roadmap(package.id, item.id, phase="now", milestone="Pilot",
                        milestone_due="2027-01-15", ask="Fund readers", part="core-service")
    text = archive.dumps(service.snapshot(package.id))
    new_id = archive.import_text(service, text)
    ws = service.workshop(new_id)
    assert (ws.held_on, ws.headline) == ("2026-11-20", "Cards first")
    copy = service.initiatives(new_id)[0]
    assert (copy.milestone, copy.milestone_due, copy.ask, copy.part) == (
        "Pilot", "2027-01-15", "Fund readers", "core-service")
    book = service.playbook(new_id)
    assert book.report.parts[0] == "core-service" and book.phases[2].months == (6, 18)


def test_an_archive_from_before_dates_is_dated_by_its_creation(service, package):
    data = json.loads(archive.dumps(service.snapshot(package.id)))
    del data["workshop"]["held_on"], data["workshop"]["headline"]
    data["workshop"]["created_at"] = "2025-03-04T08:00:00+00:00"
    del data["playbook"]["report"]
    new_id = archive.import_text(service, json.dumps(data))
    assert service.workshop(new_id).held_on == "2025-03-04"
    assert service.playbook(new_id).report.parts == []


@pytest.mark.parametrize("change, message", [
    (lambda d: d["workshop"].update(held_on="someday"),
     "x.json: workshop.held_on: 'someday' is not a date (YYYY-MM-DD)"),
    (lambda d: d["initiatives"][0].update(milestone_due="2027-02-30"),
     "milestone_due: '2027-02-30' is not a date"),
    (lambda d: d["initiatives"][0].update(part="roadmap"),
     "part 'roadmap' is not a capture section of the playbook"),
    (lambda d: d["playbook"]["phases"][0].update(months=[3, 1]),
     "months must be [start, end]"),
    (lambda d: d["playbook"]["report"].update(parts=["nowhere"]),
     "'nowhere' is not a capture section"),
])
def test_an_archive_with_bad_report_data_is_refused(service, package, change, message):
    _with_item(service, package.id)
    data = json.loads(archive.dumps(service.snapshot(package.id)))
    change(data)
    count = len(service.list_workshops())
    with pytest.raises(InvalidInput, match=None) as info:
        archive.import_text(service, json.dumps(data), "x.json")
    assert message in str(info.value)
    assert len(service.list_workshops()) == count
