"""What a trial of the command line found: refusals in the user's language,
dates that would break the calendar, hostile titles, mis-decoded files,
readings imported twice, and lines that told the wrong story."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import openpyxl
import pytest
from click.testing import CliRunner

from sprintkit.calendar import add_months, phase_window
from sprintkit.cli import cli
from sprintkit.models import Phase
from sprintkit.store import Store
from sprintkit.tabular import TableError, read_table

_LOCALE_VARIABLES = ("SPRINTKIT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args, ok=True, lang=None):
        env: dict[str, str | None] = dict.fromkeys(_LOCALE_VARIABLES)
        env["SPRINTKIT_LANG"] = lang
        result = runner.invoke(cli, ["--db", str(db_path), *map(str, args)], env=env)
        assert "Traceback" not in result.output
        if ok:
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code == 1, result.output
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return result

    return invoke


def query(db_path, sql, params=()):
    store = Store(db_path)
    try:
        return store.query(sql, list(params))
    finally:
        store.close()


def last(result) -> str:
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def sprint(run):
    wid = last(run("new", "Rata", "--playbook", "service-sprint", "--lang", "en",
                   "--date", "2026-06-01"))
    item = last(run("initiative", "add", wid, "Faster refunds"))
    run("roadmap", "set", wid, item, "--phase", "now", "--owner", "Ann",
        "--metric", "Days to refund", "--baseline", "21", "--target", "5")
    return wid, item


# ------------------------------------------- a. refusals in the user's language

@pytest.mark.parametrize(("args", "fi", "sv"), [
    (["--baseline", "62", "--target", "75", "--lower-is-better"],
     "pienempi on parempi, mutta tavoite 75 on lähtötasoa suurempi",
     "lägre är bättre, men målet 75 ligger över utgångsläget"),
    (["--baseline", "62", "--target", "62"],
     "tavoite 62 on sama kuin lähtötaso: edistymistä ei voi mitata",
     "målet 62 är detsamma som utgångsläget: framsteg kan inte mätas"),
    (["--baseline", "sixty", "--target", "75"],
     "lähtötaso: 'sixty' ei ole luku (desimaalit pisteellä tai pilkulla)",
     "utgångsläge: 'sixty' är inte ett tal (decimaler med punkt eller komma)"),
    (["--due", "2027-02-30"],
     "määräpäivä: '2027-02-30' ei ole päivämäärä; kirjoita se muodossa VVVV-KK-PP",
     "senast: '2027-02-30' är inget datum; skriv det som ÅÅÅÅ-MM-DD"),
    (["--part", "roadmap"],
     "osa: 'roadmap' ei ole tämän työpajan toimintamallin keruuvaihe (keruuvaiheet: "
     "business-needs, customer-views, staff-tools, stakeholders)",
     "del: 'roadmap' är inget insamlingssteg i workshoppens arbetsmodell (stegen: "
     "business-needs, customer-views, staff-tools, stakeholders)"),
    (["--phase", "someday"], "vaihetta 'someday' ei ole (vaiheet: now, next, later)",
     "ingen fas 'someday' (faser: now, next, later)"),
])
def test_roadmap_refusals_in_finnish_and_swedish(run, sprint, db_path, args, fi, sv):
    wid, item = sprint
    before = query(db_path, "SELECT * FROM initiatives")
    assert run("roadmap", "set", wid, item, *args, ok=False, lang="fi").stderr == \
        f"Virhe: {fi}\n"
    assert run("roadmap", "set", wid, item, *args, ok=False, lang="sv").stderr == \
        f"Fel: {sv}\n"
    assert query(db_path, "SELECT * FROM initiatives") == before


def test_workshop_date_refusals_in_finnish(run, sprint):
    wid, _ = sprint
    assert run("new", "X", "--playbook", "service-sprint", "--date", "1.12.2026", ok=False,
               lang="fi").stderr == \
        "Virhe: päivämäärä: '1.12.2026' ei ole päivämäärä; kirjoita se muodossa VVVV-KK-PP\n"
    assert run("details", wid, "--date", "soon", ok=False, lang="sv").stderr == \
        "Fel: datum: 'soon' är inget datum; skriv det som ÅÅÅÅ-MM-DD\n"


def test_progress_in_finnish(run, sprint):
    wid, _ = sprint
    loose = last(run("initiative", "add", wid, "Clear invoices"))
    run("roadmap", "set", wid, loose, "--phase", "next")
    run("status", wid, "Faster refunds", "on-track", "--date", "2026-07-01")
    out = run("progress", wid, lang="fi").stdout
    assert "Faster refunds  (Ann)\n        Aikataulussa" in out
    assert "Clear invoices  (ei vastuuhenkilöä)\n        Suunniteltu" in out
    assert "(ei vastuuhenkilöä): 1 kohteesta 1 kesken" in out
    assert "(-)" not in out and "no owner" not in out


# ----------------------------------------------- b. dates the calendar lacks

def test_a_workshop_date_past_the_calendar_is_refused(run, db_path):
    run("list")
    for day in ("9999-12-31", "1899-12-31", "2201-01-01"):
        result = run("new", "F", "--playbook", "service-sprint", "--date", day, ok=False)
        assert result.stderr == f"Error: date: {day} is not in a year from 1900 to 2200\n"
    assert query(db_path, "SELECT * FROM workshops") == []
    wid = last(run("new", "F", "--playbook", "service-sprint", "--date", "2200-12-31"))
    assert run("details", wid, "--date", "9999-12-31", ok=False).stderr == \
        "Error: date: 9999-12-31 is not in a year from 1900 to 2200\n"
    assert query(db_path, "SELECT held_on FROM workshops") == [{"held_on": "2200-12-31"}]


def test_the_calendar_stops_at_its_ends_instead_of_raising(run, db_path):
    assert add_months(date(9999, 12, 31), 3) == date.max
    assert add_months(date(1, 1, 1), -1) == date.min
    assert phase_window(date(9999, 11, 30), Phase(id="later", title="Later", horizon="",
                                                  months=(6, 12))) == (date.max, date.max)
    # a date stored before the range was checked still shows its progress
    wid = last(run("new", "F", "--playbook", "service-sprint"))
    store = Store(db_path)
    store.conn.execute("UPDATE workshops SET held_on = '9999-12-31'")
    store.conn.commit()
    store.close()
    assert "No roadmap items yet" in run("progress", wid).stdout


# ------------------------------------------------------- c. a hostile title

def test_a_title_cleaned_of_control_characters_is_no_rename(run, db_path):
    wid = last(run("new", "F", "--playbook", "service-sprint"))
    hostile = "X \x1b]0;pwned\x07 \x1b[2J"
    first = run("initiative", "add", wid, hostile, lang="fi")
    assert first.stderr == ""
    second = run("initiative", "add", wid, hostile, lang="fi")
    assert second.stderr == \
        "Huom.: kehityskohde 'X ]0;pwned [2J' on jo olemassa; tämän nimi on 'X ]0;pwned [2J (2)'\n"
    note = last(run("note", "add", wid, "business-needs", "Refunds take weeks"))
    run("initiative", "group", wid, last(first), note)
    split = run("initiative", "split", wid, last(first), "\x1b[31mRed\x1b[0m", "--note", note)
    assert split.stderr == ""
    assert [r["title"] for r in query(db_path, "SELECT title FROM initiatives ORDER BY id")] \
        == ["X ]0;pwned [2J", "X ]0;pwned [2J (2)", "[31mRed[0m"]


# ---------------------------------------------------- d. the tabular reader

def test_one_stray_windows_byte_in_utf8_is_refused_naming_its_row(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("Palaute;Arvosana\nÄänestys oli helppoa;5\n".encode() +
                     "Jonotus kesti liian kauan;2\nKäyttö sujui;4\n".encode("cp1252"))
    with pytest.raises(TableError) as refused:
        read_table(path)
    assert refused.value.key == "table_mixed_encoding"
    assert refused.value.params == {"file": str(path), "row": 4}
    assert str(refused.value).startswith(f"{path}:4: row 4 is not UTF-8 text")


def test_plain_windows_text_is_still_read_as_windows_1252(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("Palaute;Arvosana\nÄänestys oli helppoa;5\n".encode("cp1252"))
    table = read_table(path)
    assert (table.encoding, table.rows[0].values["Palaute"]) == \
        ("cp1252", "Äänestys oli helppoa")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "wide.csv"
    path.write_bytes("Palaute\tArvosana\nÄänestys oli helppoa\t5\n".encode(encoding))
    table = read_table(path)
    assert table.encoding == encoding
    assert table.rows[0].values == {"Palaute": "Äänestys oli helppoa", "Arvosana": "5"}


def test_a_formula_without_a_saved_value_is_refused(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["initiative", "date", "value"])
    sheet.append(["Faster refunds", "2026-10-01", 14])
    sheet.append(["Faster refunds", "2026-11-01", "=C2-2"])  # openpyxl saves no value
    path = tmp_path / "bi.xlsx"
    book.save(path)
    with pytest.raises(TableError) as refused:
        read_table(path)
    assert refused.value.key == "table_formula"
    assert refused.value.params == {"file": str(path), "row": 3, "column": "value"}


def test_a_formula_with_its_saved_value_is_read(tmp_path):
    # A spreadsheet saves the value beside the formula; only that is read.
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["value"])
    book.active.append([12])
    book.save(buffer)
    path = tmp_path / "plain.xlsx"
    path.write_bytes(buffer.getvalue())
    assert read_table(path).rows[0].values == {"value": "12"}


# ---------------------------------------------------------- e. measure import

def test_measure_import_reads_a_finnish_note_column_and_names_the_ignored(run, sprint,
                                                                          db_path, tmp_path):
    wid, _ = sprint
    path = tmp_path / "bi.csv"
    path.write_text("Kohde;Pvm;Arvo;Huomio;Lähde\nFaster refunds;1.10.2026;17,5;pilotti;BI\n",
                    encoding="utf-8")
    result = run("measure", "import", wid, path, lang="fi")
    assert "Huom.: saraketta 'Lähde' ei luettu\n" in result.stderr
    assert "Huomio" not in result.stderr
    assert query(db_path, "SELECT value, note FROM readings") == [
        {"value": 17.5, "note": "pilotti"}]


@pytest.mark.parametrize("header", ["Kommentti", "Selite", "Anmärkning", "Kommentar",
                                    "Comment", "Note"])
def test_measure_import_knows_each_note_header(run, sprint, db_path, tmp_path, header):
    wid, _ = sprint
    path = tmp_path / "bi.csv"
    path.write_text(f"initiative,date,value,{header}\nFaster refunds,2026-10-01,17,seen\n",
                    encoding="utf-8")
    assert "ignored" not in run("measure", "import", wid, path).stderr
    assert query(db_path, "SELECT note FROM readings") == [{"note": "seen"}]


def test_importing_the_same_readings_again_adds_only_the_new_ones(run, sprint, db_path,
                                                                  tmp_path):
    wid, _ = sprint
    path = tmp_path / "bi.csv"
    path.write_text("initiative,date,value\nFaster refunds,2026-10-01,17\n"
                    "Faster refunds,2026-11-01,14\n", encoding="utf-8")
    run("measure", "import", wid, path)
    path.write_text("initiative,date,value\nFaster refunds,2026-10-01,17\n"
                    "Faster refunds,2026-11-01,14\nFaster refunds,2026-11-15,12\n"
                    "Faster refunds,2026-11-15,12\n", encoding="utf-8")
    again = run("measure", "import", wid, path)
    assert "Note: 3 readings already recorded, not added again (rows 2, 3, 5)" in again.stderr
    assert "Imported 1 reading from" in again.stderr
    assert len(again.stdout.strip().splitlines()) == 1
    third = run("measure", "import", wid, path)
    assert "Imported 0 readings from" in third.stderr
    assert [(r["on_date"], r["value"]) for r in query(
        db_path, "SELECT on_date, value FROM readings ORDER BY on_date")] == [
        ("2026-10-01", 17.0), ("2026-11-01", 14.0), ("2026-11-15", 12.0)]


# ------------------------------------------------ f. lines that told a wrong story

def test_carry_over_from_a_workshop_without_a_roadmap_says_so(run):
    wid = last(run("new", "Empty", "--playbook", "service-sprint"))
    result = run("new", "Next", "--playbook", "service-sprint", "--carry-over", wid)
    assert "Nothing to carry over: 'Empty' has no roadmap yet." in result.stderr
    assert "done or dropped" not in result.stderr


def test_evidence_refusals_name_what_is_missing(run, tmp_path):
    wid = last(run("new", "F", "--playbook", "service-sprint"))
    path = tmp_path / "feedback.csv"
    path.write_text("comment\nThe queue was far too long\n", encoding="utf-8")
    run("evidence", "import", wid, path, "--section", "customer-views")
    assert run("evidence", "accept", wid, "999", ok=False).stderr == \
        "Error: no note '999' in this workshop\n"
    assert run("evidence", "accept", wid, "999", ok=False, lang="fi").stderr.startswith(
        "Virhe: ")
    assert run("evidence", "list", wid, "--section", "nosuch", ok=False).stderr.startswith(
        "Error: no section 'nosuch' in this workshop (sections: ")
    assert run("evidence", "accept", wid, "--all", "--section", "nosuch",
               ok=False).stderr.startswith("Error: no section 'nosuch'")
    assert "queue" in run("evidence", "list", wid, "--section", "customer-views").stdout
    # the customers' voice is no voice of the room
    voices = run("voices", wid).stdout
    assert voices.endswith("No one in the room has written a note yet.\n")
    assert "Every role has been heard" not in voices
    run("note", "add", wid, "business-needs", "Win back commuters")
    assert run("voices", wid).stdout.endswith("Every role has been heard.\n")


# --------------------------------------------------------- g. check-in dates

def test_a_check_in_before_the_workshop_is_refused(run, sprint, db_path):
    wid, _ = sprint
    assert run("status", wid, "Faster refunds", "on-track", "--date", "2020-01-01",
               ok=False).stderr == ("Error: date: 2020-01-01 is before the workshop "
                                    "(2026-06-01); a check-in comes after it\n")
    assert run("status", wid, "Faster refunds", "on-track", "--date", "2026-07-01",
               "--next", "Pilot", "--due", "2026-06-30", ok=False, lang="fi").stderr == \
        "Virhe: määräpäivä: 2026-06-30 on ennen seurantakatsauksen päivää (2026-07-01)\n"
    assert query(db_path, "SELECT * FROM status_updates") == []
    run("status", wid, "Faster refunds", "on-track", "--date", "2026-06-01",
        "--next", "Pilot", "--due", "2026-06-01")
    assert len(query(db_path, "SELECT * FROM status_updates")) == 1


def test_progress_marks_an_overdue_next_step(run, sprint):
    wid, _ = sprint
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    run("status", wid, "Faster refunds", "at-risk", "--date", "2026-07-01",
        "--next", "Pilot", "--due", yesterday)
    out = run("progress", wid).stdout
    assert "next: Pilot, overdue since " in out
    data = json.loads(run("progress", wid, "--json").stdout)
    assert data["items"][0]["next_step"]["overdue"] is True
    run("status", wid, "Faster refunds", "done")
    assert "overdue" not in run("progress", wid).stdout  # a finished item is past it


def test_progress_shows_when_a_next_step_is_due(run, sprint):
    wid, _ = sprint
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    run("status", wid, "Faster refunds", "on-track", "--next", "Roll out", "--due", tomorrow)
    out = run("progress", wid).stdout
    assert "next: Roll out, due " in out and "overdue" not in out
