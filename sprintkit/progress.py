"""After the workshop: what the check-ins say, as plain data and pure figures.

The service reads a workshop's roadmap items with their status updates and
metric readings into a :class:`FollowUp`; the figures leadership reads
(progress toward each target, kept promises, what to escalate or drop, how
many items each owner carries) are computed from it here, with no database
and no UI, so the terminal UI, the phone page, the CLI and the progress
report all show the same numbers.

Dates are ISO ``YYYY-MM-DD`` text throughout, which sorts as dates do.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sprintkit.errors import InvalidInput
from sprintkit.models import (
    FINISHED,
    Initiative,
    Phase,
    Reading,
    StatusUpdate,
    Workshop,
)
from sprintkit.tabular import parse_number

PLANNED = "planned"
# Statuses that count as a kept promise while the phase is still running.
ON_COURSE: tuple[str, ...] = ("done", "on-track")
# Statuses that, held through two check-ins in a row, ask for a decision.
TROUBLED: tuple[str, ...] = ("at-risk", "blocked")

# ---------------------------------------------------------------- numbers

def parse_decimal(text: str) -> float:
    """A number as people type it: ``62``, ``62.5``, ``62,5``, ``-3``,
    ``1 234,5`` (a space groups thousands), read as the tabular reader reads
    a cell. ValueError for anything else, also for a number too large to be
    finite."""
    value = parse_number(str(text).replace("\u2212", "-"))
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def number_text(value: float | None) -> str:
    """A stored number as plain text for the history: ``62``, ``62.5`` ('' for None)."""
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


@dataclass(frozen=True, slots=True)
class MetricNumbers:
    """A metric's numbers as they are to be stored: both numbers or neither."""

    baseline: float | None
    target: float | None
    lower_is_better: bool


CLEAR = ("", "none", "-")

# A number followed by a sign that is not part of it: "90%", "5 days", "3 €".
_WITH_SIGN = re.compile(r"^\s*([-\u2212+]?\d[\d\s.,]*?)\s*([^\d\s.,+\-\u2212][^\d]*?)\s*$")


def strip_unit(text: str, unit: str) -> str:
    """``text`` without the metric's ``unit`` typed after the number
    (``90%`` or ``90 %`` with the unit ``%``): the unit has a field of its
    own, and the number alone is what is kept. Anything else is returned
    as it is."""
    sign = unit.strip()
    found = _WITH_SIGN.match(text)
    if sign and found and found.group(2).casefold() == sign.casefold():
        try:
            parse_decimal(found.group(1))
        except ValueError:
            return text
        return found.group(1).strip()
    return text


def _refuse_unit(field: str, text: str) -> None:
    """Refuse a number typed with a unit other than the metric's, saying
    where the unit goes, instead of calling it not a number."""
    found = _WITH_SIGN.match(text)
    if found is None:
        return
    try:
        parse_decimal(found.group(1))
    except ValueError:
        return
    raise InvalidInput(f"{field}: '{text}' has a unit in it; give the number alone and the "
                       f"unit with --unit {found.group(2)}", key="number_with_unit",
                       field=field, value=text, unit=found.group(2))


def metric_numbers(*, baseline: str | float | None, target: str | None,
                   lower_is_better: bool | None, current: Initiative) -> MetricNumbers:
    """Check a change to a metric's numbers against the item as it is.

    ``baseline``: None leaves it as it is, ``''``/``'none'`` removes the numbers,
    anything else must be a number. With a baseline (given now or stored) the
    target must be a number too (``target`` None: the stored target's text);
    without one the target stays free text and no numbers are kept.
    ``lower_is_better`` None takes the direction from the numbers; given, it
    must agree with them. A target equal to the baseline is refused: there is
    no way to tell progress. Raises InvalidInput (nothing is stored then).
    """
    lower = current.lower_is_better if lower_is_better is None else lower_is_better
    if isinstance(baseline, str) and baseline.strip().casefold() in CLEAR:
        return MetricNumbers(None, None, lower)
    if baseline is None:
        start = current.baseline
        if start is None:
            return MetricNumbers(None, None, lower)
    elif isinstance(baseline, (int, float)) and not isinstance(baseline, bool):
        start = float(baseline)
        if not math.isfinite(start):
            raise InvalidInput(f"baseline: {baseline!r} is not a number", key="not_a_number",
                               field="baseline", value=str(baseline))
    else:
        try:
            start = parse_decimal(str(baseline))
        except ValueError:
            _refuse_unit("baseline", str(baseline))
            raise InvalidInput(f"baseline: '{baseline}' is not a number (use . or , for "
                               "decimals)", key="not_a_number", field="baseline",
                               value=str(baseline)) from None
    text = current.target if target is None else target
    if not text.strip():
        raise InvalidInput("a metric with a baseline needs a numeric target (--target)",
                           key="target_needed")
    try:
        goal = parse_decimal(text)
    except ValueError:
        _refuse_unit("target", text)
        raise InvalidInput(f"target: '{text}' is not a number; with a baseline the target "
                           "must be one (use . or , for decimals)", key="target_not_number",
                           value=text) from None
    if goal == start:
        raise InvalidInput(f"target {text} equals the baseline: progress cannot be told",
                           key="target_is_baseline", value=text)
    if lower_is_better is None:
        lower = goal < start
    elif lower_is_better != (goal < start):
        key = "lower_contradicts" if lower_is_better else "higher_contradicts"
        raise InvalidInput(
            f"lower is better, yet the target {text} is above the baseline"
            if lower_is_better else
            f"higher is better, yet the target {text} is below the baseline",
            key=key, value=text)
    return MetricNumbers(start, goal, lower)


