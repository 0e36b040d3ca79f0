"""Bundled playbooks are valid and parallel; broken ones get one precise line."""

from __future__ import annotations

import pytest

from sprintkit.errors import NotFound, PlaybookError
from sprintkit.paths import bundled_playbook_dir
from sprintkit.playbooks import discover, find_playbook, load_playbook_file, parse_playbook

BUNDLED = ["service-sprint", "service-package"]


@pytest.mark.parametrize("playbook_id", BUNDLED)
def test_bundled_playbook_exists_in_both_languages_with_same_ids(playbook_id):
    en = find_playbook(playbook_id, "en")
    fi = find_playbook(playbook_id, "fi")
    assert (en.language, fi.language) == ("en", "fi")
    assert [(s.id, s.kind, s.timebox_minutes) for s in en.sections] == [
        (s.id, s.kind, s.timebox_minutes) for s in fi.sections]
    assert [p.id for p in en.phases] == [p.id for p in fi.phases] == ["now", "next", "later"]
    assert [(lens.id, list(lens.tags)) for lens in en.lenses] == [
        (lens.id, list(lens.tags)) for lens in fi.lenses]
    assert en.voting == fi.voting
    assert en.title != fi.title  # actually translated
    for section in en.sections + fi.sections:
        if section.kind == "capture":
            assert section.prompts, section.id
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
    assert len(files) == 4
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
    (VALID.replace("language: en", "language: sv"), "x.yaml:2: language:"),
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


@pytest.mark.parametrize("name", ["Section", "Voting", "Phase", "Lens", "Playbook"])
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
