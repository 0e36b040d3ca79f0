"""The progress report: kept promises, what moved, what needs a decision,
charts for the first phase and flagged items, the rest as a table; in the
workshop's language, escaped, and 1 to 3 pages for up to 15 items."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from test_tui_followup import follow_build

from sprintkit.export import ExportOptions, export_to_file, render
from sprintkit.export.html import url_fetcher
from sprintkit.export.progress_report import build_progress

TODAY = date(2026, 5, 4)


def _pdf(svc, wid, **extra) -> tuple[PdfReader, str]:
    data = render(svc.snapshot(wid), "progress-pdf", ExportOptions(extra=extra))
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return reader, text


@pytest.fixture
def english(tmp_path):
    svc, wid, items = follow_build(tmp_path / "en.db", "en")
    yield svc, wid, items
    svc.store.close()


def test_the_report_says_what_leadership_needs(english):
    svc, wid, items = english
    reader, text = _pdf(svc, wid)
    assert 1 <= len(reader.pages) <= 3
    assert "Harbour line sprint" in text and "PROGRESS REPORT" in text
    assert "Promises on course" in text
    assert "1 of 2 items of Now are done or on track." in text
    assert "What moved since the last check-in" in text
    # The last check-in (30 April) moved one item from at risk to blocked and
    # gave another a new reading.
    assert "One booking view: At risk → Blocked" in text
    assert "Refunds without forms: reading 68.5 % → 71 %" in text
    assert "Needs a decision: escalate or drop" in text
    assert "One booking view Blocked · Ben Ode: at risk or blocked at the last two check-ins" \
        in text
    # The next-phase item with an owner who is not a participant is in the table.
    assert "The rest of the roadmap" in text
    assert re.search(r"Live delay messages Next Dana Lee Planned", text)


def test_each_first_phase_and_flagged_item_has_a_chart(english):
    svc, wid, items = english
    report = build_progress(svc.snapshot(wid), TODAY)
    assert [i.title for i in report.charted] == ["Refunds without forms", "One booking view"]
    numeric, words = report.charted
    assert numeric.chart is not None and words.chart is None
    svg = str(numeric.chart)
    assert svg.count("<circle") == 3                    # one dot per reading
    assert "Baseline 62 %" in svg.replace("\u00a0", " ")
    assert "Target 80 %" in svg.replace("\u00a0", " ")
    assert numeric.percent == 50 and [i.title for i in report.rest] == ["Live delay messages"]
    _, text = _pdf(svc, wid)
    assert "50 % of the way to the target" in text
    assert "Baseline 62 %" in text and "Target 80 %" in text


@pytest.mark.parametrize(("lang", "words"), [
    ("fi", ["EDISTYMISRAPORTTI", "Lupaukset aikataulussa", "Vaatii päätöksen",
            "Lähtötaso 62 %", "Tavoite 80 %", "30. huhtikuuta 2026", "Aikataulussa"]),
    ("sv", ["LÄGESRAPPORT", "Löften enligt plan", "Kräver ett beslut", "Utgångsläge 62 %",
            "Mål 80 %", "30 april 2026", "Enligt plan"]),
])
def test_the_report_speaks_the_workshop_language(tmp_path, lang, words):
    svc, wid, _ = follow_build(tmp_path / f"{lang}.db", lang)
    try:
        reader, text = _pdf(svc, wid)
        assert 1 <= len(reader.pages) <= 3
        for word in words:
            assert word in text, word
        assert "Promises on course" not in text and "escalate" not in text
    finally:
        svc.store.close()


def test_fifteen_items_fit_in_three_pages(tmp_path):
    svc, wid, items = follow_build(tmp_path / "big.db", "en")
    phases = ["now", "next", "later"]
    for n in range(12):
        item = svc.create_initiative(wid, f"Initiative number {n} with a fairly long title")
        svc.set_roadmap(wid, item.id, phase=phases[n % 3], owner="Cleo Fox",
                        metric="Share of cases", baseline="10", target="40", unit="%")
        for day, value in (("2026-03-02", 12 + n), ("2026-04-30", 15 + n)):
            svc.add_reading(wid, item.id, value, on=day, today=TODAY)
        svc.set_status(wid, item.id, "at-risk" if n % 4 == 0 else "on-track",
                       on="2026-04-01", today=TODAY)
        svc.set_status(wid, item.id, "at-risk" if n % 4 == 0 else "on-track",
                       on="2026-04-30", today=TODAY, next_step="Report back in June")
    try:
        assert len([i for i in svc.initiatives(wid) if i.phase]) == 15
        reader, text = _pdf(svc, wid)
        assert 1 <= len(reader.pages) <= 3, len(reader.pages)
        assert "Initiative number 11 with a fairly long title" in text
    finally:
        svc.store.close()


def test_hostile_text_is_printed_not_run(english):
    svc, wid, items = english
    svc.set_next_step(wid, items[0], "<img src=http://127.0.0.1:9/x> & {{ 7*7 }}",
                      today=TODAY)
    svc.set_roadmap(wid, items[1], owner="<script>alert(1)</script>")
    fetcher = url_fetcher()
    _, text = _pdf(svc, wid, url_fetcher=fetcher)
    assert fetcher.refused == []
    assert "<img src=http://127.0.0.1:9/x> & {{ 7*7 }}" in text
    html = render(svc.snapshot(wid), "progress-html").decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render(svc.snapshot(wid), "progress-md").decode()
    assert "\\<img src=http://127.0.0.1:9/x\\>" in md


def test_markdown_and_html_tell_the_same(english):
    svc, wid, _ = english
    md = render(svc.snapshot(wid), "progress-md").decode()
    assert md.startswith("# Harbour line sprint: Progress report")
    assert "## Needs a decision: escalate or drop" in md
    assert "64 % → 68.5 % → 71 %" in md
    # One kind of space throughout, in the table as in the lines above it.
    assert "\u00a0" not in md
    html = render(svc.snapshot(wid), "progress-html").decode()
    assert '<html lang="en">' in html and "<svg" in html


def test_the_file_name_says_progress(english, tmp_path):
    svc, wid, _ = english
    path = export_to_file(svc.snapshot(wid), "progress-md", tmp_path)
    assert path.name.endswith("-progress.md") and path.name.startswith("harbour-line-sprint-")


def test_the_command_line_writes_the_report(english, tmp_path):
    from click.testing import CliRunner

    from sprintkit.cli import cli

    svc, wid, _ = english
    db = tmp_path / "en.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "export", str(wid), "--report", "progress",
                                 "--format", "md", "-o", str(tmp_path) + "/"])
    assert result.exit_code == 0, result.output
    written = result.output.strip().splitlines()[-1]
    assert written.endswith("-progress.md")
    refused = runner.invoke(cli, ["--db", str(db), "export", str(wid), "--report", "progress",
                                  "--format", "csv"])
    assert refused.exit_code != 0 and "formats: pdf, html, md" in refused.output
