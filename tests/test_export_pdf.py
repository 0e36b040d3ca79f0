"""The PDF roadmap: content and order, metadata, languages, paper, variants, edge cases.

PDF renders are slow, so each workshop is rendered once per module.
"""

from __future__ import annotations

import io
import re
import sys

import pytest
from pypdf import PdfReader
from test_export_data import build, new_service

from sprintkit.errors import InvalidInput
from sprintkit.export import ExportOptions, export_to_file, render
from sprintkit.export.labels import format_date, labels

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

UNICODE_NOTE = "Åsa sanoi: hyvä että öljy riittää 😀🚆"
RTL_NOTE = "שלום עולם مرحبا بالعالم"
LONG_NOTE = "START-OF-LONG " + ("palvelupolku on pitkä ja mutkikas " * 300) + "END-OF-LONG"
LONG_WORD_NOTE = "W" * 3000


def _pdf(service, workshop_id, **options) -> bytes:
    return render(service.snapshot(workshop_id), "pdf", ExportOptions(**options))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    # Words hyphenated at a line end read as one word again.
    return " ".join(re.sub("\u2010\\s+", "", text).split())


class Rendered:
    def __init__(self, data: bytes, snapshot) -> None:
        self.data = data
        self.snapshot = snapshot
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = [re.sub("\u2010\n", "", page.extract_text() or "")
                      for page in self.reader.pages]
        self.text = "\n".join(self.pages)
        self.flat = _flat(self.text)


@pytest.fixture(scope="module")
def english_workshop():
    service = new_service()
    wid = build(service, "en", notes=40, extra_notes=(UNICODE_NOTE, RTL_NOTE, LONG_NOTE,
                                                      LONG_WORD_NOTE))
    return service, wid


@pytest.fixture(scope="module")
def english(english_workshop) -> Rendered:
    service, wid = english_workshop
    return Rendered(_pdf(service, wid), service.snapshot(wid))


@pytest.fixture(scope="module")
def english_full(english_workshop) -> Rendered:
    service, wid = english_workshop
    return Rendered(_pdf(service, wid, full=True), service.snapshot(wid))


@pytest.fixture(scope="module")
def finnish() -> Rendered:
    service = new_service()
    wid = build(service, "fi", notes=30)
    return Rendered(_pdf(service, wid, paper="letter"), service.snapshot(wid))


def test_is_a_pdf_with_sane_page_count(english):
    assert english.data.startswith(b"%PDF-")
    assert 8 <= len(english.reader.pages) <= 40


def _chapters(rendered: Rendered) -> list[str]:
    return [item.title for item in rendered.reader.outline if not isinstance(item, list)]


def test_the_full_report_ends_with_every_note(english, english_full):
    t = labels("en")
    assert _chapters(english_full) == _chapters(english) + [t["appendix"]]
    # Line breaks may fall anywhere in a word too long for a line, and a note
    # that runs over a page has the page's header and footer in between.
    every = re.sub(r"\s", "", english_full.flat)
    for note in english.snapshot.notes:
        text = re.sub(r"\s", "", note.text)
        assert text[:80] in every and text[-80:] in every, note.text[:40]
    assert len(english_full.reader.pages) > len(english.reader.pages)


def test_chapters_appear_in_order(english):
    t = labels("en")
    # The decision page right after the cover; the appendix only in the full report.
    expected = [t["decision_title"], t["executive_summary"], t["roadmap"],
                english.snapshot.playbook.report.parts_title, t["matrix"], t["initiatives"],
                t["what_we_heard"]]
    chapters = [(item.title, english.reader.get_destination_page_number(item))
                for item in english.reader.outline if not isinstance(item, list)]
    assert [title for title, _ in chapters] == expected
    pages = [page for _, page in chapters]
    assert pages == sorted(pages) and pages[0] == 1
    for title, page in chapters:
        assert title in english.reader.pages[page].extract_text()
    # Sub-sections are nested bookmarks: phases, the parts of the sprint, ...
    nested = [item.title for group in english.reader.outline if isinstance(group, list)
              for item in group if not isinstance(item, list)]
    assert t["voice_balance"] in nested and t["lens_balance"] in nested
    # Readiness is a section of the roadmap chapter, under the timeline.
    assert t["readiness"] in nested
    assert "Live delivery tracking" in " ".join(_flatten(english.reader.outline))


def _flatten(outline) -> list[str]:
    out = []
    for item in outline:
        out.extend(_flatten(item) if isinstance(item, list) else [item.title])
    return out


def test_cover_has_name_organisation_date_facilitator_and_roles(english):
    cover = _flat(english.reader.pages[0].extract_text())
    workshop = english.snapshot.workshop
    assert workshop.name in cover
    assert "Nordic Rail Oy" in cover
    assert "Fay Facilitator" in cover
    assert format_date(workshop.held_on, "en") in cover
    for role in ("Customer service", "IT", "Sales", "Management"):
        assert role in cover
    assert "Aino Virtanen" in cover


