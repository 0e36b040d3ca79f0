"""The command line speaks the user's language: its own lines and the service's
refusals from the catalog, what happened in a workshop in the workshop's language."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from sprintkit.cli import cli

CLI_DIR = Path(__file__).resolve().parent.parent / "sprintkit" / "cli"

# Every variable that can name the user's language, so a test sets exactly one.
_LOCALE_VARIABLES = ("SPRINTKIT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _env(**values: str) -> dict[str, str | None]:
    env: dict[str, str | None] = dict.fromkeys(_LOCALE_VARIABLES)
    env.update(values)
    return env


@pytest.fixture
def speak(tmp_path):
    """``speak(env)(*args)``: the CLI run with one database and the given locale."""
    runner = CliRunner()
    db = tmp_path / "w.db"

    def in_locale(env: dict[str, str | None]):
        def run(*args: object, ok: bool = True):
            result = runner.invoke(cli, ["--db", str(db), *map(str, args)], env=env)
            assert (result.exit_code == 0) == ok, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
            return result
        return run

    return in_locale


def _last(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_finnish_user(speak, tmp_path):
    run = speak(_env(SPRINTKIT_LANG="fi"))
    made = run("new", "Rata", "--playbook", "service-sprint", "--lang", "en")
    assert "Työpaja 'Rata' luotu (Service sprint, en)" in made.stderr
    wid = _last(made)
    people = tmp_path / "people.csv"
    people.write_text("name,role\nAnn,Sales\nBo,IT\n", encoding="utf-8")
    imported = run("participant", "import", wid, people)
    assert "Tuotiin 2 osallistujaa, ohitettiin 0 jo työpajassa olevaa" in imported.stderr
    again = run("participant", "import", wid, people)
    assert "Huom.: rivi 2: Ann on jo tässä työpajassa; ohitettiin" in again.stderr
    note = _last(run("note", "add", wid, "business-needs", "Win back commuters", "--by", "Ann"))
    item = _last(run("initiative", "add", wid, "Fast refunds", "--note", note))
    assert "3 pistettä henkeä kohden, enintään 2 kehityskohdetta kohden" in \
        run("round", "open", wid, "--dots", "3", "--max-per-item", "2").stderr
    assert run("vote", wid, "Ann", item).stdout == "1 piste kohteella 'Fast refunds'; 2 jäljellä\n"
    assert run("vote", wid, "Ann", item).stdout.startswith("2 pistettä kohteella")
    refused = run("vote", wid, "Ann", item, ok=False)
    assert refused.stderr == ("Virhe: enintään 2 pistettä kehityskohdetta kohden: osallistujalla "
                              "Ann on 2 kohteella 'Fast refunds'\n")
    assert refused.stdout == ""
    # the phase is named as the workshop's playbook names it: this one is English
    assert run("roadmap", "set", wid, item, "--phase", "now").stdout == \
        "'Fast refunds' -> Now – quick experiments\n"
    shown = run("roadmap", "show", wid).stdout
    assert "vastuuhenkilö: -  mittari: -" in shown
    assert "'Fast refunds': vastuuhenkilö ja mittari puuttuvat" in shown
    assert "Osallistujat (2):" in run("show", wid).stdout
    # what happened is told in the workshop's language, the frame in the user's
    history = run("history", wid).stdout.splitlines()
    assert history[0].endswith("  Roadmap 'Fast refunds': placed in Now – quick experiments")
    assert run("undo", wid).stdout.startswith("Kumottu: Roadmap 'Fast refunds'")
    assert "  kumottu: Roadmap 'Fast refunds'" in run("history", wid).stdout


def test_finnish_refusals(speak):
    run = speak(_env(SPRINTKIT_LANG="fi"))
    wid = _last(run("new", "Rata", "--playbook", "service-sprint", "--lang", "fi"))
    assert run("show", "Nowhere", ok=False).stderr == \
        "Virhe: työpajaa 'Nowhere' ei ole (katso 'sprintkit list')\n"
    assert run("note", "add", wid, "voting", "x", ok=False).stderr.startswith(
        "Virhe: vaihe 'voting' on tyypiltään vote; muistiinpanot kirjataan keruuvaiheisiin (")
    assert run("round", "open", wid, "--dots", "0", ok=False).stderr == \
        "Virhe: pisteitä henkeä kohden: 0 ei ole kokonaisluku väliltä 1–1000\n"
    assert run("participant", "add", wid, " ", ok=False).stderr == \
        "Virhe: osallistujan nimi: ei voi olla tyhjä\n"
    assert run("tally", wid, ok=False).stderr == "Virhe: äänestyskierroksia ei vielä ole\n"
    assert run("export", wid, "--format", "doc", ok=False).stderr.startswith(
        "Virhe: tuntematon muoto 'doc' (muodot: ")


def test_swedish_user_from_lang(speak, tmp_path):
    run = speak(_env(LANG="sv_FI.UTF-8"))
    made = run("new", "Rata", "--playbook", "service-sprint", "--lang", "fi")
    assert "Workshoppen 'Rata' skapades" in made.stderr
    wid = _last(made)
    run("participant", "add", wid, "Anni", "--role", "Myynti")
    assert run("participant", "add", wid, "anni", ok=False).stderr == \
        "Fel: deltagarnamnet 'anni' är redan upptaget i den här workshoppen\n"
    item = _last(run("initiative", "add", wid, "Nopeat palautukset"))
    # a Finnish workshop's phase, in Finnish, inside a Swedish line's frame
    assert run("roadmap", "set", wid, item, "--phase", "now", "--owner", "Anni").stdout == \
        "'Nopeat palautukset' -> Nyt – nopeat kokeilut\n"
    lines = run("history", wid).stdout.splitlines()
    assert lines[0].endswith("  Tiekartta 'Nopeat palautukset': sijoitettu vaiheeseen "
                             "Nyt – nopeat kokeilut · vastuuhenkilö: Anni")
    assert "'Nopeat palautukset' saknar mätare" in run("roadmap", "show", wid).stdout
    out = tmp_path / "rata.txt"
    exported = run("export", wid, "--format", "md", "-o", out)
    assert exported.stdout.strip() == str(out)
    assert exported.stderr == f"Obs: skriver md till en fil som heter '{out.name}' (vanligen .md)\n"
    assert run("vote", wid, "Anni", item, ok=False).stderr == \
        "Fel: ingen röstningsomgång är öppen\n"
    assert run("score", wid, "Anni", item, "--impact", "9", "--effort", "1",
               ok=False).stderr == "Fel: effekt: 9 är inte ett heltal från 1 till 5\n"
    assert run("delete", wid, "--yes").stdout == "Workshoppen 'Rata' raderades\n"


def test_english_when_no_variable_names_a_known_language(speak, tmp_path):
    run = speak(_env(LANG="de_DE.UTF-8", LANGUAGE="de"))
    refused = run("show", "Nowhere", ok=False).stderr.splitlines()
    assert refused == [f"Note: started a new, empty database at {tmp_path / 'w.db'}",
                       "Error: no workshop 'Nowhere' (see 'sprintkit list')"]


def test_a_language_variable_overrides_the_next(speak):
    run = speak(_env(SPRINTKIT_LANG="sv", LANG="fi_FI.UTF-8"))
    assert run("show", "Nowhere", ok=False).stderr.splitlines()[-1] == \
        "Fel: ingen workshop 'Nowhere' (se 'sprintkit list')"


def test_hostile_text_in_a_translated_line_stays_inert(speak):
    run = speak(_env(SPRINTKIT_LANG="fi"))
    wid = _last(run("new", "Rata", "--playbook", "service-sprint"))
    refused = run("show", "x\x1b]0;pwned\x07", ok=False)
    assert "\x1b" not in refused.stderr and "\x07" not in refused.stderr
    assert "työpajaa 'x\\x1b]0;pwned\\x07' ei ole" in refused.stderr
    assert wid


# What the CLI prints must come from the catalog: a literal with words in it,
# handed to anything that shows text, is an English line that escaped it.
_SHOWS = {"echo", "secho", "style", "confirm", "prompt", "ClickException", "UsageError",
          "BadParameter", "Refused", "SprintkitError", "InvalidInput", "NotFound"}


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _text_literals(node: ast.AST) -> list[str]:
    """The literal text an argument puts on screen: constants, f-string parts,
    both sides of ``+`` and of ``a if c else b``; not keys, ids or calls' own arguments."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [text for part in node.values for text in _text_literals(part)]
    if isinstance(node, ast.FormattedValue):
        return _text_literals(node.value)
    if isinstance(node, ast.BinOp):
        return _text_literals(node.left) + _text_literals(node.right)
    if isinstance(node, ast.IfExp):
        return _text_literals(node.body) + _text_literals(node.orelse)
    return []


