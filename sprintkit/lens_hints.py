"""Suggesting a lens tag for a customer comment from the words it uses.

The word lists are data, one YAML file per language beside the bundled
playbooks (``playbooks/lenses/<language>.yaml``), so they can be read and
improved without touching code. A suggestion is only a suggestion: the
service stores it apart from the note's tags until the facilitator accepts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml

from sprintkit.folding import normalise
from sprintkit.paths import bundled_playbook_dir

LANGUAGES = ("en", "fi", "sv")


@dataclass(frozen=True)
class WordList:
    """One language's words: lens id, and tag -> the words that hint at it."""

    lens: str
    tags: dict[str, tuple[str, ...]]

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Tag -> one pattern matching any of its words at the start of a word."""
        return {tag: re.compile(" (?:" + "|".join(map(re.escape, words)) + ")")
                for tag, words in self.tags.items() if words}


def lens_dir() -> Path:
    return bundled_playbook_dir() / "lenses"


def _read(path: Path) -> WordList:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("tags"), dict):
        raise ValueError(f"{path}: expected 'lens' and 'tags'")
    tags = {str(tag): tuple(dict.fromkeys(normalise(str(w)) for w in words if normalise(str(w))))
            for tag, words in data["tags"].items()}
    return WordList(lens=str(data.get("lens", "")), tags=tags)


@cache
def word_list(language: str) -> WordList | None:
    """The bundled words of ``language``; None for a language without a list."""
    path = lens_dir() / f"{language}.yaml"
    return _read(path) if path.is_file() else None


def suggest(text: str, language: str, known_tags: Mapping[str, str] | Iterable[str]) -> str | None:
    """The tag whose words ``text`` uses most, among ``known_tags`` (the
    workshop playbook's); None when no word matches or two tags tie.

    The workshop's language is tried first; a comment written in one of the
    other languages (a Swedish answer in a Finnish survey) is matched against
    theirs when the first finds nothing."""
    known = set(known_tags)
    padded = " " + normalise(text) + " "
    order = [language, *(lang for lang in LANGUAGES if lang != language)]
    for lang in order:
        words = word_list(lang)
        if words is None:
            continue
        # " jonotus kesti " holds " jono"; " kesti kauan" needs both words in a
        # row: a word of the list matches the start of a word of the text.
        scores = {tag: len(pattern.findall(padded)) for tag, pattern in words.patterns.items()
                  if tag in known}
        best = max(scores.values(), default=0)
        if best == 0:
            continue
        winners = [tag for tag, n in scores.items() if n == best]
        return winners[0] if len(winners) == 1 else None
    return None
