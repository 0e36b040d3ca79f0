"""The progress report: a short update for leadership after check-ins.

Kept promises, what moved since the last check-in, what needs a decision
(escalate or drop), a chart against baseline and target for each item of the
first phase and each flagged item, and the rest of the roadmap as one compact
table. Snapshot in, bytes out, like every export; the figures come from
:mod:`sprintkit.progress`, the same ones the follow-up screens show.

Registered as the formats ``progress-pdf``, ``progress-html`` and
``progress-md`` (``sprintkit export … --report progress``). Its template and
stylesheet are its own (``progress.html.j2``, ``progress.css``); its view
model (:mod:`sprintkit.export.progress_model`) is shared with the progress
page of the roadmap report. The escaping and asset rules are the roadmap
report's: Jinja2 autoescape, SVG text through ``escape``, and WeasyPrint's
fetcher limited to bundled assets.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from sprintkit.export import register
from sprintkit.export.html import ASSETS, PAPER, TEMPLATES, html_to_pdf, url_fetcher
from sprintkit.export.progress_model import (
    ProgressItem,
    ProgressReport,
    build_progress,
    reading_text,
)
from sprintkit.export.progress_page import ProgressPage
from sprintkit.export.text import md_escape, md_inline

__all__ = ["REPORT_FORMATS", "ProgressReport", "build_progress"]


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
    # Tagged, as the roadmap report is: headings, tables and each chart with
    # its readings as alternative text reach a screen reader.
    return html_to_pdf(html, [_css(report, paper)], fetcher=fetcher, pdf_tags=True)


# ------------------------------------------------------------------- Markdown


def render_progress_markdown_report(r: ProgressReport) -> str:
    t = r.t
    out = [f"# {md_inline(r.title)}: {md_inline(t['progress.kind'])}", ""]
    out += [markdown_facts(r), ""]
    out += markdown_summary(r, "##")
    out += [f"## {md_inline(t['progress.charts_head'])}", ""]
    for item in r.charted:
        out += [f"### {md_inline(item.title)}", "", _item_line(item, r), ""]
        readings = [reading_text(x, item.entry.initiative.unit, r.language)
                    for x in item.entry.metric_readings]
        if readings:
            out += [md_inline(" → ".join(readings)), ""]
    if r.rest:
        out += [f"## {md_inline(t['progress.rest_head'])}", ""]
        out += markdown_table(r, r.rest)
        out.append("")
    if r.owners:
        out += [f"## {md_inline(t['progress.owners_head'])}", ""]
        out += [f"- {md_inline(o)}" for o in r.owners]
        out.append("")
    return "\n".join(out)


def markdown_facts(r: ProgressReport) -> str:
    """As of when, and the last check-in, on one line."""
    facts = [r.fmt("progress.as_of", date=r.as_of)]
    if r.last_check_in:
        facts.append(r.fmt("progress.last_check_in", date=r.last_check_in))
    else:
        facts.append(r.t["progress.no_check_in"])
    return " · ".join(md_inline(f) for f in facts)


def markdown_summary(r: ProgressReport, level: str) -> list[str]:
    """Kept promises, what moved and what needs a decision, each under a
    heading of ``level`` (``##``, ``###``)."""
    t = r.t
    out = [f"{level} {md_inline(r.kept_head)}", "", md_inline(r.kept), ""]
    out += [f"{level} {md_inline(t['progress.moved_head'])}", ""]
    if r.moved:
        out += [f"- **{md_inline(m.title)}**: {md_inline('; '.join(m.changes))}"
                for m in r.moved]
    else:
        # With no check-in there is no last one to say nothing changed at.
        out.append(md_inline(t["progress.moved_none" if r.last_check_in
                               else "progress.moved_no_check_in"]))
    out += ["", f"{level} {md_inline(t['progress.decide_head'])}", ""]
    if r.decisions:
        out += [f"- **{md_inline(i.title)}** ({md_inline(i.status_label)}, "
                f"{md_inline(i.owner or t['progress.no_owner'])}): "
                f"{md_inline('; '.join(i.reasons))}" for i in r.decisions]
    else:
        out.append(md_inline(t["progress.decide_none"]))
    out.append("")
    return out


def markdown_table(r: ProgressReport, items: list[ProgressItem],
                   numbers: Mapping[int, int] | None = None) -> list[str]:
    """The items as one table. With ``numbers`` (the roadmap report's), each
    row starts with the item's number and its status carries the comment
    given with it."""
    t = r.t
    cols = [t[f"progress.col.{c}"] for c in
            ("item", "phase", "owner", "status", "latest", "progress", "next")]
    if numbers is not None:
        cols.insert(0, "#")
    out = ["| " + " | ".join(md_escape(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    for item in items:
        status = item.status_label
        if numbers is not None and item.note:
            status += f" ({item.note})"
        cells = [item.title, item.phase, item.owner or "–", status, item.latest,
                 f"{item.percent} %" if item.percent is not None else "–",
                 _next(item, r) or "–"]
        if numbers is not None:
            cells.insert(0, str(numbers.get(item.entry.id, "")))
        # Plain spaces, as md_inline writes the rest of the file: a reading's
        # no-break space would otherwise sit beside a percentage's plain one.
        out.append("| " + " | ".join(md_escape(c).replace("\n", " ").replace("\u00a0", " ")
                                     for c in cells) + " |")
    return out


def progress_page_markdown(page: ProgressPage) -> list[str]:
    """The roadmap report's progress page as a section of its Markdown."""
    r = page.model
    out = [f"## {md_inline(r.t['progress.page_title'])}", "", markdown_facts(r), ""]
    out += markdown_summary(r, "###")
    out += [f"### {md_inline(r.t['progress.all_head'])}", ""]
    out += markdown_table(r, r.items, page.numbers)
    out.append("")
    return out


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
