"""Sample values for rendering every message the same way before and after a change."""

from __future__ import annotations

import string


def placeholders(text: str | list[str]) -> tuple[set[str], set[str], set[str]]:
    """Names, count names and number-formatted names used by a message in the old
    notations (``{n|one|other}``, ``{n:# one|# other}``, a [one, other] pair on ``n``)."""
    texts = text if isinstance(text, list) else [text]
    names: set[str] = set()
    counts: set[str] = {"n"} if isinstance(text, list) else set()
    numbers: set[str] = set()
    for one in texts:
        for _, field, spec, _ in string.Formatter().parse(one):
            if field is None:
                continue
            name = field.split("|")[0]
            names.add(name)
            if "|" in field or (spec and "|" in spec):
                counts.add(name)
            elif spec:
                numbers.add(name)
    return names, counts, numbers


def samples(text: str | list[str]) -> list[dict[str, object]]:
    """Values for one rendering with every count at 1 and one with every count at 2."""
    names, counts, numbers = placeholders(text)
    if not names:
        return [{}]
    out = []
    for count in (1, 2):
        out.append({name: count if name in counts else 1.5 if name in numbers else f"<{name}>"
                    for name in sorted(names)})
    return out
