"""The Swedish translation: complete, with the right placeholders, and in the glossary's words.

The Swedish strings are the ``sv`` gettext catalog; the playbooks and the demo are checked
against the same glossary.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from sprintkit import i18n
from sprintkit.cli import cli
from sprintkit.demo import TEXTS
from sprintkit.models import Playbook
from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store

LOCALE = Path(__file__).resolve().parent.parent / "sprintkit" / "i18n" / "locale"


def catalog_strings(language: str) -> dict[str, list[str]]:
    """Every message of a catalog: its id and its texts (each plural form)."""
    with open(LOCALE / language / "LC_MESSAGES" / "sprintkit.po", "rb") as fh:
        book = read_po(fh)
    out = {}
    for entry in book:
        if not entry.id:
            continue
        msgid = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        out[msgid] = list(entry.string) if isinstance(entry.string, tuple) else [entry.string]
    return out


ENGLISH = catalog_strings("en")
SWEDISH = catalog_strings("sv")


def test_every_message_is_translated() -> None:
    assert sorted(set(ENGLISH) - set(SWEDISH)) == []
    assert sorted(key for key, texts in SWEDISH.items() if not all(t.strip() for t in texts)) \
        == []


def test_plural_forms_follow_the_count() -> None:
    assert i18n.message("sv", "tui:people.notes", n=1) == "1 anteckning"
    assert i18n.message("sv", "tui:people.notes", n=4) == "4 anteckningar"
    assert i18n.message("sv", "export:dots", count=1) == "1 prick"
    assert i18n.message("sv", "export:dots", count=0) == "0 prickar"
    assert i18n.message("sv", "web:dots", n=2) == "2 prickar"


def test_the_yes_and_no_keys_are_the_ones_the_hint_names() -> None:
    hint = i18n.message("sv", "tui:dialog.yes_no")
    yes, no = i18n.message("sv", "tui:dialog.yes_key"), i18n.message("sv", "tui:dialog.no_key")
    assert f" {yes}: ja" in hint and f" {no}: nej" in hint and yes != no


# An English term, and the Swedish words (any one of them) that must then appear: the
# glossary in the domain notes. A Swedish word may sit inside a compound: "steg" in
# "insamlingssteg", "färdplan" in "färdplansrapport".
GLOSSARY: list[tuple[str, tuple[str, ...]]] = [
    (r"roadmap", ("färdplan",)),
    (r"participants?", ("deltagar",)),
    (r"initiatives?", ("utvecklingsobjekt",)),
    (r"notes?", ("anteckn",)),  # the noun, or "note where" as a verb
    (r"owners?", ("ansvarig",)),
    (r"metrics?", ("mätare",)),
    (r"targets?", ("mål",)),
    (r"phases?|phased", ("fas",)),
    (r"steps?", ("steg",)),
    (r"playbooks?", ("arbetsmodell",)),
    (r"dots?", ("prick",)),
    (r"vot(e|es|ed|er|ers|ing)", ("röst",)),
    (r"facilitator('s)?", ("facilitator", "processledar")),
    (r"stakeholders?", ("intressent",)),
    (r"customer[- ]experience|cx", ("kundupplevelse",)),
    (r"customer journeys?", ("kundres",)),
    (r"service package", ("tjänstepaket",)),
    (r"core service", ("kärntjänst",)),
    (r"enabling services?", ("möjliggörande tjänst",)),
    (r"supporting services?", ("kompletterande tjänst",)),
]

# Words a Swedish text of this tool never uses: the glossary's term goes instead.
NOT_SWEDISH_HERE = [r"vägkart", r"ägare", r"initiativ", r"metrik", r"stödtjänst",
                    r"kärnservice", r"intressegrupp", r"playbook"]

# Command lines and placeholders are not prose: "'sprintkit playbook list'" stays as typed.
# A line opening with "Note:" uses the word as a remark ("Obs:"), not the glossary's noun.
_NOT_PROSE = re.compile(r"'sprintkit [^']*'|\{[^{}|]*\}|^Note: ")


def glossary_problems(english: str, swedish: str) -> list[str]:
    english, swedish = (_NOT_PROSE.sub("", text).lower()
                        for text in (english, swedish))
    problems = []
    for term, words in GLOSSARY:
        if re.search(rf"\b({term})\b", english) and \
                not any(word in swedish for word in words):
            problems.append(f"'{term}' should be {' or '.join(words)}")
    for word in NOT_SWEDISH_HERE:
        if re.search(rf"\b{word}", swedish):
            problems.append(f"'{word}' is not the glossary's word")
    return problems


def test_glossary_check_catches_a_wrong_word() -> None:
    assert glossary_problems("The roadmap", "Vägkartan") == [
        "'roadmap' should be färdplan", "'vägkart' is not the glossary's word"]
    assert glossary_problems("Two participants", "Två deltagare") == []


def test_swedish_strings_use_the_glossary() -> None:
    problems = {key: found for key in ENGLISH
                for en, sv in zip(ENGLISH[key], SWEDISH[key], strict=True)
                if (found := glossary_problems(en, sv))}
    assert problems == {}


def playbook_texts(book: Playbook) -> list[str]:
    """Every text of a playbook a person reads, in an order shared by its translations."""
    texts = [book.title, book.description]
    for section in book.sections:
        texts += [section.title, section.intro, *section.prompts]
    texts += [phase.title for phase in book.phases]
    for lens in book.lenses:
        texts += [lens.title, *lens.tags.values()]
    return texts


@pytest.mark.parametrize("playbook_id", ["service-sprint", "service-package"])
def test_swedish_playbooks_use_the_glossary(playbook_id: str) -> None:
    english = playbook_texts(find_playbook(playbook_id, "en"))
    swedish = playbook_texts(find_playbook(playbook_id, "sv"))
    problems = [(en, found) for en, sv in zip(english, swedish, strict=True)
                if (found := glossary_problems(en, sv))]
    assert problems == []


def test_a_swedish_workshop_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "sv.db"
    made = CliRunner().invoke(cli, ["--db", str(db), "new", "Hamnsprint", "--playbook",
                                    "service-package", "--lang", "sv"])
    assert made.exit_code == 0, made.output
    workshop_id = int(made.stdout.strip().splitlines()[-1])
    store = Store(db)
    try:
        snap = WorkshopService(store).snapshot(workshop_id)
    finally:
        store.close()
    assert (snap.workshop.language, snap.playbook.language) == ("sv", "sv")
    assert [s.title for s in snap.playbook.capture_sections()] == [
        "Kärntjänst", "Möjliggörande tjänster", "Kompletterande tjänster"]


def test_the_swedish_demo_tells_the_english_story_in_swedish(tmp_path: Path) -> None:
    english, swedish = TEXTS["en"], TEXTS["sv"]
    for part in ("people", "notes", "initiatives", "metrics"):
        assert swedish[part].keys() == english[part].keys(), part  # type: ignore[literal-required]
    for part in ("first_names", "surnames", "contexts", "sources", "scopes"):
        assert len(swedish[part]) == len(english[part]), part  # type: ignore[literal-required]
    db = tmp_path / "demo.db"
    made = CliRunner().invoke(cli, ["--db", str(db), "demo", "--lang", "sv"])
    assert made.exit_code == 0, made.output
    store = Store(db)
    try:
        snap = WorkshopService(store).snapshot(int(made.stdout.strip().splitlines()[-1]))
    finally:
        store.close()
    assert (snap.workshop.name, snap.workshop.language) == (swedish["name"], "sv")
    assert snap.playbook.title == "Tjänstesprint"
    assert {n.text for n in snap.notes} == set(swedish["notes"].values())
    assert {i.title for i in snap.initiatives} == {t for t, _ in swedish["initiatives"].values()}
