"""Check-in rules a new user's trial found loose: one date rule for every
channel, latest reading vs progress, carry-over figures and marks, the
progress report without check-ins, and rough edges of the commands."""

from __future__ import annotations

from datetime import date

import pytest

from sprintkit.errors import InvalidInput
from sprintkit.service import ReadingInput
from tests.cli_support import cli_runner, db_rows

TODAY = date(2026, 12, 1)


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
    wid = last(run("new", "Rail sprint", "--playbook", "service-sprint", "--lang", "en",
                   "--facilitator", "Sam", "--date", "2026-06-01"))
    refunds = last(run("initiative", "add", wid, "Faster refunds"))
    run("roadmap", "set", wid, refunds, "--phase", "now", "--owner", "Ann",
        "--metric", "Days to refund", "--baseline", "21", "--target", "5", "--unit", "days")
    invoices = last(run("initiative", "add", wid, "Clear invoices"))
    run("roadmap", "set", wid, invoices, "--phase", "next", "--owner", "Bo",
        "--metric", "Complaints", "--target", "fewer")
    return wid


@pytest.fixture
def items(service, workshop):
    service.update_workshop(workshop.id, held_on="2026-06-01")
    refunds = service.create_initiative(workshop.id, "Faster refunds")
    service.set_roadmap(workshop.id, refunds.id, phase="now", owner="Ann",
                        metric="Days to refund", target="5", baseline="21", unit="days")
    words = service.create_initiative(workshop.id, "Clear invoices")
    service.set_roadmap(workshop.id, words.id, phase="next", owner="Zed", metric="Complaints",
                        target="fewer")
    return refunds.id, words.id


# --------------------------------------------- 1. nothing before the workshop


@pytest.mark.parametrize("which", [0, 1])
def test_a_reading_before_the_workshop_is_refused_like_a_status(service, workshop, items,
                                                                which):
    with pytest.raises(InvalidInput) as caught:
        service.add_reading(workshop.id, items[which], "14", on="2026-05-31", today=TODAY)
    assert caught.value.key == "check_in_before_workshop"
    assert caught.value.params == {"value": "2026-05-31", "held_on": "2026-06-01"}
    assert service.store.query("SELECT * FROM readings") == []
    # the workshop's own day is a check-in day
    assert service.add_reading(workshop.id, items[0], "14", on="2026-06-01",
                               today=TODAY).on_date == "2026-06-01"


def test_a_batch_names_the_rows_dated_before_the_workshop(service, workshop, items):
    batch = [ReadingInput(items[0], "14", "2026-06-02", row=2),
             ReadingInput(items[0], "15", "2026-01-15", row=3)]
    with pytest.raises(InvalidInput) as caught:
        service.add_readings(workshop.id, batch, file="bi.csv", today=TODAY)
    assert caught.value.params["rows"] == "3"
    assert service.store.query("SELECT * FROM readings") == []


def test_measure_add_and_import_refuse_a_date_before_the_workshop(run, sprint, db_path,
                                                                 tmp_path):
    result = run("measure", "add", sprint, "Faster refunds", "14", "--date", "2026-05-01",
                 ok=False)
    assert result.stderr.strip() == ("Error: date: 2026-05-01 is before the workshop "
                                     "(2026-06-01); a check-in comes after it")
    path = tmp_path / "bi.csv"
    path.write_text("initiative,date,value\nFaster refunds,2026-10-01,14\n"
                    "Faster refunds,1.5.2026,16\n", encoding="utf-8")
    result = run("measure", "import", sprint, path, ok=False)
    assert "row 3: " in result.stderr and "before the workshop" in result.stderr
    assert db_rows(db_path, "SELECT * FROM readings") == []
    result = run("status", sprint, "Faster refunds", "on-track", "--date", "2026-05-01",
                 ok=False)
    assert "before the workshop (2026-06-01)" in result.stderr


# ------------------------------- 2. latest reading of a metric that got numbers


def test_words_read_before_the_numbers_are_not_the_latest_reading(run, db_path):
    wid = last(run("new", "Switch", "--playbook", "service-sprint", "--lang", "en",
                   "--date", "2026-06-01"))
    item = last(run("initiative", "add", wid, "Share online"))
    run("roadmap", "set", wid, item, "--phase", "now", "--metric", "Share online",
        "--target", "most")
    run("measure", "add", wid, item, "about half", "--date", "2026-07-01")
    run("roadmap", "set", wid, item, "--baseline", "50", "--target", "90")
    run("measure", "add", wid, item, "60", "--date", "2026-06-20")
    shown = run("progress", wid).stdout
    assert "latest 60 (20 June 2026) · target 90 · 25 % of the way" in shown
    assert "about half" not in shown
    assert [r["text"] for r in db_rows(db_path, "SELECT text FROM readings ORDER BY id")] == \
        ["about half", ""]


