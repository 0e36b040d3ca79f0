"""The Swedish translation: complete, with the right placeholders, and in the glossary's words.

The Swedish strings live in ``translations/sv.json`` under ``"<table>:<key>"`` ids until the
label tables become one catalog; only :func:`english_strings` needs to change then.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from sprintkit.cli import cli
from sprintkit.demo import TEXTS
from sprintkit.export import labels as export_labels
from sprintkit.models import Playbook
from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui import labels as tui_labels
from sprintkit.tui import room
from sprintkit.web import labels as web_labels

SV_JSON = Path(__file__).resolve().parent.parent / "translations" / "sv.json"

# ``{n|one|other}``: the TUI table's plural notation (the export table's is ``{n:one|other}``,
# which str.Formatter already reads as a placeholder with a format spec).
_TUI_PLURAL = re.compile(r"\{(\w+)\|[^|{}]*\|[^|{}]*\}")
# Either table's plural forms, to read both forms as prose.
_PLURAL_FORMS = re.compile(r"\{\w+(?:\||:)([^|{}]*)\|([^|{}]*)\}")


def english_strings() -> dict[str, str | tuple[str, str]]:
    tables = {"tui": tui_labels.EN, "web": web_labels.LABELS["en"],
              "export": export_labels.LABELS["en"], "room": room.TEXT["en"]}
    return {f"{table}:{key}": text for table, entries in tables.items()
            for key, text in entries.items()}


def swedish_strings() -> dict[str, object]:
    return json.loads(SV_JSON.read_text(encoding="utf-8"))


ENGLISH = english_strings()
SWEDISH = swedish_strings()


def forms(text: object) -> list[str]:
    """The texts of one entry: a plural pair of the phone page counts as two."""
    if isinstance(text, (list, tuple)):
        return list(text)
    assert isinstance(text, str)
    return [text]


def fields(text: str) -> tuple[set[str], set[str]]:
    """(placeholders, names that only choose a plural form) of one string."""
    plural = set(_TUI_PLURAL.findall(text))
    plain = {name for _, name, _, _ in string.Formatter().parse(_TUI_PLURAL.sub("", text))
             if name}
    return plain, plural - plain


def test_every_key_of_every_table_is_translated() -> None:
    assert sorted(set(ENGLISH) - set(SWEDISH)) == []
    assert sorted(set(SWEDISH) - set(ENGLISH)) == []


def notation_problems(key: str) -> list[str]:
    english, swedish = ENGLISH[key], SWEDISH[key]
    if isinstance(swedish, list) != isinstance(english, tuple):
        return ["a plural pair on one side only"]
    en_plain, en_plural = fields(forms(english)[-1])
    problems = []
    for sv in forms(swedish):
        sv_plain, sv_plural = fields(sv)
        if not sv.strip():
            problems.append("empty")
        if sv_plain != en_plain:
            problems.append(f"placeholders {sorted(sv_plain)}, English has {sorted(en_plain)}")
        if not sv_plural <= en_plain | en_plural:
            problems.append(f"plural by an unknown name {sorted(sv_plural)}")
        if not key.startswith("tui:") and _TUI_PLURAL.search(sv):
            problems.append("the TUI's plural notation outside the TUI table")
    return problems


def test_placeholders_and_notation_match_english() -> None:
    problems = {key: found for key in ENGLISH if (found := notation_problems(key))}
    assert problems == {}


@pytest.mark.parametrize("count", [1, 3])
def test_every_string_renders_the_way_its_table_does(count: int) -> None:
    for key, text in SWEDISH.items():
        table = key.split(":", 1)[0]
        for sv in forms(text):
            names = fields(sv)[0] | fields(sv)[1]
            values: dict[str, object] = {name: count for name in names}
            if table == "tui":
                shown = tui_labels._plurals(sv, values).format(**values)
            elif table == "export":
                shown = export_labels.fill(sv, **values)
            else:
                shown = sv.format(**values)
            assert "{" not in shown and "|" not in shown, key


def test_plural_forms_follow_the_count() -> None:
    assert tui_labels._plurals(SWEDISH["tui:people.notes"], {"n": 1}).format(n=1) \
        == "1 anteckning"
    assert tui_labels._plurals(SWEDISH["tui:people.notes"], {"n": 4}).format(n=4) \
        == "4 anteckningar"
    assert export_labels.fill(SWEDISH["export:dots"], count=1) == "1 prick"
    assert export_labels.fill(SWEDISH["export:dots"], count=0) == "0 prickar"
    assert SWEDISH["web:dots"] == ["{n} prick", "{n} prickar"]


def test_the_yes_and_no_keys_are_the_ones_the_hint_names() -> None:
    hint = SWEDISH["tui:dialog.yes_no"]
    assert f" {SWEDISH['tui:dialog.yes_key']}: ja" in hint
    assert f" {SWEDISH['tui:dialog.no_key']}: nej" in hint
    assert SWEDISH["tui:dialog.yes_key"] != SWEDISH["tui:dialog.no_key"]


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
_NOT_PROSE = re.compile(r"'sprintkit [^']*'|\{[^{}|]*\}")


def glossary_problems(english: str, swedish: str) -> list[str]:
    english, swedish = (_NOT_PROSE.sub("", _PLURAL_FORMS.sub(r"\1 \2", text)).lower()
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
                for en, sv in zip(forms(ENGLISH[key]), forms(SWEDISH[key]), strict=True)
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
