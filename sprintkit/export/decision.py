"""The decision page: what leadership reads first, right after the cover.

A headline, what starts now (owner, first milestone, its date), what
leadership is asked to decide or provide, a few customer pains in the
customers' own words and the roles that were not heard. Plain data; the
report model builds it from its own views.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sprintkit.export.labels import fill

if TYPE_CHECKING:
    from sprintkit.export.report import ItemView, NoteView, PhaseView

# What fits the one page: the rest are counted, and listed in the summary and
# the readiness table.
NOW_ROWS = 4
PAINS = 2
ASKS = 5
# Capture steps whose notes are the customers' voice, when the playbook does
# not say: a step whose id names customers.
CUSTOMER_WORD = "customer"


@dataclass
class Ask:
    text: str
    number: int | None = None  # the initiative it concerns
    generated: bool = False  # from a readiness gap, not written by the team


@dataclass
class Pain:
    text: str
    byline: str
    number: int | None
    title: str


@dataclass
class Decision:
    headline: str
    headline_generated: bool
    now: list[ItemView]
    now_more: int
    now_title: str
    asks: list[Ask]
    asks_more: int
    pains: list[Pain]
    unheard: list[str]
    counts: str  # the process figures, as one footnote sentence


def customer_sections(section_ids: Sequence[str]) -> list[str]:
    chosen = [s for s in section_ids if CUSTOMER_WORD in s.lower()]
    return chosen or list(section_ids)


def build_decision(*, headline: str, phases: Sequence[PhaseView], items: Sequence[ItemView],
                   readiness: Sequence[ItemView], customer_ids: Sequence[str],
                   unheard: list[str], counts: str, t: Mapping[str, str]) -> Decision:
    first = phases[0] if phases else None
    now = list(first.items) if first else []
    generated = not headline.strip()
    if generated:
        if now:
            lead = max(now, key=lambda i: (i.dots, -i.number))
            headline = fill(t["headline_now"], count=len(now), title=lead.title)
        elif any(p.items for p in phases):
            headline = t["headline_none_now"]
        else:
            headline = t["headline_no_roadmap"]
    asks: list[Ask] = [Ask(i.ask, i.number) for i in items if i.phase_id and i.ask.strip()]
    for item in readiness:
        for missing in item.missing:
            asks.append(Ask(fill(t[f"ask_{missing}"], title=item.title), item.number, True))
    shown = asks[:ASKS]
    pains: list[Pain] = []
    wanted = set(customer_ids)
    ranked = sorted((i for i in items if i.notes), key=lambda i: (-i.dots, i.number))
    for item in ranked:
        note: NoteView | None = next((n for n in item.notes if n.section_id in wanted), None)
        if note is None:
            continue
        pains.append(Pain(note.brief, note.byline, item.number, item.title))
        if len(pains) == PAINS:
            break
    return Decision(headline=headline, headline_generated=generated, now=now[:NOW_ROWS],
                    now_more=max(0, len(now) - NOW_ROWS),
                    now_title=first.title if first else "", asks=shown,
                    asks_more=len(asks) - len(shown), pains=pains, unheard=unheard,
                    counts=counts)