# ------------------------------------------- 3. carry-over: history, not figures


@pytest.fixture
def carried(service, workshop, items, mini_playbook):
    """Two items carried into a sprint held on 1 Dec 2026, both placed on its Now."""
    service.set_status(workshop.id, items[0], "at-risk", on="2026-10-01", today=TODAY)
    service.set_status(workshop.id, items[0], "blocked", on="2026-11-01", today=TODAY)
    service.add_reading(workshop.id, items[0], "17", on="2026-11-01", today=TODAY)
    service.set_status(workshop.id, items[1], "on-track", on="2026-11-01", today=TODAY)
    created, moved = service.start_next_sprint("Second sprint", mini_playbook, workshop.id,
                                               held_on="2026-12-01")
    for item in moved:
        service.set_roadmap(created.id, item.id, phase="now")
    return created.id, [i.id for i in moved]


def test_carried_statuses_are_history_not_this_sprints_check_ins(service, carried):
    wid, (refunds, invoices) = carried
    view = service.follow_up(wid)
    assert view.check_ins == []
    # the history is there to see
    assert [(u.status, u.on_date) for u in view.item(refunds).statuses] == \
        [("at-risk", "2026-10-01"), ("blocked", "2026-11-01")]
    assert view.item(refunds).latest_reading.value == 17.0
    assert [(i.status, i.status_since) for i in view.items] == [("planned", None)] * 2
    figures = service.figures(wid, TODAY)
    assert (figures.kept.kept, figures.kept.total) == (0, 2)
    assert figures.escalate == []


def test_check_ins_of_the_new_sprint_count(service, carried):
    wid, (refunds, invoices) = carried
    service.set_status(wid, invoices, "on-track", on="2026-12-01", today=TODAY)
    service.set_status(wid, refunds, "at-risk", on="2026-12-01", today=TODAY)
    view = service.follow_up(wid)
    assert [c.on_date for c in view.check_ins] == ["2026-12-01"]
    figures = service.figures(wid, TODAY)
    assert (figures.kept.kept, figures.kept.total) == (1, 2)
    assert view.item(refunds).status == "at-risk"
    assert figures.escalate == []  # one troubled check-in of this sprint is not two


@pytest.fixture
def next_sprint(run, sprint):
    run("status", sprint, "Faster refunds", "at-risk", "--date", "2026-11-01")
    out = run("new", "Autumn <b>sprint</b>", "--playbook", "service-sprint", "--lang", "fi",
              "--carry-over", sprint, "--date", "2026-12-01")
    wid = last(out)
    run("initiative", "add", wid, "Fresh idea")
    return wid


def test_the_carried_mark_in_initiative_list_and_show(run, next_sprint):
    listed = run("initiative", "list", next_sprint, env={"SPRINTKIT_LANG": "sv"}).stdout
    rows = listed.splitlines()
    assert rows[0].endswith("Faster refunds  [-]  (överfört från Rail sprint)")
    assert rows[2].endswith("Fresh idea  [-]")
    run("roadmap", "set", next_sprint, "Faster refunds", "--phase", "now")
    shown = run("show", next_sprint).stdout
    assert "  Carried over from Rail sprint: 2" in shown
    assert "Faster refunds  owner: Ann  metric: Days to refund  (carried over from Rail " \
           "sprint)" in shown


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_marks_carried_initiatives_placed_or_not(run, next_sprint, tmp_path, fmt):
    run("roadmap", "set", next_sprint, "Faster refunds", "--phase", "now")
    path = tmp_path / f"report.{fmt}"
    run("export", next_sprint, "--format", fmt, "-o", path)
    text = path.read_text(encoding="utf-8")
    assert text.count("Siirretty työpajasta Rail sprint") == 2  # a placed and an unplaced one
    if fmt == "html":
        table = text[text.index('<table class="unplaced-table">'):]
        table = table[:table.index("</table>")]
        assert "Clear invoices" in table and "Siirretty työpajasta Rail sprint" in table


