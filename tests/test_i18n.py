"""The translation catalog: complete in every language, rendering what the old
tables rendered, compiled from its sources, and convertible from old-notation JSON."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from sprintkit import i18n

FIXTURES = Path(__file__).parent / "fixtures"
OLD = json.loads((FIXTURES / "old_labels.json").read_text(encoding="utf-8"))
OLD_TABLES = json.loads((FIXTURES / "old_tables.json").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parent.parent

# Messages whose text changed after the move to the catalog, with the new
# renderings (same sample values as the fixture).
CHANGED: dict[str, dict[str, list[str]]] = {
    # the report: "äänten tasapaino" read as the balance of votes, and "täydentäjät"
    # collided with the service package's "täydentävät palvelut"
    "export:voice_balance": {"fi": ["Puheenvuorot rooleittain"]},
    "export:fill-in": {"fi": ["Pienet parannukset"]},
    # the Markdown summary named every playbook a service sprint
    "export:summary_intro": {
        "en": ["The roadmap below comes from a workshop in which 1 person from 1 role wrote 1 note and grouped it into 1 initiative; 1 initiative is on the phased roadmap.", "The roadmap below comes from a workshop in which 2 people from 2 roles wrote 2 notes and grouped them into 2 initiatives; 2 initiatives are on the phased roadmap."],
        "fi": ["Tiekartta on työpajan tulos: 1 osallistuja 1 roolista kirjasi 1 muistiinpanon ja ryhmitteli sen 1 kehityskohteeksi. Vaiheistetulle tiekartalle sijoitettiin 1 kehityskohde.", "Tiekartta on työpajan tulos: 2 osallistujaa 2 eri roolista kirjasi 2 muistiinpanoa ja ryhmitteli ne 2 kehityskohteeksi. Vaiheistetulle tiekartalle sijoitettiin 2 kehityskohdetta."]},
    # the same words on the terminal's voices screen and its command
    "tui:voices.title": {"fi": ["Puheenvuorot rooleittain: muistiinpanot vaiheittain"]},
    "tui:cmd.voices": {"fi": ["Puheenvuorot rooleittain"]},
    # the question on quitting also counts a note still being typed
    "tui:quit.held": {
        "en": ["1 line was not saved (an unknown @name or #tag, or a note still being typed). "
               "Quit and lose it?",
               "2 lines were not saved (an unknown @name or #tag, or a note still being typed). "
               "Quit and lose them?"],
        "fi": ["1 rivi jäi tallentamatta (tuntematon @nimi tai #tagi, tai muistiinpano oli "
               "vielä kesken). Lopetetaanko ja hylätään se?",
               "2 riviä jäi tallentamatta (tuntematon @nimi tai #tagi, tai muistiinpano oli "
               "vielä kesken). Lopetetaanko ja hylätään ne?"],
    },
    # the scoring step writes the means itself, with the language's decimal sign;
    # given the same text for a number, these read as before
    "tui:score.avg": {},
    "tui:score.people": {},
    # the workshop details dialog edits the date and the report's headline too
    "tui:key.workshop_details": {
        "en": ["Date, headline, organisation, facilitator"],
        "fi": ["Päivä, pääviesti, organisaatio ja vetäjä"]},
}


def _script():
    spec = importlib.util.spec_from_file_location("tables_to_po",
                                                  ROOT / "scripts" / "tables_to_po.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _po(language: str):
    with open(i18n.LOCALE_DIR / language / "LC_MESSAGES" / "sprintkit.po", "rb") as fh:
        return read_po(fh)


def _fields(text: str) -> set[str]:
    """Placeholder names; a counted phrase ``{notes__2}`` stands for ``notes``."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split("__")[0])
    return names


def _entries(catalog) -> dict[str, tuple[str, ...]]:
    out = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        out[msgid] = tuple(forms)
    return out


@pytest.mark.parametrize("language", ["en", "fi"])
def test_catalog_renders_every_old_label_the_same(language):
    differ = []
    for msgid, frozen in OLD.items():
        expected = CHANGED.get(msgid, {}).get(language, frozen[language])
        got = [i18n.message(language, msgid, **values) for values in frozen["values"]]
        if got != expected:
            differ.append((msgid, expected, got))
    assert differ == []


def test_each_intentional_change_is_a_real_change():
    for msgid, languages in CHANGED.items():
        for language, texts in languages.items():
            assert texts != OLD[msgid][language], msgid


def test_languages_are_found_from_the_catalogs():
    assert i18n.languages()[0] == "en"
    assert {"en", "fi"} <= set(i18n.languages())
    assert i18n.supported("fi") == "fi"
    assert i18n.supported("xx") == "en"


