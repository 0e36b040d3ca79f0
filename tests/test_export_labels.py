"""Report wording: counts agree with their nouns in every format and language, and
initiative numbers are the same wherever the document mentions an initiative."""

from __future__ import annotations

import html as htmllib
import io
import json
import re
import string
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_export_data import build, new_service

from sprintkit import i18n
from sprintkit.export import ExportOptions, render
from sprintkit.export.labels import LABELS, fill, labels
from sprintkit.playbooks import find_playbook

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Sample values for every label (a count of 1, then of 2), as frozen before the catalog.
SAMPLES = json.loads((Path(__file__).parent / "fixtures" / "old_labels.json")
                     .read_text(encoding="utf-8"))
# Nouns in the plural form that must never follow the number one.
PLURALS = {
    "en": r"notes|people|roles|initiatives|dots|voters|participants|more notes",
    "fi": r"muistiinpanoa|osallistujaa|kehityskohdetta|pistettä|äänestäjää|arvioijaa|muuta"
          r"|eri roolista",
}
SINGULARS = {
    "en": r"note|person|role|initiative|dot|voter|participant|more note",
    "fi": r"muistiinpano|osallistuja|kehityskohde|piste|äänestäjä|arvioija|muu",
}
# Placeholders that are followed by a word yet need no plural form.
BARE_OK = {"{ready} of", "{placed} of", "{shown} of", "{initiatives} kehityskohteeksi",
           "{placed} tiekartan", "{placed} roadmap", "{count} more", "{ready} on", "{date} with",
           "{date} sprintkitillä"}


def test_fill_picks_the_form_for_the_count():
    en = labels("en")
    assert fill(en["note_count"], count=1) == "1 note"
    assert fill(en["note_count"], count=0) == "0 notes"
    assert fill(en["note_count"], count=12) == "12 notes"
    assert fill(labels("fi")["note_count"], count=1) == "1 muistiinpano"
    assert fill(en["notes_total"], shown=1, total=2) == "1 of 2 notes"
    summary = fill(en["summary_intro"], people=1, roles=1, notes=1, initiatives=1, placed=1)
    assert "1 person from 1 role wrote 1 note and grouped it into 1 initiative" in summary


def _is_plural(language: str, key: str) -> bool:
    return f"export:{key}" in i18n.catalog(language).counts


@pytest.mark.parametrize("language", ["en", "fi"])
def test_every_count_label_has_both_forms(language):
    """A placeholder directly followed by a word is a count with a noun: it needs a
    singular and a plural form (or is one of the few known exceptions)."""
    for key, text in LABELS[language].items():
        if _is_plural(language, key):
            continue
        for match in re.finditer(r"\{(\w+)\} (\w+)", text):
            if "__" in match[1]:
                continue  # a counted phrase of its own (a plural message)
            assert match[0] in BARE_OK, f"{language}.{key}: '{match[0]}' needs a plural form"


@pytest.mark.parametrize("language", ["en", "fi"])
@pytest.mark.parametrize("count", [1, 2])
def test_count_labels_agree_with_one_and_many(language, count):
    for key in LABELS[language]:
        frozen = SAMPLES.get(f"export:{key}")
        if frozen is None:
            # A label added since the samples were frozen: every placeholder is the count.
            names = {f for _, f, _, _ in string.Formatter().parse(labels("en")[key]) if f}
            values = {name: count for name in names}
        else:
            samples = frozen["values"]
            values = samples[min(count, len(samples)) - 1]
        filled = fill(labels(language)[key], **values)
        if count == 1:
            assert not re.search(rf"\b1 ({PLURALS[language]})\b", filled), (key, filled)
        else:
            assert not re.search(rf"\b2 ({SINGULARS[language]})\b", filled), (key, filled)


def _single(language: str):
    """One of everything: one person, one note, one initiative, one dot."""
    service = new_service()
    book = find_playbook("service-sprint", language)
    ws = service.create_workshop("Solo", book, organisation="Org", facilitator="Fac")
    person = service.add_participant(ws.id, "Only Person", "Sales")
    note = service.add_note(ws.id, book.capture_sections()[0].id, "The only note",
                            participant=person.id)
    item = service.create_initiative(ws.id, "The only initiative", note_ids=[note.id])
    service.set_roadmap(ws.id, item.id, phase=book.phases[0].id, owner="Owner",
                        metric="Metric", target="Target")
    service.open_round(ws.id, dots=1, max_per_item=1)
    service.vote(ws.id, person.id, item.id, dots=1)
    service.close_round(ws.id)
    service.reveal_round(ws.id)
    service.score(ws.id, person.id, item.id, impact=4, effort=2)
    return service.snapshot(ws.id)


def _pdf_text(data: bytes) -> str:
    # Words hyphenated at a line end (Finnish ones too, now) read as one word again.
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(re.sub("\u2010\\s+", "", text).split())


