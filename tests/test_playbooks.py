"""Bundled playbooks are valid and parallel; broken ones get one precise line."""

from __future__ import annotations

import pytest

from sprintkit.errors import NotFound, PlaybookError
from sprintkit.paths import bundled_playbook_dir
from sprintkit.playbooks import discover, find_playbook, load_playbook_file, parse_playbook

BUNDLED = ["service-sprint", "service-package"]


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("playbook_id", BUNDLED)
def test_bundled_playbook_exists_in_every_language_with_same_ids(playbook_id, language):
    en = find_playbook(playbook_id, "en")
    other = find_playbook(playbook_id, language)
    assert (en.language, other.language) == ("en", language)
    assert [(s.id, s.kind, s.timebox_minutes) for s in en.sections] == [
        (s.id, s.kind, s.timebox_minutes) for s in other.sections]
    assert [p.id for p in en.phases] == [p.id for p in other.phases] == ["now", "next", "later"]
    assert [(lens.id, list(lens.tags)) for lens in en.lenses] == [
        (lens.id, list(lens.tags)) for lens in other.lenses]
    assert en.voting == other.voting
    assert en.title != other.title  # actually translated
    for section in en.sections + other.sections:
        if section.kind == "capture":
            assert section.prompts, section.id
        assert len(section.prompts) == len(en.section(section.id).prompts), section.id
    for tail in ("grouping", "voting", "scoring", "roadmap", "review"):
        assert en.section(tail) is not None, tail


def test_service_sprint_has_the_four_views_and_pyramid():
    book = find_playbook("service-sprint", "en")
    assert [s.id for s in book.capture_sections()] == [
        "business-needs", "customer-views", "staff-tools", "stakeholders"]
    assert (book.voting.dots_per_person, book.voting.max_per_item) == (5, 3)
    assert set(book.tag_titles()) >= {"effectiveness", "ease", "emotion"}
    assert [s.kind for s in book.sections[4:]] == ["group", "vote", "score", "roadmap", "review"]


def test_service_package_sections():
    book = find_playbook("service-package", "fi")
    assert [s.id for s in book.capture_sections()] == [
        "core-service", "enabling-services", "supporting-services"]


def test_every_bundled_file_validates():
    files = sorted(bundled_playbook_dir().glob("*.yaml"))
    assert len(files) == 6
    for path in files:
        load_playbook_file(path)


VALID = """\
id: tiny
language: en
title: Tiny
sections:
  - id: needs
    title: Needs
    timebox_minutes: 10
    kind: capture
phases:
  - {id: now, title: Now, horizon: soon}
"""


def test_minimal_playbook_gets_defaults():
    book = parse_playbook(VALID)
    assert (book.voting.dots_per_person, book.voting.max_per_item) == (5, 3)
    assert book.lenses == []


@pytest.mark.parametrize("text, expected", [
    (VALID.replace("timebox_minutes: 10", "timebox_minute: 10"),
     "x.yaml:7: sections[0].timebox_minute: unknown key 'timebox_minute' "
     "(did you mean 'timebox_minutes'?)"),
    (VALID.replace("kind: capture", "kind: capturing"),
     "x.yaml:8: sections[0].kind: Input should be 'capture', 'group', 'vote', 'score', "
     "'roadmap' or 'review' (got 'capturing')"),
    (VALID.replace("title: Tiny\n", ""), "x.yaml:1: title: is required but missing"),
    (VALID.replace("language: en", "language: de"), "x.yaml:2: language:"),
    (VALID + "voting: {dots_per_person: 2, max_per_item: 3}\n",
     "x.yaml:11: voting: max_per_item (3) cannot exceed dots_per_person (2)"),
    (VALID + "  - {id: now, title: Again, horizon: later}\n", "phases: id 'now' is used twice"),
    (VALID + "colour: blue\n", "x.yaml:11: colour: unknown key 'colour'"),
    ("id: [unclosed\n", "x.yaml:2: YAML syntax error"),
    ("- just\n- a list\n", "x.yaml: a playbook must be a mapping"),
])
def test_broken_playbook_messages(text, expected):
    with pytest.raises(PlaybookError) as info:
        parse_playbook(text, "x.yaml")
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_user_playbook_folder_is_searched(tmp_path, monkeypatch):
    folder = tmp_path / "config" / "playbooks"
    folder.mkdir(parents=True)
    (folder / "tiny.yaml").write_text(VALID, encoding="utf-8")
    (folder / "broken.yaml").write_text("id: [", encoding="utf-8")  # skipped, not fatal
    monkeypatch.setenv("SPRINTKIT_CONFIG_DIR", str(tmp_path / "config"))
    assert find_playbook("tiny").title == "Tiny"
    assert {b.id for _, b in discover()} >= {"tiny", "service-sprint"}