def is_numeric(item: Initiative) -> bool:
    """Whether the item's metric takes numbers (it has a baseline and a target)."""
    return item.baseline is not None and item.target_value is not None


# ------------------------------------------------------- the follow-up data


@dataclass(slots=True, kw_only=True)
class NextStep:
    """What happens next for an item, and by when (``due``, ISO, may be None).

    ``on_date`` is the check-in that set it; None when it is still the first
    milestone written on the roadmap."""

    text: str
    due: str | None = None
    on_date: str | None = None


@dataclass(slots=True, kw_only=True)
class ItemFollowUp:
    """One roadmap item with everything the check-ins recorded about it.

    ``statuses`` and ``readings`` are the whole history, oldest first (by
    date, then by the order they were entered: a reading typed in late for
    an earlier date takes its date's place). ``status`` is the latest status
    given ('planned' before any), set on ``status_since`` (None: never
    given). ``owner_participant_id`` is the participant whose name is the
    owner's, if any: that person may update the item from their phone."""

    initiative: Initiative
    statuses: list[StatusUpdate] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    status: str = PLANNED
    status_since: str | None = None
    latest_reading: Reading | None = None
    next_step: NextStep | None = None
    owner_participant_id: int | None = None
    # (date, status) of every update that gave one, oldest first: status_on's index.
    timeline: list[tuple[str, str]] = field(default_factory=list)
    # The first day of this sprint's check-ins (ISO; '' for always): statuses
    # dated before it came with an item carried over from an earlier sprint,
    # are kept in ``statuses`` to show, and are not where the item stands now.
    since: str = ""

    @property
    def id(self) -> int:
        return self.initiative.id

    @property
    def numeric(self) -> bool:
        return is_numeric(self.initiative)

    @property
    def metric_readings(self) -> list[Reading]:
        """The readings the metric as it now stands is told by, oldest first
        (see :func:`metric_readings`)."""
        return metric_readings(self.initiative, self.readings)

    def status_on(self, day: str) -> str:
        """The item's status as it stood at the end of ``day`` (ISO date):
        planned until a status of this sprint (``since``) says otherwise."""
        index = bisect_right(self.timeline, (day, "\uffff"))
        if not index or self.timeline[index - 1][0] < self.since:
            return PLANNED
        return self.timeline[index - 1][1]


def metric_readings(initiative: Initiative, readings: Sequence[Reading]) -> list[Reading]:
    """The readings that tell a metric as it now stands: for a numeric one
    only those with a value, so words typed before the metric got its
    numbers are never shown as the latest beside a progress figure; for one
    without numbers every reading. Keeps the order given."""
    if is_numeric(initiative):
        return [r for r in readings if r.value is not None]
    return list(readings)


def follow_up_item(initiative: Initiative, statuses: Iterable[StatusUpdate],
                   readings: Iterable[Reading], *, owner_participant_id: int | None = None,
                   milestone: NextStep | None = None, ordered: bool = False,
                   since: str = "") -> ItemFollowUp:
    """Put one item's history in order and work out where it stands.
    ``milestone`` is the next step written on the roadmap, used until a
    check-in gives one; a done or dropped item has no next step but one given
    when it was closed or later. ``ordered``: both are already by date, then id.
    ``since``: the first day of this sprint (see :attr:`ItemFollowUp.since`)."""
    if ordered:
        history, measured = list(statuses), list(readings)
    else:
        history = sorted(statuses, key=lambda u: (u.on_date, u.id))
        measured = sorted(readings, key=lambda r: (r.on_date, r.id))
    timeline: list[tuple[str, str]] = [(u.on_date, u.status) for u in history
                                       if u.status is not None]
    step, step_at = milestone, -1
    for index in range(len(history) - 1, -1, -1):
        update = history[index]
        if update.next_step:
            step = NextStep(text=update.next_step, due=update.next_due, on_date=update.on_date)
            step_at = index
            break
    # Once an item is done or dropped, a step planned before that is no
    # longer what comes next; only one given with the closing update is.
    if timeline and timeline[-1][1] in FINISHED:
        closed_at = max(i for i, u in enumerate(history) if u.status is not None)
        if step_at < closed_at:
            step = None
    current = timeline[-1] if timeline and timeline[-1][0] >= since else None
    return ItemFollowUp(
        initiative=initiative, statuses=history, readings=measured,
        status=current[1] if current else PLANNED,
        status_since=current[0] if current else None, since=since,
        latest_reading=_last(metric_readings(initiative, measured)), next_step=step,
        owner_participant_id=owner_participant_id, timeline=timeline)


