"""The report reads at any size and for anyone: type sizes, contrast computed
over the report's own colours, tagged PDF with alt text, a cover that never
clips, phase names that wrap, and the large demo kept short by default."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from test_export_data import build, new_service

from sprintkit.export import ExportOptions, render
from sprintkit.export.colours import contrast
from sprintkit.export.html import ASSETS
from sprintkit.export.svg import INK, MUTED, PHASE_COLOURS, QUADRANT_FILL, QUADRANT_INK
from sprintkit.playbooks import find_playbook

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SHEETS = ("report.css", "print.css", "progress_page.css", "progress.css")
WHITE = "#ffffff"
# Text whose background comes from the box around it.
ON_DARK = {".cover-org": "#1f3a5f"}


def _flat(text: str) -> str:
    return " ".join(re.sub("\u2010\\s+", "", text).split())


def _rules(sheet: str) -> list[tuple[str, str]]:
    """(selector, declarations) of a stylesheet, @page margin boxes included."""
    text = re.sub(r"/\*.*?\*/", "", (ASSETS / sheet).read_text(encoding="utf-8"), flags=re.S)
    return re.findall(r"([^{}]+)\{([^{}]*)\}", text)


def _value(declarations: str, name: str) -> str | None:
    found = re.findall(rf"(?:^|[;\s]){name}\s*:\s*([^;]+)", declarations)
    return found[-1].strip() if found else None


# ------------------------------------------------------------ stylesheets


def test_every_text_colour_has_at_least_4_5_to_1_contrast():
    checked = 0
    for sheet in SHEETS:
        for selector, body in _rules(sheet):
            colour = _value(body, "color")
            if colour is None or not colour.startswith("#"):
                continue
            back = _value(body, "background") or ON_DARK.get(selector.strip(), WHITE)
            back = back if back.startswith("#") else WHITE
            ratio = contrast(colour, back)
            assert ratio >= 4.5, f"{sheet}: {selector.strip()} {colour} on {back}: {ratio:.2f}"
            checked += 1
    assert checked > 40
    # Coloured backgrounds set apart from their text colour: phase bands and
    # pills with white text, the callout's amber, the quadrant tags.
    for background in PHASE_COLOURS:
        assert contrast(WHITE, background) >= 4.5, background
    for name, ink in QUADRANT_INK.items():
        assert contrast(ink, QUADRANT_FILL[name]) >= 4.5, name
    for ink in (INK, MUTED):
        assert contrast(ink, WHITE) >= 4.5
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    for back in re.findall(r"background: (#[0-9a-f]{6}); color: #ffffff", css):
        assert contrast(WHITE, back) >= 4.5, back
    for text in ("#45525e", "#1d2a38", "#2b3947"):  # text on the callout and bar backgrounds
        for back in ("#f7ece4", "#f6f8fa", "#e7edf4"):
            assert contrast(text, back) >= 4.5, (text, back)


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5 < contrast("#767676", "#ffffff")


def test_type_is_legible_no_light_weights_no_letter_spacing():
    sizes = []
    for sheet in SHEETS:
        for selector, body in _rules(sheet):
            size = _value(body, "font-size")
            if size and size.endswith("pt"):
                sizes.append((float(size[:-2]), selector.strip()))
            weight = _value(body, "font-weight")
            assert weight is None or weight in ("bold", "normal"), (selector, weight)
            assert "letter-spacing" not in body, selector
    assert min(sizes)[0] >= 7.5, min(sizes)
    html = next(body for selector, body in _rules("report.css") if selector.strip() == "html")
    assert float(_value(html, "font-size")[:-2]) >= 10  # body text
    body = next(body for selector, body in _rules("report.css")
                if selector.strip() == "body" and "hyphens" in body)
    assert _value(body, "hyphens") == "auto"


# ------------------------------------------------------------- rendered PDFs


@pytest.fixture(scope="module")
def crowded():
    """Sixteen roles, up to six people each, some roles numbered."""
    service = new_service()
    book = find_playbook("service-sprint", "fi")
    ws = service.create_workshop("Iso työpaja", book, organisation="Esimerkki Oy")
    roles = [f"Tiimi {n}" for n in (1, 2, 10, 11, 3)] + [
        "Esteettömyyspalvelut", "Logistiikkakumppani", "Asiakaspalvelu", "Myynti", "IT",
        "Johto", "Markkinointi", "Talous", "Henkilöstöhallinto", "Viestintä", "Lakiasiat"]
    people = []
    for r, role in enumerate(roles):
        for n in range(1 + r % 6):
            people.append(service.add_participant(ws.id, f"Henkilö {r}-{n}", role).name)
    service.add_note(ws.id, book.capture_sections()[0].id, "Yksi muistiinpano")
    snap = service.snapshot(ws.id)
    data = render(snap, "pdf")
    reader = PdfReader(io.BytesIO(data))
    return reader, [_flat(p.extract_text() or "") for p in reader.pages], people, roles


def test_the_cover_never_clips_and_the_participants_page_has_everyone(crowded):
    reader, pages, people, roles = crowded
    cover = pages[0]
    # What the cover leaves out it counts, and says where everyone is.
    assert re.search(r"\+\d+ muuta roolia: kaikki osallistujat on lueteltu osallistujasivulla",
                     cover)
    assert re.search(r"\+\d+ muu(ta)?\b", cover)
    shown = [name for name in people if name in cover]
    assert 0 < len(shown) < len(people)
    everyone = next(p for p in pages[1:] if "Osallistujat" in p)
    for name in people:
        assert name in everyone, name
    for role in roles:
        assert role in everyone, role


def test_roles_sort_naturally(crowded):
    _, pages, _, _ = crowded
    everyone = next(p for p in pages[1:] if "Osallistujat" in p)
    where = [everyone.index(f"Tiimi {n} ") for n in (1, 2, 3, 10, 11)]
    assert where == sorted(where)


def _struct_elements(node, out: list) -> list:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            out.append(node)
        kids = node.get("/K")
        if kids is not None:
            _struct_elements(kids, out)
    elif isinstance(node, ArrayObject):
        for kid in node:
            _struct_elements(kid, out)
    return out


@pytest.fixture(scope="module")
def typical():
    service = new_service()
    wid = build(service, "en", notes=40)
    snap = service.snapshot(wid)
    return PdfReader(io.BytesIO(render(snap, "pdf"))), snap


def test_the_default_pdf_is_tagged_and_every_figure_has_alt_text(typical):
    reader, _ = typical
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    elements = _struct_elements(root["/StructTreeRoot"], [])
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures, "the matrix is a figure"
    for figure in figures:
        assert "/Alt" in figure and "Impact and effort" in figure["/Alt"], figure.get("/Alt")
    # The table under the chart is kept: screen readers get the same facts.
    assert any(e["/S"] == "/Table" for e in elements)


def test_five_long_phase_names_wrap_and_are_never_cut(tmp_path_factory):
    folder = tmp_path_factory.mktemp("playbooks")
    source = Path(__file__).resolve().parent.parent / "playbooks" / "service-sprint.en.yaml"
    text = source.read_text(encoding="utf-8")
    start, end = text.index("\nphases:"), text.index("\nlenses:")
    names = ["Now – quick experiments with the front line", "Ideas parked for a later look",
             "Next – the larger changes the team agreed", "Later – platform renewal",
             "Someday – what needs a budget first"]
    phases = "\nphases:\n" + "".join(
        f"  - id: p{n}\n    title: {name}\n    horizon: {3 * n}–{3 * n + 3} months\n"
        f"    months: [{3 * n}, {3 * n + 3}]\n" for n, name in enumerate(names))
    custom = text[:start] + phases + text[end:]
    custom = custom.replace("id: service-sprint", "id: five-phase-sprint", 1)
    (folder / "five-phase-sprint.en.yaml").write_text(custom, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SPRINTKIT_PLAYBOOK_DIR", str(folder))
    try:
        service = new_service()
        book = find_playbook("five-phase-sprint", "en")
        ws = service.create_workshop("Five phases", book, held_on="2027-03-01")
        for n, phase in enumerate(book.phases):
            item = service.create_initiative(ws.id, f"Initiative {n}")
            service.set_roadmap(ws.id, item.id, phase=phase.id, owner=f"Owner {n}",
                                metric="m", target="t")
        reader = PdfReader(io.BytesIO(render(service.snapshot(ws.id), "pdf")))
    finally:
        mp.undo()
    pages = [_flat(p.extract_text() or "") for p in reader.pages]
    roadmap = next(p for p in pages if p.startswith("Roadmap"))
    for letter, name in zip("ABCDE", names, strict=True):
        assert f"{letter} · {name}" in roadmap, name
    assert "…" not in roadmap
    # Fifteen months: quarters, from the workshop's month.
    for month in ("Mar 2027", "Jun 2027", "Sept 2027", "Dec 2027", "Mar 2028"):
        assert month in roadmap, month


@pytest.fixture(scope="module")
def large():
    from sprintkit.demo import build_demo

    service = new_service()
    wid = build_demo(service, language="en", large=True)
    snap = service.snapshot(wid)
    return PdfReader(io.BytesIO(render(snap, "pdf", ExportOptions()))), snap


def test_the_large_demo_reads_in_at_most_40_pages(large):
    reader, snap = large
    assert len(reader.pages) <= 40
    text = " ".join(_flat(p.extract_text() or "") for p in reader.pages)
    # Every initiative is still there: the roadmap ones in full, the rest in one
    # table (long titles shortened there).
    placed = {i.id for phase in snap.roadmap().values() for i in phase}
    for item in snap.initiatives:
        assert (item.title if item.id in placed else item.title[:50]) in text, item.title
    assert "Appendix: all notes" not in text


def test_finnish_words_hyphenate_at_syllables(crowded):
    import pyphen

    from sprintkit.export.html import _finnish_hyphenation

    _finnish_hyphenation()
    assert pyphen.language_fallback("fi") == "fi"
    finnish = pyphen.Pyphen(lang="fi")
    for word, syllables in (("esteettömyyspalvelut", "es-teet-tö-myys-pal-ve-lut"),
                            ("logistiikkakumppani", "lo-gis-tiik-ka-kump-pa-ni"),
                            ("asiakaskokemus", "asi-a-kas-ko-ke-mus"),  # no one-letter first part
                            ("reaaliaikainen", "re-aa-li-ai-kai-nen")):
        assert finnish.inserted(word) == syllables, word
    # In the PDF, a Finnish word broken at a line end carries a hyphen.
    reader, _, _, _ = crowded
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert re.search(r"\w\u2010\n\w", raw)
