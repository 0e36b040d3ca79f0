"""Plain-text exports: Markdown (a readable roadmap with its notes) and CSV."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from sprintkit.export.evidence import EvidenceMarks, evidence_marks
from sprintkit.export.report import ItemView, NoteView, Report, build_report
from sprintkit.i18n import status_word
from sprintkit.text import clean_block, clean_line, without_bidi_controls

# ------------------------------------------------------------------ Markdown

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#+=>-])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def md_escape(text: str) -> str:
    """Escape user text so it reads as itself, not as Markdown or HTML."""
    lines = []
    for line in text.splitlines() or [""]:
        line = _INLINE.sub(r"\\\1", without_bidi_controls(clean_line(line)).strip())
        line = _ENTITY.sub(r"\\&", line)
        line = _LINE_START.sub(lambda m: m[1] + "\\" + m[2], line)
        line = _NUMBERED.sub(lambda m: m[1] + "\\" + m[2], line)
        lines.append(line)
    return "\n".join(lines)


def md_inline(text: str) -> str:
    """User text on one line (table cells, headings)."""
    return md_escape(" ".join(text.split()))


def md_block(text: str, indent: str) -> str:
    """Multi-line user text inside a list item: hard line breaks, kept indented."""
    lines = [ln for ln in md_escape(text).split("\n")]
    return ("  \n" + indent).join(lines)


def _item_md(item: ItemView, report: Report, ev: EvidenceMarks | None = None) -> list[str]:
    t = report.t
    indent = " " * (len(str(item.number)) + 2)
    out = [f"{item.number}. **{md_inline(item.title)}**  "]
    if item.carried_from:
        out.append(indent + f"_{md_inline(report.fmt('carried_from', source=item.carried_from))}_  ")
    facts = [f"{t['owner']}: {md_inline(item.owner) if item.owner else '_' + t['missing'] + '_'}"]
    if item.metric:
        metric = md_inline(item.metric)
        if item.target:
            metric += f" → {md_inline(item.target)}"
        facts.append(f"{t['metric']}: {metric}")
    elif item.phase_id:
        facts.append(f"{t['metric']}: _{t['missing']}_")
    if report.votes_state == "shown":
        facts.append(f"{t['votes']}: {item.dots}")
    if item.score:
        facts.append(f"{t['score']}: {report.dec(item.score.impact)} / "
                     f"{report.dec(item.score.effort)} "
                     f"({t[item.score.quadrant]})")
    out.append(indent + " · ".join(facts) + "  ")
    if item.contributors:
        out.append(indent + f"{t['contributors']}: "
                   + ", ".join(md_inline(c) for c in item.contributors) + "  ")
    if item.description:
        out.append(indent + md_block(item.description, indent))
    behind = ev.behind.get(item.id) if ev else None
    if ev and behind and behind.count:
        out.append(indent + f"_{md_inline(ev.behind_line(behind))}_  ")
        out += [f"{indent}> {md_inline(quote)}  " for quote in behind.quotes]
    for note in item.notes:
        out.append(f"{indent}- {md_block(note.text, indent + '  ')} "
                   f"— _{md_inline(ev.byline(note) if ev else note.byline)}_")
    out.append("")
    return out


def _note_md(note: NoteView, report: Report, ev: EvidenceMarks | None = None) -> str:
    extra = [md_inline(ev.byline(note) if ev else note.byline)]
    if note.lenses:
        extra.append(", ".join(md_inline(x) for x in note.lenses))
    if note.initiative_number:
        extra.append(f"{report.t['linked_to']} {note.initiative_number}")
    return f"- {md_block(note.text, '  ')}  \n  _{' · '.join(extra)}_"


def render_markdown_report(report: Report, ev: EvidenceMarks | None = None) -> str:
    t = report.t
    out: list[str] = [f"# {md_inline(report.title)}", ""]
    meta = [f"_{t['report_kind']}_"]
    if report.organisation:
        meta.append(md_inline(report.organisation))
    meta.append(report.date)
    if report.facilitator:
        meta.append(f"{t['facilitator']}: {md_inline(report.facilitator)}")
    out += [" · ".join(meta), ""]
    out += [f"## {t['executive_summary']}", "",
            report.fmt("summary_intro", people=report.participant_count,
                       roles=report.role_count, notes=report.note_count,
                       initiatives=len(report.items), placed=len(report.placed)), ""]
    if report.placed:
        out += [report.fmt("summary_ready", ready=report.ready_count,
                           placed=len(report.placed)), ""]
    if report.people_by_role:
        out += [f"**{t['participants_by_role']}**", ""]
        out += [f"- {md_inline(role)}: {', '.join(md_inline(n) for n in names)}"
                for role, names in report.people_by_role]
        out.append("")
    if report.progress is not None:
        # Imported here: the progress report's module reads this one.
        from sprintkit.export.progress_report import progress_page_markdown

        out += progress_page_markdown(report.progress)

    out += [f"## {t['roadmap']}", ""]
    if not report.items:
        out += [t["no_initiatives"], ""]
    elif not report.placed:
        out += [t["no_roadmap"], ""]
    if report.votes_state == "hidden":
        out += [f"_{t['votes_hidden']}_", ""]
    elif report.budget_rule:
        out += [f"_{md_inline(report.budget_rule)}_", ""]
    for phase in report.phases:
        if not report.placed:
            break
        out += [f"### {md_inline(phase.title)} ({md_inline(phase.horizon)})", ""]
        if not phase.items:
            out += [f"_{t['nothing_in_phase']}_", ""]
        for item in phase.items:
            out += _item_md(item, report, ev)
    if report.unplaced:
        out += [f"### {t['not_on_roadmap']}", ""]
        for item in report.unplaced:
            out += _item_md(item, report, ev)

    out += [f"## {t['readiness']}", ""]
    if not report.placed:
        out += [t["no_roadmap"], ""]
    elif report.readiness:
        for item in report.readiness:
            missing = ", ".join(t[m + "_missing"] for m in item.missing)
            out.append(f"- {item.number}. {md_inline(item.title)} ({md_inline(item.phase)}): "
                       f"{missing}")
        out.append("")
    else:
        out += [t["readiness_ok"], ""]

    out += [f"## {t['what_we_heard']}", ""]
    for section in report.heard:
        out += [f"### {md_inline(section.title)}", ""]
        if not section.notes:
            out += [f"_{t['no_notes_section']}_", ""]
        for note in section.notes:
            byline = ev.byline(note) if ev else note.byline
            out.append(f"- {md_block(note.short, '  ')} — _{md_inline(byline)}_")
        out.append("")
    if report.voice_rows:
        out += [f"### {t['voice_balance']}", "",
                "| " + " | ".join([t["role"], *map(md_inline, report.capture_titles),
                                    t["total"], t["dots_cast"]]) + " |",
                "|" + "---|" + "---:|" * (len(report.capture_titles) + 2)]
        for row in report.voice_rows:
            out.append("| " + " | ".join([md_inline(row.role), *map(str, row.counts),
                                          str(row.total), str(row.dots)]) + " |")
        if ev and ev.views:
            # The customers' notes in a row of their own, apart from the room's.
            counts = [len(ev.in_section(sid)) for sid, _ in ev.sections]
            out.append("| " + " | ".join([f"_{t['evidence.title']}_", *map(str, counts),
                                          str(sum(counts)), ""]) + " |")
        out.append("")
    if report.unheard_people:
        out += [f"{t['unheard_people']}: "
                + ", ".join(md_inline(p) for p in report.unheard_people), ""]
    if report.lenses:
        out += [f"### {t['lens_balance']}", ""]
        for lens in report.lenses:
            out.append(f"- **{md_inline(lens.title)}**: " + ", ".join(
                f"{md_inline(title)} {count} ({pct} %)" for title, count, pct in lens.tags))
        out.append("")

    if ev and ev.views:
        out += _evidence_md(report, ev)
    out += [f"## {t['appendix']}", ""]
    for part in report.appendix:
        out += [f"### {md_inline(part.title)}", ""]
        out += [_note_md(note, report, ev) for note in part.notes]
        out.append("")
    out.append(f"_{report.fmt('generated', date=report.generated)}_")
    # Every piece of user text was cleaned above; this pass also covers the
    # labels and anything added later, since a reader may cat the file.
    return clean_block("\n".join(out).rstrip()) + "\n"


def _evidence_md(report: Report, ev: EvidenceMarks) -> list[str]:
    """Customer evidence apart from the room's voices: per source, then per
    step the evidence notes, the largest folded groups first."""
    out = [f"### {report.t['evidence.title']}", "",
           report.fmt("evidence.intro", n=ev.total), ""]
    out += [f"- {md_inline(report.fmt('evidence.source_line', source=source, n=n))}"
            for source, n in ev.sources]
    out.append("")
    for section_id, title in ev.sections:
        views = ev.in_section(section_id)
        if not views:
            continue
        out += [f"#### {md_inline(title)}", ""]
        for view in views:
            out.append(f"- {report.fmt('evidence.times', n=view.count)} "
                       f"{md_block(view.note.text, '  ')} — _{md_inline(view.source)}_")
        out.append("")
    return out


def render_markdown(snapshot: Any, options: Any) -> bytes:
    report = build_report(snapshot, strict=options.strict)
    return render_markdown_report(report, evidence_marks(snapshot, report)).encode("utf-8")


# ----------------------------------------------------------------------- CSV

# The columns, in order. Each header is the label ``csv_<column>`` in the
# workshop's language: the people who open this file are facilitators in a
# spreadsheet, who expect their own language; tools that import it (issue
# trackers) map columns by hand once anyway. English keeps the headers it has
# always had. The values stay machine-friendly in every language: numbers with a
# decimal point, one row per initiative.
CSV_COLUMNS = ("phase", "order", "title", "owner", "metric", "target", "votes", "impact",
               "effort", "contributors", "description", "milestone", "due", "ask", "part",
               "status", "latest", "latest_on")


def csv_headers(report: Report) -> list[str]:
    return [report.t[f"csv_{column}"] for column in CSV_COLUMNS]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else without_bidi_controls(clean_block(str(value)))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def follow_up_cells(snapshot: Any, report: Report) -> dict[int, list[str]]:
    """Initiative id -> its status, latest reading (a number with a point, or
    the words) and that reading's date, for the CSV's last columns."""
    from sprintkit import progress

    updates: dict[int, list[Any]] = {}
    readings: dict[int, list[Any]] = {}
    for update in snapshot.status_updates:
        updates.setdefault(update.initiative_id, []).append(update)
    for reading in snapshot.readings:
        readings.setdefault(reading.initiative_id, []).append(reading)
    cells: dict[int, list[str]] = {}
    for initiative in snapshot.initiatives:
        entry = progress.follow_up_item(initiative, updates.get(initiative.id, []),
                                        readings.get(initiative.id, []))
        latest = entry.latest_reading
        status = status_word(report.language, entry.status) if initiative.phase else ""
        if latest is None:
            cells[initiative.id] = [status, "", ""]
        else:
            value = latest.text if latest.value is None else progress.number_text(latest.value)
            cells[initiative.id] = [status, csv_cell(value), latest.on_date]
    return cells


def render_csv_report(report: Report, follow_up: dict[int, list[str]] | None = None,
                      ev: EvidenceMarks | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # Two more columns only when the workshop has customer evidence, so the
    # columns of every other workshop's file stay as they were.
    with_evidence = bool(ev and ev.views)
    writer.writerow(csv_headers(report) + ([report.t["csv_evidence"],
                                            report.t["csv_evidence_sources"]]
                                           if with_evidence else []))
    for item in report.items:
        behind = ev.behind.get(item.id) if ev and with_evidence else None
        extra = ([behind.count if behind else 0,
                  csv_cell("; ".join(behind.sources) if behind else "")]
                 if with_evidence else [])
        writer.writerow([
            csv_cell(item.phase),
            item.position if item.position is not None else "",
            csv_cell(item.title),
            csv_cell(item.owner),
            csv_cell(item.metric),
            csv_cell(item.target),
            item.dots if report.votes_state == "shown" else "",
            f"{item.score.impact:.2f}" if item.score else "",
            f"{item.score.effort:.2f}" if item.score else "",
            csv_cell("; ".join(item.contributors)),
            csv_cell(item.description),
            csv_cell(item.milestone),
            item.milestone_due or "",
            csv_cell(item.ask),
            csv_cell(item.part),
            *(follow_up or {}).get(item.id, ["", "", ""]),
            *extra,
        ])
    return buffer.getvalue()


def render_csv(snapshot: Any, options: Any) -> bytes:
    """One row per initiative, roadmap order first; headers in the workshop's language.

    Columns: phase, order within the phase, title, owner, metric, target, dots
    (empty until a round is revealed), mean impact and effort, contributors,
    description, the first milestone, its due day (YYYY-MM-DD), the ask of
    leadership and the part of the playbook it improves, and after the workshop
    its status (roadmap items only), latest reading and that reading's date;
    see ``CSV_COLUMNS`` for why the headers are localised.
    """
    # UTF-8 with a byte-order mark: spreadsheet programs (Excel above all) read a
    # BOM-less CSV in the local legacy code page and turn ä, ö and å into
    # mojibake; with the BOM they detect UTF-8. Python's csv module and most
    # tools read it fine with encoding="utf-8-sig".
    report = build_report(snapshot, strict=options.strict)
    return render_csv_report(report, follow_up_cells(snapshot, report),
                             evidence_marks(snapshot, report)).encode("utf-8-sig")
