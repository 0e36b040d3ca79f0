"""The followed-up demo: the same sprint months later, with three check-ins.

Its rows are checked in the database (statuses with their history, readings,
next steps), its figures through ``progress.figures`` (what is flagged), its
dates against the workshop's and today, and the commands a new facilitator
would try on it (``progress``, the progress report as PDF)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import BytesIO

import pytest
from cli_support import cli_runner, db_rows
from pypdf import PdfReader

from sprintkit import progress
from sprintkit.demo import TEXTS, build_demo
from sprintkit.demo_followup import (
    CHECK_INS,
    HELD_DAYS_AGO,
    build_followed_up_demo,
    follow_up_text,
)
from sprintkit.models import Initiative, StatusUpdate

LANGUAGES = ("en", "fi", "sv")
TODAY = date.today()


def _by_key(service, wid, language):
    keys = {TEXTS[language]["initiatives"][k][0]: k for k in TEXTS[language]["initiatives"]}
    return {keys[i.title]: i for i in service.initiatives(wid)}


def _rows(service, sql, wid):
    return service.store.query(sql, [wid])


@pytest.mark.parametrize("language", LANGUAGES)
def test_statuses_keep_their_history_in_the_workshops_language(service, language):
    wid = build_followed_up_demo(service, language=language)
    items = _by_key(service, wid, language)
    words = follow_up_text(language)
    rows = _rows(service, "SELECT initiative_id, status, comment, next_step, on_date, source "
                          "FROM status_updates WHERE workshop_id = ? ORDER BY on_date, id", wid)
    history = {key: [r["status"] for r in rows if r["initiative_id"] == item.id]
               for key, item in items.items()}
    assert history["connections"] == ["on-track", "at-risk", "blocked"]
    assert history["alerts"] == ["on-track", "done"]
    assert history["frontline"] == ["on-track", "on-track", "done"]
    assert history["measure"] == ["on-track", "at-risk", "on-track"]
    assert history["one-view"] == ["planned", "planned"]
    # The two initiatives left off the roadmap at the workshop stay without check-ins.
    assert history["rebuy"] == history["employer"] == []
    assert {r["on_date"] for r in rows} == {
        (TODAY - timedelta(days=HELD_DAYS_AGO - d)).isoformat() for d in (35, 66, 98)}
    blocked = next(r for r in rows if r["status"] == "blocked")
    assert blocked["comment"] == words["comments"]["connections.3"]
    assert blocked["next_step"] == words["next_steps"]["connections.3"]
    # Owners updated their own items from their phones after the first check-in.
    assert {r["source"] for r in rows} == {"local", "phone"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_metrics_are_measurable_and_readings_move(service, language):
    wid = build_followed_up_demo(service, language=language)
    items = _by_key(service, wid, language)
    frontline, one_view = items["frontline"], items["one-view"]
    assert (frontline.baseline, frontline.target_value, frontline.unit) == (62, 75, "%")
    assert not frontline.lower_is_better
    assert (one_view.baseline, one_view.target_value, one_view.lower_is_better) == (24, 10, True)
    assert one_view.metric == TEXTS[language]["metrics"]["one-view"][0]
    assert items["connections"].baseline is None  # its target has no figure: read in words
    readings = _rows(service, "SELECT initiative_id, value, text FROM readings "
                              "WHERE workshop_id = ? ORDER BY on_date, id", wid)

    def values(key: str) -> list[float | None]:
        return [r["value"] for r in readings if r["initiative_id"] == items[key].id]

    assert values("frontline") == [64, 68, 72]
    assert values("assist") == [85, 91, 89]  # a step back at the last check-in
    assert values("one-view") == [25, 23]
    words = [r["text"] for r in readings if r["initiative_id"] == items["connections"].id]
    assert words == [follow_up_text(language)["readings"][f"connections.{n}"]
                     for n in (1, 2, 3)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_flag_the_stuck_and_the_overdue_item(service, language):
    wid = build_followed_up_demo(service, language=language)
    items = _by_key(service, wid, language)
    figures = service.figures(wid)
    assert {i: figures.flagged(items[i].id) for i in items if figures.flagged(items[i].id)} == {
        "connections": (progress.STUCK,), "measure": (progress.OVERDUE,)}
    # Alerts were done inside the first phase, front-line freedom only after it.
    assert (figures.kept.kept, figures.kept.total, figures.kept.final) == (1, 3, True)
    assert figures.progress[items["alerts"].id].met
    assert figures.progress[items["refunds"].id].percent == 22
    toward = figures.progress[items["one-view"].id]  # lower is better: 24 -> 23 of 10
    assert toward.lower_is_better and toward.percent == 7
    assert len(service.follow_up(wid).check_ins) == 3


def test_every_date_lies_between_the_workshop_and_today(service):
    wid = build_followed_up_demo(service, language="fi")
    held_on = service.workshop(wid).held_on
    assert held_on == (TODAY - timedelta(days=HELD_DAYS_AGO)).isoformat()
    statuses = _rows(service, "SELECT on_date FROM status_updates WHERE workshop_id = ?", wid)
    readings = _rows(service, "SELECT on_date FROM readings WHERE workshop_id = ?", wid)
    assert (len(statuses), len(readings)) == (19, 18)
    days = [r["on_date"] for r in statuses + readings]
    assert all(held_on <= day <= TODAY.isoformat() for day in days)
    dues = [r["next_due"] for r in service.store.query(
        "SELECT on_date, next_due FROM status_updates WHERE workshop_id = ? AND next_due "
        "IS NOT NULL", [wid])]
    assert dues and all(due > held_on for due in dues)


def test_the_first_phase_is_over_and_the_second_runs(service):
    wid = build_followed_up_demo(service)
    view = service.follow_up(wid)
    now_ends = view.phase_windows["now"][1]
    next_ends = view.phase_windows["next"][1]
    last = date.fromisoformat(view.check_ins[-1].on_date)
    assert now_ends < last <= TODAY < next_ends


def test_a_fixed_day_gives_the_same_story(service):
    day = date(2026, 3, 1)
    wid = build_followed_up_demo(service, language="sv", today=day)
    assert service.workshop(wid).held_on == "2025-11-01"
    assert service.follow_up(wid).check_ins[-1].on_date == "2026-02-07"
    assert [e.initiative_id for e in service.figures(wid, day).escalate]


def test_a_done_item_shows_no_step_planned_before_it_was_done(service):
    wid = build_followed_up_demo(service)
    view = service.follow_up(wid)
    items = _by_key(service, wid, "en")
    # Alerts got a next step at the first check-in and were done at the second.
    assert view.item(items["alerts"].id).next_step is None
    assert view.item(items["measure"].id).next_step is not None


def _update(n: int, status: str | None, step: str = "", on: str = "2026-03-01") -> StatusUpdate:
    return StatusUpdate(id=n, workshop_id=1, initiative_id=1, status=status, comment="",
                        next_step=step, next_due=None, on_date=on, by_name="", participant_id=None,
                        source="local", created_at="")


def test_a_step_given_with_the_closing_update_stays():
    item = Initiative(id=1, workshop_id=1, title="X", phase="now", created_at="")
    milestone = progress.NextStep(text="First milestone")
    closed_plain = progress.follow_up_item(item, [_update(1, "on-track", "Pilot"),
                                                  _update(2, "done", on="2026-04-01")], [],
                                           milestone=milestone)
    assert closed_plain.next_step is None
    assert progress.follow_up_item(item, [_update(1, "dropped")], [],
                                   milestone=milestone).next_step is None
    closing = progress.follow_up_item(item, [_update(1, "on-track", "Pilot"),
                                             _update(2, "done", "Hand over")], [])
    assert closing.next_step is not None and closing.next_step.text == "Hand over"
    later = progress.follow_up_item(item, [_update(1, "done"),
                                           _update(2, None, "Tell the board", on="2026-04-01")],
                                    [])
    assert later.next_step is not None and later.next_step.text == "Tell the board"
    running = progress.follow_up_item(item, [_update(1, "on-track", "Pilot"),
                                             _update(2, "at-risk")], [])
    assert running.next_step is not None and running.next_step.text == "Pilot"


def test_every_language_tells_the_same_follow_up():
    english = follow_up_text("en")
    for language in LANGUAGES:
        words = follow_up_text(language)
        assert {part: set(words[part]) for part in words} == \
            {part: set(english[part]) for part in english}, language
    wanted = {f"{key}.{n}" for key, updates in CHECK_INS.items()
              for n, update in enumerate(updates, start=1) if update and update.comment}
    assert set(english["comments"]) == wanted


def test_the_normal_demo_has_no_check_ins(service):
    wid = build_demo(service)
    assert service.follow_up(wid).check_ins == []
    assert service.workshop(wid).held_on == (TODAY - timedelta(days=14)).isoformat()


# --------------------------------------------------------------- commands


def test_demo_followed_up_then_progress_from_the_command_line(tmp_path):
    run = cli_runner(tmp_path / "d.db")
    built = run("demo", "--followed-up", "--lang", "fi")
    wid = built.stdout.strip().splitlines()[-1]
    assert wid.isdigit()
    shown = run("progress", wid, env={"SPRINTKIT_LANG": "fi"}).stdout
    assert "Jumissa" in shown and "Valmis" in shown
    assert "3 seurantakatsausta" in shown
    assert "Pidetyt lupaukset: vaiheen Nyt – nopeat kokeilut 3 kohteesta 1" in shown
    data = json.loads(run("progress", wid, "--json").stdout)
    flagged = {i["title"]: i["flags"] for i in data["items"] if i["flags"]}
    assert flagged == {"Liityntäbussi odottaa myöhässä olevaa junaa": ["stuck"],
                       "Koko asiakaspolku mittariin, ei vain junamatka": ["overdue"]}


def test_the_progress_report_of_the_followed_up_demo_as_pdf(tmp_path):
    run = cli_runner(tmp_path / "d.db")
    wid = run("demo", "--followed-up", "--lang", "sv").stdout.strip().splitlines()[-1]
    out = tmp_path / "progress.pdf"
    run("export", wid, "--report", "progress", "--format", "pdf", "-o", out)
    reader = PdfReader(BytesIO(out.read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert 1 <= len(reader.pages) <= 3
    assert "Anslutningsbussen väntar på ett försenat tåg" in text
    assert "Anslutningsbussen väntar på ett försenat tåg Blockerad · Linda Forsman" in text
    assert "38 missade byten" in text and "44 missade byten" in text  # what moved


def test_followed_up_and_large_do_not_mix(tmp_path):
    run = cli_runner(tmp_path / "d.db", one_line_refusals=False)
    refused = run("demo", "--followed-up", "--large", ok=False)
    assert refused.exit_code == 2
    assert "--followed-up" in refused.stderr and "Traceback" not in refused.stderr
    if (tmp_path / "d.db").exists():
        assert db_rows(tmp_path / "d.db", "SELECT id FROM workshops") == []