def test_unknown_playbook_suggests():
    with pytest.raises(NotFound, match="did you mean 'service-sprint'"):
        find_playbook("service-sprnt")
    with pytest.raises(PlaybookError, match="no such playbook file"):
        find_playbook("missing/file.yaml")


@pytest.mark.parametrize("name", ["Section", "Voting", "Phase", "Lens", "ReportShape",
                                  "Playbook"])
def test_schema_and_model_name_the_same_fields(name):
    """The YAML schema checks exactly what the plain model holds: a field added to
    one and not the other would be dropped or never checked."""
    from dataclasses import fields

    from sprintkit import models, playbooks

    schema = getattr(playbooks, f"{name}Schema")
    assert list(schema.model_fields) == [f.name for f in fields(getattr(models, name))]


def test_stored_playbook_round_trips_unchanged():
    from sprintkit.models import Playbook

    book = find_playbook("service-sprint", "fi")
    assert Playbook.from_stored(book.to_json()) == book


# ------------------------------------------------------- hostile and careless files
# Each case below printed a traceback, hung, or was accepted before the loader
# was bounded and made strict.

def _problem(text: str) -> str:
    with pytest.raises(PlaybookError) as info:
        parse_playbook(text, "x.yaml")
    message = str(info.value)
    assert "\n" not in message and len(message) < 400, message
    return message