def _problems(english: dict[str, tuple[str, ...]],
              ours: dict[str, tuple[str, ...]]) -> list[str]:
    """Messages English has and this catalog lacks (or leaves empty), and
    placeholders that differ from English's or do not parse."""
    out = [f"missing {m}" for m in english if "#" not in m and not any(ours.get(m, ("",)))]
    for msgid, forms in ours.items():
        parent = msgid.split("#")[0]
        if parent not in english:
            continue
        try:
            have = set().union(*(_fields(form) for form in forms))
        except ValueError as exc:  # an unmatched brace
            out.append(f"bad {msgid}: {exc}")
            continue
        want = set().union(*(_fields(form) for form in english[parent]))
        # A counted phrase uses some of its sentence's placeholders; a message all of them.
        if have - want or ("#" not in msgid and have != want):
            out.append(f"placeholders {msgid}: {sorted(have)} vs {sorted(want)}")
    return out


@pytest.mark.parametrize("language", i18n.languages())
def test_every_catalog_has_every_message_with_englishs_placeholders(language):
    assert _problems(_entries(_po("en")), _entries(_po(language))) == []


def test_a_missing_message_and_a_bad_placeholder_are_caught():
    english = _entries(_po("en"))
    broken = dict(_entries(_po("fi")))
    del broken["tui:home.title"]
    broken["web:hello"] = ("Hei, {nmae}",)
    broken["web:switch_no"] = ("En, olen {name",)
    broken["tui:quit.held"] = ("{n} rivi", "{n} riviä {extra}")
    assert _problems(english, broken) == [
        "missing tui:home.title",
        "placeholders tui:quit.held: ['extra', 'n'] vs ['n']",
        "placeholders web:hello: ['nmae'] vs ['name']",
        "bad web:switch_no: expected '}' before end of string",
    ]


@pytest.mark.parametrize("language", i18n.languages())
def test_each_compiled_catalog_matches_its_source(language):
    folder = i18n.LOCALE_DIR / language / "LC_MESSAGES"
    with open(folder / "sprintkit.po", "rb") as fh:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(fh))
    assert (folder / "sprintkit.mo").read_bytes() == compiled.getvalue(), (
        f"run: pybabel compile -d sprintkit/i18n/locale -D sprintkit -l {language}")