def english_lines(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called(node) in _SHOWS:
            for arg in node.args:
                found += [f"line {node.lineno}: {text!r}" for text in _text_literals(arg)
                          if any(ch.isalpha() for ch in text)]
    return found


def test_the_literal_check_finds_english():
    assert english_lines('import click\nclick.echo("Deleted note")\n') == \
        ["line 2: 'Deleted note'"]
    assert english_lines('click.echo(f"{n} {\'name\' if n == 1 else \'names\'}", err=True)') == \
        ["line 1: 'name'", "line 1: 'names'"]
    assert english_lines('raise Refused(say("error.no_round"))\n'
                         'click.echo(f"  {p[\'id\']:>4}  {x}", err=True)\n') == []


@pytest.mark.parametrize("module", sorted(p.name for p in CLI_DIR.glob("*.py")))
def test_no_cli_module_prints_a_literal_english_line(module):
    source = (CLI_DIR / module).read_text(encoding="utf-8")
    assert english_lines(source) == []
    # English plurals ("1 dot", "2 dots") belong to the catalog's ngettext
    assert "import count" not in source and "count(" not in source.replace("_count(", "")


# Lines reach the terminal through words.say() and words.error_text(), which
# make them terminal-safe and word every refusal the one way. Only these call
# the catalog themselves: the wording helpers, the help, and the history,
# which tells what happened in the workshop's language.
_CATALOG_CALLERS = {"words.py", "helptext.py", "history.py"}


def _catalog_calls(source: str) -> list[str]:
    return [f"line {node.lineno}: i18n.{node.func.attr}"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "i18n"
            and node.func.attr in {"message", "raw", "ngettext", "has"}]


def test_the_scans_cover_every_command_module():
    modules = {p.name for p in CLI_DIR.glob("*.py")}
    assert {"followup.py", "evidence.py", "details.py", "workshops.py"} <= modules
    assert _catalog_calls('from sprintkit import i18n\ni18n.message("fi", "cli:x")\n') == \
        ["line 2: i18n.message"]


@pytest.mark.parametrize("module", sorted(p.name for p in CLI_DIR.glob("*.py")
                                          if p.name not in _CATALOG_CALLERS))
def test_cli_modules_word_their_lines_through_say(module):
    assert _catalog_calls((CLI_DIR / module).read_text(encoding="utf-8")) == []


def test_serve_speaks_the_users_language(speak, monkeypatch, capsys, service, workshop):
    import socket

    from sprintkit.web.events import RoomEvent
    from sprintkit.web.serve import _print_event

    monkeypatch.setenv("SPRINTKIT_LANG", "fi")
    show = _print_event(service, workshop.id)
    ann = service.participant(workshop.id, "Ann")
    show(RoomEvent("claimed", ann.id, ""))
    show(RoomEvent("released", ann.id, ""))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"claimed  Ann: toinen puhelin pyysi tätä nimeä; jos kyse on "
                             f"samasta henkilöstä, vapauta nimi komennolla: sprintkit "
                             f"participant release {workshop.id} {ann.id}")
    assert lines[1].endswith("released Ann: voi valita nimen uudelleen toisella puhelimella")

    run = speak(_env(LC_ALL="sv_FI.UTF-8"))
    wid = _last(run("new", "Rata", "--playbook", "service-sprint"))
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        refused = run("serve", wid, "--host", "127.0.0.1", "--port", port, ok=False)
    assert refused.stderr == f"Fel: porten {port} på 127.0.0.1 används redan: välj en annan port\n"