def _section_line(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def _bomb(levels: int) -> str:
    """Lens tags given as a list whose one item expands to 10**levels words."""
    anchors = ["&a0 [" + ", ".join(["lol"] * 10) + "]"]
    anchors += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return VALID + ("lenses:\n  - id: bomb\n    title: Bomb\n    tags: [" + ", ".join(anchors)
                    + "]\n")


@pytest.mark.parametrize("text, expected", [
    # Escapes beyond Unicode raised OverflowError and ValueError from PyYAML.
    ('title: "\\UFFFFFFFF"\n', "x.yaml:1: YAML syntax error: an escape stands for no Unicode"),
    (VALID.replace("title: Tiny", 'title: "\\U00110000"'), "x.yaml:3: YAML syntax error"),
    # Deep nesting raised RecursionError.
    (VALID + "extra: " + "[" * 1000 + "]" * 1000 + "\n",
     "x.yaml:11: nested more than 20 levels deep"),
    (VALID + "extra:\n" + "".join("  " * i + "  -\n" for i in range(60)),
     "x.yaml:31: nested more than 20 levels deep"),
    # An alias bomb inside lens tags ran out of memory.
    (_bomb(9), "x.yaml:14: more than 20,000 values once aliases are expanded"),
    (VALID + "a: &a [x]\nb: [" + ", ".join(["*a"] * 101) + "]\n",
     "x.yaml:12: more than 100 aliases (*name)"),
    (VALID + "loop: &loop [*loop]\n", "x.yaml:11: alias *loop is used inside the value it names"),
    # An integer too long for Python to convert.
    (_section_line("timebox_minutes: 10", "timebox_minutes: " + "9" * 5000),
     "x.yaml:7: cannot read this value"),
], ids=["above-u32", "above-unicode", "deep-flow", "deep-block", "alias-bomb", "many-aliases",
        "alias-loop", "huge-int"])
def test_files_that_crashed_the_loader_get_one_line(text, expected):
    assert expected in _problem(text)


@pytest.mark.parametrize("text, expected", [
    (VALID.replace("title: Tiny\n", "title: Tiny\ntitle: Other\n"),
     "x.yaml:4: title: key 'title' is given twice (first on line 3)"),
    (_section_line("    kind: capture\n", "    kind: capture\n    kind: vote\n"),
     "x.yaml:9: sections[0].kind: key 'kind' is given twice (first on line 8)"),
    (_section_line("timebox_minutes: 10", "timebox_minutes: yes"),
     "x.yaml:7: sections[0].timebox_minutes: 'yes' is read as the yes/no value true"),
    (VALID.replace("language: en", "language: no"),
     "x.yaml:2: language: 'no' is read as the yes/no value false, which no playbook field "
     "takes; put it in quotes if you mean the text"),
    (VALID.replace("title: Tiny", "title: Off"), "x.yaml:3: title: 'Off' is read as"),
    (VALID + "on: 1\n", "x.yaml:11: on: 'on' is read as the yes/no value true"),
    (VALID.replace("title: Tiny", 'title: "Ti\\0ny"'),
     "x.yaml:3: title: holds the control character U+0000, which is not allowed "
     "(got 'Ti\\x00ny')"),
    (VALID.replace("title: Tiny", 'title: "\\e[2J\\e]0;pwned\\a"'),
     "title: holds the control character U+001B"),
    (VALID.replace("title: Tiny", 'title: "Two\\nlines"'), "title: must be one line"),
    (VALID.replace("title: Tiny", 'title: "Tab\\there"'), "title: must be one line"),
    (VALID.replace("title: Tiny", 'title: "Line\\Lseparator"'), "title: must be one line"),
    (_section_line("title: Needs", 'title: "Ne\\x85eds"'), "sections[0].title: holds the "
     "control character U+0085"),
    (VALID.replace("horizon: soon", 'horizon: "so\\x7fon"'), "phases[0].horizon: holds"),
    (_section_line("kind: capture", 'kind: capture\n    intro: "Bell\\a"'),
     "x.yaml:9: sections[0].intro: holds the control character U+0007"),
    (_section_line("kind: capture", 'kind: capture\n    prompts: ["Esc\\e"]'),
     "sections[0].prompts[0]: holds the control character U+001B"),
    (VALID.replace("title: Tiny", 'title: "\\ud800"'), "x.yaml:3: title:"),
    (VALID.replace("id: tiny", 'id: "tiny\\n"'), "x.yaml:1: id: String should match pattern"),
    (VALID + "lenses:\n  - {id: l, title: L, tags: [a, b, a]}\n",
     "lenses[0].tags: tag 'a' is listed twice"),
], ids=["dup-key", "dup-nested-key", "yes-number", "no-language", "off-title", "on-key",
        "nul-title", "escape-title", "newline-title", "tab-title", "separator-title", "c1-title",
        "del-horizon", "bell-intro", "escape-prompt", "surrogate", "newline-id", "dup-tag"])
def test_strict_about_what_safe_load_lets_through(text, expected):
    assert expected in _problem(text)


def test_line_breaks_and_tabs_are_kept_in_intros_prompts_and_description():
    text = _section_line("kind: capture", 'kind: capture\n    intro: "First\\n\\tindented"\n'
                         '    prompts: ["Why?\\nAnd how?"]')
    book = parse_playbook(text.replace("title: Tiny", 'title: Tiny\ndescription: "a\\tb\\nc"'))
    assert book.sections[0].intro == "First\n\tindented"
    assert book.sections[0].prompts == ["Why?\nAnd how?"]
    assert book.description == "a\tb\nc"


def test_dates_are_read_as_text():
    book = parse_playbook(VALID.replace("horizon: soon", "horizon: 2026-06-01"))
    assert book.phases[0].horizon == "2026-06-01"
    assert "(got '2026-13-45')" in _problem(
        _section_line("timebox_minutes: 10", "timebox_minutes: 2026-13-45"))


def test_anchors_and_merges_within_the_limits_still_work():
    text = VALID.replace("phases:\n  - {id: now, title: Now, horizon: soon}\n",
                         "phases:\n  - &now {id: now, title: Now, horizon: soon}\n"
                         "  - {<<: *now, id: next, title: Next}\n")
    book = parse_playbook(text)
    assert [(p.id, p.title, p.horizon) for p in book.phases] == [
        ("now", "Now", "soon"), ("next", "Next", "soon")]


def _many(kind: str, n: int) -> str:
    if kind == "sections":
        return VALID.replace("sections:\n", "sections:\n" + "".join(
            f"  - {{id: s{i}, title: S, timebox_minutes: 1, kind: capture}}\n"
            for i in range(n)), 1)
    if kind == "prompts":
        return _section_line("kind: capture", "kind: capture\n    prompts: ["
                             + ", ".join(f"p{i}" for i in range(n)) + "]")
    if kind == "phases":
        return VALID + "".join(f"  - {{id: p{i}, title: P, horizon: h}}\n" for i in range(n))
    if kind == "lenses":
        return VALID + "lenses:\n" + "".join(
            f"  - {{id: l{i}, title: L, tags: [t{i}]}}\n" for i in range(n))
    return VALID + "lenses:\n  - {id: l, title: L, tags: [" + ", ".join(
        f"t{i}" for i in range(n)) + "]}\n"


@pytest.mark.parametrize("kind, limit, where", [
    ("sections", 30, "sections"), ("prompts", 30, "sections[0].prompts"),
    ("phases", 10, "phases"), ("lenses", 10, "lenses"), ("tags", 30, "lenses[0].tags"),
])
def test_counts_are_limited(kind, limit, where):
    # The base playbook has one section and one phase of its own.
    own = 1 if kind in ("sections", "phases") else 0
    parse_playbook(_many(kind, limit - own))
    over = limit + 1 - own
    assert f"{where}: " in _problem(_many(kind, over))
    assert f"at most {limit} items" in _problem(_many(kind, over))


@pytest.mark.parametrize("old, field, limit", [
    ("title: Tiny", "title", 200),
    ("horizon: soon", "phases[0].horizon", 200),
    ("kind: capture", "sections[0].intro", 4000),
    ("kind: capture", "sections[0].prompts[0]", 500),
    ("title: Tiny", "description", 2000),
])
def test_lengths_are_limited_and_messages_cut_the_value(old, field, limit):
    def with_length(n: int) -> str:
        value = "x" * n
        new = {"title": f"title: {value}", "phases[0].horizon": f"horizon: {value}",
               "sections[0].intro": f"kind: capture\n    intro: {value}",
               "sections[0].prompts[0]": f"kind: capture\n    prompts: [{value}]",
               "description": f"title: Tiny\ndescription: {value}"}[field]
        return VALID.replace(old, new, 1)

    parse_playbook(with_length(limit))
    message = _problem(with_length(limit + 1))
    assert f": {field}: String should have at most {limit} characters" in message
    assert len(message) < 250  # the value is cut, not echoed whole
    assert message.endswith("xxx…)")


def test_hostile_keys_are_escaped_and_cut():
    message = _problem(VALID + '"\\e]0;pwned\\a' + "k" * 500 + '": 1\n')
    assert "\x1b" not in message and "\x07" not in message
    assert "unknown key '\\x1b]0;pwned\\x07kkk" in message
    assert len(message) < 300


def test_booleans_in_an_archive_are_refused_too():
    from pydantic import ValidationError

    from sprintkit.playbooks import check_playbook

    data = find_playbook("service-sprint").as_dict()
    data["sections"][0]["timebox_minutes"] = True
    with pytest.raises(ValidationError, match="must be a whole number"):
        check_playbook(data)


def test_file_size_is_checked_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(VALID.replace("title: Tiny", "title: " + "A" * 5_000_000), encoding="utf-8")
    with pytest.raises(PlaybookError, match=r"big\.yaml: larger than 256 KB, the limit"):
        load_playbook_file(big)
    fits = tmp_path / "fits.yaml"
    fits.write_text(VALID + "#" * (256 * 1024 - len(VALID) - 1) + "\n", encoding="utf-8")
    assert fits.stat().st_size == 256 * 1024
    assert load_playbook_file(fits).id == "tiny"


def test_only_regular_files_are_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    with pytest.raises(PlaybookError, match="pipe.yaml: not a regular file"):
        load_playbook_file(fifo)
    with pytest.raises(PlaybookError, match="is a folder"):
        load_playbook_file(tmp_path)
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(VALID.replace("\n", "\r\n").encode())
    assert load_playbook_file(crlf) == parse_playbook(VALID)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(VALID.replace("Tiny", "Päivä").encode("latin-1"))
    with pytest.raises(PlaybookError, match="not UTF-8 text"):
        load_playbook_file(latin)


# ------------------------------------------------ broken files in a playbook folder

BROKEN = {
    "escape.yaml": 'title: "\\UFFFFFFFF"\n',
    "deep.yaml": "id: " + "[" * 1000 + "]" * 1000 + "\n",
    "bomb.yaml": _bomb(9),
    "a-hostile.yaml": VALID.replace("id: tiny", "id: evil").replace(
        "title: Tiny", 'title: "\\e[2J\\e]0;pwned\\a[/]"'),
}


@pytest.fixture
def broken_folder(tmp_path, monkeypatch):
    folder = tmp_path / "config" / "playbooks"
    folder.mkdir(parents=True)
    for name, text in BROKEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "tiny.yaml").write_text(VALID, encoding="utf-8")
    monkeypatch.setenv("SPRINTKIT_CONFIG_DIR", str(tmp_path / "config"))
    return folder


