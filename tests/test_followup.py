"""Check-ins through the service: metric numbers, statuses, readings, the
follow-up view, undo and history, carry-over and the archive."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import pytest

from sprintkit import archive, i18n
from sprintkit.errors import InvalidInput, NotFound, SprintkitError
from sprintkit.history_words import event_words
from sprintkit.service import ReadingInput

TODAY = date(2026, 12, 1)


class _Words:
    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return i18n.message(self.language, f"tui:{key}", **values)

    def has(self, key: str) -> bool:
        return i18n.has(f"tui:{key}")


@pytest.fixture
def items(service, workshop):
    """Two roadmap items, one with numbers, and one initiative off the roadmap."""
    # held before the check-ins the tests date: a check-in follows the workshop
    service.update_workshop(workshop.id, held_on="2026-06-01")
    refunds = service.create_initiative(workshop.id, "Faster refunds")
    service.set_roadmap(workshop.id, refunds.id, phase="now", owner="Ann",
                        metric="Days to refund", target="5", baseline="21", unit="days")
    nps = service.create_initiative(workshop.id, "Clear invoices")
    service.set_roadmap(workshop.id, nps.id, phase="next", owner="Zed", metric="Complaints",
                        target="fewer")
    loose = service.create_initiative(workshop.id, "Loose idea")
    return refunds.id, nps.id, loose.id


def rows(service, table):
    return service.store.query(f"SELECT * FROM {table} ORDER BY id")


# ------------------------------------------------------------ metric numbers


def test_a_baseline_makes_the_target_numeric_and_the_direction_follows(service, workshop,
                                                                       items):
    item = service.initiative(workshop.id, items[0])
    assert (item.baseline, item.target_value, item.unit, item.lower_is_better) == \
        (21.0, 5.0, "days", True)
    assert item.target == "5"
    item = service.set_roadmap(workshop.id, items[0], target="62,5", baseline="50.5")
    assert (item.baseline, item.target_value, item.lower_is_better) == (50.5, 62.5, False)


@pytest.mark.parametrize(("changes", "key"), [
    ({"baseline": "62", "target": "many"}, "target_not_number"),
    ({"baseline": "6x2", "target": "75"}, "not_a_number"),
    ({"baseline": "62", "target": "62,0"}, "target_is_baseline"),
    ({"baseline": "62", "target": "75", "lower_is_better": True}, "lower_contradicts"),
    ({"baseline": "62", "target": "50", "lower_is_better": False}, "higher_contradicts"),
    ({"baseline": "62", "target": ""}, "target_needed"),
])
def test_metric_numbers_are_refused_whole(service, workshop, items, changes, key):
    before = rows(service, "initiatives")
    events = len(service.history(workshop.id))
    with pytest.raises(InvalidInput) as caught:
        service.set_roadmap(workshop.id, items[1], owner="Someone else", **changes)
    assert caught.value.key == key
    assert rows(service, "initiatives") == before
    assert len(service.history(workshop.id)) == events


def test_without_a_baseline_the_target_stays_free_text(service, workshop, items):
    item = service.set_roadmap(workshop.id, items[1], target="75")
    assert (item.target, item.baseline, item.target_value) == ("75", None, None)


def test_a_numeric_metric_keeps_a_numeric_target(service, workshop, items):
    with pytest.raises(InvalidInput) as caught:
        service.set_roadmap(workshop.id, items[0], target="a lot faster")
    assert caught.value.key == "target_not_number"
    assert service.set_roadmap(workshop.id, items[0], target="3").target_value == 3.0


def test_baseline_none_removes_the_numbers_and_keeps_the_words(service, workshop, items):
    item = service.set_roadmap(workshop.id, items[0], baseline="none")
    assert (item.baseline, item.target_value, item.target) == (None, None, "5")


def test_the_history_tells_the_numbers(service, workshop, items):
    event = next(e for e in service.history(workshop.id)
                 if e.message == "roadmap.changed" and e.params["title"] == "Faster refunds")
    assert event.params["baseline"] == "21" and event.params["unit"] == "days"
    assert "lähtötaso: 21" in event_words(event, _Words("fi"))


# ------------------------------------------------------------- status updates


def test_status_with_comment_and_next_step_is_one_row_and_one_event(service, workshop, items):
    update = service.set_status(workshop.id, "faster refunds", "at-risk", note="IT busy",
                                next_step="Ask the CIO", due="2027-01-15", on="2026-11-30",
                                today=TODAY)
    assert rows(service, "status_updates") == [{
        "id": update.id, "workshop_id": workshop.id, "initiative_id": items[0],
        "status": "at-risk", "comment": "IT busy", "next_step": "Ask the CIO",
        "next_due": "2027-01-15", "on_date": "2026-11-30", "by_name": "Fay",
        "participant_id": None, "source": "local", "created_at": update.created_at}]
    event = service.history(workshop.id)[0]
    assert event.message == "followup.status_next"
    assert event_words(event, _Words("sv")) == \
        "Status för 'Faster refunds': I riskzonen (2026-11-30); nästa steg: Ask the CIO"


def test_statuses_keep_their_history(service, workshop, items):
    for day, status in (("2026-10-01", "on-track"), ("2026-11-01", "at-risk"),
                        ("2026-09-01", "planned")):
        service.set_status(workshop.id, items[0], status, on=day, today=TODAY)
    entry = service.follow_up(workshop.id).item(items[0])
    assert [u.status for u in entry.statuses] == ["planned", "on-track", "at-risk"]
    assert (entry.status, entry.status_since) == ("at-risk", "2026-11-01")
    assert entry.status_on("2026-10-15") == "on-track"
    assert entry.status_on("2026-08-31") == "planned"
    assert len(rows(service, "status_updates")) == 3


@pytest.mark.parametrize(("call", "key"), [
    (lambda s, w, i: s.set_status(w, i[0], "on-trak", today=TODAY), "unknown_status"),
    (lambda s, w, i: s.set_status(w, i[2], "done", today=TODAY), "not_on_roadmap"),
    (lambda s, w, i: s.set_status(w, i[0], "done", on="2026-12-02", today=TODAY),
     "future_date"),
    (lambda s, w, i: s.set_status(w, i[0], "done", on="1.12.2026", today=TODAY), "bad_date"),
    (lambda s, w, i: s.set_status(w, i[0], "done", on="2026-02-30", today=TODAY), "bad_date"),
    (lambda s, w, i: s.set_status(w, i[0], "done", due="2027-01-01", today=TODAY),
     "due_needs_step"),
    (lambda s, w, i: s.set_status(w, i[0], "done", next_step="x", due="soon", today=TODAY),
     "bad_date"),
    (lambda s, w, i: s.set_status(w, "Nothing like it", "done", today=TODAY),
     "no_roadmap_item"),
    (lambda s, w, i: s.set_next_step(w, i[0], "  ", today=TODAY), "empty"),
])
def test_bad_status_updates_write_nothing(service, workshop, items, call, key):
    events = len(service.history(workshop.id))
    with pytest.raises(SprintkitError) as caught:
        call(service, workshop.id, items)
    assert caught.value.key == key
    assert rows(service, "status_updates") == []
    assert len(service.history(workshop.id)) == events


def test_unknown_status_lists_the_valid_ones(service, workshop, items):
    with pytest.raises(InvalidInput) as caught:
        service.set_status(workshop.id, items[0], "finished", today=TODAY)
    assert i18n.message("fi", "tui:error.unknown_status", **caught.value.params) == (
        "Tuntematon tila 'finished'; käytä jotakin näistä: planned, on-track, at-risk, "
        "blocked, done, dropped.")


def test_next_step_without_status_keeps_the_status(service, workshop, items):
    service.set_status(workshop.id, items[0], "blocked", on="2026-11-01", today=TODAY)
    service.set_next_step(workshop.id, items[0], "Find a supplier", due="2027-02-01",
                          on="2026-11-15", today=TODAY)
    entry = service.follow_up(workshop.id).item(items[0])
    assert entry.status == "blocked"
    assert (entry.next_step.text, entry.next_step.due, entry.next_step.on_date) == \
        ("Find a supplier", "2027-02-01", "2026-11-15")
    assert service.history(workshop.id)[0].message == "followup.next"


def test_undo_and_redo_a_status(service, workshop, items):
    service.set_status(workshop.id, items[0], "done", today=TODAY)
    service.undo(workshop.id)
    assert rows(service, "status_updates") == []
    assert service.follow_up(workshop.id).item(items[0]).status == "planned"
    service.redo(workshop.id)
    assert service.follow_up(workshop.id).item(items[0]).status == "done"


def test_a_phone_update_names_its_owner(service, workshop, items):
    ann = service.participant(workshop.id, "Ann")
    update = service.set_status(workshop.id, items[0], "on-track", by="Ann",
                                participant_id=ann.id, source="phone", today=TODAY)
    assert (update.by_name, update.participant_id, update.source) == ("Ann", ann.id, "phone")
    assert service.follow_up(workshop.id).item(items[0]).owner_participant_id == ann.id
    assert service.follow_up(workshop.id).item(items[1]).owner_participant_id is None


def test_a_participant_updates_only_the_items_they_own(service, workshop, items):
    bo = service.participant(workshop.id, "Bo")
    ann = service.participant(workshop.id, "ann")
    for call in (lambda: service.set_status(workshop.id, items[0], "done", participant_id=bo.id,
                                            source="phone", today=TODAY),
                 lambda: service.set_next_step(workshop.id, items[1], "Call", participant_id=ann.id,
                                               source="phone", today=TODAY),
                 lambda: service.add_reading(workshop.id, items[0], "3", participant_id=bo.id,
                                             source="phone", today=TODAY)):
        with pytest.raises(InvalidInput) as caught:
            call()
        assert caught.value.key == "not_your_item"
    assert rows(service, "status_updates") == [] and rows(service, "readings") == []
    reading = service.add_reading(workshop.id, items[0], "3", participant_id=ann.id,
                                  source="phone", today=TODAY)
    assert (reading.by_name, reading.participant_id) == ("Ann", ann.id)


# ----------------------------------------------------------------- readings


def test_a_numeric_reading_takes_either_decimal_mark(service, workshop, items):
    first = service.add_reading(workshop.id, items[0], "14,5", on="2026-11-01", today=TODAY)
    second = service.add_reading(workshop.id, items[0], "12.25", note="after the pilot",
                                 today=TODAY)
    assert [(r["value"], r["text"], r["on_date"], r["note"]) for r in rows(service, "readings")] \
        == [(14.5, "", "2026-11-01", ""), (12.25, "", "2026-12-01", "after the pilot")]
    assert (first.value, second.on_date) == (14.5, "2026-12-01")


def test_a_metric_without_numbers_takes_words(service, workshop, items):
    reading = service.add_reading(workshop.id, items[1], "fewer than in spring", today=TODAY)
    assert (reading.value, reading.text) == (None, "fewer than in spring")


@pytest.mark.parametrize(("which", "value", "on", "key"), [
    (0, "lots", None, "reading_not_number"),
    (0, "1e999", None, "reading_not_number"),
    (2, "3", None, "not_on_roadmap"),
    (0, "3", "2026-12-24", "future_date"),
    (0, "3", "yesterday", "bad_date"),
    (1, "  ", None, "empty"),
])
def test_bad_readings_write_nothing(service, workshop, items, which, value, on, key):
    events = len(service.history(workshop.id))
    with pytest.raises(SprintkitError) as caught:
        service.add_reading(workshop.id, items[which], value, on=on, today=TODAY)
    assert caught.value.key == key
    assert rows(service, "readings") == []
    assert len(service.history(workshop.id)) == events


def test_an_item_without_a_metric_takes_no_reading(service, workshop, items):
    service.set_roadmap(workshop.id, items[1], metric="")
    with pytest.raises(InvalidInput) as caught:
        service.add_reading(workshop.id, items[1], "better", today=TODAY)
    assert caught.value.key == "no_metric"


def test_several_readings_are_all_or_none_and_name_every_bad_row(service, workshop, items):
    batch = [ReadingInput("Faster refunds", "14", "2026-10-31", row=2),
             ReadingInput("No such thing", "3", "2026-10-31", row=3),
             ReadingInput(items[0], "n/a", "2026-11-30", row=4),
             ReadingInput("Loose idea", "3", "2026-10-31", row=5)]
    with pytest.raises(InvalidInput) as caught:
        service.add_readings(workshop.id, batch, file="bi.csv", today=TODAY)
    assert caught.value.key == "readings_refused"
    assert caught.value.params["rows"] == "3, 4, 5"
    assert [p["key"] for p in caught.value.params["problems"]] == \
        ["no_roadmap_item", "reading_not_number", "not_on_roadmap"]
    assert str(caught.value).startswith("bi.csv: row 3: no initiative 'No such thing'")
    assert rows(service, "readings") == []
    good = service.add_readings(workshop.id, [batch[0], ReadingInput(items[0], "12", row=3)],
                                file="bi.csv", today=TODAY)
    assert [r.value for r in good] == [14.0, 12.0]
    assert service.history(workshop.id)[0].params == {"n": 2, "file": "bi.csv"}
    service.undo(workshop.id)
    assert rows(service, "readings") == []


# ------------------------------------------------------------ the follow-up view


def test_the_view_has_roadmap_order_latest_reading_and_check_ins(service, workshop, items):
    service.add_reading(workshop.id, items[0], "12", on="2026-11-30", today=TODAY)
    # typed in later, for an earlier day: the latest is still the one of 30 November
    service.add_reading(workshop.id, items[0], "18", on="2026-10-31", today=TODAY)
    service.set_status(workshop.id, items[1], "on-track", on="2026-10-31", today=TODAY)
    view = service.follow_up(workshop.id)
    assert [i.initiative.title for i in view.items] == ["Faster refunds", "Clear invoices"]
    refunds = view.items[0]
    assert [r.value for r in refunds.readings] == [18.0, 12.0]
    assert refunds.latest_reading.value == 12.0
    assert [(c.on_date, len(c.statuses), len(c.readings)) for c in view.check_ins] == \
        [("2026-10-31", 1, 1), ("2026-11-30", 0, 1)]
    assert view.check_ins[0].initiative_ids == {items[0], items[1]}
    assert view.first_phase == "now"


def test_taking_an_item_off_the_roadmap_hides_it_and_keeps_its_history(service, workshop,
                                                                      items):
    service.set_status(workshop.id, items[1], "on-track", today=TODAY)
    service.set_roadmap(workshop.id, items[1], phase=None)
    view = service.follow_up(workshop.id)
    assert [i.id for i in view.items] == [items[0]] and view.check_ins == []
    service.set_roadmap(workshop.id, items[1], phase="next")
    assert service.follow_up(workshop.id).item(items[1]).status == "on-track"


def test_figures_from_the_service(service, workshop, items):
    service.add_reading(workshop.id, items[0], "13", on="2026-11-30", today=TODAY)
    service.set_status(workshop.id, items[0], "on-track", today=TODAY)
    figures = service.figures(workshop.id, TODAY)
    assert figures.progress[items[0]].raw == pytest.approx(0.5)
    assert figures.progress[items[0]].percent == 50
    assert (figures.kept.kept, figures.kept.total, figures.kept.final) == (1, 1, False)
    assert [(o.owner, o.items, o.open) for o in figures.owners] == [("Ann", 1, 1),
                                                                    ("Zed", 1, 1)]


# ----------------------------------------------------------------- carry-over


def test_carry_over_brings_unfinished_items_with_their_history(service, workshop, items,
                                                               mini_playbook):
    service.set_status(workshop.id, items[0], "at-risk", note="slow", on="2026-11-01",
                       today=TODAY)
    service.add_reading(workshop.id, items[0], "17", on="2026-11-01", today=TODAY)
    service.set_status(workshop.id, items[1], "done", today=TODAY)
    created, carried = service.start_next_sprint("Second sprint", mini_playbook,
                                                 workshop.name, facilitator="Fay")
    assert [i.title for i in carried] == ["Faster refunds"]
    item = carried[0]
    assert (item.phase, item.owner, item.metric, item.baseline, item.target_value, item.unit,
            item.lower_is_better, item.carried_from) == \
        (None, "Ann", "Days to refund", 21.0, 5.0, "days", True, "Test sprint")
    copied = service.store.query("SELECT status, comment, on_date, participant_id FROM "
                                 "status_updates WHERE workshop_id = ?", [created.id])
    assert copied == [{"status": "at-risk", "comment": "slow", "on_date": "2026-11-01",
                       "participant_id": None}]
    assert service.store.query("SELECT value, on_date FROM readings WHERE workshop_id = ?",
                               [created.id]) == [{"value": 17.0, "on_date": "2026-11-01"}]
    # not on the new roadmap: the team weighs it again, and then its history is there
    assert service.follow_up(created.id).items == []
    service.set_roadmap(created.id, item.id, phase="now")
    # ... as history: this sprint's check-ins say where it stands now
    entry = service.follow_up(created.id).items[0]
    assert [u.status for u in entry.statuses] == ["at-risk"]
    assert entry.status == "planned"
    assert service.history(created.id)[-2].params == {"n": 1, "source": "Test sprint"}


def test_carry_over_from_nowhere_leaves_no_workshop(service, workshop, mini_playbook):
    before = service.list_workshops()
    with pytest.raises(NotFound):
        service.start_next_sprint("Second sprint", mini_playbook, "No such workshop")
    assert service.list_workshops() == before
    with pytest.raises(InvalidInput):
        service.carry_over(workshop.id, workshop.id)


def test_undo_of_a_carry_over_removes_what_came(service, workshop, items, mini_playbook):
    service.add_reading(workshop.id, items[0], "17", today=TODAY)
    created, carried = service.start_next_sprint("Second", mini_playbook, workshop.id)
    assert len(carried) == 2
    service.undo(created.id)
    assert service.initiatives(created.id) == []
    assert service.store.query("SELECT * FROM readings WHERE workshop_id = ?",
                               [created.id]) == []


# -------------------------------------------------------------------- archive


def _without_ids(snapshot):
    data = asdict(snapshot)
    maps = {key: {row["id"]: i for i, row in enumerate(data[key])}
            for key in ("participants", "initiatives", "status_updates", "readings")}
    for key in ("initiatives", "status_updates", "readings", "participants"):
        for row in data[key]:
            row["id"] = maps[key][row["id"]]
            row.pop("workshop_id", None)
            if row.get("initiative_id") is not None:
                row["initiative_id"] = maps["initiatives"][row["initiative_id"]]
            if row.get("participant_id") is not None:
                row["participant_id"] = maps["participants"][row["participant_id"]]
    for key in ("workshop", "notes", "rounds", "votes", "scores"):
        data.pop(key)
    return data


def test_the_archive_keeps_metrics_statuses_and_readings(service, workshop, items):
    ann = service.participant(workshop.id, "Ann")
    service.set_status(workshop.id, items[0], "at-risk", note="slow", next_step="Ask IT",
                       due="2027-01-10", on="2026-11-01", by="Ann", participant_id=ann.id,
                       source="phone", today=TODAY)
    service.set_next_step(workshop.id, items[1], "Write to partners", today=TODAY)
    service.add_reading(workshop.id, items[0], "17,5", on="2026-11-01", note="pilot",
                        today=TODAY)
    service.add_reading(workshop.id, items[1], "a few less", today=TODAY)
    service.set_roadmap(workshop.id, items[2], phase="next", metric="Use", baseline="10",
                        target="4", lower_is_better=True)
    snap = service.snapshot(workshop.id)
    copy_id = archive.import_text(service, archive.dumps(snap))
    copy = service.snapshot(copy_id)
    assert len(copy.status_updates) == 2 and len(copy.readings) == 2
    assert _without_ids(copy) == _without_ids(snap)


def test_an_archive_without_check_ins_still_imports(service, workshop, items):
    import json

    data = json.loads(archive.dumps(service.snapshot(workshop.id)))
    del data["status_updates"], data["readings"]
    for item in data["initiatives"]:
        for name in ("baseline", "target_value", "unit", "lower_is_better", "carried_from"):
            del item[name]
    copy = service.snapshot(archive.import_text(service, json.dumps(data)))
    assert copy.status_updates == [] and copy.initiatives[0].baseline is None


@pytest.mark.parametrize(("table", "change", "words"), [
    ("status_updates", {"status": "finished"}, "status_updates"),
    ("status_updates", {"on_date": "1.11.2026"}, "not a date"),
    ("readings", {"initiative_id": 999}, "missing initiative"),
    ("readings", {"value": None, "text": ""}, "neither a value nor a text"),
])
def test_an_archive_with_bad_check_ins_is_refused(service, workshop, items, table, change,
                                                  words):
    import json

    service.set_status(workshop.id, items[0], "on-track", today=TODAY)
    service.add_reading(workshop.id, items[0], "17", today=TODAY)
    data = json.loads(archive.dumps(service.snapshot(workshop.id)))
    data[table][0].update(change)
    count = len(service.list_workshops())
    with pytest.raises(InvalidInput) as caught:
        archive.import_text(service, json.dumps(data), "old.json")
    assert words in str(caught.value)
    assert len(service.list_workshops()) == count


# ------------------------------------------------- dates of phases, milestones


@pytest.fixture
def dated(service, mini_playbook):
    """A workshop held on 1 June 2026 whose phases last 0-3 and 3-6 months."""
    from dataclasses import replace

    book = replace(mini_playbook, phases=[replace(mini_playbook.phases[0], months=(0, 3)),
                                          replace(mini_playbook.phases[1], months=(3, 6))])
    ws = service.create_workshop("Dated", book, held_on="2026-06-01")
    ids = []
    for title, phase in (("Quick win", "now"), ("Late one", "now"), ("Later", "next")):
        item = service.create_initiative(ws.id, title)
        service.set_roadmap(ws.id, item.id, phase=phase, owner="Ann", metric="Use",
                            milestone=f"{title}: first step", milestone_due="2026-07-01")
        ids.append(item.id)
    return ws.id, ids


def test_phase_dates_come_from_the_workshop_date(service, dated):
    view = service.follow_up(dated[0])
    assert view.phase_windows == {"now": (date(2026, 6, 1), date(2026, 9, 1)),
                                  "next": (date(2026, 9, 1), date(2026, 12, 1))}


def test_kept_promises_and_overdue_items_follow_the_phase_end(service, dated):
    wid, (quick, late, later) = dated
    service.set_status(wid, quick, "done", on="2026-08-20", today=TODAY)
    service.set_status(wid, late, "on-track", on="2026-08-20", today=TODAY)
    during = service.figures(wid, date(2026, 8, 31))
    assert (during.kept.kept, during.kept.total, during.kept.final) == (2, 2, False)
    assert during.escalate == []
    service.set_status(wid, late, "done", on="2026-09-15", today=TODAY)  # too late
    after = service.figures(wid, date(2026, 9, 20))
    assert (after.kept.kept, after.kept.total, after.kept.final) == (1, 2, True)
    assert after.kept.ends == date(2026, 9, 1)
    assert [(e.initiative_id, e.reasons) for e in service.figures(wid, TODAY + timedelta(1))
            .escalate] == [(later, ("overdue",))]


def test_the_first_milestone_is_the_next_step_until_a_check_in_gives_one(service, dated):
    wid, (quick, _, _) = dated
    step = service.follow_up(wid).item(quick).next_step
    assert (step.text, step.due, step.on_date) == ("Quick win: first step", "2026-07-01", None)
    service.set_next_step(wid, quick, "Tell the other shops", on="2026-07-02", today=TODAY)
    assert service.follow_up(wid).item(quick).next_step.text == "Tell the other shops"


# ----------------------------------------------------------------- file import


def test_import_reads_a_finnish_spreadsheets_csv(service, workshop, items, tmp_path):
    path = tmp_path / "bi.csv"
    path.write_bytes("Kehityskohde;Päivämäärä;Arvo;Kommentti\r\n"
                     "Faster refunds;1.10.2026;17,5;syyskuu\r\n"
                     f"{items[0]};31.10.2026;1 234,5;\r\n"
                     "Clear invoices;2026-10-31;vähemmän;\r\n".encode("cp1252"))
    readings = service.import_readings(workshop.id, path, today=TODAY)
    assert [(r.initiative_id, r.value, r.text, r.on_date, r.note) for r in readings] == [
        (items[0], 17.5, "", "2026-10-01", "syyskuu"),
        (items[0], 1234.5, "", "2026-10-31", ""),
        (items[1], None, "vähemmän", "2026-10-31", "")]
    assert service.history(workshop.id)[0].params == {"n": 3, "file": str(path)}


def test_import_refuses_the_whole_file_naming_every_bad_row(service, workshop, items,
                                                            tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("initiative,date,value\n"
                    "Faster refunds,2026-10-01,14\n"
                    "Nobody knows,2026-10-01,3\n"
                    "Faster refunds,31.2.2026,4\n"
                    "Faster refunds,2026-10-02,four\n"
                    "Loose idea,2026-10-02,4\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        service.import_readings(workshop.id, path, today=TODAY)
    assert caught.value.params["rows"] == "3, 4, 5, 6"
    assert [p["key"] for p in caught.value.params["problems"]] == \
        ["no_roadmap_item", "bad_import_date", "reading_not_number", "not_on_roadmap"]
    assert rows(service, "readings") == []


def test_import_needs_the_three_columns(service, workshop, items, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("what,when\nFaster refunds,2026-10-01\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        service.import_readings(workshop.id, path, today=TODAY)
    assert (caught.value.key, caught.value.params["missing"]) == \
        ("readings_columns", "initiative, date, value")


def test_import_reads_xlsx(service, workshop, items, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Utvecklingsobjekt", "Datum", "Värde"])
    sheet.append(["Faster refunds", date(2026, 11, 2), 12.5])
    book.save(tmp_path / "bi.xlsx")
    readings = service.import_readings(workshop.id, tmp_path / "bi.xlsx", today=TODAY)
    assert [(r.value, r.on_date) for r in readings] == [(12.5, "2026-11-02")]


# ------------------------------------------------------------------ CSV export


def test_the_csv_export_has_status_and_latest_reading(service, workshop, items):
    import csv
    import io

    from sprintkit.export import render

    service.set_status(workshop.id, items[0], "at-risk", on="2026-11-01", today=TODAY)
    service.add_reading(workshop.id, items[0], "17,5", on="2026-11-01", today=TODAY)
    service.add_reading(workshop.id, items[1], "=fewer", on="2026-10-01", today=TODAY)
    rows = list(csv.DictReader(io.StringIO(
        render(service.snapshot(workshop.id), "csv").decode("utf-8-sig"))))
    by_title = {r["title"]: r for r in rows}
    assert [by_title["Faster refunds"][k] for k in ("status", "latest reading",
                                                    "reading date")] == \
        ["At risk", "17.5", "2026-11-01"]
    # a reading in words is hostile text like any other: no formula
    assert [by_title["Clear invoices"][k] for k in ("status", "latest reading")] == \
        ["Planned", "'=fewer"]
    assert [by_title["Loose idea"][k] for k in ("status", "latest reading")] == ["", ""]


def test_the_csv_status_is_in_the_workshops_language(service, items, workshop):
    from sprintkit.export import render
    from sprintkit.playbooks import find_playbook

    ws = service.create_workshop("Suomeksi", find_playbook("service-sprint", "fi"),
                                 held_on="2026-06-01")
    item = service.create_initiative(ws.id, "Nopeampi hyvitys")
    service.set_roadmap(ws.id, item.id, phase="now", metric="Päiviä")
    service.set_status(ws.id, item.id, "on-track", today=TODAY)
    text = render(service.snapshot(ws.id), "csv").decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.endswith(",tila,viimeisin mittaustulos,mittauspäivä")
    assert row.endswith(",Aikataulussa,,")


# ------------------------------------------- deleting and merging keep history


def test_undoing_a_delete_brings_the_check_ins_back(service, workshop, items):
    service.set_status(workshop.id, items[0], "on-track", today=TODAY)
    service.add_reading(workshop.id, items[0], "12", today=TODAY)
    before = (rows(service, "status_updates"), rows(service, "readings"))
    service.delete_initiative(workshop.id, items[0])
    assert rows(service, "status_updates") == [] and rows(service, "readings") == []
    service.undo(workshop.id)
    assert (rows(service, "status_updates"), rows(service, "readings")) == before


def test_a_merge_moves_the_check_ins_and_the_numbers(service, workshop, items):
    service.set_status(workshop.id, items[0], "at-risk", on="2026-11-01", today=TODAY)
    service.add_reading(workshop.id, items[0], "12", on="2026-11-01", today=TODAY)
    keep = service.create_initiative(workshop.id, "Refunds and returns")
    merged = service.merge_initiatives(workshop.id, keep.id, [items[0]])
    assert (merged.phase, merged.target, merged.baseline, merged.target_value, merged.unit,
            merged.lower_is_better) == ("now", "5", 21.0, 5.0, "days", True)
    entry = service.follow_up(workshop.id).item(keep.id)
    assert entry.status == "at-risk" and entry.latest_reading.value == 12.0
    service.undo(workshop.id)
    assert service.follow_up(workshop.id).item(items[0]).status == "at-risk"