def _last(readings: Sequence[Reading]) -> Reading | None:
    return readings[-1] if readings else None


@dataclass(slots=True, kw_only=True)
class CheckIn:
    """The updates and readings recorded for one date, in the order entered."""

    on_date: str
    statuses: list[StatusUpdate] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)

    @property
    def initiative_ids(self) -> set[int]:
        return {u.initiative_id for u in self.statuses} | {r.initiative_id for r in self.readings}


def check_ins(statuses: Iterable[StatusUpdate], readings: Iterable[Reading], *,
              ordered: bool = False) -> list[CheckIn]:
    """Every date with an update or a reading, oldest first; within a date,
    in the order entered. ``ordered``: both come by date, then id already."""
    days: dict[str, CheckIn] = {}
    for update in statuses:
        day = days.get(update.on_date)
        if day is None:
            day = days[update.on_date] = CheckIn(on_date=update.on_date)
        day.statuses.append(update)
    for reading in readings:
        day = days.get(reading.on_date)
        if day is None:
            day = days[reading.on_date] = CheckIn(on_date=reading.on_date)
        day.readings.append(reading)
    out = [days[d] for d in sorted(days)]
    if not ordered:
        for day in out:
            day.statuses.sort(key=lambda u: u.id)
            day.readings.sort(key=lambda r: r.id)
    return out


@dataclass(slots=True, kw_only=True)
class FollowUp:
    """A workshop's roadmap as the check-ins left it: what every follow-up
    view, the progress figures and the progress report start from.

    ``items`` are the roadmap's items in roadmap order (phase by phase, then
    their place in the phase); ``check_ins`` every check-in, oldest first.
    ``phase_windows`` gives each phase's first and last day when the workshop
    date and the phase's months say (None for an undated phase)."""

    workshop: Workshop
    phases: list[Phase]
    phase_windows: dict[str, tuple[date, date] | None]
    items: list[ItemFollowUp]
    check_ins: list[CheckIn]

    def item(self, initiative_id: int) -> ItemFollowUp | None:
        return next((i for i in self.items if i.id == initiative_id), None)

    def in_phase(self, phase_id: str) -> list[ItemFollowUp]:
        return [i for i in self.items if i.initiative.phase == phase_id]

    @property
    def first_phase(self) -> str | None:
        """The phase whose items are the promises made first ("Now")."""
        return self.phases[0].id if self.phases else None

    @property
    def last_check_in(self) -> CheckIn | None:
        return self.check_ins[-1] if self.check_ins else None