def _warnings(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr and "\x1b" not in stderr
    return sorted(line for line in lines if line.startswith("Warning: skipped"))


def test_broken_user_files_are_skipped_with_a_warning(broken_folder):
    skipped: list[str] = []
    found = discover(on_skip=skipped.append)
    assert {b.id for _, b in found} == {"tiny", "service-sprint", "service-package"}
    assert sorted(line.split(":")[0].rsplit("/", 1)[-1] for line in skipped) == sorted(BROKEN)
    assert all("\n" not in line and len(line) < 400 for line in skipped)


def test_cli_list_new_and_show_warn_once_per_broken_file(broken_folder, tmp_path):
    from click.testing import CliRunner

    from sprintkit.cli import cli

    runner = CliRunner()
    listing = runner.invoke(cli, ["playbook", "list"])
    assert listing.exit_code == 0, listing.output
    assert "tiny " in listing.stdout and "service-sprint" in listing.stdout
    warned = _warnings(listing.stderr)
    assert len(warned) == len(BROKEN)
    assert any("bomb.yaml:14: more than 20,000 values" in line for line in warned)
    assert any("a-hostile.yaml:3: title: holds the control character U+001B" in line
               for line in warned)

    db = tmp_path / "w.db"
    made = runner.invoke(cli, ["--db", str(db), "new", "Harbour", "--playbook", "tiny"])
    assert made.exit_code == 0, made.output
    assert made.stdout.strip().isdigit()
    assert _warnings(made.stderr) == warned

    shown_book = runner.invoke(cli, ["playbook", "show", "service-sprint"])
    assert shown_book.exit_code == 0 and _warnings(shown_book.stderr) == warned

    checked = runner.invoke(cli, ["playbook", "validate", str(broken_folder / "deep.yaml")])
    assert checked.exit_code == 1
    assert checked.stderr == f"Error: {broken_folder / 'deep.yaml'}:1: nested more than 20 " \
                             "levels deep\n"


async def test_tui_picker_skips_broken_files_with_a_warning(broken_folder, tmp_path):
    from sprintkit.service import WorkshopService
    from sprintkit.store import Store
    from sprintkit.tui.app import SprintkitApp
    from sprintkit.tui.home import NewWorkshopScreen

    svc = WorkshopService(Store(tmp_path / "t.db"))
    app = SprintkitApp(tmp_path / "t.db", None, service=svc)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("n")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, NewWorkshopScreen)
            assert {b.id for b in screen.books} == {"tiny", "service-sprint", "service-package"}
            [note] = [n for n in app._notifications if n.severity == "warning"]
            assert note.title == "Skipped 4 broken playbook files"
            lines = note.message.splitlines()
            assert len(lines) == 4 and lines[-1].startswith("…and 1 more: 'sprintkit playbook")
            assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines[:3]] == [
                "a-hostile.yaml", "bomb.yaml", "deep.yaml"]
            # The file's text is quoted escaped, and the notice is not read as markup.
            assert "(got '\\x1b[2J\\x1b]0;pwned\\x07[/]')" in lines[0]
            assert not note.markup
            assert "bomb.yaml:14: more than 20,000 values" in lines[1]
    finally:
        svc.store.close()


