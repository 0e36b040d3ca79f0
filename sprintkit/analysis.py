"""Pure calculations over workshop data: tallies, scores, readiness, voice balance.

Shared by the service layer, the TUI, the phone page and every exporter, so
the numbers leadership reads are the numbers the room saw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sprintkit.evidence_models import EVIDENCE
from sprintkit.models import Initiative, Note, Participant, Playbook, Score, Vote

NO_ROLE = ""


@dataclass(frozen=True)
class TallyRow:
    initiative_id: int
    title: str
    dots: int
    voters: int
    rank: int
    by_role: dict[str, int] = field(default_factory=dict)


def tally(
    initiatives: Sequence[Initiative],
    votes: Iterable[Vote],
    participants: Iterable[Participant],
) -> list[TallyRow]:
    """Rank initiatives by dots. Ties keep creation order and share a rank."""
    role_of = {p.id: p.role for p in participants}
    dots: dict[int, int] = defaultdict(int)
    voters: dict[int, set[int]] = defaultdict(set)
    by_role: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for vote in votes:
        dots[vote.initiative_id] += vote.dots
        voters[vote.initiative_id].add(vote.participant_id)
        by_role[vote.initiative_id][role_of.get(vote.participant_id, NO_ROLE)] += vote.dots
    ordered = sorted(initiatives, key=lambda i: (-dots.get(i.id, 0), i.id))
    rows: list[TallyRow] = []
    previous: int | None = None
    rank = 0
    for index, item in enumerate(ordered, start=1):
        total = dots.get(item.id, 0)
        if total != previous:
            rank = index
            previous = total
        rows.append(
            TallyRow(
                initiative_id=item.id,
                title=item.title,
                dots=total,
                voters=len(voters.get(item.id, ())),
                rank=rank,
                by_role=dict(sorted(by_role[item.id].items())) if item.id in by_role else {},
            )
        )
    return rows


@dataclass(frozen=True)
class ScoreSummary:
    """An initiative's score: the group's agreed one when there is one, else the
    mean of the people's. ``count`` and ``people_*`` are always the people's."""

    initiative_id: int
    impact: float
    effort: float
    count: int
    group: bool = False
    people_impact: float | None = None
    people_effort: float | None = None

    @property
    def quadrant(self) -> str:
        """quick-win, big-bet, fill-in or money-pit (1-5 scale, split at 3)."""
        high_impact = self.impact >= 3
        high_effort = self.effort >= 3
        if high_impact and not high_effort:
            return "quick-win"
        if high_impact:
            return "big-bet"
        if not high_effort:
            return "fill-in"
        return "money-pit"


QUADRANTS = ("quick-win", "big-bet", "fill-in", "money-pit")


def score_summaries(scores: Iterable[Score]) -> dict[int, ScoreSummary]:
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    groups: dict[int, Score] = {}
    for score in scores:
        if score.participant_id is None:
            groups[score.initiative_id] = score
            continue
        acc = sums[score.initiative_id]
        acc[0] += score.impact
        acc[1] += score.effort
        acc[2] += 1
    out: dict[int, ScoreSummary] = {}
    for iid in dict.fromkeys([*sums, *groups]):
        i, e, n = sums.get(iid, (0, 0, 0))
        people_i = round(i / n, 2) if n else None
        people_e = round(e / n, 2) if n else None
        group = groups.get(iid)
        if group is not None:
            out[iid] = ScoreSummary(iid, float(group.impact), float(group.effort), n, True,
                                    people_i, people_e)
        else:
            out[iid] = ScoreSummary(iid, people_i or 0.0, people_e or 0.0, n, False,
                                    people_i, people_e)
    return out


@dataclass(frozen=True)
class ReadinessIssue:
    initiative_id: int
    title: str
    phase: str
    missing: tuple[str, ...]  # "owner", "metric" (and "target" when asked for)


def readiness(initiatives: Iterable[Initiative], *,
              need_target: bool = False) -> list[ReadinessIssue]:
    """Initiatives placed on the roadmap that nobody owns or nobody can measure.

    ``need_target``: a metric without a target counts as missing too (the
    report asks for one: a metric nobody aims at measures nothing)."""
    issues = []
    for item in initiatives:
        if not item.phase:
            continue
        fields = [("owner", item.owner), ("metric", item.metric)]
        if need_target:
            fields.append(("target", item.target))
        missing = tuple(name for name, value in fields if not value.strip())
        if missing:
            issues.append(ReadinessIssue(item.id, item.title, item.phase, missing))
    return issues


@dataclass(frozen=True)
class VoiceBalance:
    roles: list[str]
    sections: list[str]
    notes: dict[str, dict[str, int]]  # section id -> role -> notes
    anonymous_notes: dict[str, int]  # section id -> notes without an author
    dots: dict[str, int]  # role -> dots cast (all rounds)
    unheard_roles: list[str]  # roles with no attributed note anywhere
    unheard_participants: list[str]
    silent_by_section: dict[str, list[str]]  # section id -> roles without a note there
    # section id -> customer evidence notes: the customers' voice, counted
    # apart from the room's (neither a role nor anonymous)
    evidence_notes: dict[str, int] = field(default_factory=dict)


def voice_balance(
    playbook: Playbook,
    participants: Sequence[Participant],
    notes: Iterable[Note],
    votes: Iterable[Vote],
) -> VoiceBalance:
    role_of = {p.id: p.role for p in participants}
    roles = sorted({p.role for p in participants})
    sections = [s.id for s in playbook.capture_sections()]
    per_section: dict[str, dict[str, int]] = {s: defaultdict(int) for s in sections}
    anonymous: dict[str, int] = defaultdict(int)
    evidence: dict[str, int] = defaultdict(int)
    heard_people: set[int] = set()
    for note in notes:
        bucket = per_section.setdefault(note.section_id, defaultdict(int))
        if note.source == EVIDENCE:
            evidence[note.section_id] += 1
            continue
        if note.participant_id is None or note.participant_id not in role_of:
            anonymous[note.section_id] += 1
            continue
        heard_people.add(note.participant_id)
        bucket[role_of[note.participant_id]] += 1
    dots: dict[str, int] = defaultdict(int)
    for vote in votes:
        dots[role_of.get(vote.participant_id, NO_ROLE)] += vote.dots
    heard_roles = {role_of[p] for p in heard_people}
    return VoiceBalance(
        roles=roles,
        sections=sections,
        notes={s: dict(counts) for s, counts in per_section.items()},
        anonymous_notes=dict(anonymous),
        dots=dict(dots),
        unheard_roles=[r for r in roles if r not in heard_roles],
        unheard_participants=[p.name for p in participants if p.id not in heard_people],
        silent_by_section={
            s: [r for r in roles if not per_section.get(s, {}).get(r)] for s in sections
        },
        evidence_notes=dict(evidence),
    )


def lens_balance(playbook: Playbook, notes: Iterable[Note]) -> dict[str, dict[str, int]]:
    """For each lens, how many notes carry each of its tags."""
    counts = {lens.id: dict.fromkeys(lens.tags, 0) for lens in playbook.lenses}
    owner = {tag: lens.id for lens in playbook.lenses for tag in lens.tags}
    for note in notes:
        for tag in note.lenses:
            if tag in owner:
                counts[owner[tag]][tag] += 1
    return counts


# The band around the scale's midpoint (3 on 1-5) where a mean says neither
# high nor low: such an initiative gets no quadrant name in the report.
MIDDLE_BAND = (2.5, 3.5)


def matrix_quadrant(impact: float, effort: float) -> str:
    """The quadrant the report names, or "middle" when either mean sits in the
    middle band: a 3.0 is no evidence of a big bet, nor a 2.0 effort of a money pit."""
    low, high = MIDDLE_BAND
    if low <= impact <= high or low <= effort <= high:
        return "middle"
    if impact > high:
        return "quick-win" if effort < low else "big-bet"
    return "fill-in" if effort < low else "money-pit"


def roadmap_lens_balance(playbook: Playbook, initiative_ids: Iterable[int],
                         notes: Iterable[Note]) -> dict[str, dict[str, float]]:
    """For each lens, the roadmap's weight on each tag.

    An initiative counts once: its weight is shared among its notes' tags in
    proportion, so an initiative with twenty notes tagged *ease* does not
    outweigh twenty initiatives. Initiatives with no tagged note add nothing.
    """
    wanted = set(initiative_ids)
    owner = {tag: lens.id for lens in playbook.lenses for tag in lens.tags}
    per_item: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int)))
    for note in notes:
        if note.initiative_id not in wanted:
            continue
        for tag in note.lenses:
            if tag in owner:
                per_item[note.initiative_id][owner[tag]][tag] += 1
    out = {lens.id: dict.fromkeys(lens.tags, 0.0) for lens in playbook.lenses}
    for lenses in per_item.values():
        for lens_id, tags in lenses.items():
            total = sum(tags.values())
            for tag, n in tags.items():
                out[lens_id][tag] += n / total
    return out


def initiative_part(initiative: Initiative, notes: Iterable[Note],
                    parts: Sequence[str]) -> str | None:
    """The part (a capture section of the playbook's report) an initiative
    improves: the one set by hand, else the part most of its notes were written
    in, a tie going to the part listed first; None when no note of it is in a part."""
    if initiative.part:
        return initiative.part
    counts: dict[str, int] = defaultdict(int)
    for note in notes:
        if note.initiative_id == initiative.id and note.section_id in parts:
            counts[note.section_id] += 1
    if not counts:
        return None
    return max(parts, key=lambda part: counts.get(part, 0))
