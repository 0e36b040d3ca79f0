"""The roadmap report's progress page: once a check-in has been held, the PDF
(short and full), the HTML and the Markdown report say where the roadmap
stands, right after the decision page, in the workshop's language, with
people's text escaped; without check-ins nothing changes."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from test_report_legibility import _struct_elements
from test_tui_followup import TODAY, follow_build
from test_tui_snapshots import build

from sprintkit.export import ExportOptions, render
from sprintkit.export.html import url_fetcher
from sprintkit.export.report import build_report

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _pages(svc, wid, **options) -> tuple[PdfReader, list[str]]:
    extra = options.pop("extra", {})
    data = render(svc.snapshot(wid), "pdf", ExportOptions(extra=extra, **options))
    reader = PdfReader(io.BytesIO(data))
    # Words hyphenated at a line end are joined again, so a search finds them.
    return reader, [" ".join(re.sub("\u2010\\s+", "", page.extract_text() or "").split())
                    for page in reader.pages]


def _page_of(pages: list[str], heading: str) -> int:
    found = [n for n, text in enumerate(pages) if text.startswith(heading)]
    assert len(found) == 1, (heading, found)
    return found[0]


@pytest.fixture
def english(tmp_path):
    svc, wid, items = follow_build(tmp_path / "en.db", "en")
    yield svc, wid, items
    svc.store.close()


@pytest.mark.parametrize("full", [False, True])
def test_the_page_follows_the_decision_page_and_says_where_things_stand(english, full):
    svc, wid, _ = english
    reader, pages = _pages(svc, wid, full=full)
    decision = _page_of(pages, "Decisions for leadership")
    page = _page_of(pages, "Progress since the workshop")
    assert page == decision + 1 == 2
    assert pages[page + 1].startswith("Executive summary")
    text = pages[page]
    assert "last check-in 30 April 2026 (the one before: 1 April 2026)" in text
    assert "Promises on course 50 % 1 of 2 items of Now are done or on track." in text
    assert "Refunds without forms: reading 68.5 % → 71 %" in text
    assert "One booking view Blocked · Ben Ode: at risk or blocked at the last two check-ins" \
        in text
    # Every roadmap item, numbered as in the rest of the report, phase by phase.
    # The next step and the status's comment on a line of their own under it.
    assert re.search(r"Now 1 Refunds without forms On track 71 % 50 % "
                     r"Next step: Pilot in two stations \(due 15 June 2026\) 2 ", text), text
    assert re.search(r"2 ! One booking view Blocked – – Next 3 ", text)
    assert re.search(r"Next 3 Live delay messages Planned – – ", text)
    # The first phase's one numeric item has its chart; the page stays one page.
    assert "Baseline 62 %" in text and "Target 80 %" in text
    # The cover says the report has been followed up, and the outline has the page.
    assert "LAST CHECK-IN 30 April 2026" in pages[0]
    assert "Progress since the workshop" in [o.title for o in reader.outline
                                             if not isinstance(o, list)]


def test_the_page_chart_has_its_readings_as_alternative_text(english):
    svc, wid, _ = english
    reader, _ = _pages(svc, wid)
    root = reader.trailer["/Root"]
    alts = [str(e.get("/Alt", "")) for e in _struct_elements(root["/StructTreeRoot"], [])
            if e["/S"] == "/Figure"]
    chart = [a for a in alts if a.startswith("Refunds without forms")]
    assert chart == ["Refunds without forms: readings 64 % (2 Mar 2026), 68.5 % (1 Apr 2026), "
                     "71 % (30 Apr 2026); baseline 62 %, target 80 %".replace(" %", "\u00a0%")]


def test_without_check_ins_there_is_no_page_and_the_report_is_as_it_was(tmp_path):
    svc, wid = build(tmp_path / "plain.db", "en", "roadmap")
    try:
        snap = svc.snapshot(wid)
        before = {fmt: render(snap, fmt) for fmt in ("html", "md")}
        assert build_report(snap).progress is None
        _, pages = _pages(svc, wid)
        assert not any("Progress since the workshop" in p for p in pages)
        assert "LAST CHECK-IN" not in pages[0]
        assert b"progress-page" not in before["html"] and b"progress-table" not in before["html"]
        assert b"Progress since" not in before["md"]

        item = svc.initiatives(wid)[0].id
        svc.set_status(wid, item, "on-track")
        html = render(svc.snapshot(wid), "html")
        assert b'<section class="chapter progress-page">' in html
        # Undone, the check-in is gone and so is the page, to the byte.
        svc.undo(wid)
        snap = svc.snapshot(wid)
        assert {fmt: render(snap, fmt) for fmt in ("html", "md")} == before
    finally:
        svc.store.close()


def test_markdown_and_html_have_the_page_too(english):
    svc, wid, _ = english
    md = render(svc.snapshot(wid), "md").decode().replace("\u00a0", " ")
    summary, page, roadmap = (md.index(h) for h in (
        "## Executive summary", "## Progress since the workshop", "## Roadmap"))
    assert summary < page < roadmap
    section = md[page:roadmap]
    assert "last check-in 30 April 2026" in section
    assert "### Promises on course\n\n1 of 2 items of Now are done or on track." in section
    assert "### Needs a decision: escalate or drop" in section
    assert "| 1 | Refunds without forms | Now | Anna Berg | On track | 71 % | 50 % | " \
           "Pilot in two stations (due 15 June 2026) |" in section
    assert "| 3 | Live delay messages | Next | Dana Lee | Planned | – | – | – |" in section

    html = render(svc.snapshot(wid), "html").decode()
    decision, page, summary = (html.index(s) for s in (
        'id="decision"', 'id="progress"', 'id="summary"'))
    assert decision < page < summary
    assert ".progress-table" in html           # its styles, inline like the rest
    assert "Every roadmap item" in html and "Blocked" in html


@pytest.mark.parametrize(("lang", "words", "cover"), [
    ("fi", ["Edistyminen työpajan jälkeen", "viimeisin seurantakatsaus 30. huhtikuuta 2026",
            "Lupaukset aikataulussa", "Vaatii päätöksen", "Tiekartan kaikki kohteet",
            "Aikataulussa", "Jumissa", "Suunniteltu", "Lähtötaso 62 %"],
     "VIIMEISIN SEURANTAKATSAUS 30. huhtikuuta 2026"),
    ("sv", ["Läget sedan workshoppen", "senaste uppföljning 30 april 2026", "Löften enligt plan",
            "Kräver ett beslut", "Alla åtgärder på färdplanen", "Enligt plan", "Blockerad",
            "Planerad", "Utgångsläge 62 %"],
     "SENASTE UPPFÖLJNING 30 april 2026"),
])
def test_the_page_speaks_the_workshop_language(tmp_path, lang, words, cover):
    svc, wid, _ = follow_build(tmp_path / f"{lang}.db", lang)
    try:
        _, pages = _pages(svc, wid)
        page = next(p for p in pages if p.startswith(words[0]))
        for word in words:
            assert word in page, word
        assert cover in pages[0]
        for english_word in ("Progress since", "Promises on course", "On track", "Every roadmap"):
            assert english_word not in page
        md = render(svc.snapshot(wid), "md").decode()
        assert f"## {words[0]}" in md and words[4] in md
    finally:
        svc.store.close()


def test_hostile_text_in_a_comment_or_next_step_is_printed_not_run(english):
    svc, wid, items = english
    hostile = "<script>alert(1)</script> [/] [bold]x \x1b[31mred <img src=http://127.0.0.1:9/x>"
    svc.set_status(wid, items[0], "at-risk", note=hostile, next_step=hostile,
                   on="2026-05-02", today=TODAY)
    fetcher = url_fetcher()
    _, pages = _pages(svc, wid, extra={"url_fetcher": fetcher})
    assert fetcher.refused == []
    # Compared without spaces: the narrow cells wrap the text anywhere.
    text = "".join(pages[_page_of(pages, "Progress since the workshop")].split())
    shown = "<script>alert(1)</script>[/][bold]x[31mred<imgsrc=http://127.0.0.1:9/x>"
    # The next step, then the comment, on the lines under the item.
    assert f"RefundswithoutformsAtrisk71%50%Nextstep:{shown}{shown}2!Onebookingview" in text
    html = render(svc.snapshot(wid), "html").decode()
    assert "<script>alert" not in html and "<img src=http" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [/] [bold]x [31mred" in html
    md = render(svc.snapshot(wid), "md").decode()
    assert "\\<script\\>alert(1)\\</script\\> \\[/\\] \\[bold\\]x \\[31mred" in md
    for output in (html, md, " ".join(pages)):
        assert "\x1b" not in output


TITLES = ["Refund status by text message", "Shared case history for agents",
          "One price list for partners", "Chat hand-over with history",
          "Onboarding kit for new staff", "Delivery window on the order page",
          "Invoice lines customers understand", "Callback instead of queueing",
          "Renewal alerts for key accounts", "Technician sees past contacts",
          "Survey sent the day after", "Accessible ticket machines"]


def test_fifteen_items_keep_the_page_to_one_page(tmp_path):
    """Fifteen items, every one of them moved at the last check-in, each
    with a next step and its due date, some with a comment."""
    svc, wid, items = follow_build(tmp_path / "big.db", "en")
    phases = ["now", "next", "later"]
    for n, title in enumerate(TITLES):
        item = svc.create_initiative(wid, title)
        svc.set_roadmap(wid, item.id, phase=phases[n % 3], owner="Cleo Fox",
                        metric="Share of cases", baseline="10", target="40", unit="%")
        for day, value in (("2026-03-02", 12 + n), ("2026-04-30", 15 + n)):
            svc.add_reading(wid, item.id, value, on=day, today=TODAY)
        svc.set_status(wid, item.id, "at-risk" if n % 4 == 0 else "on-track",
                       on="2026-04-30", today=TODAY, due="2026-06-30",
                       note="Waiting for the budget decision in May" if n % 3 == 0 else "",
                       next_step="Report back in June" if n % 2 else "Pilot in two shops")
    try:
        page = build_report(svc.snapshot(wid), today=TODAY).progress
        assert page is not None and len(page.model.items) == 15
        # Five numeric items in the first phase: their charts would need a
        # page of their own, so the table alone tells their progress; and of
        # the fourteen moves the first three are named, the table has the rest.
        assert page.charts == []
        assert len(page.moved) == 3 and page.moved_more == 11
        _, pages = _pages(svc, wid)
        at = _page_of(pages, "Progress since the workshop")
        text = pages[at]
        assert "+11 more items moved (see the table)." in text
        assert ("Refund status by text message At risk 15 % 17 % Next step: Pilot in two shops "
                "(due 30 June 2026) Waiting for the budget decision in May") in text
        # One page, then the summary.
        assert pages[at + 1].startswith("Executive summary")
        for title in TITLES:
            assert title in text, title
    finally:
        svc.store.close()


def test_a_short_roadmap_gets_its_first_phase_charts(english):
    svc, wid, _ = english
    page = build_report(svc.snapshot(wid), today=TODAY).progress
    assert page is not None
    # Refunds is the first phase's one numeric item; One booking view is
    # measured in words, so it has no chart.
    assert [i.title for i in page.charts] == ["Refunds without forms"]
    assert page.number(page.charts[0]) == 1


def test_the_progress_report_is_tagged_with_alternative_text_for_each_chart(english):
    svc, wid, _ = english
    data = render(svc.snapshot(wid), "progress-pdf")
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    elements = _struct_elements(root["/StructTreeRoot"], [])
    alts = [str(e.get("/Alt", "")) for e in elements if e["/S"] == "/Figure"]
    assert any(a.startswith("Refunds without forms: readings 64\u00a0% (2 Mar 2026)")
               for a in alts), alts
    assert any(e["/S"] == "/Table" for e in elements)


def test_the_page_markup_parses_to_the_same_tree_as_xml_and_as_html(english):
    # The PDF takes our markup as XML (see parse_own_markup): the page, its
    # line breaks and its charts' titles included, it must read as HTML does.
    import tinyhtml5
    from test_export_pdf import _tree

    from sprintkit.export.html import parse_own_markup, render_report_html

    svc, wid, items = english
    svc.set_status(wid, items[0], "at-risk", note="<b>bold</b> & 'quotes'", on="2026-05-02",
                   today=TODAY)
    report = build_report(svc.snapshot(wid))
    html = render_report_html(report, "print")
    assert 'class="chapter progress-page"' in html and "<br/>" in html and "<title>" in html
    fast = parse_own_markup(html)
    assert fast is not None
    assert _tree(fast) == _tree(tinyhtml5.parse(html, namespace_html_elements=False))