def test_summary_lists_phases_in_order_with_owners_and_metrics(english):
    summary = _flat(english.reader.pages[2].extract_text())
    assert summary.startswith("Executive summary")
    phases = [p.title for p in english.snapshot.playbook.phases]
    where = [summary.index(title) for title in phases]
    assert where == sorted(where)
    for owner in ("Head of logistics", "IT manager", "Finance lead"):
        assert owner in summary
    assert "Calls asking 'where is my order'" in summary
    assert "missing" in summary  # an initiative without an owner is flagged


def test_roadmap_timeline_is_svg_with_phases_and_owners(english):
    page = next(p for p in english.reader.pages if "one lane per owner" in
                _flat(p.extract_text() or ""))
    text = _flat(page.extract_text())
    for phase in english.snapshot.playbook.phases:
        assert phase.title in text
    assert "Live delivery tracking" in text and "Head of logistics" in text


def test_initiative_details_votes_scores_and_notes(english):
    text = english.flat
    assert "Minutes per order" in text and "under 3 min" in text
    assert re.search(r"\d+ dots · \d+ voters", text)
    assert re.search(r"\d\.\d / \d\.\d · (Quick wins|Big bets|Fill-ins|Money pits|Middle)",
                     text)
    assert "notes behind this initiative" in text.lower()


def test_what_we_heard_voice_and_lens_balance(english):
    text = english.flat
    assert "Participants with no attributed note: Hannu Ström" in text
    assert "CX pyramid" in text and "Emotion" in text


def test_readiness_lists_initiatives_missing_owner_or_metric(english):
    page = next(p for p in english.reader.pages
                if "Every roadmap initiative needs an owner" in (p.extract_text() or ""))
    text = _flat(page.extract_text())
    assert "Partner price feed" in text and "owner missing" in text
    assert "Chat hand-over with history" in text and "metric missing" in text


def test_metadata_title_author_language(english):
    meta = english.reader.metadata
    assert meta.title == english.snapshot.workshop.name
    assert "Fay Facilitator" in meta.author and "Nordic Rail Oy" in meta.author
    assert english.reader.trailer["/Root"]["/Lang"] == "en"


def test_page_numbers_and_running_header(english):
    count = len(english.reader.pages)
    second = english.reader.pages[1].extract_text()
    assert f"Page 2 of {count}" in second
    assert english.snapshot.workshop.name in second


def test_unicode_emoji_and_rtl_survive(english_full):
    text = english_full.text
    for probe in ("Åsa", "hyvä", "öljy", "riittää", "😀", "🚆", "שלום", "مرحبا"):
        assert probe in text, probe


def test_long_note_wraps_and_breaks_across_pages(english_full):
    pages = [i for i, p in enumerate(english_full.reader.pages)
             if "palvelupolku on pitkä" in (p.extract_text() or "")]
    assert "START-OF-LONG" in english_full.text and "END-OF-LONG" in english_full.text
    assert len(pages) >= 2  # it continues onto the next page
    assert english_full.text.count("W" * 20) >= 1  # an unbreakable word still renders


def test_finnish_labels_dates_and_letter_paper(finnish):
    text = finnish.flat
    t = labels("fi")
    for key in ("decision_title", "executive_summary", "roadmap", "initiatives",
                "what_we_heard", "readiness"):
        assert t[key] in text, key
    assert format_date(finnish.snapshot.workshop.held_on, "fi") in text
    assert re.search(r"\d+\. (tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|"
                     r"joulu)kuuta \d{4}", text)
    assert "Sivu 2 / " in text
    assert finnish.reader.trailer["/Root"]["/Lang"] == "fi"
    box = finnish.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Toimituksen reaaliaikainen seuranta" in text


@pytest.fixture(scope="module")
def small(mini_service_workshop):
    return mini_service_workshop


@pytest.fixture(scope="module")
def mini_service_workshop():
    service = new_service()
    wid = build(service, "en", initiatives=4, notes=4, scores=False)
    return service, wid


def test_no_initiatives_still_gives_a_valid_pdf_that_says_so():
    service = new_service()
    wid = build(service, "en", initiatives=0, notes=3)
    reader = PdfReader(io.BytesIO(_pdf(service, wid)))
    text = _flat(_text(reader))
    assert labels("en")["no_initiatives"] in text
    assert "Impact and effort" not in text.split("Appendix")[0]


def test_strict_refuses_an_unready_roadmap(small):
    service, wid = small
    with pytest.raises(InvalidInput, match="not ready"):
        _pdf(service, wid, strict=True)


