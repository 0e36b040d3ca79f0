"""Folding near-identical customer comments into groups.

A survey export says the same thing many times in slightly different words
("Jonotus kesti liian kauan", "jonotus kesti aivan liian kauan!!"). On the
wall that is one note with a count, the originals kept behind it. Pure: texts
in, groups of their indexes out.

Two passes. First, comments equal once case, punctuation and spacing are
normalised away form a group. Then the distinct texts left are compared, but
only within candidate blocks. Two comments are alike when the mean of two
similarities reaches ``THRESHOLD``: rapidfuzz's ``token_sort_ratio`` (an edit
distance over the letters that ignores word order) and the share of word
stems they have in common. Letters alone rate "the app crashes when I pay"
and "the app is slow when I pay" alike; the stems tell the complaints apart,
and they let "jonotus" meet "jonottaminen". The blocks: each text is filed under the
rarest few of its word stems (the first four letters of a word, so Finnish
and Swedish inflections still meet) and under the start of its text, and is
compared only with the groups filed under the same keys. Common stems make
no block, and a block stops growing at ``MAX_BLOCK`` groups, so the cost grows
with the number of comments, not with its square.

A group's first member is the comment that came first in the file. A text is
compared with each candidate group's first ``WORDINGS`` distinct wordings (so
"jonotus kesti taas liian kauan" finds its group through "jonotus kesti
liian kauan" even when "jonottaminen kesti liian kauan" started it) and
joins, of the groups it is close enough to, the one most comments are in.
Beyond those wordings a group takes members but offers no more to match, so
a chain of small edits cannot walk far from the complaint that started it.

A comment that says "not" (ei, inte...) never joins one that does not: those
are opposites, however alike their letters are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

# Similarity (0-100) from which two comments count as the same. Checked on
# the English, Finnish and Swedish samples in tests/test_folding.py.
THRESHOLD = 83.0
# Short comments differ in a letter or two and mean something else ("hidas"
# and "hinta"), so they must be closer still.
SHORT_CHARS = 16
SHORT_THRESHOLD = 92.0
# How many of the closest by letters are scored in full.
_SHORTLIST = 5
STEM_CHARS = 4
KEYS_PER_TEXT = 3
PREFIX_CHARS = 10
MAX_BLOCK = 64
WORDINGS = 8

# Anything but letters and digits (Unicode-aware), the underscore included.
_NOT_WORD = re.compile(r"[\W_]+")

_NEGATIONS = frozenset({
    # English
    "not", "no", "never", "nothing", "cannot", "cant", "dont", "doesnt", "didnt", "wont",
    "isnt", "wasnt", "arent",
    # Finnish: the negative verb in its persons, and the usual "without"
    "ei", "en", "et", "emme", "ette", "eivät", "eikä", "ilman",
    # Swedish
    "inte", "ej", "aldrig", "ingen", "inget", "inga", "utan",
})


def normalise(text: str) -> str:
    """The comment as compared: lower case (casefolded), letters and digits
    only, single spaces. Apostrophes vanish rather than split a word ("don't"
    becomes "dont")."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("’", "")
    return _NOT_WORD.sub(" ", text).strip()


def _negated(norm: str) -> bool:
    return any(word in _NEGATIONS for word in norm.split())


def _stems(norm: str) -> set[str]:
    return {word[:STEM_CHARS] for word in norm.split() if len(word) >= 3}


def _stem_list(norm: str) -> Counter[str]:
    return Counter(word[:STEM_CHARS] for word in norm.split())


def similarity(a: str, b: str) -> float:
    """How alike two normalised comments are, 0-100 (see the module's text)."""
    return _score(a, b, fuzz.token_sort_ratio(a, b), _stem_list(a), _stem_list(b))


def _score(a: str, b: str, letters: float, sa: Counter[str], sb: Counter[str]) -> float:
    total = sum(sa.values()) + sum(sb.values())
    shared = sum((sa & sb).values())
    return (letters + (200.0 * shared / total if total else 0.0)) / 2


def fold(texts: Sequence[str], *, threshold: float = THRESHOLD,
         fuzzy: bool = True) -> list[list[int]]:
    """Groups of indexes into ``texts``: each group's first index is its
    earliest text, groups come in the order of their first text, and every
    index is in exactly one group. ``fuzzy=False`` folds exact matches only."""
    exact: dict[str, list[int]] = {}
    loose: list[list[int]] = []  # texts with no letters or digits: never folded
    for index, text in enumerate(texts):
        norm = normalise(text)
        if not norm:
            loose.append([index])
        else:
            exact.setdefault(norm, []).append(index)
    if not fuzzy or len(exact) < 2:
        return sorted([*exact.values(), *loose], key=lambda g: g[0])

    keys = list(exact)
    stems = {key: _stems(key) for key in keys}
    frequency: Counter[str] = Counter(s for key in keys for s in stems[key])
    # A stem in more than this many distinct comments says nothing about which
    # ones belong together ("liian", "the", "och").
    common = max(MAX_BLOCK, len(keys) // 50)

    def block_keys(key: str) -> list[str]:
        rare = sorted((s for s in stems[key] if frequency[s] <= common),
                      key=lambda s: (frequency[s], s))[:KEYS_PER_TEXT]
        return ["p:" + key[:PREFIX_CHARS], *("s:" + s for s in rare)]

    # The most repeated comments become groups first: a variant then joins the
    # wording most people used.
    order = sorted(keys, key=lambda k: (-len(exact[k]), exact[k][0]))
    blocks: dict[str, list[str]] = defaultdict(list)  # block key -> wordings filed there
    members: dict[str, list[str]] = {}  # first wording -> every wording of its group
    group_of: dict[str, str] = {}  # wording offered for matching -> its group's first
    sizes: dict[str, int] = {}  # group's first wording -> comments in the group
    stem_lists: dict[str, Counter[str]] = {}
    negations: dict[str, bool] = {}
    for key in order:
        candidates = list(dict.fromkeys(w for bk in block_keys(key) for w in blocks[bk]))
        negated = _negated(key)
        candidates = [w for w in candidates if negations[w] == negated]
        cutoff = SHORT_THRESHOLD if len(key) < SHORT_CHARS else threshold
        best: tuple[int, float, str] | None = None
        if candidates:
            mine = _stem_list(key)
            # The mean of two scores reaches the cutoff only if the letters'
            # score is within reach of it: that prefilter runs in rapidfuzz.
            near = process.extract(key, candidates, scorer=fuzz.token_sort_ratio,
                                   score_cutoff=2 * cutoff - 100, limit=_SHORTLIST)
            for wording, letters, _ in near:
                limit = max(cutoff, SHORT_THRESHOLD if len(wording) < SHORT_CHARS else cutoff)
                score = _score(key, wording, letters, mine, stem_lists[wording])
                # Of the groups it is close enough to, a text joins the one
                # most comments are in, then the closest.
                ranked = (sizes[group_of[wording]], score, wording)
                if score >= limit and (best is None or ranked[:2] > best[:2]):
                    best = ranked
        if best is not None:
            first = group_of[best[2]]
            sizes[first] += len(exact[key])
            members[first].append(key)
            if len(members[first]) > WORDINGS:
                continue
        else:
            first = key
            members[key] = [key]
            sizes[key] = len(exact[key])
        group_of[key] = first
        stem_lists[key] = _stem_list(key)
        negations[key] = negated
        for bk in block_keys(key):
            if len(blocks[bk]) < MAX_BLOCK:
                blocks[bk].append(key)
    groups = [sorted(i for k in group for i in exact[k]) for group in members.values()]
    return sorted([*groups, *loose], key=lambda g: g[0])
