"""The progress report: a short update for leadership after check-ins.

Kept promises, what moved since the last check-in, what needs a decision
(escalate or drop), a chart against baseline and target for each item of the
first phase and each flagged item, and the rest of the roadmap as one compact
table. Snapshot in, bytes out, like every export; the figures come from
:mod:`sprintkit.progress`, the same ones the follow-up screens show.

Registered as the formats ``progress-pdf``, ``progress-html`` and
``progress-md`` (``sprintkit export … --report progress``). Its template and
stylesheet are its own (``progress.html.j2``, ``progress.css``); the escaping
and asset rules are the roadmap report's: Jinja2 autoescape, SVG text through
``escape``, and WeasyPrint's fetcher limited to bundled assets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from sprintkit import i18n, progress
from sprintkit.export import register
from sprintkit.export.html import ASSETS, PAPER, TEMPLATES, html_to_pdf, url_fetcher
from sprintkit.export.labels import fill, format_date, labels
from sprintkit.export.progress_svg import reading_chart
from sprintkit.export.text import md_escape, md_inline
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
    moved: list[Move]
    decisions: list[ProgressItem]
    charted: list[ProgressItem]
    rest: list[ProgressItem]
    owners: list[str]

    def fmt(self, key: str, **values: Any) -> str:
        return fill(self.t[key], **values)


def _number(value: float, unit: str, language: str) -> str:
    text = i18n.format_number(value, language)
    return f"{text}\u00a0{unit}" if unit else text


def _reading(reading: Any, unit: str, language: str) -> str:
    if reading is None:
        return "–"
    if reading.value is not None:
        return _number(reading.value, unit, language)
    return " ".join(str(reading.text).split())


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
            status=entry.status, status_label=t[f"progress.status.{entry.status}"],
            latest=_reading(entry.latest_reading, i.unit, lang),
            percent=value.percent if value is not None else None,
            met=bool(value is not None and value.met),
            next_step=step.text if step is not None else "",
            next_due=format_date(step.due, lang) if step is not None and step.due else "",
            reasons=[t[f"progress.reason.{r}"] for r in figures.flagged(entry.id)])

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
        kept_share=round(kept.share * 100) if kept.share is not None else None,
        moved=_moved(view, last, previous, t, lang),
        decisions=[items[e.initiative_id] for e in figures.escalate],
        charted=charted, rest=rest, owners=owners)


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
                                before=t[f"progress.status.{before}"],
                                after=t[f"progress.status.{after}"]))
        new = [r for r in entry.readings if r.on_date == last]
        older = [r for r in entry.readings if r.on_date < last]
        if new:
            now = _reading(new[-1], unit, lang)
            if older:
                changes.append(fill(t["progress.moved_reading"],
                                    before=_reading(older[-1], unit, lang), after=now))
            else:
                changes.append(fill(t["progress.first_reading"], value=now))
        if changes:
            moved.append(Move(title=entry.initiative.title, changes=changes))
    return moved


# ------------------------------------------------------------------- HTML/PDF


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                       undefined=StrictUndefined)


def _css(report: ProgressReport, paper: str) -> str:
    size = PAPER[paper][0]
    css = (ASSETS / "progress.css").read_text(encoding="utf-8")
    return css.replace("{{ size }}", size)


def render_progress_html(report: ProgressReport, medium: str, paper: str = "a4") -> str:
    css = Markup(_css(report, paper)) if medium == "screen" else ""
    return _environment().get_template("progress.html.j2").render(r=report, css=css,
                                                                 medium=medium)


def render_progress_page(snapshot: Any, options: Any) -> bytes:
    return render_progress_html(build_progress(snapshot), "screen").encode("utf-8")


def render_progress_pdf(snapshot: Any, options: Any) -> bytes:
    from sprintkit.errors import InvalidInput

    paper = (options.paper or "a4").lower()
    if paper not in PAPER:
        raise InvalidInput(f"paper '{options.paper}': use a4 or letter")
    report = build_progress(snapshot)
    html = render_progress_html(report, "print", paper)
    # As for the roadmap report: a test may pass its own fetcher to see what
    # was refused; nothing else can widen what a render may load.
    fetcher = options.extra.get("url_fetcher")
    if not isinstance(fetcher, type(url_fetcher())):
        fetcher = url_fetcher()
    return html_to_pdf(html, [_css(report, paper)], fetcher=fetcher)


# ------------------------------------------------------------------- Markdown


def render_progress_markdown_report(r: ProgressReport) -> str:
    t = r.t
    out = [f"# {md_inline(r.title)}: {md_inline(t['progress.kind'])}", ""]
    facts = [r.fmt("progress.as_of", date=r.as_of)]
    if r.last_check_in:
        facts.append(r.fmt("progress.last_check_in", date=r.last_check_in))
    else:
        facts.append(t["progress.no_check_in"])
    out += [" · ".join(md_inline(f) for f in facts), ""]
    out += [f"## {md_inline(t['progress.kept_head'])}", "", md_inline(r.kept), ""]
    out += [f"## {md_inline(t['progress.moved_head'])}", ""]
    if r.moved:
        out += [f"- **{md_inline(m.title)}**: {md_inline('; '.join(m.changes))}"
                for m in r.moved]
    else:
        out.append(md_inline(t["progress.moved_none"]))
    out += ["", f"## {md_inline(t['progress.decide_head'])}", ""]
    if r.decisions:
        out += [f"- **{md_inline(i.title)}** ({md_inline(i.status_label)}, "
                f"{md_inline(i.owner or t['progress.no_owner'])}): "
                f"{md_inline('; '.join(i.reasons))}" for i in r.decisions]
    else:
        out.append(md_inline(t["progress.decide_none"]))
    out += ["", f"## {md_inline(t['progress.charts_head'])}", ""]
    for item in r.charted:
        out += [f"### {md_inline(item.title)}", "", _item_line(item, r), ""]
        readings = [_reading(x, item.entry.initiative.unit, r.language)
                    for x in item.entry.readings]
        if readings:
            out += [md_inline(" → ".join(readings)), ""]
    if r.rest:
        out += [f"## {md_inline(t['progress.rest_head'])}", ""]
        cols = [t[f"progress.col.{c}"] for c in
                ("item", "phase", "owner", "status", "latest", "progress", "next")]
        out += ["| " + " | ".join(md_escape(c) for c in cols) + " |",
                "|" + "---|" * len(cols)]
        for item in r.rest:
            cells = [item.title, item.phase, item.owner or "–", item.status_label, item.latest,
                     f"{item.percent} %" if item.percent is not None else "–",
                     _next(item, r) or "–"]
            out.append("| " + " | ".join(md_escape(c).replace("\n", " ") for c in cells) + " |")
        out.append("")
    if r.owners:
        out += [f"## {md_inline(t['progress.owners_head'])}", ""]
        out += [f"- {md_inline(o)}" for o in r.owners]
        out.append("")
    return "\n".join(out)


def _next(item: ProgressItem, r: ProgressReport) -> str:
    if not item.next_step:
        return ""
    due = f" ({r.fmt('progress.due', date=item.next_due)})" if item.next_due else ""
    return item.next_step + due


def _item_line(item: ProgressItem, r: ProgressReport) -> str:
    parts = [item.status_label, item.owner or r.t["progress.no_owner"]]
    if item.percent is not None:
        parts.append(r.fmt("progress.toward", percent=item.percent))
    if item.next_step:
        parts.append(f"{r.t['progress.next']}: {_next(item, r)}")
    return md_inline(" · ".join(parts))


def render_progress_markdown(snapshot: Any, options: Any) -> bytes:
    return render_progress_markdown_report(build_progress(snapshot)).encode("utf-8")


REPORT_FORMATS = {"pdf": "progress-pdf", "html": "progress-html", "md": "progress-md"}

register("progress-pdf", "-progress.pdf", render_progress_pdf)
register("progress-html", "-progress.html", render_progress_page)
register("progress-md", "-progress.md", render_progress_markdown)