# ------------------------------------- 4. a progress report before any check-in


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Nothing to compare yet: no check-in has been held."),
    ("fi", "Ei vielä vertailtavaa: yhtään seurantakatsausta ei ole pidetty."),
    ("sv", "Inget att jämföra ännu: ingen uppföljning har hållits."),
])
@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_progress_report_with_no_check_in_has_nothing_to_compare(run, tmp_path, lang,
                                                                   words, fmt):
    wid = last(run("new", "Quiet", "--playbook", "service-sprint", "--lang", lang,
                   "--date", "2026-06-01"))
    item = last(run("initiative", "add", wid, "Faster refunds"))
    run("roadmap", "set", wid, item, "--phase", "now", "--owner", "Ann", "--metric", "Days")
    path = tmp_path / f"progress.{fmt}"
    run("export", wid, "--report", "progress", "--format", fmt, "-o", path)
    if fmt == "pdf":
        from pypdf import PdfReader
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)
    else:
        text = " ".join(path.read_text(encoding="utf-8").split())
    assert words in text
    nothing_changed = {"en": "Nothing changed at the last check-in",
                       "fi": "Viimeisimmässä seurantakatsauksessa mikään ei muuttunut",
                       "sv": "Ingenting ändrades vid den senaste uppföljningen"}[lang]
    assert nothing_changed not in text


def test_after_a_quiet_check_in_nothing_changed_is_still_said(run, sprint, tmp_path):
    run("status", sprint, "Faster refunds", "planned", "--date", "2026-07-01")
    path = tmp_path / "progress.md"
    run("export", sprint, "--report", "progress", "--format", "md", "-o", path)
    assert "Nothing changed at the last check-in." in path.read_text(encoding="utf-8")


# ------------------------------- 5. one name for each meaning of the figure

NAMES = {"en": ("Promises on course", "Promises kept"),
         "fi": ("Lupaukset aikataulussa", "Pidetyt lupaukset"),
         "sv": ("Löften enligt plan", "Hållna löften")}


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_the_figure_has_one_name_while_the_phase_runs_and_one_after(run, tmp_path, lang):
    running, final = NAMES[lang]
    today = date.today()
    for held, name, other in ((today.replace(day=1).isoformat(), running, final),
                              ("2025-01-06", final, running)):
        wid = last(run("new", f"Sprint {held}", "--playbook", "service-sprint", "--lang", lang,
                       "--date", held))
        item = last(run("initiative", "add", wid, "Faster refunds"))
        run("roadmap", "set", wid, item, "--phase", "now", "--owner", "Ann", "--metric", "Days")
        run("status", wid, item, "on-track", "--date", held)
        shown = run("progress", wid, env={"SPRINTKIT_LANG": lang}).stdout
        assert f"{name}: " in shown and other not in shown
        path = tmp_path / f"{wid}.md"
        run("export", wid, "--report", "progress", "--format", "md", "-o", path)
        text = path.read_text(encoding="utf-8")
        assert f"## {name}\n" in text and other not in text


async def test_the_follow_up_view_names_the_running_figure(db, svc):
    from test_swedish_screens import screen_lines

    from sprintkit.playbooks import find_playbook
    from sprintkit.tui.app import SprintkitApp
    from sprintkit.tui.screens.followup import FollowUpScreen

    held = date.today().replace(day=1).isoformat()
    ws = svc.create_workshop("Running", find_playbook("service-sprint", "en"), held_on=held)
    for title, status in (("Faster refunds", "on-track"), ("Clear invoices", "at-risk")):
        item = svc.create_initiative(ws.id, title)
        svc.set_roadmap(ws.id, item.id, phase="now", owner="Ann", metric="Days")
        svc.set_status(ws.id, item.id, status, on=held)
    app = SprintkitApp(db, ws.id, service=svc)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        text = "\n".join(screen_lines(app.export_screenshot()))
        assert "Promises on course: 1 of 2 items in the first phase" in text
        assert "Promises kept" not in text


# -------------------------------------------------------- 6. command rough edges


@pytest.fixture
def nps(run, sprint):
    run("roadmap", "set", sprint, "Clear invoices", "--metric", "NPS", "--baseline", "-10",
        "--target", "20")
    return sprint


