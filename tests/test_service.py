"""Service operations, checked against what ends up in the database."""

from __future__ import annotations

import pytest

from sprintkit.errors import InvalidInput, NotFound, UndoConflict, VoteRejected


def rows(service, sql, params=()):
    return service.store.query(sql, params)


def test_workshop_create_rename_delete(service, mini_playbook):
    ws = service.create_workshop("Spring sprint", mini_playbook)
    assert ws.current_section == "business-needs"
    assert service.workshop("spring SPRINT").id == ws.id  # by name, case-insensitive
    service.rename_workshop(ws.id, "Autumn sprint")
    assert rows(service, "SELECT name FROM workshops") == [{"name": "Autumn sprint"}]
    service.add_participant(ws.id, "Ann", "Sales")
    service.add_note(ws.id, "business-needs", "Grow repeat sales", participant="Ann")
    service.delete_workshop(ws.id)
    for table in ("workshops", "participants", "notes", "events"):
        assert rows(service, f"SELECT count(*) AS n FROM {table}") == [{"n": 0}]


def test_workshop_keeps_its_playbook_snapshot(service, mini_playbook, tmp_path):
    ws = service.create_workshop("Frozen", mini_playbook)
    stored = service.playbook(ws.id)
    assert stored == mini_playbook
    assert [s.id for s in stored.sections] == ["business-needs", "customer-views", "voting",
                                               "roadmap"]


def test_unknown_workshop_and_ambiguous_name(service, mini_playbook):
    with pytest.raises(NotFound, match="no workshop 'nope'"):
        service.workshop("nope")
    first = service.create_workshop("Twin", mini_playbook)
    second = service.create_workshop("twin", mini_playbook)
    assert second.name == "twin (2)"  # names stay unique, so a name always finds one
    assert service.workshop("TWIN").id == first.id
    with pytest.raises(InvalidInput, match="already used by workshop"):
        service.rename_workshop(second.id, "Twin")
    # An imported archive gets a number added too.
    from sprintkit.archive import dumps, import_text

    copy = import_text(service, dumps(service.snapshot(first.id)))
    assert service.workshop(copy).name == "Twin (3)"
    # A file from an earlier version may hold two equal names: only an id will do.
    with service.store.transaction() as conn:
        conn.execute("UPDATE workshops SET name = 'Twin' WHERE id = ?", [copy])
    with pytest.raises(InvalidInput, match=f"ambiguous: use an id \\({first.id}, {copy}\\)"):
        service.workshop("twin")


def test_participants_add_rename_remove(service, workshop):
    with pytest.raises(InvalidInput, match="already taken"):
        service.add_participant(workshop.id, "ann")
    service.update_participant(workshop.id, "Ann", name="Anna", role="Marketing")
    assert service.participant(workshop.id, "anna").role == "Marketing"
    note = service.add_note(workshop.id, "customer-views", "Queues are long", participant="Anna")
    service.remove_participant(workshop.id, "Anna")
    assert service.note(workshop.id, note.id).participant_id is None  # the note stays
    assert [p.name for p in service.participants(workshop.id)] == ["Bo", "Cy"]


def test_participant_by_id_or_name(service, workshop):
    bo = service.participant(workshop.id, "Bo")
    assert service.participant(workshop.id, str(bo.id)).name == "Bo"
    with pytest.raises(NotFound, match="no participant 'Zed'"):
        service.participant(workshop.id, "Zed")


