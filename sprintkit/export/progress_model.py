"""The progress report's view model: a workshop's check-ins in words and figures.

Both the progress report (:mod:`sprintkit.export.progress_report`) and the
progress page of the roadmap report read it, so the two tell the same
figures in the same words. Every text is in the workshop's language; escaping
is the job of each output format. The figures come from
:mod:`sprintkit.progress`, the same ones the follow-up screens show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup

from sprintkit import i18n, progress
from sprintkit.export.labels import fill, format_date, labels
from sprintkit.export.progress_svg import reading_chart
from sprintkit.service import WorkshopSnapshot
from sprintkit.service.checkin import follow_up_of


@dataclass(slots=True, kw_only=True)
class ProgressItem:
    """One roadmap item as the report shows it."""

    entry: progress.ItemFollowUp
    title: str
    phase: str
    owner: str
    owner_listed: bool
    status: str
    status_label: str
    latest: str
    percent: int | None
    met: bool
    next_step: str
    next_due: str
    reasons: list[str] = field(default_factory=list)
    chart: Markup | None = None
    # The latest comment given since the item took its status ('' for none).
    note: str = ""

    @property
    def numeric(self) -> bool:
        return self.entry.numeric


@dataclass(slots=True, kw_only=True)
class Move:
    """What changed for one item at the last check-in, in words."""

    title: str
    changes: list[str]


@dataclass(slots=True, kw_only=True)
class ProgressReport:
    language: str
    t: Mapping[str, str]
    title: str
    organisation: str
    facilitator: str
    as_of: str
    last_check_in: str
    previous_check_in: str
    kept: str
    kept_share: int | None
    # The figure's name: kept (done by the phase's end) once the phase is
    # over, on course (done or on track) while it runs.
    kept_head: str
    moved: list[Move]
    decisions: list[ProgressItem]
    charted: list[ProgressItem]
    rest: list[ProgressItem]
    owners: list[str]
    # Every roadmap item, in roadmap order (charted and rest together).
    items: list[ProgressItem] = field(default_factory=list)

    def fmt(self, key: str, **values: Any) -> str:
        return fill(self.t[key], **values)


def reading_text(reading: Any, unit: str, language: str) -> str:
    """A reading as the report prints it: the number with its unit, or the words."""
    if reading is None:
        return "–"
    if reading.value is not None:
        return i18n.quantity(reading.value, unit, language)
    return " ".join(str(reading.text).split())


def _note(entry: progress.ItemFollowUp) -> str:
    # An older comment may explain a status the item no longer has.
    since = entry.status_since or ""
    return next((u.comment for u in reversed(entry.statuses)
                 if u.comment and u.on_date >= since), "")


def build_progress(snapshot: WorkshopSnapshot, today: date | None = None) -> ProgressReport:
    """The report's view model: every text in the workshop's language."""
    today = today or date.today()
    view = follow_up_of(snapshot)
    figures = progress.figures(view, today)
    lang = snapshot.workshop.language
    t = labels(lang)
    phase_titles = {p.id: p.title for p in view.phases}
    first = view.first_phase

    def item_of(entry: progress.ItemFollowUp) -> ProgressItem:
        i = entry.initiative
        value = figures.progress.get(entry.id)
        step = entry.next_step
        return ProgressItem(
            entry=entry, title=i.title, phase=phase_titles.get(i.phase or "", ""),
            owner=i.owner, owner_listed=entry.owner_participant_id is not None,
            status=entry.status, status_label=i18n.status_word(lang, entry.status),
            latest=reading_text(entry.latest_reading, i.unit, lang),
            percent=value.percent if value is not None else None,
            met=bool(value is not None and value.met),
            next_step=step.text if step is not None else "",
            next_due=format_date(step.due, lang) if step is not None and step.due else "",
            reasons=[t[f"progress.reason.{r}"] for r in figures.flagged(entry.id)],
            note=_note(entry))

    items = {e.id: item_of(e) for e in view.items}
    charted_ids = [e.id for e in view.items
                   if e.initiative.phase == first or figures.flagged(e.id)]
    charted = [items[i] for i in charted_ids]
    for item in charted:
        item.chart = reading_chart(item.entry, t, lang)
    rest = [items[e.id] for e in view.items if e.id not in charted_ids]
    kept = figures.kept
    phase = phase_titles.get(kept.phase or "", "")
    if not kept.total:
        kept_text: str = t["progress.kept_none"]
    elif kept.final:
        kept_text = fill(t["progress.kept_final"], kept=kept.kept, total=kept.total,
                         phase=phase, date=format_date(kept.ends, lang) if kept.ends else "")
    else:
        kept_text = fill(t["progress.kept_running"], kept=kept.kept, total=kept.total,
                         phase=phase)
    last = view.check_ins[-1].on_date if view.check_ins else None
    previous = view.check_ins[-2].on_date if len(view.check_ins) > 1 else None
    owners = [fill(t["progress.owner_load"], owner=o.owner or t["progress.no_owner"],
                   open=o.open, items=o.items) for o in figures.owners]
    return ProgressReport(
        language=lang, t=t, title=snapshot.workshop.name,
        organisation=snapshot.workshop.organisation, facilitator=snapshot.workshop.facilitator,
        as_of=format_date(today, lang),
        last_check_in=format_date(last, lang) if last else "",
        previous_check_in=format_date(previous, lang) if previous else "",
        kept=kept_text,
        kept_head=t["progress.kept_head" if kept.final else "progress.on_course_head"],
        kept_share=round(kept.share * 100) if kept.share is not None else None,
        moved=_moved(view, last, previous, t, lang),
        decisions=[items[e.initiative_id] for e in figures.escalate],
        charted=charted, rest=rest, owners=owners, items=list(items.values()))


def _moved(view: progress.FollowUp, last: str | None, previous: str | None,
           t: Mapping[str, str], lang: str) -> list[Move]:
    """Status changes and new readings of the last check-in, item by item."""
    if last is None:
        return []
    moved = []
    for entry in view.items:
        unit = entry.initiative.unit
        changes = []
        before = entry.status_on(previous) if previous else progress.PLANNED
        after = entry.status_on(last)
        if before != after:
            changes.append(fill(t["progress.moved_status"],
                                before=i18n.status_word(lang, before),
                                after=i18n.status_word(lang, after)))
        new = [r for r in entry.metric_readings if r.on_date == last]
        older = [r for r in entry.metric_readings if r.on_date < last]
        if new:
            now = reading_text(new[-1], unit, lang)
            if older:
                changes.append(fill(t["progress.moved_reading"],
                                    before=reading_text(older[-1], unit, lang), after=now))
            else:
                changes.append(fill(t["progress.first_reading"], value=now))
        if changes:
            moved.append(Move(title=entry.initiative.title, changes=changes))
    return moved