def test_a_negative_reading_needs_no_double_dash(run, nps, db_path):
    out = run("measure", "add", nps, "Clear invoices", "-5", "--date", "2026-07-01",
              "--note", "after the pilot")
    assert "Clear invoices: reading -5 (1 July 2026)" in out.stderr
    run("measure", "add", nps, "Clear invoices", "-3,5", "--date", "2026-07-02")
    assert db_rows(db_path, "SELECT value, on_date, note FROM readings ORDER BY id") == [
        {"value": -5.0, "on_date": "2026-07-01", "note": "after the pilot"},
        {"value": -3.5, "on_date": "2026-07-02", "note": ""}]
    # an option that does not exist is still refused (a usage error, exit 2)
    refused = cli_runner(db_path, one_line_refusals=False)(
        "measure", "add", nps, "Clear invoices", "4", "--nope", ok=False)
    assert (refused.exit_code, "--nope" in refused.stderr) == (2, True)
    assert len(db_rows(db_path, "SELECT id FROM readings")) == 2


@pytest.mark.parametrize("typed", ["90%", "90 %", "90,5 %"])
def test_a_target_typed_with_its_unit_sign_is_taken(run, sprint, db_path, typed):
    run("roadmap", "set", sprint, "Clear invoices", "--metric", "Share online", "--baseline",
        "50%", "--target", typed, "--unit", "%")
    number = typed.replace(" ", "").rstrip("%")
    assert db_rows(db_path, "SELECT baseline, target, target_value, unit FROM initiatives "
                            "WHERE title = 'Clear invoices'") == [
        {"baseline": 50.0, "target": number, "target_value": float(number.replace(",", ".")),
         "unit": "%"}]


@pytest.mark.parametrize(("args", "words"), [
    (["--baseline", "50", "--target", "90%"],
     "Error: target: '90%' has a unit in it; give the number alone and the unit with --unit %"),
    (["--baseline", "50", "--target", "90 €", "--unit", "%"],
     "Error: target: '90 €' has a unit in it; give the number alone and the unit with --unit €"),
    (["--baseline", "10 pts", "--target", "90"],
     "Error: baseline: '10 pts' has a unit in it; give the number alone and the unit with "
     "--unit pts"),
])
def test_a_number_with_another_unit_says_where_the_unit_goes(run, sprint, db_path, args,
                                                             words):
    before = db_rows(db_path, "SELECT * FROM initiatives")
    result = run("roadmap", "set", sprint, "Clear invoices", *args, ok=False)
    assert result.stderr.strip() == words
    assert db_rows(db_path, "SELECT * FROM initiatives") == before


def test_numbers_for_a_metric_with_no_name_are_refused(run, sprint, db_path):
    item = last(run("initiative", "add", sprint, "Unnamed"))
    result = run("roadmap", "set", sprint, item, "--phase", "now", "--baseline", "3",
                 "--target", "5", ok=False)
    assert result.stderr.strip() == ("Error: a metric with a baseline and target needs a "
                                     "name: give it with --metric")
    assert db_rows(db_path, f"SELECT phase, baseline FROM initiatives WHERE id = {item}") == \
        [{"phase": None, "baseline": None}]
    run("roadmap", "set", sprint, item, "--phase", "now", "--metric", "Stars", "--baseline",
        "3", "--target", "5")
    result = run("roadmap", "set", sprint, item, "--metric", "", ok=False)
    assert "needs a name" in result.stderr


def test_the_progress_report_has_no_full_form(run, sprint, tmp_path):
    path = tmp_path / "p.pdf"
    result = run("export", sprint, "--report", "progress", "--full", "-o", path, ok=False)
    assert result.stderr.strip() == ("Error: --full is for the roadmap report; the progress "
                                     "report has only its short form (leave out --full)")
    assert not path.exists()


async def test_the_roadmap_form_takes_the_unit_with_the_number(db, svc):
    from test_tui_metric import SIZE, _fill, _numbers, _open_form, _placed

    from sprintkit.tui.app import SprintkitApp
    from sprintkit.tui.widgets import FormScreen

    wid, iid = _placed(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open_form(pilot)
        await _fill(pilot, baseline="62 %", target="75%", unit="%")
        assert not isinstance(app.screen, FormScreen)
        assert _numbers(svc, wid, iid) == (62.0, "75", 75.0, "%", False)
        await _open_form(pilot)
        await _fill(pilot, target="80 €")
        assert isinstance(app.screen, FormScreen)
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "The target '80 €' has a unit in it: write the number alone and put € in the " \
               "Unit field." in shown
        assert _numbers(svc, wid, iid) == (62.0, "75", 75.0, "%", False)