def test_every_help_text_has_its_english_catalog_entry_word_for_word():
    from sprintkit import i18n
    from sprintkit.cli.helptext import english

    texts = english(cli)
    assert len(texts) > 80
    assert {msgid: text for msgid, text in texts.items()
            if i18n.message("en", msgid) != text} == {}


def test_help_is_shown_in_the_users_language_and_english_comes_back(speak):
    finnish = speak(_env(SPRINTKIT_LANG="fi"))
    shown = finnish("note", "add", "-h").stdout
    assert "Lisää muistiinpano vaiheeseen; tulostaa sen tunnisteen." in shown
    assert "Kirjoittaja (nimi tai tunniste); nimetön, jos puuttuu." in shown
    top = finnish("-h").stdout
    assert "Vedä palvelusprinttityöpajoja" in top
    assert "Luo työpaja toimintamallista; tulostaa sen tunnisteen." in top  # the command list
    assert "Tulosta JSON-muodossa." in finnish("list", "-h").stdout
    swedish = speak(_env(LANG="sv_FI.UTF-8"))
    assert "Placera ett utvecklingsobjekt på färdplanen och ange ansvarig" in \
        swedish("roadmap", "set", "-h").stdout
    english = speak(_env())
    assert "Add a note to a section; prints its id." in english("note", "add", "-h").stdout


def test_file_refusals_in_finnish(speak, tmp_path):
    run = speak(_env(SPRINTKIT_LANG="fi"))
    wid = _last(run("new", "Rata", "--playbook", "service-sprint"))
    missing = tmp_path / "nobody.csv"
    assert run("participant", "import", wid, missing, ok=False).stderr == \
        f"Virhe: {missing}: tiedostoa ei ole\n"
    wide = tmp_path / "wide.csv"
    wide.write_text("Ann,Sales,ann@example.com\n", encoding="utf-8")
    assert run("participant", "import", wid, wide, ok=False).stderr == (
        f"Virhe: {wide}:1: 3 saraketta; odotettiin nimi,rooli tai otsikkoriviä, joka nimeää "
        "sarakkeet\n")
    blank = tmp_path / "blank.csv"
    blank.write_text("name,role\n ,Sales\n", encoding="utf-8")
    assert run("participant", "import", wid, blank, ok=False).stderr == \
        f"Virhe: {blank}:2: nimi: ei voi olla tyhjä\n"
    archive = tmp_path / "a.json"
    archive.write_text('{"format": "other"}', encoding="utf-8")
    assert run("import", archive, ok=False).stderr == \
        f"Virhe: {archive}: ei ole sprintkit-arkisto (ei kenttää \"format\": \"sprintkit-archive\")\n"
    assert run("new", "X", "--playbook", "service-sprnt", ok=False).stderr == \
        "Virhe: toimintamallia tunnisteella 'service-sprnt' ei ole; tarkoititko 'service-sprint'?\n"