def test_csv_import_is_all_or_nothing(service, workshop, tmp_path):
    good = tmp_path / "people.csv"
    good.write_text("name,role\nDee,Operations\nEd,Customer service\n", encoding="utf-8")
    people = service.import_participants_csv(workshop.id, good).added
    assert [(p.name, p.role) for p in people] == [("Dee", "Operations"),
                                                  ("Ed", "Customer service")]
    bad = tmp_path / "bad.csv"
    bad.write_text("Fay,Sales\n" + "X" * 200 + ",IT\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="bad.csv:2"):
        service.import_participants_csv(workshop.id, bad)
    assert "Fay" not in [p.name for p in service.participants(workshop.id)]


def test_csv_import_semicolons_and_bom(service, workshop, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffnimi;rooli\nÄijä Öberg;Myynti\n".encode())
    people = service.import_participants_csv(workshop.id, path).added
    assert [(p.name, p.role) for p in people] == [("Äijä Öberg", "Myynti")]


def test_csv_header_row_says_which_columns_hold_name_and_role(service, workshop, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("E-mail,Rooli,Nimi\nliisa@example.fi,Myynti,Liisa Lee\n", encoding="utf-8")
    people = service.import_participants_csv(workshop.id, path).added
    assert [(p.name, p.role) for p in people] == [("Liisa Lee", "Myynti")]


@pytest.mark.parametrize("content, message", [
    ("Dee,Operations,dee@example.com\n", "3 columns; expected name,role"),
    ("Email,Phone\ndee@example.com,555\n", "names no name column"),
])
def test_csv_with_columns_it_cannot_place_is_refused(service, workshop, tmp_path, content,
                                                     message):
    path = tmp_path / "people.csv"
    path.write_text(content, encoding="utf-8")
    before = service.participants(workshop.id)
    with pytest.raises(InvalidInput, match=message):
        service.import_participants_csv(workshop.id, path)
    assert service.participants(workshop.id) == before


def test_notes_add_edit_move_delete(service, workshop):
    note = service.add_note(workshop.id, "business-needs", "  Faster onboarding ",
                            participant="Bo", lenses=["ease", "emotion"])
    assert note.text == "Faster onboarding"
    assert note.lenses == ["ease", "emotion"]
    service.edit_note(workshop.id, note.id, text="Onboarding in one day", participant=None)
    service.move_note(workshop.id, note.id, "customer-views")
    stored = service.note(workshop.id, note.id)
    assert (stored.text, stored.section_id, stored.participant_id) == (
        "Onboarding in one day", "customer-views", None)
    service.delete_note(workshop.id, note.id)
    assert service.notes(workshop.id) == []


@pytest.mark.parametrize("call, message", [
    (lambda s, w: s.add_note(w, "nowhere", "x"), "no section 'nowhere'"),
    (lambda s, w: s.add_note(w, "business-needs", "   "), "note: cannot be empty"),
    (lambda s, w: s.add_note(w, "business-needs", "x", lenses=["joy"]), "no lens tag 'joy'"),
    (lambda s, w: s.add_note(w, "business-needs", "x", participant="Zed"), "Zed"),
    (lambda s, w: s.add_note(w, "business-needs", "x" * 20_001), "at most 20000"),
])
def test_bad_notes_write_nothing(service, workshop, call, message):
    events_before = rows(service, "SELECT count(*) AS n FROM events")
    with pytest.raises((InvalidInput, NotFound), match=message):
        call(service, workshop.id)
    assert service.notes(workshop.id) == []
    assert rows(service, "SELECT count(*) AS n FROM events") == events_before


def test_initiatives_create_merge_split_rename(service, workshop):
    n1 = service.add_note(workshop.id, "business-needs", "Self-service returns")
    n2 = service.add_note(workshop.id, "customer-views", "Returns take weeks")
    n3 = service.add_note(workshop.id, "customer-views", "Nobody answers the phone")
    a = service.create_initiative(workshop.id, "Easy returns", note_ids=[n1.id, n2.id])
    b = service.create_initiative(workshop.id, "Phone service", note_ids=[n3.id],
                                  description="Answer within a minute")
    merged = service.merge_initiatives(workshop.id, a.id, [b.id])
    assert merged.description == "Answer within a minute"
    assert {n.initiative_id for n in service.notes(workshop.id)} == {a.id}
    assert [i.title for i in service.initiatives(workshop.id)] == ["Easy returns"]
    split = service.split_initiative(workshop.id, a.id, [n3.id], "Phone service again")
    assert service.note(workshop.id, n3.id).initiative_id == split.id
    service.update_initiative(workshop.id, split.id, title="Callback service")
    assert service.initiative(workshop.id, "callback service").id == split.id
    with pytest.raises(InvalidInput, match="not part of"):
        service.split_initiative(workshop.id, a.id, [n3.id], "Nope")


def test_merge_keeps_the_roadmap_work_of_the_merged_away(service, workshop, mini_playbook):
    placed = service.create_initiative(workshop.id, "Refunds by app")
    service.set_roadmap(workshop.id, placed.id, phase=mini_playbook.phases[0].id, owner="Ann",
                        metric="Refund days", target="2", contributors=["Bo"])
    loose = service.create_initiative(workshop.id, "Faster refunds")
    service.set_roadmap(workshop.id, loose.id, phase=None, contributors=["Ann"])
    merged = service.merge_initiatives(workshop.id, loose.id, [placed.id])
    assert (merged.phase, merged.owner, merged.metric, merged.target) == (
        mini_playbook.phases[0].id, "Ann", "Refund days", "2")
    assert merged.contributors == ["Ann", "Bo"]
    # Undo gives both back whole.
    service.undo(workshop.id)
    assert service.initiative(workshop.id, loose.id).phase is None
    assert service.initiative(workshop.id, placed.id).owner == "Ann"


def _two_items(service, workshop):
    a = service.create_initiative(workshop.id, "Easy returns")
    b = service.create_initiative(workshop.id, "Phone service")
    return a, b


def test_vote_budget_and_per_item_max(service, workshop):
    a, b = _two_items(service, workshop)
    service.open_round(workshop.id, dots=4, max_per_item=3)
    assert service.vote(workshop.id, "Ann", a.id, dots=3).dots_left == 1
    with pytest.raises(VoteRejected, match="at most 3 dot"):
        service.vote(workshop.id, "Ann", a.id)
    with pytest.raises(VoteRejected, match="1 dot left of 4"):
        service.vote(workshop.id, "Ann", b.id, dots=2)
    service.vote(workshop.id, "Ann", a.id, dots=2, remove=True)
    result = service.vote(workshop.id, "Ann", b.id, dots=3)
    assert (result.dots_spent, result.dots_left) == (4, 0)
    assert rows(service, "SELECT initiative_id, dots FROM votes ORDER BY initiative_id") == [
        {"initiative_id": a.id, "dots": 1}, {"initiative_id": b.id, "dots": 3}]


def test_vote_rejections_write_nothing(service, workshop):
    a, _ = _two_items(service, workshop)
    with pytest.raises(VoteRejected, match="no voting round is open"):
        service.vote(workshop.id, "Ann", a.id)
    service.open_round(workshop.id)
    with pytest.raises(VoteRejected, match="cannot take back"):
        service.vote(workshop.id, "Ann", a.id, remove=True)
    with pytest.raises(InvalidInput):
        service.vote(workshop.id, "Ann", a.id, dots=0)
    service.close_round(workshop.id)
    with pytest.raises(VoteRejected, match="no voting round is open"):
        service.vote(workshop.id, "Ann", a.id)
    assert rows(service, "SELECT count(*) AS n FROM votes") == [{"n": 0}]


def test_budget_change_mid_round_keeps_votes(service, workshop):
    a, b = _two_items(service, workshop)
    service.open_round(workshop.id, dots=5, max_per_item=3)
    service.vote(workshop.id, "Ann", a.id, dots=3)
    service.vote(workshop.id, "Ann", b.id, dots=2)
    service.set_round_budget(workshop.id, dots=3, max_per_item=2)
    assert sum(v.dots for v in service.votes(service.current_round(workshop.id).id)) == 5
    with pytest.raises(VoteRejected):
        service.vote(workshop.id, "Ann", b.id)
    service.set_round_budget(workshop.id, dots=8, max_per_item=4)
    assert service.vote(workshop.id, "Ann", b.id, dots=2).dots_on_item == 4


def test_ballot_replaces_allocation_atomically(service, workshop):
    a, b = _two_items(service, workshop)
    rnd = service.open_round(workshop.id, dots=5, max_per_item=3)
    service.set_allocation(workshop.id, "Bo", {a.id: 3, b.id: 2})
    with pytest.raises(VoteRejected, match="over the budget"):
        service.set_allocation(workshop.id, "Bo", {a.id: 3, b.id: 3})
    assert service.dots_of(rnd.id, service.participant(workshop.id, "Bo").id) == {a.id: 3,
                                                                                 b.id: 2}
    service.set_allocation(workshop.id, "Bo", {a.id: 0, b.id: 1})
    assert service.dots_of(rnd.id, service.participant(workshop.id, "Bo").id) == {b.id: 1}


def test_round_lifecycle_and_tally_by_role(service, workshop):
    a, b = _two_items(service, workshop)
    c = service.create_initiative(workshop.id, "Chatbot")
    service.open_round(workshop.id)
    with pytest.raises(InvalidInput, match="still open"):
        service.open_round(workshop.id)
    with pytest.raises(InvalidInput, match="close it before revealing"):
        service.reveal_round(workshop.id)
    service.vote(workshop.id, "Ann", b.id, dots=2)
    service.vote(workshop.id, "Bo", b.id, dots=1)
    service.vote(workshop.id, "Cy", a.id, dots=3)
    service.close_round(workshop.id)
    assert service.reveal_round(workshop.id).status == "revealed"
    ranked = service.tally(workshop.id)
    assert [(r.title, r.dots, r.rank) for r in ranked] == [
        ("Easy returns", 3, 1), ("Phone service", 3, 1), ("Chatbot", 0, 3)]
    assert ranked[1].by_role == {"IT": 1, "Sales": 2}
    assert ranked[0].voters == 1
    assert c.id == ranked[2].initiative_id


def test_scores_and_quadrants(service, workshop):
    from sprintkit.analysis import score_summaries

    a, b = _two_items(service, workshop)
    service.score(workshop.id, "Ann", a.id, impact=5, effort=1)
    service.score(workshop.id, "Bo", a.id, impact=4, effort=2)
    service.score(workshop.id, "Ann", a.id, impact=4, effort=2)  # re-scoring replaces
    service.score(workshop.id, "Ann", b.id, impact=1, effort=5)
    summary = score_summaries(service.scores(workshop.id))
    assert (summary[a.id].impact, summary[a.id].effort, summary[a.id].count) == (4.0, 2.0, 2)
    assert summary[a.id].quadrant == "quick-win"
    assert summary[b.id].quadrant == "money-pit"
    with pytest.raises(InvalidInput, match="impact: 6"):
        service.score(workshop.id, "Ann", a.id, impact=6, effort=1)


def test_roadmap_phases_order_owner_metric_readiness(service, workshop):
    a, b = _two_items(service, workshop)
    c = service.create_initiative(workshop.id, "Chatbot")
    service.set_roadmap(workshop.id, a.id, phase="now", owner="Ann", metric="Return time",
                        target="< 3 days", contributors=["Bo", "Logistics partner"])
    service.set_roadmap(workshop.id, b.id, phase="now", owner="Bo")
    service.set_roadmap(workshop.id, c.id, phase="now", position=0)
    order = [i.title for i in service.snapshot(workshop.id).roadmap()["now"]]
    assert order == ["Chatbot", "Easy returns", "Phone service"]
    service.move_in_phase(workshop.id, c.id, +2)
    assert [i.title for i in service.snapshot(workshop.id).roadmap()["now"]][-1] == "Chatbot"
    stored = service.initiative(workshop.id, a.id)
    assert (stored.owner, stored.metric, stored.target, stored.contributors) == (
        "Ann", "Return time", "< 3 days", ["Bo", "Logistics partner"])
    issues = {(r.title, r.missing) for r in service.readiness(workshop.id)}
    assert issues == {("Phone service", ("metric",)), ("Chatbot", ("owner", "metric"))}
    with pytest.raises(NotFound, match="no phase 'someday'"):
        service.set_roadmap(workshop.id, a.id, phase="someday")
    service.set_roadmap(workshop.id, c.id, phase=None)
    assert service.initiative(workshop.id, c.id).phase is None


def test_voice_balance_names_unheard_roles(service, workshop):
    service.add_participant(workshop.id, "Dee", "Operations")
    service.add_note(workshop.id, "business-needs", "More repeat customers", participant="Ann")
    service.add_note(workshop.id, "customer-views", "Slow delivery", participant="Bo")
    service.add_note(workshop.id, "customer-views", "Rude replies")
    vb = service.voice_balance(workshop.id)
    assert vb.notes["business-needs"] == {"Sales": 1}
    assert vb.notes["customer-views"] == {"IT": 1}
    assert vb.anonymous_notes == {"customer-views": 1}
    assert vb.unheard_roles == ["Operations"]
    assert vb.unheard_participants == ["Cy", "Dee"]
    assert vb.silent_by_section["customer-views"] == ["Operations", "Sales"]


def test_undo_redo_roundtrip(service, workshop):
    note = service.add_note(workshop.id, "business-needs", "First idea")
    service.edit_note(workshop.id, note.id, text="Better idea")
    assert service.undo(workshop.id).action == "note.edit"
    assert service.note(workshop.id, note.id).text == "First idea"
    assert service.undo(workshop.id).action == "note.add"
    assert service.notes(workshop.id) == []
    service.redo(workshop.id)
    service.redo(workshop.id)
    assert service.note(workshop.id, note.id).text == "Better idea"
    assert service.redo(workshop.id) is None
    kinds = [e.kind for e in service.history(workshop.id)[:4]]
    assert kinds == ["redo", "redo", "undo", "undo"]


def test_new_action_clears_redo(service, workshop):
    service.add_note(workshop.id, "business-needs", "One")
    service.undo(workshop.id)
    service.add_note(workshop.id, "business-needs", "Two")
    assert service.redo(workshop.id) is None
    assert [n.text for n in service.notes(workshop.id)] == ["Two"]


def test_undo_of_merge_restores_votes(service, workshop):
    a, b = _two_items(service, workshop)
    rnd = service.open_round(workshop.id, dots=5, max_per_item=3)
    service.vote(workshop.id, "Ann", a.id, dots=2)
    service.vote(workshop.id, "Ann", b.id, dots=2)
    service.merge_initiatives(workshop.id, a.id, [b.id])
    ann = service.participant(workshop.id, "Ann").id
    assert service.dots_of(rnd.id, ann) == {a.id: 3}  # capped at the per-item max
    service.undo(workshop.id)
    assert service.dots_of(rnd.id, ann) == {a.id: 2, b.id: 2}


def test_undo_refuses_to_destroy_phone_input(service, workshop):
    service.open_round(workshop.id)
    item = service.create_initiative(workshop.id, "Chatbot")
    service.vote(workshop.id, "Ann", item.id, source="phone")  # not on the undo stack
    with pytest.raises(UndoConflict, match="Created initiative"):
        service.undo(workshop.id)
    assert [i.title for i in service.initiatives(workshop.id)] == ["Chatbot"]
    assert len(service.votes(service.current_round(workshop.id).id)) == 1


def test_snapshot_is_complete(service, workshop):
    n = service.add_note(workshop.id, "business-needs", "Idea", participant="Ann",
                         lenses=["emotion"])
    item = service.create_initiative(workshop.id, "Thing", note_ids=[n.id])
    service.open_round(workshop.id)
    service.vote(workshop.id, "Bo", item.id)
    service.score(workshop.id, "Cy", item.id, impact=3, effort=2)
    snap = service.snapshot(workshop.id)
    assert (len(snap.participants), len(snap.notes), len(snap.initiatives), len(snap.rounds),
            len(snap.votes), len(snap.scores)) == (3, 1, 1, 1, 1, 1)
    assert snap.notes_of(item.id)[0].text == "Idea"
    assert snap.tally()[0].dots == 1


def test_int_ref_means_id_even_if_someone_is_named_like_it(service, workshop):
    named_one = service.add_participant(workshop.id, "1", "Guest")
    ann = service.participant(workshop.id, "Ann")
    assert service.participant(workshop.id, ann.id).name == "Ann"  # int: the id
    assert service.participant(workshop.id, "1").id == named_one.id  # text: the name first


def test_a_race_with_a_deletion_is_refused_cleanly(service, workshop, monkeypatch):
    """A participant removed between lookup and write (say, from another window)."""
    ann = service.participant(workshop.id, "Ann")
    service.remove_participant(workshop.id, "Ann")
    monkeypatch.setattr(service, "participant", lambda *_: ann)  # the stale lookup
    with pytest.raises(InvalidInput, match="nothing was saved"):
        service.add_note(workshop.id, "business-needs", "Said by someone just removed",
                         participant="Ann")
    assert service.notes(workshop.id) == []


def test_operations_run_together_commit_once_and_a_refused_one_stores_nothing(service,
                                                                              workshop):
    a, b = _two_items(service, workshop)
    service.open_round(workshop.id, dots=3, max_per_item=2)
    before = len(service.history(workshop.id))
    results = service.run_together([
        lambda: service.vote(workshop.id, "Ann", a.id, source="phone"),
        lambda: service.vote(workshop.id, "Ann", a.id, source="phone"),
        lambda: service.vote(workshop.id, "Ann", a.id, source="phone"),  # over the item max
        lambda: service.vote(workshop.id, "Bo", b.id, dots=4, source="phone"),  # over budget
        lambda: service.vote(workshop.id, "Bo", b.id, source="phone"),
    ])
    assert [type(r).__name__ for r in results] == [
        "VoteResult", "VoteResult", "VoteRejected", "VoteRejected", "VoteResult"]
    assert (results[1].dots_on_item, results[1].dots_left) == (2, 1)
    assert rows(service, "SELECT participant_id, initiative_id, dots FROM votes ORDER BY id") == [
        {"participant_id": results[0].participant_id, "initiative_id": a.id, "dots": 2},
        {"participant_id": results[4].participant_id, "initiative_id": b.id, "dots": 1}]
    # each accepted vote is its own history entry; the refused ones left none
    history = service.history(workshop.id)
    assert len(history) - before == 3
    assert [e.action for e in history[:3]] == ["vote.add"] * 3


def test_a_call_that_fails_after_writing_is_undone_alone(service, workshop):
    a, _ = _two_items(service, workshop)
    service.open_round(workshop.id)

    def half_done():
        service.add_note(workshop.id, "business-needs", "Written, then the call fails")
        raise RuntimeError("failed halfway")

    results = service.run_together([
        half_done, lambda: service.vote(workshop.id, "Cy", a.id, source="phone")])
    assert isinstance(results[0], RuntimeError)
    assert service.notes(workshop.id) == []
    assert len(service.votes(service.current_round(workshop.id).id)) == 1


def test_operations_run_together_stand_or_fall_with_their_commit(service, workshop):
    a, _ = _two_items(service, workshop)
    service.open_round(workshop.id)

    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        service.run_together([lambda: service.vote(workshop.id, "Ann", a.id), interrupted])
    assert service.votes(service.current_round(workshop.id).id) == []
    assert not service.store.conn.in_transaction


def test_timeboxes_are_kept_per_step_and_never_undone(service, mini_playbook):
    ws = service.create_workshop("Timed", mini_playbook)
    service.add_note(ws.id, "business-needs", "Something to undo")
    service.save_timebox(ws.id, "business-needs", elapsed_s=90.5,
                         running_since=1_800_000_000.0, extra_minutes=5)
    service.save_timebox(ws.id, "business-needs", elapsed_s=120, running_since=None,
                         extra_minutes=5, alerted=True)
    box = service.timeboxes(ws.id)["business-needs"]
    assert (box.elapsed_s, box.running_since, box.extra_minutes, box.alerted) == \
        (120.0, None, 5, True)
    # Undo takes back the note, not the timer.
    service.undo(ws.id)
    assert service.notes(ws.id) == [] and "business-needs" in service.timeboxes(ws.id)
    service.reset_timebox(ws.id, "business-needs")
    assert service.timeboxes(ws.id) == {}


@pytest.mark.parametrize("kwargs, message", [
    ({"elapsed_s": -1, "running_since": None}, "elapsed_s"),
    ({"elapsed_s": float("nan"), "running_since": None}, "elapsed_s"),
    ({"elapsed_s": 0, "running_since": "soon"}, "running_since"),
    ({"elapsed_s": 0, "running_since": None, "extra_minutes": -5}, "extra_minutes"),
])
def test_bad_timebox_is_refused_and_nothing_stored(service, mini_playbook, kwargs, message):
    ws = service.create_workshop("Timed", mini_playbook)
    with pytest.raises(InvalidInput, match=message):
        service.save_timebox(ws.id, "business-needs", **kwargs)
    with pytest.raises(NotFound):
        service.save_timebox(ws.id, "no-such-step", elapsed_s=0, running_since=None)
    assert rows(service, "SELECT * FROM timeboxes") == []


def test_archive_schema_checks_every_part_of_a_snapshot():
    """An archive is checked part by part against the snapshot it becomes: a part
    added to one and not the other would be dropped or never checked."""
    from dataclasses import fields

    from sprintkit.archive import _ArchiveSchema
    from sprintkit.service import WorkshopSnapshot

    assert list(_ArchiveSchema.model_fields) == [f.name for f in fields(WorkshopSnapshot)]