# ---------------------------------------------------------------- figures


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a numeric metric has moved from where it started toward its target.

    ``raw`` is (latest − start) / (target − start) as measured: below 0 when
    it went the wrong way, above 1 past the target. ``shown`` is the same cut
    to 0…1 for a bar or a percentage. ``start`` is the baseline, or the first
    reading when there is none (``from_baseline`` False)."""

    start: float
    latest: float
    target: float
    lower_is_better: bool
    raw: float
    from_baseline: bool = True

    @property
    def shown(self) -> float:
        return min(1.0, max(0.0, self.raw))

    @property
    def percent(self) -> int:
        """``shown`` as a whole percentage, 0 to 100."""
        return int(round(self.shown * 100))

    @property
    def met(self) -> bool:
        """Whether the latest reading is at the target or beyond it."""
        return self.latest <= self.target if self.lower_is_better else self.latest >= self.target


def progress_to_target(*, baseline: float | None, target: float | None, lower_is_better: bool,
                       readings: Iterable[Reading]) -> Progress | None:
    """Progress toward ``target`` from the readings with a value (in any
    order: the latest and first are found by date, then entry order). None
    without a target or without a reading.

    Direction-aware: for a lower-is-better metric a fall is progress. When
    the start is already at or beyond the target (only possible without a
    baseline), progress is whole while the target is held and none once it
    is lost."""
    if target is None:
        return None
    values = sorted((r.on_date, r.id, r.value) for r in readings if r.value is not None)
    if not values:
        return None
    first, latest = values[0][2], values[-1][2]
    assert first is not None and latest is not None
    start = baseline if baseline is not None else first
    sign = -1.0 if lower_is_better else 1.0
    need = (target - start) * sign
    if need > 0:
        raw = (latest - start) * sign / need
    else:
        raw = 1.0 if (latest - target) * sign >= 0 else 0.0
    return Progress(start=start, latest=latest, target=target, lower_is_better=lower_is_better,
                    raw=raw, from_baseline=baseline is not None)


def item_progress(item: ItemFollowUp) -> Progress | None:
    i = item.initiative
    return progress_to_target(baseline=i.baseline, target=i.target_value,
                              lower_is_better=i.lower_is_better, readings=item.readings)


@dataclass(frozen=True, slots=True)
class KeptPromises:
    """How many of the first phase's items kept their promise.

    After the phase's last day (``final``): those ``done`` by that day.
    During it, or when the phase has no dates: those ``done`` or
    ``on-track`` now. ``share`` is None when the phase has no items."""

    phase: str | None
    total: int
    kept: int
    final: bool
    ends: date | None = None

    @property
    def share(self) -> float | None:
        return self.kept / self.total if self.total else None


def kept_promises(view: FollowUp, today: date) -> KeptPromises:
    phase = view.first_phase
    items = view.in_phase(phase) if phase else []
    window = view.phase_windows.get(phase) if phase else None
    if window is not None and today > window[1]:
        last = window[1].isoformat()
        kept = sum(1 for i in items if i.status_on(last) == "done")
        return KeptPromises(phase=phase, total=len(items), kept=kept, final=True, ends=window[1])
    kept = sum(1 for i in items if i.status in ON_COURSE)
    return KeptPromises(phase=phase, total=len(items), kept=kept, final=False,
                        ends=window[1] if window else None)


OVERDUE = "overdue"
STUCK = "stuck"


@dataclass(frozen=True, slots=True)
class Escalation:
    """An item that needs a decision: escalate it or drop it. ``reasons``:
    ``overdue`` (its phase has ended and it is not done), ``stuck`` (at risk
    or blocked at the last two check-ins)."""

    initiative_id: int
    reasons: tuple[str, ...]


def escalations(view: FollowUp, today: date) -> list[Escalation]:
    """The items to escalate or drop, in roadmap order. A dropped item has
    had its decision and is never flagged; a done one neither."""
    last_two = [c.on_date for c in view.check_ins[-2:]]
    out: list[Escalation] = []
    for item in view.items:
        if item.status in FINISHED:
            continue
        reasons: list[str] = []
        window = view.phase_windows.get(item.initiative.phase or "")
        if window is not None and today > window[1]:
            reasons.append(OVERDUE)
        if len(last_two) == 2 and all(item.status_on(d) in TROUBLED for d in last_two):
            reasons.append(STUCK)
        if reasons:
            out.append(Escalation(initiative_id=item.id, reasons=tuple(reasons)))
    return out


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """How many roadmap items one owner carries (``owner`` '' = no owner yet);
    ``open`` counts those not done or dropped."""

    owner: str
    items: int
    open: int


def owner_load(items: Sequence[ItemFollowUp]) -> list[OwnerLoad]:
    """Per owner, most open items first, then by name. Names that differ only
    in case are one owner (the spelling seen first is kept)."""
    spelled: dict[str, str] = {}
    totals: dict[str, list[int]] = {}
    for item in items:
        key = item.initiative.owner.casefold()
        spelled.setdefault(key, item.initiative.owner)
        counts = totals.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += item.status not in FINISHED
    loads = [OwnerLoad(owner=spelled[k], items=v[0], open=v[1]) for k, v in totals.items()]
    return sorted(loads, key=lambda o: (-o.open, o.owner == "", o.owner.casefold()))


@dataclass(frozen=True, slots=True)
class Figures:
    """Every follow-up figure of a workshop on one day. ``progress`` has an
    entry for each numeric item with at least one reading."""

    today: date
    progress: dict[int, Progress]
    kept: KeptPromises
    escalate: list[Escalation]
    owners: list[OwnerLoad]

    def flagged(self, initiative_id: int) -> tuple[str, ...]:
        """The reasons an item is flagged, () if it is not."""
        return next((e.reasons for e in self.escalate if e.initiative_id == initiative_id), ())


def figures(view: FollowUp, today: date) -> Figures:
    progress = {}
    for item in view.items:
        value = item_progress(item)
        if value is not None:
            progress[item.id] = value
    return Figures(today=today, progress=progress, kept=kept_promises(view, today),
                   escalate=escalations(view, today), owners=owner_load(view.items))