def test_raw_control_characters_are_a_syntax_error_with_a_line():
    assert _problem(VALID.replace("title: Needs", "title: Ne\x7feds")) == (
        "x.yaml:6: YAML syntax error: unacceptable character #x007f: special characters "
        "are not allowed")


def test_readme_states_the_limits_the_code_applies():
    from pathlib import Path

    from sprintkit import playbook_yaml as y
    from sprintkit import playbooks as p

    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text(
        encoding="utf-8").split())
    for phrase in (
        f"a file of at most {y.MAX_FILE_BYTES // 1024} KB",
        f"nested at most {y.MAX_DEPTH} levels deep",
        f"most {y.MAX_ALIASES} aliases (`*name`) and {y.MAX_VALUES:,} values",
        f"most {p.MAX_SECTIONS} sections, {p.MAX_PROMPTS} prompts per section, "
        f"{p.MAX_PHASES} phases, {p.MAX_LENSES} lenses and {p.MAX_TAGS} tags",
        f"tag names up to {p.MAX_LINE_CHARS}, prompts up to {p.MAX_PROMPT_CHARS}, "
        f"the description up to {p.MAX_DESCRIPTION_CHARS:,} and an intro up to "
        f"{p.MAX_INTRO_CHARS:,}",
        f"at most about {y.SHOWN_CHARS} characters of a value",
    ):
        assert phrase in readme, phrase


def test_validate_lists_every_problem_one_line_each(tmp_path):
    from click.testing import CliRunner

    from sprintkit.cli import cli

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nlanguage: en\nsections:\n"
                   "  - id: one\n    title: One\n    kind: capture\n"
                   "    timebox_minutes: \"x\"\n    nonsense: 1\n", encoding="utf-8")
    checked = CliRunner().invoke(cli, ["playbook", "validate", str(bad)])
    assert checked.exit_code == 1
    lines = checked.stderr.splitlines()
    assert lines[0] == (f"Error: {bad}:9: sections[0].nonsense: unknown key 'nonsense' "
                        "(known keys: id, title, intro, prompts, timebox_minutes, kind, evidence)")
    assert f"Error: {bad}:8: sections[0].timebox_minutes: Input should be a valid integer, " \
           "unable to parse string as an integer (got 'x')" in lines
    assert f"Error: {bad}:1: phases: is required but missing" in lines
    assert all(line.startswith(f"Error: {bad}:") for line in lines)
