"""The follow-up figures as pure functions: progress toward target, kept
promises, escalate-or-drop flags and owners' loads."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sprintkit import progress
from sprintkit.models import Initiative, Phase, Reading, StatusUpdate, Workshop

DAY0 = date(2026, 1, 1)
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def reading(value, day, rid):
    return Reading(id=rid, workshop_id=1, initiative_id=1, value=value,
                   on_date=(DAY0 + timedelta(days=day)).isoformat(), created_at="")


def readings_from(values):
    return [reading(v, i, i + 1) for i, v in enumerate(values)]


def prog(baseline, target, lower, values):
    return progress.progress_to_target(baseline=baseline, target=target,
                                       lower_is_better=lower, readings=readings_from(values))


# --------------------------------------------------------- progress to target


def test_progress_is_latest_minus_baseline_over_target_minus_baseline():
    assert prog(62, 75, False, [65, 68.5]).raw == pytest.approx(0.5)
    # lower is better: a fall from 21 to 13 days is half the way to 5
    assert prog(21, 5, True, [30, 13]).raw == pytest.approx(0.5)


def test_clamped_for_display_with_the_raw_value_kept():
    worse = prog(62, 75, False, [55])
    assert worse.raw == pytest.approx(-7 / 13) and worse.shown == 0.0 and worse.percent == 0
    beyond = prog(62, 75, False, [88])
    assert beyond.raw == pytest.approx(2.0) and beyond.shown == 1.0 and beyond.percent == 100
    assert beyond.met and not worse.met


def test_without_a_baseline_the_first_reading_is_the_start():
    value = prog(None, 75, False, [60, 70])
    assert (value.start, value.from_baseline) == (60, False)
    assert value.raw == pytest.approx(10 / 15)


def test_no_target_or_no_numeric_reading_gives_no_progress():
    assert prog(62, None, False, [70]) is None
    assert prog(62, 75, False, []) is None
    words = Reading(id=1, workshop_id=1, initiative_id=1, text="better", on_date="2026-01-01",
                    created_at="")
    assert progress.progress_to_target(baseline=62, target=75, lower_is_better=False,
                                       readings=[words]) is None


@given(baseline=finite, target=finite, values=st.lists(finite, min_size=1, max_size=8))
def test_direction_mirrors(baseline, target, values):
    """Lower-is-better is higher-is-better seen in a mirror."""
    assume(baseline != target)
    up = prog(baseline, target, False, values)
    down = prog(-baseline, -target, True, [-v for v in values])
    assert up.raw == pytest.approx(down.raw, rel=1e-9, abs=1e-9)


@given(baseline=finite, step=st.floats(min_value=0.01, max_value=1e5), lower=st.booleans(),
       a=finite, b=finite)
def test_a_better_reading_is_more_progress(baseline, step, lower, a, b):
    target = baseline - step if lower else baseline + step
    assume(a != b)
    better, worse = (min(a, b), max(a, b)) if lower else (max(a, b), min(a, b))
    # never less; floating point may make two very close readings equal
    assert prog(baseline, target, lower, [better]).raw >= prog(baseline, target, lower,
                                                               [worse]).raw
    if abs(a - b) > 1e-6 * max(1.0, abs(a), abs(b), abs(baseline)):
        assert prog(baseline, target, lower, [better]).raw > prog(baseline, target, lower,
                                                                  [worse]).raw


@given(baseline=st.one_of(st.none(), finite), target=finite, lower=st.booleans(),
       values=st.lists(finite, min_size=1, max_size=10), seed=st.integers(0, 1000))
def test_readings_out_of_order_give_the_same_progress(baseline, target, lower, values, seed):
    assume(baseline != target)
    ordered = readings_from(values)
    shuffled = list(ordered)
    random.Random(seed).shuffle(shuffled)
    first = progress.progress_to_target(baseline=baseline, target=target,
                                        lower_is_better=lower, readings=ordered)
    second = progress.progress_to_target(baseline=baseline, target=target,
                                         lower_is_better=lower, readings=shuffled)
    assert first == second
    assert first.latest == values[-1]


@given(baseline=st.one_of(st.none(), finite), target=finite, lower=st.booleans(),
       values=st.lists(finite, min_size=1, max_size=10))
def test_shown_is_always_between_0_and_1_and_is_the_clamped_raw(baseline, target, lower,
                                                                 values):
    assume(baseline != target)
    value = prog(baseline, target, lower, values)
    assert 0.0 <= value.shown <= 1.0 and 0 <= value.percent <= 100
    assert value.shown == min(1.0, max(0.0, value.raw))


@given(target=finite, step=st.floats(min_value=0.01, max_value=1e5), lower=st.booleans(),
       later=st.lists(finite, max_size=5))
def test_missing_baseline_equals_a_baseline_of_the_first_reading(target, step, lower, later):
    first = target + step if lower else target - step
    assert prog(None, target, lower, [first, *later]).raw == \
        pytest.approx(prog(first, target, lower, [first, *later]).raw)


@given(target=finite, lower=st.booleans(), offset=st.floats(min_value=0, max_value=1e5),
       later=finite)
def test_a_start_already_at_the_target_counts_whole_while_it_holds(target, lower, offset,
                                                                     later):
    first = target - offset if lower else target + offset
    value = prog(None, target, lower, [first, later])
    assert value.raw == (1.0 if value.met else 0.0)


# ------------------------------------------------------------- parse / rules


@pytest.mark.parametrize(("text", "value"), [
    ("62", 62.0), ("62.5", 62.5), ("62,5", 62.5), ("-3", -3.0), ("+4,25", 4.25),
    ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), (" 7 ", 7.0), (",5", 0.5),
])
def test_numbers_as_people_type_them(text, value):
    assert progress.parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "62%", "6x2", "1.234,5", "1e5", "nan", "inf", "12 34",
                                  "--1"])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        progress.parse_decimal(text)


# ---------------------------------------------------- kept promises and flags


def item(iid, phase, statuses=(), owner="Ann", readings=()):
    initiative = Initiative(id=iid, workshop_id=1, title=f"Item {iid}", phase=phase,
                            owner=owner, created_at="")
    updates = [StatusUpdate(id=n + 100 * iid, workshop_id=1, initiative_id=iid, status=s,
                            on_date=d, created_at="") for n, (d, s) in enumerate(statuses)]
    return progress.follow_up_item(initiative, updates, readings)


def view(items, windows=None, days=()):
    phases = [Phase(id="now", title="Now", horizon="0-3"),
              Phase(id="next", title="Next", horizon="3-6")]
    ups = [u for i in items for u in i.statuses]
    check_ins = progress.check_ins(ups, [])
    for d in days:  # check-ins that only had readings of other items
        if all(c.on_date != d for c in check_ins):
            check_ins.append(progress.CheckIn(on_date=d))
    check_ins.sort(key=lambda c: c.on_date)
    return progress.FollowUp(
        workshop=Workshop(id=1, name="W", playbook_id="p", language="en", created_at="",
                          updated_at="", held_on="2026-01-01"),
        phases=phases, phase_windows=windows or {"now": None, "next": None}, items=items,
        check_ins=check_ins)


NOW = {"now": (date(2026, 1, 1), date(2026, 3, 31)), "next": (date(2026, 4, 1),
                                                             date(2026, 6, 30))}


def test_kept_promises_after_the_phase_count_what_was_done_by_its_end():
    items = [item(1, "now", [("2026-03-15", "done")]),
             item(2, "now", [("2026-04-10", "done")]),          # done late
             item(3, "now", [("2026-02-01", "on-track")]),
             item(4, "next", [("2026-02-01", "done")])]          # not a Now item
    kept = progress.kept_promises(view(items, NOW), date(2026, 5, 1))
    assert (kept.kept, kept.total, kept.final, kept.share) == (1, 3, True, pytest.approx(1 / 3))


def test_kept_promises_during_the_phase_count_done_or_on_track():
    items = [item(1, "now", [("2026-02-15", "done")]),
             item(2, "now", [("2026-02-10", "on-track")]),
             item(3, "now", [("2026-02-01", "at-risk")]),
             item(4, "now")]
    kept = progress.kept_promises(view(items, NOW), date(2026, 3, 1))
    assert (kept.kept, kept.total, kept.final) == (2, 4, False)
    # an undated phase is always "during"
    assert progress.kept_promises(view(items), date(2030, 1, 1)).final is False


def test_no_now_items_has_no_share():
    assert progress.kept_promises(view([item(1, "next")]), date(2026, 3, 1)).share is None


def test_past_the_phase_end_and_not_done_is_flagged():
    items = [item(1, "now", [("2026-03-01", "on-track")]),
             item(2, "now", [("2026-03-01", "done")]),
             item(3, "now", [("2026-03-01", "dropped")]),
             item(4, "next", [("2026-03-01", "on-track")])]
    flags = progress.escalations(view(items, NOW), date(2026, 4, 2))
    assert [(f.initiative_id, f.reasons) for f in flags] == [(1, ("overdue",))]
    assert progress.escalations(view(items, NOW), date(2026, 3, 31)) == []


def test_at_risk_or_blocked_at_two_check_ins_in_a_row_is_flagged():
    items = [item(1, "next", [("2026-01-31", "at-risk"), ("2026-02-28", "blocked")]),
             item(2, "next", [("2026-01-31", "at-risk"), ("2026-02-28", "on-track")]),
             item(3, "next", [("2026-01-31", "blocked")]),              # still blocked
             item(4, "next", [("2026-02-28", "at-risk")])]               # only once
    figures = progress.figures(view(items, NOW), date(2026, 3, 1))
    assert [(f.initiative_id, f.reasons) for f in figures.escalate] == \
        [(1, ("stuck",)), (3, ("stuck",))]
    assert figures.flagged(1) == ("stuck",) and figures.flagged(2) == ()


def test_a_troubled_item_put_right_at_the_last_check_in_is_not_flagged():
    items = [item(1, "next", [("2026-01-31", "at-risk"), ("2026-02-28", "at-risk"),
                              ("2026-03-31", "on-track")])]
    assert progress.escalations(view(items, NOW), date(2026, 4, 1)) == []


def test_items_per_owner_count_the_open_ones_first():
    items = [item(1, "now", owner="Ann"), item(2, "now", [("2026-01-05", "done")],
                                               owner="ann"),
             item(3, "now", owner="Bo"), item(4, "next", owner="Bo"),
             item(5, "next", owner="")]
    assert [(o.owner, o.items, o.open) for o in progress.owner_load(items)] == \
        [("Bo", 2, 2), ("Ann", 2, 1), ("", 1, 1)]


def test_status_on_a_day_follows_the_history():
    entry = item(1, "now", [("2026-02-01", "on-track"), ("2026-02-01", "at-risk"),
                            ("2026-01-01", "planned")])
    assert entry.status == "at-risk"   # the same day: the later entry stands
    assert entry.status_on("2026-01-31") == "planned"
    assert entry.status_on("2025-12-31") == "planned"
    assert entry.status_on("2026-02-01") == "at-risk"


# ------------------------------------------- a metric that changed its kind

words_or_numbers = st.lists(st.one_of(st.none(), finite), min_size=1, max_size=8)


@given(kinds=words_or_numbers, numeric=st.booleans(), seed=st.integers(0, 1000))
def test_latest_reading_is_of_the_kind_the_metric_now_takes(kinds, numeric, seed):
    # None stands for a reading in words, typed while the metric had no numbers.
    measured = [Reading(id=n + 1, workshop_id=1, initiative_id=1, value=v,
                        text="about half" if v is None else "",
                        on_date=(DAY0 + timedelta(days=n)).isoformat(), created_at="")
                for n, v in enumerate(kinds)]
    shuffled = list(measured)
    random.Random(seed).shuffle(shuffled)
    initiative = Initiative(id=1, workshop_id=1, title="Item", phase="now", created_at="",
                            metric="Share", baseline=0.0 if numeric else None,
                            target_value=90.0 if numeric else None)
    entry = progress.follow_up_item(initiative, [], shuffled)
    numbers = [r for r in measured if r.value is not None]
    if numeric:
        assert entry.metric_readings == numbers
        assert entry.latest_reading == (numbers[-1] if numbers else None)
        found = progress.item_progress(entry)
        if numbers:
            assert found is not None and found.latest == entry.latest_reading.value
        else:
            assert found is None
    else:
        assert entry.metric_readings == measured
        assert entry.latest_reading == measured[-1]


def test_words_before_the_numbers_are_history_not_the_latest():
    words = Reading(id=1, workshop_id=1, initiative_id=1, value=None, text="about half",
                    on_date="2026-02-01", created_at="")
    number = Reading(id=2, workshop_id=1, initiative_id=1, value=60.0, on_date="2026-01-15",
                     created_at="")
    initiative = Initiative(id=1, workshop_id=1, title="Item", phase="now", created_at="",
                            metric="Share", baseline=50.0, target_value=90.0)
    entry = progress.follow_up_item(initiative, [], [number, words])
    assert entry.readings == [number, words]
    assert entry.latest_reading == number
    assert progress.item_progress(entry).percent == 25
