"""Lens suggestions from word lists kept as data beside the playbooks."""

from __future__ import annotations

import pytest

from sprintkit.lens_hints import lens_dir, suggest, word_list

CX = {"effectiveness": "Effectiveness", "ease": "Ease", "emotion": "Emotion"}


@pytest.mark.parametrize("language, text, tag", [
    ("en", "The ticket machine was broken and showed an error", "effectiveness"),
    ("en", "I had to wait in the queue for an hour", "ease"),
    ("en", "The driver was rude and I felt ignored", "emotion"),
    ("fi", "Lippuautomaatti oli rikki ja näytti virhettä", "effectiveness"),
    ("fi", "Jonotus kesti liian kauan, odotin tunnin", "ease"),
    ("fi", "Kuljettaja oli tyly ja tuntui ettei kukaan välitä", "emotion"),
    ("sv", "Biljettautomaten var trasig", "effectiveness"),
    ("sv", "Jag fick vänta länge i kön", "ease"),
    ("sv", "Personalen var otrevlig och jag blev besviken", "emotion"),
])
def test_each_language_suggests_the_lens_its_words_point_to(language, text, tag):
    assert suggest(text, language, CX) == tag


def test_a_comment_in_another_language_is_matched_by_its_own_words():
    # A Swedish answer in a Finnish survey.
    assert suggest("Personalen var otrevlig", "fi", CX) == "emotion"


def test_no_words_a_tie_or_an_unknown_tag_suggest_nothing():
    assert suggest("Kävin asemalla tiistaina", "fi", CX) is None
    assert suggest("Jono oli pitkä ja henkilökunta tyly", "fi", CX) is None  # one each
    assert suggest("Jonotus kesti liian kauan", "fi", {"emotion": "Emotion"}) is None


def test_the_lists_are_data_files_for_every_language():
    for language in ("en", "fi", "sv"):
        words = word_list(language)
        assert (lens_dir() / f"{language}.yaml").is_file()
        assert words is not None and words.lens == "cx-pyramid"
        assert set(words.tags) == set(CX) and all(words.tags.values())
    assert word_list("de") is None