def test_the_template_lists_every_english_message():
    with open(i18n.LOCALE_DIR / "sprintkit.pot", "rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    english = {m.id for m in _po("en") if m.id}
    assert template == english


def test_plurals_are_gettext_plurals():
    po = _po("fi")
    assert po.plural_forms == "nplurals=2; plural=(n != 1);"
    held = po.get("tui:quit.held")
    assert held.id == ("tui:quit.held", "tui:quit.held {n}")
    assert held.string[0].startswith("{n} rivi jäi")
    assert i18n.ngettext("fi", "tui:quit.held", "tui:quit.held {n}", 3).startswith("{n} riviä")


def test_the_script_turns_the_old_tables_into_the_committed_catalogs():
    books = _script().build_all(dict(OLD_TABLES))
    for language in ("en", "fi"):
        made, committed = _entries(books[language]), _entries(_po(language))
        # texts changed or added since the move are edited in the catalogs themselves
        for msgid in CHANGED:
            made.pop(msgid), committed.pop(msgid)
        committed = {k: v for k, v in committed.items() if k in made}
        assert made == committed, language


@pytest.mark.parametrize("language", i18n.languages())
def test_updating_a_catalog_from_the_template_changes_nothing(language):
    """Every catalog has the template's shape (which messages are plurals and
    which counted phrases a sentence has), so ``pybabel update`` keeps them."""
    with open(i18n.LOCALE_DIR / "sprintkit.pot", "rb") as fh:
        template = read_po(fh)
    book = _po(language)
    before = _entries(book)
    book.update(template)
    assert _entries(book) == before
    assert not book.obsolete


def _sample_locale(tmp_path: Path, monkeypatch) -> Path:
    locale = tmp_path / "locale"
    for language in ("en", "fi"):
        shutil.copytree(i18n.LOCALE_DIR / language, locale / language)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.languages.cache_clear()
    i18n.catalog.cache_clear()
    return locale


def test_a_third_language_comes_from_json_without_code(tmp_path, monkeypatch):
    script = _script()
    locale = _sample_locale(tmp_path, monkeypatch)
    monkeypatch.setattr(script, "LOCALE_DIR", locale)
    sample = tmp_path / "sv.json"
    sample.write_text(json.dumps({
        "tui:home.title": "Workshoppar",
        "tui:quit.held": "{n} {n|rad|rader} sparades inte. Avsluta och förlora {n|den|dem}?",
        "web:voters": ["{n} röstande", "{n} röstande"],
        "export:fig_notes": "{count:anteckning|anteckningar}",
        "export:summary_ready": "{ready} av {placed} {placed:initiativ|initiativ} på "
                                "färdplanen {ready:har|har} både ägare och mätare.",
        "room:title": "Telefonrum",
    }, ensure_ascii=False), encoding="utf-8")
    try:
        assert script.main([f"sv={sample}"]) == 0
        assert (locale / "sv" / "LC_MESSAGES" / "sprintkit.mo").exists()
        assert "sv" in i18n.languages()
        assert i18n.message("sv", "tui:home.title") == "Workshoppar"
        assert i18n.message("sv", "tui:quit.held", n=1) == \
            "1 rad sparades inte. Avsluta och förlora den?"
        assert i18n.message("sv", "tui:quit.held", n=4) == \
            "4 rader sparades inte. Avsluta och förlora dem?"
        assert i18n.message("sv", "web:voters", n=2) == "2 röstande"
        assert i18n.fill(i18n.Table("export", "sv")["fig_notes"], count=1) == "anteckning"
        assert i18n.message("sv", "export:summary_ready", ready=1, placed=2) == \
            "1 av 2 initiativ på färdplanen har både ägare och mätare."
        assert i18n.tables("room")["sv"]["title"] == "Telefonrum"
        # What Swedish does not have yet is said in English.
        assert i18n.message("sv", "tui:home.subtitle") == "service sprints"
        # A message English keeps as a plural stays one, for the template's sake.
        po = read_po(io.BytesIO((locale / "sv" / "LC_MESSAGES" / "sprintkit.po").read_bytes()))
        assert po.get("tui:home.title").id == "tui:home.title"
    finally:
        i18n.languages.cache_clear()
        i18n.catalog.cache_clear()


def test_the_script_refuses_a_bad_file_and_writes_nothing(tmp_path, monkeypatch, capsys):
    script = _script()
    locale = _sample_locale(tmp_path, monkeypatch)
    monkeypatch.setattr(script, "LOCALE_DIR", locale)
    bad = tmp_path / "sv.json"
    bad.write_text(json.dumps({"menu:title": "Meny"}), encoding="utf-8")
    try:
        assert script.main([f"sv={bad}"]) == 1
        assert f"{bad}: menu:title: English has no such message" in capsys.readouterr().err
        bad.write_text(json.dumps({"web:voters": ["{n} röstande"]}), encoding="utf-8")
        assert script.main([f"sv={bad}"]) == 1
        assert "web:voters: a count pair is [singular, plural]" in capsys.readouterr().err
        bad.write_text("{not json", encoding="utf-8")
        assert script.main([f"sv={bad}"]) == 1
        assert str(bad) in capsys.readouterr().err
        assert script.main([f"{bad}"]) == 1
        assert "give a language code and a file" in capsys.readouterr().err
        assert not (locale / "sv").exists()
    finally:
        i18n.languages.cache_clear()
        i18n.catalog.cache_clear()


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "en"),
    ({"SPRINTKIT_LANG": "fi"}, "fi"),
    ({"SPRINTKIT_LANG": "fi", "LANG": "en_GB.UTF-8"}, "fi"),
    ({"SPRINTKIT_LANG": "en", "LANGUAGE": "fi"}, "en"),
    ({"LANGUAGE": "de:fi", "LANG": "en_US.UTF-8"}, "fi"),
    ({"LC_ALL": "fi_FI.UTF-8", "LANG": "en_US.UTF-8"}, "fi"),
    ({"LC_MESSAGES": "fi_FI@euro"}, "fi"),
    ({"LANG": "fi_FI.UTF-8"}, "fi"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
])
def test_the_users_language_follows_sprintkit_lang_then_gettexts_order(environ, expected):
    assert i18n.user_language(environ) == expected


def test_dates_numbers_and_lists_come_from_babel():
    assert i18n.format_date("2026-11-22T10:00:00", "fi") == "22. marraskuuta 2026"
    assert i18n.format_date("2026-11-22", "en") == "22 November 2026"
    assert i18n.format_decimal(2.5, "fi") == "2,5"
    assert i18n.format_decimal(2.0, "en") == "2.0"
    # Rounded as Python rounds, whatever the language.
    assert i18n.format_decimal(2.45, "fi") == f"{2.45:.1f}".replace(".", ",")
    assert i18n.format_list(["a", "b", "c"], "fi") == "a, b ja c"
    assert i18n.format_list(["a", "b", "c"], "en") == "a, b and c"


def test_the_terminal_ui_texts_do_not_load_babel():
    code = ("import sys; from sprintkit.tui import labels; labels.set_language('fi'); "
            "labels.tr('quit.held', n=2); print('babel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_the_home_screen_takes_the_users_language_from_the_environment(monkeypatch):
    from sprintkit.tui import labels

    for name in ("SPRINTKIT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fi_FI.UTF-8")
    assert labels.ui_language() == "fi"
    monkeypatch.setenv("LANGUAGE", "de")
    assert labels.ui_language() == "fi"
    monkeypatch.setenv("SPRINTKIT_LANG", "en")
    assert labels.ui_language() == "en"
