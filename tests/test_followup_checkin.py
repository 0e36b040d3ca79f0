"""A whole check-in from one owner (status, comment, next step and reading
saved together), and the join link renewed for a follow-up meeting."""

from __future__ import annotations

from datetime import date

import pytest

from sprintkit.errors import InvalidInput

TODAY = date(2026, 5, 4)


@pytest.fixture
def placed(service, workshop):
    wid = workshop.id
    service.update_workshop(wid, held_on="2026-02-02")  # check-ins follow the workshop
    item = service.create_initiative(wid, "Faster refunds")
    other = service.create_initiative(wid, "Live delay messages")
    service.set_roadmap(wid, item.id, phase="now", owner="Ann", metric="Refunds in 3 days",
                        target="80", baseline="60", unit="%")
    service.set_roadmap(wid, other.id, phase="now", owner="Bo", metric="Complaints")
    people = {p.name: p.id for p in service.participants(wid)}
    return wid, item.id, other.id, people


def _counts(service, wid):
    updates = service.store.query("SELECT COUNT(*) AS n FROM status_updates WHERE "
                                  "workshop_id = ?", [wid])[0]["n"]
    readings = service.store.query("SELECT COUNT(*) AS n FROM readings WHERE "
                                   "workshop_id = ?", [wid])[0]["n"]
    return updates, readings


def test_status_and_reading_are_saved_together(service, placed):
    wid, item, _, people = placed
    update, reading = service.record_check_in(
        wid, item, status="on-track", value="71,5", note="Form gone", next_step="Pilot",
        due="2026-06-01", participant_id=people["Ann"], owner_only=True, source="phone",
        today=TODAY)
    assert (update.status, update.comment, update.next_step, update.next_due) == \
        ("on-track", "Form gone", "Pilot", "2026-06-01")
    assert update.by_name == "Ann" and update.source == "phone"
    assert reading is not None and reading.value == 71.5 and reading.by_name == "Ann"
    entry = service.follow_up(wid).item(item)
    assert entry.status == "on-track" and entry.latest_reading.value == 71.5


def test_a_refused_reading_leaves_no_status(service, placed):
    wid, item, _, people = placed
    with pytest.raises(InvalidInput):
        service.record_check_in(wid, item, status="at-risk", value="lots",
                                participant_id=people["Ann"], owner_only=True, today=TODAY)
    assert _counts(service, wid) == (0, 0)


def test_an_owner_cannot_update_another_owners_item(service, placed):
    wid, _, other, people = placed
    with pytest.raises(InvalidInput) as refused:
        service.record_check_in(wid, other, status="done", participant_id=people["Ann"],
                                owner_only=True, today=TODAY)
    assert refused.value.key == "not_your_item"
    assert _counts(service, wid) == (0, 0)


def test_a_blank_value_adds_no_reading(service, placed):
    wid, item, _, _ = placed
    service.record_check_in(wid, item, status="blocked", value="  ", today=TODAY)
    assert _counts(service, wid) == (1, 0)


def test_renewing_the_join_token_forgets_the_phones(service, placed):
    wid, _, _, people = placed
    old = service.join_token(wid)
    service.remember_phone(wid, "hash", people["Ann"], "csrf")
    new = service.renew_join_token(wid)
    assert new != old and service.join_token(wid) == new
    assert service.remembered_phones(wid, max_age_days=7) == []


def test_a_snapshot_gives_the_same_follow_up_as_the_database(service, placed):
    from sprintkit.service.checkin import follow_up_of

    wid, item, other, people = placed
    service.record_check_in(wid, item, status="on-track", value="70", today=TODAY,
                            on="2026-04-01")
    service.set_status(wid, other, "blocked", note="waiting", today=TODAY)
    direct = service.follow_up(wid)
    from_snapshot = follow_up_of(service.snapshot(wid))
    assert [(e.id, e.status, e.owner_participant_id, [r.value for r in e.readings])
            for e in from_snapshot.items] == \
        [(e.id, e.status, e.owner_participant_id, [r.value for r in e.readings])
         for e in direct.items]
    assert [c.on_date for c in from_snapshot.check_ins] == [c.on_date for c in direct.check_ins]
    assert direct.item(item).owner_participant_id == people["Ann"]
