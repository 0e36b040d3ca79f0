"""Participant names: one spelling per name, and no two names that look alike.

A name is how people pick themselves on a phone and how the facilitator tells
voices apart, so ``Ben``, ``Ben`` with a zero-width space and ``Веn`` with a
Cyrillic ``В`` must not be three people. :func:`normalise` gives a name its
one stored spelling; :func:`skeleton` is the Unicode TR39 skeleton, equal for
names that a reader cannot tell apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

from sprintkit.text import clean_line

# Invisible characters with no place in a name: zero-width space, word joiner,
# byte-order mark, soft hyphen, bidi marks, embeddings, overrides and isolates,
# invisible operators, and the fillers that draw as nothing.
_DROP = frozenset(
    "\u200b\u2060\ufeff\u00ad\u200e\u200f\u061c\u180e\u2061\u2062\u2063\u2064"
    "\u115f\u1160\u3164\uffa0"
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2066, 0x206A))
)
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ: needed inside some words and emoji sequences


def _joinable(ch: str) -> bool:
    """Whether a joiner next to ``ch`` can be doing its job: inside a word
    (letters, marks, digits) or an emoji sequence (symbols, modifiers)."""
    return bool(ch) and unicodedata.category(ch)[0] in "LMNS"


def normalise(name: str) -> str:
    """The stored spelling of a name (or any one-line label of a person):
    one line without control or invisible characters, runs of spaces as one
    space, in NFC. An all-invisible name comes back empty."""
    text = clean_line(name)
    kept: list[str] = []
    chars = [ch for ch in text if ch not in _DROP]
    for at, ch in enumerate(chars):
        if ch in _JOINERS:
            before = kept[-1] if kept else ""
            after = chars[at + 1] if at + 1 < len(chars) else ""
            if not (_joinable(before) and _joinable(after)):
                continue
        kept.append(ch)
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


@cache
def _prototypes() -> dict[str, str]:
    table: dict[str, str] = {}
    data = resources.files("sprintkit").joinpath("data/confusables.txt")
    for line in data.read_text(encoding="ascii").splitlines():
        if not line or line.startswith("#"):
            continue
        target, sources = line.split(";")
        prototype = "".join(chr(int(c, 16)) for c in target.split())
        for source in sources.split():
            table[chr(int(source, 16))] = prototype
    return table


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """The TR39 skeleton of ``text``: NFD, each character replaced by its
    confusable prototype, NFD again."""
    table = _prototypes()
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


@lru_cache(maxsize=8192)
def keys(name: str) -> tuple[str, str, str]:
    """What :func:`same_name` and :func:`confusable` compare, for a name as
    stored (normalised here first): its folded spelling and both skeletons.
    Cached, since every join compares the new name with everyone's."""
    name = normalise(name)
    return name.casefold(), skeleton(name), skeleton(name.casefold())


def same_name(a: str, b: str) -> bool:
    """Whether two normalised names are the same name, whatever the case."""
    return a.casefold() == b.casefold()


def confusable(a: str, b: str) -> bool:
    """Whether two names look alike. Case is compared both ways: ``Веn`` is
    confusable with ``Ben`` only before folding (Cyrillic ``В`` looks like
    ``B``, while its small ``в`` does not look like ``b``), and ``BEN`` with
    ``ben`` only after."""
    return skeleton(a) == skeleton(b) or skeleton(a.casefold()) == skeleton(b.casefold())


def lookalike(name: str, others: Iterable[str]) -> str | None:
    """The first of ``others`` that looks like ``name`` without being the same
    name, or None."""
    return next((o for o in others if not same_name(name, o) and confusable(name, o)), None)


def lookalike_pairs(names: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair of ``names`` that look alike, in the order given: what an
    existing workshop is checked for."""
    pairs: list[tuple[str, str]] = []
    seen: list[str] = []
    for name in names:
        pairs.extend((other, name) for other in seen if confusable(other, name))
        seen.append(name)
    return pairs
