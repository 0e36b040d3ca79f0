"""The rules users tripped over, made to agree with the words: ballots that
changed meanwhile, lowered budgets at close, merges, duplicate titles, group
scores, a history that says what changed, and where exports go."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sprintkit.cli import cli
from sprintkit.errors import BallotChanged, InvalidInput, VoteRejected
from sprintkit.models import Event
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui.history import event_words
from sprintkit.tui.labels import set_language


@pytest.fixture
def items(service, workshop):
    a = service.create_initiative(workshop.id, "Fast refunds")
    b = service.create_initiative(workshop.id, "Clear timetables")
    c = service.create_initiative(workshop.id, "Friendly staff")
    return a, b, c


# ------------------------------------------------------------------ ballots


def test_a_ballot_refuses_when_the_stored_dots_changed_meanwhile(service, workshop, items):
    a, b, _ = items
    service.open_round(workshop.id, dots=5, max_per_item=3)
    started_from = service.dots_of(service.current_round(workshop.id).id,
                                   service.participant(workshop.id, "Ann").id)
    assert started_from == {}
    # Ann's phone (here the service, as the CLI would) votes while the ballot is open.
    service.vote(workshop.id, "Ann", a.id, dots=3)
    with pytest.raises(BallotChanged) as caught:
        service.set_allocation(workshop.id, "Ann", {b.id: 3}, expected=started_from)
    assert caught.value.key == "ballot_changed"
    assert caught.value.params["current"] == {a.id: 3}
    rnd = service.current_round(workshop.id)
    # The phone's dots stay; the ballot's were not written.
    assert service.dots_of(rnd.id, service.participant(workshop.id, "Ann").id) == {a.id: 3}
    # Asked again from the state now stored, the ballot is accepted.
    saved = service.set_allocation(workshop.id, "Ann", {a.id: 3, b.id: 2},
                                   expected={a.id: 3})
    assert saved == {a.id: 3, b.id: 2}


def test_a_ballot_without_a_starting_point_still_replaces(service, workshop, items):
    a, b, _ = items
    service.open_round(workshop.id, dots=5, max_per_item=3)
    service.vote(workshop.id, "Ann", a.id, dots=3)
    assert service.set_allocation(workshop.id, "Ann", {b.id: 2}) == {b.id: 2}


def test_cli_vote_during_a_ballot_is_kept(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    try:
        ws = service.create_workshop("Race", mini_playbook)
        service.add_participant(ws.id, "Ann")
        one = service.create_initiative(ws.id, "One")
        two = service.create_initiative(ws.id, "Two")
        service.open_round(ws.id, dots=5, max_per_item=3)
        result = CliRunner().invoke(cli, ["--db", str(db_path), "vote", str(ws.id), "Ann",
                                          str(one.id), "--dots", "3"])
        assert result.exit_code == 0, result.output
        with pytest.raises(BallotChanged):
            service.set_allocation(ws.id, "Ann", {two.id: 3}, expected={})
        rows = service.store.query("SELECT initiative_id, dots FROM votes")
        assert rows == [{"initiative_id": one.id, "dots": 3}]
    finally:
        service.store.close()


# ------------------------------------------------------------ lowered budget


def _over_budget_round(service, workshop, items):
    a, b, c = items
    service.open_round(workshop.id, dots=5, max_per_item=3)
    service.vote(workshop.id, "Ann", a.id, dots=2)
    service.vote(workshop.id, "Ann", b.id, dots=2)
    service.vote(workshop.id, "Ann", c.id, dots=1)  # Ann's latest dot
    service.vote(workshop.id, "Bo", a.id, dots=3)
    service.vote(workshop.id, "Cy", b.id, dots=1)
    service.set_round_budget(workshop.id, dots=3, max_per_item=3)


def test_close_refuses_while_ballots_are_over_a_lowered_budget(service, workshop, items):
    _over_budget_round(service, workshop, items)
    with pytest.raises(VoteRejected) as caught:
        service.close_round(workshop.id)
    assert caught.value.key == "over_budget"
    assert "Ann (5 of 3)" in str(caught.value)
    assert "Bo" not in str(caught.value)
    assert service.current_round(workshop.id).status == "open"


def test_close_with_trim_takes_back_the_latest_dots(service, workshop, items):
    a, b, c = items
    _over_budget_round(service, workshop, items)
    rnd = service.close_round(workshop.id, over_budget="trim")
    assert rnd.status == "closed" and rnd.over_budget == "trim"
    ann = service.participant(workshop.id, "Ann").id
    # Two dots over: the one on c went last, then one of the two on b.
    assert service.dots_of(rnd.id, ann) == {a.id: 2, b.id: 1}
    assert service.dots_of(rnd.id, service.participant(workshop.id, "Bo").id) == {a.id: 3}
    # The trim is part of the close: one undo restores the ballots and the open round.
    service.undo(workshop.id)
    assert service.current_round(workshop.id).status == "open"
    assert service.dots_of(rnd.id, ann) == {a.id: 2, b.id: 2, c.id: 1}


def test_trim_counts_dots_added_later_to_an_older_row_as_latest(service, workshop, items):
    a, b, _ = items
    service.open_round(workshop.id, dots=5, max_per_item=3)
    service.vote(workshop.id, "Ann", a.id, dots=1)
    service.vote(workshop.id, "Ann", b.id, dots=2)
    service.vote(workshop.id, "Ann", a.id, dots=2)  # the latest dots are on a
    service.set_round_budget(workshop.id, dots=3, max_per_item=3)
    rnd = service.close_round(workshop.id, over_budget="trim")
    assert service.dots_of(rnd.id, service.participant(workshop.id, "Ann").id) == \
        {a.id: 1, b.id: 2}


def test_close_with_keep_counts_them_and_says_so(service, workshop, items):
    _over_budget_round(service, workshop, items)
    rnd = service.close_round(workshop.id, over_budget="keep")
    assert rnd.over_budget == "keep"
    assert sum(service.dot_totals(rnd.id).values()) == 9
    set_language("en")
    assert "kept as cast: Ann" in event_words(service.history(workshop.id, 1)[0])


def test_close_within_budget_records_no_rule(service, workshop, items):
    service.open_round(workshop.id, dots=5, max_per_item=3)
    service.vote(workshop.id, "Ann", items[0].id, dots=2)
    assert service.close_round(workshop.id, over_budget="trim").over_budget is None


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args, ok=True):
        result = runner.invoke(cli, ["--db", str(db_path), *map(str, args)])
        if ok:
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code != 0, result.output
            assert "Traceback" not in result.output
        return result

    return invoke


@pytest.fixture
def sprint(run):
    wid = run("new", "Rail", "--playbook", "service-sprint", "--lang", "en").stdout.split()[-1]
    for name in ("Ann", "Bo"):
        run("participant", "add", wid, name)
    for title in ("Refunds", "Timetables"):
        run("initiative", "add", wid, title)
    return wid


def test_cli_round_close_names_who_is_over_and_needs_a_choice(run, sprint, db_path):
    run("round", "open", sprint, "--dots", "5", "--max-per-item", "3")
    run("vote", sprint, "Ann", "Refunds", "--dots", "3")
    run("vote", sprint, "Ann", "Timetables", "--dots", "2")
    run("round", "budget", sprint, "--dots", "4", "--max-per-item", "3")
    refused = run("round", "close", sprint, ok=False)
    assert "Ann (5 of 4)" in refused.output and "--trim" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    closed = run("round", "close", sprint, "--trim")
    assert "Round 1 closed" in closed.output
    assert "trimmed to the budget of 4: Ann (5)" in closed.output
    store = Store(db_path)
    try:
        assert store.query("SELECT sum(dots) AS n FROM votes")[0]["n"] == 4
        assert store.query("SELECT over_budget FROM rounds")[0]["over_budget"] == "trim"
    finally:
        store.close()


def test_cli_round_close_keep(run, sprint):
    run("round", "open", sprint, "--dots", "5", "--max-per-item", "3")
    run("vote", sprint, "Ann", "Refunds", "--dots", "3")
    run("vote", sprint, "Ann", "Timetables", "--dots", "2")
    run("round", "budget", sprint, "--dots", "4", "--max-per-item", "3")
    assert "kept over the budget of 4: Ann (5)" in run("round", "close", sprint,
                                                        "--keep").output
    revealed = run("round", "reveal", sprint)
    assert "Refunds  3 dots" in revealed.stdout
    assert "over the lowered budget of 4 were counted as cast" in revealed.stderr
    assert "counted as cast" in run("tally", sprint).stderr


# -------------------------------------------------------------------- merge


def test_merge_help_states_the_score_rule(run):
    text = " ".join(run("initiative", "merge", "--help").output.split())
    assert "scores move" not in text
    assert "scores are dropped" in text


def test_merge_confirmation_states_the_score_rule():
    from sprintkit.tui.labels import tr

    for language in ("en", "fi"):
        set_language(language)
        text = tr("group.confirm_merge", others="'B'", title="A")
        assert "scores move" not in text and "arviot siirtyvät" not in text
    set_language("en")
    assert "scores are dropped" in tr("group.confirm_merge", others="'B'", title="A")


def test_merge_drops_the_merged_away_scores(service, workshop, items):
    a, b, _ = items
    service.score(workshop.id, "Ann", a.id, impact=4, effort=2)
    service.score(workshop.id, "Ann", b.id, impact=1, effort=5)
    service.merge_initiatives(workshop.id, a.id, [b.id])
    assert [(s.initiative_id, s.impact) for s in service.scores(workshop.id)] == [(a.id, 4)]


# --------------------------------------------------------- duplicate titles


def test_add_and_split_number_a_taken_title(service, workshop):
    section = "business-needs"
    note = service.add_note(workshop.id, section, "Queue")
    first = service.create_initiative(workshop.id, "Fast refunds", note_ids=[note.id])
    assert service.create_initiative(workshop.id, "fast refunds").title == "fast refunds (2)"
    split = service.split_initiative(workshop.id, first.id, [note.id], "Fast refunds")
    assert split.title == "Fast refunds (3)"
    titles = [i.title for i in service.initiatives(workshop.id)]
    assert titles == ["Fast refunds", "fast refunds (2)", "Fast refunds (3)"]


def test_rename_refuses_a_taken_title(service, workshop, items):
    a, b, _ = items
    with pytest.raises(InvalidInput) as caught:
        service.update_initiative(workshop.id, b.id, title="FAST REFUNDS")
    assert caught.value.key == "initiative_taken"
    assert service.initiative(workshop.id, b.id).title == "Clear timetables"
    # Its own title in other letters is not a clash.
    assert service.update_initiative(workshop.id, a.id, title="Fast Refunds").title == \
        "Fast Refunds"


def test_rename_compares_finnish_letters_too(service, workshop):
    service.create_initiative(workshop.id, "Äänet kuuluviin")
    other = service.create_initiative(workshop.id, "Muu")
    with pytest.raises(InvalidInput):
        service.update_initiative(workshop.id, other.id, title="ÄÄNET KUULUVIIN")


def test_cli_duplicate_titles(run, sprint):
    added = run("initiative", "add", sprint, "Refunds")
    assert "already called 'Refunds'" in added.stderr
    assert "Refunds (2)" in run("initiative", "list", sprint).output
    refused = run("initiative", "rename", sprint, "Timetables", "Refunds", ok=False)
    assert "already used" in refused.output


# -------------------------------------------------------------- group score


def test_a_group_score_stands_for_the_initiative(service, workshop, items):
    from sprintkit import analysis

    a, b, _ = items
    service.score(workshop.id, "Ann", a.id, impact=2, effort=4)
    service.score(workshop.id, "Bo", a.id, impact=4, effort=4)
    service.score(workshop.id, None, a.id, impact=5, effort=1)
    service.score(workshop.id, None, a.id, impact=5, effort=2)  # replaces, not adds
    service.score(workshop.id, "Ann", b.id, impact=1, effort=1)
    summaries = analysis.score_summaries(service.scores(workshop.id))
    group = summaries[a.id]
    assert (group.impact, group.effort, group.group) == (5.0, 2.0, True)
    assert (group.people_impact, group.people_effort, group.count) == (3.0, 4.0, 2)
    assert group.quadrant == "quick-win"
    assert summaries[b.id].group is False and summaries[b.id].impact == 1.0
    rows = service.store.query("SELECT participant_id, impact FROM scores WHERE "
                               "initiative_id = ? ORDER BY id", [a.id])
    assert rows == [{"participant_id": p, "impact": i} for p, i in
                    ((service.participant(workshop.id, "Ann").id, 2),
                     (service.participant(workshop.id, "Bo").id, 4), (None, 5))]


def test_group_score_in_the_report(service, workshop, items):
    from sprintkit.export.report import build_report

    a, _, _ = items
    service.score(workshop.id, "Ann", a.id, impact=2, effort=4)
    service.score(workshop.id, None, a.id, impact=5, effort=1)
    report = build_report(service.snapshot(workshop.id))
    view = next(i for i in report.items if i.id == a.id)
    assert (view.score.impact, view.score.effort, view.score.quadrant) == (5.0, 1.0, "quick-win")
    assert view.score.group and (view.score.people_impact, view.score.people_effort) == (2, 4)


def test_group_score_survives_an_archive(service, workshop, items):
    from sprintkit.archive import dumps, import_text

    service.score(workshop.id, None, items[0].id, impact=3, effort=3)
    copy = import_text(service, dumps(service.snapshot(workshop.id)))
    assert [(s.participant_id, s.impact) for s in service.scores(copy)] == [(None, 3)]


def test_cli_group_score(run, sprint, db_path):
    run("score", sprint, "Ann", "Refunds", "--impact", "2", "--effort", "2")
    run("score", sprint, "Refunds", "--group", "--impact", "5", "--effort", "1")
    store = Store(db_path)
    try:
        rows = store.query("SELECT participant_id, impact, effort FROM scores ORDER BY id")
    finally:
        store.close()
    assert [(r["participant_id"] is None, r["impact"], r["effort"]) for r in rows] == \
        [(False, 2, 2), (True, 5, 1)]
    wrong = run("score", sprint, "Ann", "Refunds", "--group", "--impact", "5", "--effort", "1",
                ok=False)
    assert "INITIATIVE with --group" in wrong.output
    run("score", sprint, "Refunds", "--impact", "5", "--effort", "1", ok=False)


# ------------------------------------------------------------------ history


def test_roadmap_events_say_what_changed(service, workshop, items):
    a, _, _ = items
    service.set_roadmap(workshop.id, a.id, phase="now")
    service.set_roadmap(workshop.id, a.id, phase="next")
    service.set_roadmap(workshop.id, a.id, owner="Ann")
    service.set_roadmap(workshop.id, a.id, metric="NPS", target="+10")
    service.set_roadmap(workshop.id, a.id, owner="")
    events = service.history(workshop.id, 5)[::-1]
    assert [e.message for e in events] == ["roadmap.changed"] * 5
    assert events[1].params == {"title": "Fast refunds", "phase_from": "Now",
                                "phase_to": "Next"}
    set_language("en")
    words = [event_words(e) for e in events]
    assert words == [
        "Roadmap 'Fast refunds': placed in Now",
        "Roadmap 'Fast refunds': phase Now → Next",
        "Roadmap 'Fast refunds': owner set: Ann",
        "Roadmap 'Fast refunds': metric set: NPS · target set: +10",
        "Roadmap 'Fast refunds': owner removed",
    ]
    set_language("fi")
    assert event_words(events[1]) == "Tiekartta 'Fast refunds': vaihe Now → Next"
    set_language("en")


def test_undo_and_redo_events_carry_the_message(service, workshop, items):
    service.set_roadmap(workshop.id, items[0].id, phase="now")
    service.undo(workshop.id)
    undo = service.history(workshop.id, 1)[0]
    assert undo.kind == "undo" and undo.message == "roadmap.changed"
    assert undo.params["phase_to"] == "Now"


def test_old_events_keep_their_summary(service, workshop):
    old = Event(id=1, workshop_id=workshop.id, at="2026-01-01T10:00:00+00:00", kind="do",
                action="roadmap.set", summary="Roadmap: 'X' in 'now'", source="local",
                undoable=True)
    assert event_words(old) == "Roadmap: 'X' in 'now'"
    from sprintkit.tui.format import event_text

    set_language("en")
    assert event_text(old) == "Roadmap changed: 'X'"


def test_an_event_from_before_the_migration_reads_back(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    try:
        ws = service.create_workshop("Old", mini_playbook)
        service.store.conn.execute(
            "INSERT INTO events (workshop_id, at, kind, action, summary) "
            "VALUES (?, '2026-01-01T10:00:00+00:00', 'do', 'note.add', 'Added note ''A''')",
            [ws.id])
        event = service.history(ws.id, 1)[0]
        assert event.message is None and event.params == {}
    finally:
        service.store.close()


def test_cli_history_words_each_change(run, sprint):
    run("roadmap", "set", sprint, "Refunds", "--phase", "now")
    run("roadmap", "set", sprint, "Refunds", "--phase", "next")
    run("roadmap", "set", sprint, "Refunds", "--phase", "next", "--owner", "Ann")
    out = run("history", sprint, "--limit", "3").output
    assert "Roadmap 'Refunds': owner set: Ann" in out
    assert "Roadmap 'Refunds': phase Now – quick experiments → Next" in out
    assert "Roadmap 'Refunds': placed in Now – quick experiments" in out


# ---------------------------------------------------------------- exports


def test_export_default_folder_does_not_depend_on_the_current_folder(
        run, sprint, tmp_path, monkeypatch):
    monkeypatch.delenv("SPRINTKIT_EXPORT_DIR")
    docs = tmp_path / "Documents"
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(docs))
    monkeypatch.chdir(tmp_path)
    path = Path(run("export", sprint, "--format", "md").stdout.strip().splitlines()[-1])
    assert path.parent == docs / "sprintkit"
    assert path.is_file()
    assert not (tmp_path / "exports").exists()


def test_export_uses_the_folder_chosen_for_the_workshop(run, sprint, db_path, tmp_path):
    chosen = tmp_path / "board papers"
    chosen.mkdir()
    service = WorkshopService(Store(db_path))
    try:
        service.set_export_folder(int(sprint), str(chosen))
        assert service.export_folder(int(sprint)) == str(chosen)
    finally:
        service.store.close()
    path = Path(run("export", sprint, "--format", "md").stdout.strip().splitlines()[-1])
    assert path.parent == chosen


def test_export_folder_is_remembered_per_workshop(db_path, mini_playbook):
    service = WorkshopService(Store(db_path))
    ws = service.create_workshop("A", mini_playbook)
    other = service.create_workshop("B", mini_playbook)
    service.set_export_folder(ws.id, "/srv/papers")
    service.store.close()
    service = WorkshopService(Store(db_path))
    try:
        assert service.export_folder(ws.id) == "/srv/papers"
        assert service.export_folder(other.id) is None
        # Not an action of the workshop: nothing to undo.
        assert not service.can_undo(ws.id)
    finally:
        service.store.close()


def test_the_report_states_the_budget_rule_that_applied(service, workshop, items):
    from sprintkit.export import render
    from sprintkit.export.report import build_report

    _over_budget_round(service, workshop, items)
    service.close_round(workshop.id, over_budget="keep")
    service.reveal_round(workshop.id)
    report = build_report(service.snapshot(workshop.id))
    assert report.budget_rule == ("Round 1: the budget was lowered to 3 dots after voting "
                                  "had begun; ballots over it were counted as cast (Ann).")
    assert report.budget_rule in render(service.snapshot(workshop.id), "html").decode()
    assert "counted as cast (Ann)" in render(service.snapshot(workshop.id), "md").decode()


def test_the_report_states_a_trim(service, workshop, items):
    from sprintkit.export.report import build_report

    _over_budget_round(service, workshop, items)
    service.close_round(workshop.id, over_budget="trim")
    service.reveal_round(workshop.id)
    assert "trimmed to it" in build_report(service.snapshot(workshop.id)).budget_rule


def test_an_anonymous_round_names_nobody_over_budget(service, workshop, items):
    from sprintkit.export.report import build_report

    service.open_round(workshop.id, dots=5, max_per_item=3, anonymous=True)
    service.vote(workshop.id, "Ann", items[0].id, dots=3)
    service.vote(workshop.id, "Ann", items[1].id, dots=2)
    service.set_round_budget(workshop.id, dots=3, max_per_item=3)
    service.close_round(workshop.id, over_budget="keep")
    service.reveal_round(workshop.id)
    rule = build_report(service.snapshot(workshop.id)).budget_rule
    assert "counted as cast." in rule and "Ann" not in rule


def test_no_rule_is_stated_for_a_round_within_budget(service, workshop, items):
    from sprintkit.export.report import build_report

    service.open_round(workshop.id, dots=5, max_per_item=3)
    service.vote(workshop.id, "Ann", items[0].id, dots=3)
    service.close_round(workshop.id)
    service.reveal_round(workshop.id)
    assert build_report(service.snapshot(workshop.id)).budget_rule == ""
