"""Bulk import: many rows in one transaction, logged as one event, no SQL of the callers' own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sprintkit import archive, demo
from sprintkit.demo import build_demo
from sprintkit.errors import InvalidInput
from sprintkit.service import BulkRows


def _rows() -> BulkRows:
    return BulkRows(
        participants=[{"id": "p-ann", "name": "Dee", "role": "IT", "created_at": "2026-01-01"}],
        initiatives=[{"id": 7, "title": "Portal", "created_at": "2026-01-01"}],
        notes=[{"section_id": "customer-views", "text": "Slow forms", "participant_id": "p-ann",
                "initiative_id": 7, "created_at": "2026-01-01"},
               {"section_id": "customer-views", "text": "Nobody's", "participant_id": None,
                "initiative_id": None, "created_at": "2026-01-01"}],
        rounds=[{"id": "r", "number": 1, "status": "closed", "dots_per_person": 3,
                 "max_per_item": 2, "opened_at": "2026-01-01"}],
        votes=[{"round_id": "r", "participant_id": "p-ann", "initiative_id": 7, "dots": 2}],
        scores=[{"initiative_id": 7, "participant_id": None, "impact": 4, "effort": 2}])


def _counts(service) -> dict[str, int]:
    return {t: service.store.query_one(f"SELECT count(*) AS n FROM {t}")["n"]
            for t in ("workshops", "participants", "initiatives", "notes", "rounds", "votes",
                      "scores", "events")}


def test_rows_are_rewired_to_the_ids_they_get(service, workshop):
    before = service.change_marker(workshop.id)
    wid = service.bulk_import(_rows(), workshop=workshop.id, action="demo.build",
                              summary="Built test rows", current_section="voting")
    assert wid == workshop.id
    snap = service.snapshot(wid)
    dee = next(p for p in snap.participants if p.name == "Dee")
    portal = next(i for i in snap.initiatives if i.title == "Portal")
    slow = next(n for n in snap.notes if n.text == "Slow forms")
    assert (slow.participant_id, slow.initiative_id) == (dee.id, portal.id)
    assert next(n for n in snap.notes if n.text == "Nobody's").participant_id is None
    [vote] = snap.votes
    assert (vote.round_id, vote.participant_id, vote.initiative_id, vote.dots) == (
        snap.rounds[0].id, dee.id, portal.id, 2)
    assert [(s.participant_id, s.initiative_id) for s in snap.scores] == [(None, portal.id)]
    assert snap.workshop.current_section == "voting"
    # One event, not undoable: undo must not reach past it into earlier work.
    [event] = [e for e in service.history(wid) if e.id > before]
    assert (event.action, event.summary, event.undoable) == ("demo.build", "Built test rows",
                                                             False)
    assert service.undo_target(wid) != event.id


def _new_workshop(service, workshop, name: str) -> dict:
    return {"name": name, "playbook_id": "mini", "language": "en",
            "playbook": service.playbook(workshop.id).to_json(),
            "current_section": "customer-views", "created_at": "2026-01-01T10:00:00+00:00",
            "updated_at": "2026-01-02T10:00:00+00:00"}


def test_a_new_workshop_gets_a_free_name_and_its_own_token(service, workshop):
    wid = service.bulk_import(BulkRows(), workshop=_new_workshop(service, workshop, workshop.name), action="workshop.import",
                              summary="Imported workshop '{name}' from an archive")
    copy = service.workshop(wid)
    assert copy.name == f"{workshop.name} (2)"
    # The workshop's own dates are kept: they say when the work was done.
    assert copy.updated_at == "2026-01-02T10:00:00+00:00"
    assert service.join_token(wid) != service.join_token(workshop.id)
    assert service.history(wid)[0].summary == f"Imported workshop '{workshop.name} (2)' " \
                                              "from an archive"


def test_a_missing_reference_refuses_the_whole_import(service, workshop):
    rows = _rows()
    rows.votes[0]["initiative_id"] = 8
    counts = _counts(service)
    with pytest.raises(InvalidInput, match="votes: initiative_id 8 is not among the rows"):
        service.bulk_import(rows, workshop=_new_workshop(service, workshop, "Copy"),
                            action="workshop.import", summary="x")
    assert _counts(service) == counts


def test_only_the_tables_own_columns_reach_the_sql(service, workshop):
    rows = _rows()
    rows.notes[0]["text) VALUES (1); DROP TABLE notes; --"] = "x"
    counts = _counts(service)
    with pytest.raises(ValueError, match="notes has no column"):
        service.bulk_import(rows, workshop=workshop.id, action="demo.build", summary="x")
    assert _counts(service) == counts


def test_imported_ids_never_repeat_a_removed_participants(service, workshop):
    # A phone keeps the participant id it joined with; a bulk import must not
    # hand that id to someone else once the participant is removed.
    gone = service.add_participant(workshop.id, "Zed")
    service.remove_participant(workshop.id, gone.id)
    wid = build_demo(service, large=True)
    assert gone.id not in {p.id for p in service.participants(wid)}


def test_archive_import_and_demo_write_no_sql_of_their_own():
    for module in (archive, demo):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert not re.search(r"\.execute(many)?\(|store\.transaction|INSERT INTO", source), \
            module.__name__


def test_rows_that_break_a_rule_of_the_database_leave_nothing_behind(service, workshop):
    rows = _rows()
    rows.participants[0]["name"] = "Ann"  # already in the workshop
    counts = _counts(service)
    with pytest.raises(InvalidInput, match="UNIQUE constraint failed.*nothing was imported"):
        service.bulk_import(rows, workshop=workshop.id, action="demo.build", summary="x")
    assert _counts(service) == counts