def test_pdf_variants_pass_through(small):
    service, wid = small
    ua = _pdf(service, wid, pdf_variant="pdf/ua-1")
    root = PdfReader(io.BytesIO(ua)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    pdfa = PdfReader(io.BytesIO(_pdf(service, wid, pdf_variant="pdf/a-3u")))
    xmp = pdfa.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"pdfaid:conformance" in xmp
    with pytest.raises(InvalidInput, match="variant"):
        _pdf(service, wid, pdf_variant="pdf/z-9")


def test_export_to_file_writes_the_default_name(small, tmp_path, monkeypatch):
    service, wid = small
    monkeypatch.setenv("SPRINTKIT_EXPORT_DIR", str(tmp_path / "exports"))
    path = export_to_file(service.snapshot(wid), "pdf")
    assert path.parent == tmp_path / "exports"
    assert re.fullmatch(r"customer-journey-sprint-\d{4}-\d\d-\d\d\.pdf", path.name)
    assert path.read_bytes().startswith(b"%PDF-")


def test_render_leaves_the_garbage_collector_as_it_found_it(small):
    import gc

    service, wid = small
    assert gc.isenabled()
    _pdf(service, wid)
    assert gc.isenabled()
    gc.disable()
    try:
        _pdf(service, wid)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_trimmed_user_agent_sheet_is_used_and_keeps_list_markers():
    import weasyprint

    from sprintkit.export.html import _html_class, html_to_pdf

    # If this fails after a WeasyPrint upgrade, the PDF still renders (with the
    # stock sheet) but is slower: see _html_class.
    assert _html_class() is not weasyprint.HTML
    pdf = html_to_pdf("<ul><li>alpha</li></ul><ol><li>beta</li></ol>", [])
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "alpha" in text and "•" in text and "1." in text


def _tree(element) -> list:
    out = [(element.tag, sorted(element.attrib.items()), element.text, element.tail)]
    for child in element:
        out += _tree(child)
    return out


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_report_markup_parses_to_the_same_tree_as_xml_and_as_html(lang):
    # The PDF parses our own markup as XML (fast); WeasyPrint would parse it as
    # HTML5. Both must give the same tree, or the PDF would differ.
    import tinyhtml5

    from sprintkit.export.html import parse_own_markup, render_report_html
    from sprintkit.export.report import build_report

    service = new_service()
    wid = build(service, lang, notes=40, extra_notes=(UNICODE_NOTE, RTL_NOTE, LONG_WORD_NOTE,
                                                      "<b>bold</b> & 'quotes' \"too\"",
                                                      "line one\nline two\r\nthree"))
    html = render_report_html(build_report(service.snapshot(wid)), "print")
    fast = parse_own_markup(html)
    assert fast is not None
    assert _tree(fast) == _tree(tinyhtml5.parse(html, namespace_html_elements=False))


def test_text_xml_refuses_still_renders_the_usual_way():
    from sprintkit.export.html import html_to_pdf, parse_own_markup

    # HTML that is not well-formed XML (an HTML entity, tags left open).
    html = ("<html><head><title>Loose</title></head><body><p>Caf&eacute; notes"
            "<p>Second&nbsp;paragraph<br>with a break</body></html>")
    assert parse_own_markup(html) is None
    pdf = html_to_pdf(html, [], own_markup=True)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Café notes" in text and "with a break" in text


def test_weasyprint_is_not_imported_by_the_core():
    import subprocess

    code = ("import sys, sprintkit.cli, sprintkit.export, sprintkit.export.formats; "
            "print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture(scope="module")
def big() -> Rendered:
    service = new_service()
    wid = build(service, "en", initiatives=200, notes=250)
    return Rendered(_pdf(service, wid), service.snapshot(wid))


def test_two_hundred_initiatives_stay_readable(big):
    text = big.flat
    titles = [i.title for i in big.snapshot.initiatives]
    assert all(title in text for title in titles)
    # The timeline continues over several pages, its phase header repeated on each,
    # instead of shrinking to dust.
    first = big.snapshot.playbook.phases[0]
    header = f"{first.horizon} · {len(big.snapshot.roadmap()[first.id])} initiatives"
    timeline = [text for text in big.pages if header in _flat(text)]
    assert len(timeline) >= 3
    assert len(big.reader.pages) < 200


def test_the_swedish_demo_report_is_swedish_throughout():
    from sprintkit.demo import build_demo

    service = new_service()
    wid = build_demo(service, language="sv")
    reader = PdfReader(io.BytesIO(_pdf(service, wid)))
    pages = [_flat(page.extract_text() or "") for page in reader.pages]
    text = " ".join(pages)
    assert "Beslut för ledningen" in pages[1]
    assert "Sammanfattning för ledningen" in pages[2]
    assert "Nu – snabba experiment" in pages[2]
    # dates and page numbers in Swedish, from the catalog and Babel
    assert re.search(r"\b\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|"
                     r"oktober|november|december) \d{4}\b", pages[0])
    assert "Sida 2 av" in pages[1]
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    for english in ("Executive summary", "Roadmap", "Owner", "Metric", "Page 2"):
        assert english not in text, english
