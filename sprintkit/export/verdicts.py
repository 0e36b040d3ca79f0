"""What the report concludes from its figures, not only the figures.

Plain data for the report model: the roadmap's balance over each lens with a
verdict, how the notes outside the roadmap spread over the steps, and the
contradictions the matrix should point at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sprintkit import analysis
from sprintkit.models import Note, Playbook

# Seed 001: about two thirds of how a customer experiences a service is
# emotion. A roadmap that gives it less than a third is tilted away from it.
EMOTION_TAG = "emotion"
EMOTION_FLOOR = 1 / 3


@dataclass
class LensShare:
    tag: str
    title: str
    weight: float  # initiatives' worth of this tag
    percent: int


@dataclass
class LensVerdict:
    lens: str
    title: str
    shares: list[LensShare]
    total: float  # initiatives with a tagged note
    verdict: str  # "emotion_low", "missing", "balanced" or "" (nothing tagged)
    missing: list[str]  # tag titles no roadmap initiative leans on
    emotion_percent: int | None = None


def roadmap_lenses(book: Playbook, placed_ids: Iterable[int],
                   notes: Iterable[Note]) -> list[LensVerdict]:
    weights = analysis.roadmap_lens_balance(book, placed_ids, notes)
    out = []
    for lens in book.lenses:
        tagged = weights.get(lens.id, {})
        total = sum(tagged.values())
        shares = [LensShare(tag, title, tagged.get(tag, 0.0),
                            round(100 * tagged.get(tag, 0.0) / total) if total else 0)
                  for tag, title in lens.tags.items()]
        missing = [s.title for s in shares if total and s.weight == 0]
        emotion = next((s for s in shares if s.tag == EMOTION_TAG), None)
        verdict = ""
        if total:
            if emotion is not None and emotion.weight / total < EMOTION_FLOOR:
                verdict = "emotion_low"
            elif missing:
                verdict = "missing"
            else:
                verdict = "balanced"
        out.append(LensVerdict(lens.id, lens.title, shares, total, verdict, missing,
                               round(100 * emotion.weight / total)
                               if emotion is not None and total else None))
    return out


@dataclass
class StepCount:
    title: str
    on_roadmap: int
    elsewhere: int  # in initiatives not on the roadmap
    ungrouped: int

    @property
    def total(self) -> int:
        return self.on_roadmap + self.elsewhere + self.ungrouped


def notes_per_step(sections: Sequence[tuple[str, str]], notes: Iterable[Note],
                   placed_ids: set[int]) -> list[StepCount]:
    """Per capture step: notes behind roadmap initiatives, behind the others, and loose."""
    rows = {sid: StepCount(title, 0, 0, 0) for sid, title in sections}
    for note in notes:
        row = rows.get(note.section_id)
        if row is None:
            continue
        if note.initiative_id is None:
            row.ungrouped += 1
        elif note.initiative_id in placed_ids:
            row.on_roadmap += 1
        else:
            row.elsewhere += 1
    return list(rows.values())