@pytest.mark.parametrize("language, expected", [
    ("en", ["1 dot · 1 voter", "1 person from 1 role wrote 1 note", "1 initiative",
            "scored by 1", "1 participant · 1 role · 1 note · 1 initiative"]),
    ("fi", ["1 piste · 1 äänestäjä", "1 osallistuja 1 roolista kirjasi 1 muistiinpanon",
            "1 kehityskohde", "1 arvioija", "1 osallistuja · 1 rooli · 1 muistiinpano"]),
])
def test_one_of_everything_reads_in_the_singular(language, expected):
    snap = _single(language)
    texts = {
        "pdf": _pdf_text(render(snap, "pdf")),
        "html": " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", render(snap, "html")
                                                 .decode("utf-8"))).split()),
        "md": " ".join(render(snap, "md").decode("utf-8").split()),
    }
    plural = re.compile(rf"\b1 ({PLURALS[language]})\b")
    for fmt, text in texts.items():
        assert not plural.search(text), (fmt, plural.search(text)[0])
    for phrase in expected[1:2]:
        assert phrase in texts["md"], phrase
    # The report's process counts are the decision page's footnote.
    for phrase in expected[:1] + expected[2:]:
        assert phrase in texts["pdf"] and phrase in texts["html"], phrase


# ------------------------------------------------------------------ numbering


@pytest.fixture(scope="module")
def shuffled():
    """A workshop whose roadmap order differs from the order initiatives were made in,
    so document numbers differ from the ids the CLI shows."""
    service = new_service()
    wid = build(service, "en", initiatives=8, notes=30)
    snap = service.snapshot(wid)
    by_id = sorted(snap.initiatives, key=lambda i: i.id)
    assert [i.id for i in by_id] != [i.id for p in snap.playbook.phases
                                     for i in snap.roadmap()[p.id]]
    return snap


def _numbers(pattern: str, text: str) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for number, title in re.findall(pattern, text, flags=re.S):
        found.setdefault(htmllib.unescape(title).strip(), set()).add(int(number))
    return found


def test_initiative_numbers_agree_across_the_document(shuffled):
    # The full report: a write-up for every initiative, and the appendix.
    html = render(shuffled, "html", ExportOptions(full=True)).decode("utf-8")
    places = {
        "summary": r'<td><span class="ref">(\d+)</span></td>\s*<td class="title"[^>]*>([^<]+)</td>',
        "timeline": r'<span class="card-num">[A-Z](\d+)</span> <span[^>]*>([^<]+)</span>',
        "initiative page": r'<span class="ref">(\d+)</span> ([^<]+)</h3>',
        "matrix": r'<span class="ref">(\d+)</span></td><td[^>]*>([^<]+)</td>',
        "readiness": r'<td><span class="ref">(\d+)</span></td><td[^>]*>([^<]+)</td><td>',
    }
    pages = _numbers(places["initiative page"], html)
    assert len(pages) == len(shuffled.initiatives)
    numbers = {title: next(iter(found)) for title, found in pages.items()}
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    for place, pattern in places.items():
        found = _numbers(pattern, html)
        assert found, place
        for title, seen in found.items():
            assert seen == {numbers[title]}, (place, title, seen)

    # The appendix and "what we heard" point at notes' initiatives by number.
    title_of = {i.id: i.title for i in shuffled.initiatives}
    expected = {n.text: numbers[title_of[n.initiative_id]] for n in shuffled.notes
                if n.initiative_id}
    appendix = html[html.index('id="appendix"'):]
    linked = re.findall(r'<p class="note"[^>]*>(.*?)<span class="note-meta">.*?'
                        r'Initiative&#160;(\d+)</span>', appendix)
    assert len(linked) == len(expected)
    for text, number in linked:
        assert expected[htmllib.unescape(text)] == int(number)

    md = render(shuffled, "md").decode("utf-8")
    for title, number in numbers.items():
        assert re.search(rf"^{number}\. \*\*{re.escape(title)}\*\*", md, flags=re.M), title
    md_appendix = md[md.index("## Appendix"):]
    for text, number in re.findall(r"^- (.+?)  \n  _.*?Initiative (\d+)_$", md_appendix,
                                   flags=re.M):
        assert expected[text.replace("\\", "")] == int(number)


def test_appendix_keeps_initiative_and_number_together(shuffled):
    # A no-break space: "Initiative" and its number never end up on two lines.
    html = render(shuffled, "html", ExportOptions(full=True)).decode("utf-8")
    appendix = html[html.index('id="appendix"'):]
    assert "Initiative&#160;" in appendix and not re.search(r"Initiative \d", appendix)


# ------------------------------------------------------------------ roadmap page


def test_roadmap_card_shows_the_whole_metric_and_who_takes_part():
    service = new_service()
    wid = build(service, "en", initiatives=3, notes=6)
    snap = service.snapshot(wid)
    first = snap.roadmap()[snap.playbook.phases[0].id][0]
    metric = ("Share of journeys where the passenger got a disruption message within three "
              "minutes, measured weekly")
    service.set_roadmap(wid, first.id, phase=first.phase, owner=first.owner, metric=metric,
                        target="90 % by the end of the second quarter",
                        contributors=first.contributors)
    data = render(service.snapshot(wid), "pdf")
    reader = PdfReader(io.BytesIO(data))
    roadmap = " ".join(re.sub("\u2010\\s+", "", reader.pages[3].extract_text() or "").split())
    assert "Roadmap" in roadmap
    assert f"{metric} → 90 % by the end of the second quarter" in roadmap
    assert "…" not in roadmap
    assert "Who takes part in each phase" in roadmap and first.owner in roadmap
