"""The demo workshop months later: its roadmap followed through three check-ins.

The same sprint as :func:`sprintkit.demo.build_demo`, held about four months
ago, whose metrics were then made measurable and whose owners have met once a
month since. It shows every part of the follow-up at once: an item done
within its phase, one finished late, one still open after its phase ended,
one at risk and then blocked (both flagged "escalate or drop"), readings
moving toward their targets and one moving away, a metric where lower is
better, and a metric read in words.

Like the normal demo it goes through the public service methods, so the
check-ins obey every rule a facilitator's would (no date in the future, none
before the workshop, owners update only their own items). The shape of the
story is shared by all languages; the words are in the ``follow_up`` part of
``demo_texts/<language>.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict, cast

from sprintkit.demo import INITIATIVES, ROADMAP, TEXTS, build_demo
from sprintkit.progress import number_text
from sprintkit.service import LOCAL, PHONE, WorkshopService

# About four months: the first phase (months 0-3) is over and the second runs.
HELD_DAYS_AGO = 120
# The check-ins, in days after the workshop: roughly monthly, the last one
# shortly after the quick experiments' phase ended.
CHECK_IN_DAYS: tuple[int, int, int] = (35, 66, 98)
# The first check-in was held in a meeting room with the facilitator typing;
# at the later ones the owners updated their items from their phones.
PHONE_FROM = 2
# Items whose owner reports through the facilitator at every check-in.
THROUGH_FACILITATOR = frozenset({"assist"})

# Roadmap key -> (baseline, target): the numbers the targets' words name
# ("from 62% to 75%"). A target below its baseline is a lower-is-better metric.
NUMBERS: dict[str, tuple[float, float]] = {
    "alerts": (55, 90),
    "frontline": (62, 75),
    "measure": (1, 5),
    "refunds": (0, 80),
    "assist": (84, 99),
    "one-view": (24, 10),
}


@dataclass(frozen=True, slots=True)
class Update:
    """One item at one check-in. ``status`` None: a reading only. ``value``
    a number for a numeric metric; ``words`` a reading in words (its text
    is ``readings["<item>.<n>"]``). ``comment`` says whether the check-in has
    a comment (``comments["<item>.<n>"]``); ``next_in`` whether it has a next
    step (``next_steps["<item>.<n>"]``), due that many days later."""

    status: str | None
    value: float | None = None
    words: bool = False
    comment: bool = True
    next_in: int | None = None


# Roadmap key -> its update at each check-in (None: not discussed that time).
CHECK_INS: dict[str, tuple[Update | None, Update | None, Update | None]] = {
    # Done inside its phase: a kept promise. Readings keep coming in after.
    "alerts": (Update("on-track", 68, next_in=21), Update("done", 91),
               Update(None, 93, comment=False)),
    # Done, but only after its phase had ended.
    "frontline": (Update("on-track", 64, next_in=14), Update("on-track", 68, next_in=28),
                  Update("done", 72)),
    # Its phase is over and it is not done: flagged as overdue.
    "measure": (Update("on-track", 2, next_in=28), Update("at-risk", 2, next_in=14),
                Update("on-track", 3, next_in=30)),
    "refunds": (Update("planned"), Update("on-track", next_in=21),
                Update("on-track", 18, next_in=45)),
    # At risk, then blocked: flagged for two troubled check-ins in a row.
    "connections": (Update("on-track", words=True, next_in=14),
                    Update("at-risk", words=True, next_in=21),
                    Update("blocked", words=True, next_in=28)),
    # Moving toward its target, then a step back.
    "assist": (Update("planned", 85), Update("on-track", 91, next_in=30),
               Update("on-track", 89, next_in=24)),
    # Lower is better; its metric was agreed only after the workshop.
    "one-view": (Update("planned", 25), None, Update("planned", 23, next_in=60)),
}


class FollowUpText(TypedDict):
    """One language's follow-up words (the ``follow_up`` object of its JSON file)."""

    units: dict[str, str]  # roadmap key -> the unit of its numbers
    comments: dict[str, str]  # "<key>.<check-in number>" -> comment
    next_steps: dict[str, str]  # "<key>.<check-in number>" -> next step
    readings: dict[str, str]  # "<key>.<check-in number>" -> a reading in words


def follow_up_text(language: str) -> FollowUpText:
    texts: Mapping[str, object] = TEXTS[language]
    return cast(FollowUpText, texts["follow_up"])


def check_in_days(held_on: date) -> list[date]:
    return [held_on + timedelta(days=d) for d in CHECK_IN_DAYS]


def build_followed_up_demo(service: WorkshopService, *, language: str = "en",
                           today: date | None = None) -> int:
    """Create the demo workshop as held about four months before ``today``
    (default: today), with three monthly check-ins; return its id."""
    today = today or date.today()
    held_on = today - timedelta(days=HELD_DAYS_AGO)
    ws = build_demo(service, language=language, held_on=held_on)
    words = follow_up_text(language)
    metrics = TEXTS[language]["metrics"]
    keys = {TEXTS[language]["initiatives"][key][0]: key for key in INITIATIVES}
    ids = {keys[i.title]: i.id for i in service.initiatives(ws)}
    people = {p.name: p.id for p in service.participants(ws)}
    owners = {key: TEXTS[language]["people"][owner][0] for key, _, owner, _ in ROADMAP}

    # The team turned the targets' figures into numbers before the first check-in.
    for key, (baseline, target) in NUMBERS.items():
        service.set_roadmap(ws, ids[key], metric=metrics[key][0], target=number_text(target),
                            baseline=baseline, unit=words["units"].get(key, ""),
                            lower_is_better=target < baseline)

    for number, day in enumerate(check_in_days(held_on), start=1):
        for key, updates in CHECK_INS.items():
            update = updates[number - 1]
            if update is None:
                continue
            on_phone = number >= PHONE_FROM and key not in THROUGH_FACILITATOR
            who = people[owners[key]] if on_phone else None
            source = PHONE if on_phone else LOCAL
            ref = f"{key}.{number}"
            value: str | float | None = words["readings"][ref] if update.words else update.value
            if update.status is None:
                assert value is not None
                service.add_reading(ws, ids[key], value, on=day, participant_id=who,
                                    source=source, today=today)
                continue
            service.record_check_in(
                ws, ids[key], status=update.status, value=value,
                note=words["comments"][ref] if update.comment else "",
                next_step=words["next_steps"][ref] if update.next_in is not None else None,
                due=day + timedelta(days=update.next_in) if update.next_in is not None else None,
                on=day, participant_id=who, owner_only=on_phone, source=source, today=today)
    return ws
