"""The report model: one workshop snapshot turned into what every export shows.

The PDF, HTML, Markdown and CSV exports all read this, so they agree on the
numbers, the order and the wording. Everything here is plain data; escaping is
the job of each output format.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sprintkit import analysis
from sprintkit.errors import InvalidInput
from sprintkit.export.decision import Decision, build_decision, customer_sections
from sprintkit.export.labels import fill, format_date, labels, to_date
from sprintkit.export.parts import PartsView, build_parts
from sprintkit.export.timeline import Timeline, build_timeline
from sprintkit.export.verdicts import LensVerdict, StepCount, notes_per_step, roadmap_lenses
from sprintkit.i18n import format_decimal, quantity
from sprintkit.models import Initiative, Note, Participant, VotingRound
from sprintkit.service import WorkshopSnapshot

if TYPE_CHECKING:
    from sprintkit.export.progress_page import ProgressPage

SUMMARY_TOP = 3
# How many of the most-voted initiatives count as "top-voted" in the matrix.
TOP_VOTED = 5
KEY_NOTES = 5
KEY_NOTES_SHORT = 3  # in the short (default) report
KEY_NOTE_CHARS = 420
NOTES_PER_INITIATIVE = 5
BEHIND_NOTE_CHARS = 260
# Role groups printed on the cover; the rest are counted there and listed on
# the participants page, so the cover never cuts anybody off unannounced.
COVER_ROLES = 8
COVER_NAMES = 6


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """Sort key that orders "Team 2" before "Team 10", ignoring case."""
    return [(0, int(part)) if part.isdigit() else (1, part.casefold())
            for part in re.split(r"(\d+)", text) if part]


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word where possible."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


@dataclass
class NoteView:
    id: int
    text: str
    section_id: str
    section: str
    author: str
    role: str
    lenses: list[str]
    initiative_number: int | None = None
    initiative_title: str = ""
    weight: int = 0

    @property
    def short(self) -> str:
        return shorten(self.text, KEY_NOTE_CHARS)

    @property
    def brief(self) -> str:
        return shorten(self.text, BEHIND_NOTE_CHARS)

    @property
    def byline(self) -> str:
        return f"{self.author} · {self.role}" if self.role else self.author


@dataclass
class ScoreView:
    impact: float
    effort: float
    count: int
    quadrant: str
    # The group's agreed score stands for the initiative; the people's mean is told beside it.
    group: bool = False
    people_impact: float | None = None
    people_effort: float | None = None


@dataclass
class ItemView:
    number: int
    id: int
    title: str
    description: str
    phase_id: str | None
    phase: str
    position: int | None
    owner: str
    contributors: list[str]
    metric: str
    target: str
    dots: int = 0
    voters: int = 0
    by_role: list[tuple[str, int]] = field(default_factory=list)
    score: ScoreView | None = None
    notes: list[NoteView] = field(default_factory=list)
    missing: tuple[str, ...] = ()
    milestone: str = ""
    milestone_due: str | None = None
    ask: str = ""
    # The part of the playbook's report it improves (set by hand or derived), as id and title.
    part_id: str | None = None
    part: str = ""
    # The earlier workshop it was carried over from ('' if none).
    carried_from: str = ""

    @property
    def notes_shown(self) -> list[NoteView]:
        """The notes printed with the initiative; all of them are in the appendix."""
        return self.notes[:NOTES_PER_INITIATIVE]

    @property
    def notes_more(self) -> int:
        return max(0, len(self.notes) - NOTES_PER_INITIATIVE)


@dataclass
class PhaseView:
    id: str
    title: str
    horizon: str
    index: int
    items: list[ItemView]

    @property
    def top(self) -> list[ItemView]:
        return self.items[:SUMMARY_TOP]

    @property
    def more(self) -> int:
        return max(0, len(self.items) - SUMMARY_TOP)


@dataclass
class HeardSection:
    id: str
    title: str
    notes: list[NoteView]
    total: int


@dataclass
class VoiceRow:
    role: str
    counts: list[int]
    total: int
    dots: int


@dataclass
class LensView:
    title: str
    tags: list[tuple[str, int, int]]  # title, notes, percent of the lens total
    total: int


@dataclass
class AppendixSection:
    id: str
    title: str
    notes: list[NoteView]


@dataclass
class Report:
    language: str
    t: Mapping[str, str]
    title: str
    organisation: str
    facilitator: str
    playbook: str
    date: str
    generated: str
    people_by_role: list[tuple[str, list[str]]]
    participant_count: int
    role_count: int
    note_count: int
    phases: list[PhaseView]
    unplaced: list[ItemView]
    items: list[ItemView]
    votes_state: str  # "shown", "hidden" (rounds exist, none revealed) or "none"
    round: VotingRound | None
    scored: list[ItemView]
    heard: list[HeardSection]
    capture_titles: list[str]
    voice_rows: list[VoiceRow]
    voice_totals: list[int]
    unheard_roles: list[str]
    unheard_people: list[str]
    lenses: list[LensView]
    readiness: list[ItemView]
    appendix: list[AppendixSection]
    # The rule that applied when the reported round closed over a lowered budget.
    budget_rule: str = ""
    # The full report keeps every initiative's write-up and every note (appendix).
    full: bool = False
    # What the report calls itself: the playbook's own name for its roadmap.
    kind: str = ""
    cover_roles: list[tuple[str, list[str], int]] = field(default_factory=list)
    cover_hidden_people: int = 0
    cover_hidden_roles: int = 0
    roadmap_lenses: list[LensVerdict] = field(default_factory=list)
    steps: list[StepCount] = field(default_factory=list)
    # Top-voted quick wins the roadmap does not start now.
    misplaced: list[ItemView] = field(default_factory=list)
    decision: Decision | None = None
    timeline: Timeline | None = None
    parts: PartsView | None = None
    # After the workshop: the progress page, once a check-in has been held.
    progress: ProgressPage | None = None

    @property
    def placed(self) -> list[ItemView]:
        return [i for p in self.phases for i in p.items]

    @property
    def roadmap_rows(self) -> list[list[ItemView | None]]:
        """The timeline row by row: the n-th initiative of every phase side by side."""
        depth = max((len(p.items) for p in self.phases), default=0)
        return [[p.items[n] if n < len(p.items) else None for p in self.phases]
                for n in range(depth)]

    @property
    def phase_people(self) -> list[tuple[list[str], list[str]]]:
        """Per phase: its owners, then everyone else who contributes, each name once."""
        out = []
        for phase in self.phases:
            owners = list(dict.fromkeys(i.owner for i in phase.items if i.owner))
            others = list(dict.fromkeys(c for i in phase.items for c in i.contributors
                                        if c and c not in owners))
            out.append((owners, others))
        return out

    @property
    def ready_count(self) -> int:
        return len(self.placed) - len(self.readiness)

    def quadrant(self, name: str) -> list[ItemView]:
        return [i for i in self.scored if i.score and i.score.quadrant == name]

    @property
    def quadrants(self) -> tuple[str, ...]:
        return (*analysis.QUADRANTS, "middle")

    @property
    def phase_letters(self) -> list[tuple[str, str]]:
        """The letter each phase's markers carry in the matrix: A, B, C, ..."""
        return [(chr(ord("A") + p.index % 26), p.title) for p in self.phases]

    def day(self, value: str | None) -> str:
        """An ISO date written out in the workshop's language ("" for none)."""
        return format_date(value, self.language) if value else ""

    def dec(self, value: float) -> str:
        """One decimal, with the language's decimal sign."""
        return format_decimal(value, self.language)

    def fmt(self, key: str, **values: object) -> str:
        return fill(self.t[key], **values)


def _revealed_round(snapshot: WorkshopSnapshot) -> tuple[str, VotingRound | None]:
    # Votes stay hidden until the facilitator reveals them, in the room and in
    # every export alike: the latest revealed round is the one reported.
    if not snapshot.rounds:
        return "none", None
    revealed = [r for r in snapshot.rounds if r.status == "revealed"]
    if not revealed:
        return "hidden", None
    return "shown", revealed[-1]


def build_report(snapshot: WorkshopSnapshot, *, strict: bool = False,
                 today: date | None = None, full: bool = False) -> Report:
    """Turn a snapshot into the report model. ``strict`` refuses unready roadmaps;
    ``full`` keeps every write-up and note (the appendix)."""
    workshop = snapshot.workshop
    book = snapshot.playbook
    lang = workshop.language
    t = labels(lang)
    unready = analysis.readiness(snapshot.initiatives)
    readiness = analysis.readiness(snapshot.initiatives, need_target=True)
    if strict and unready:
        first = unready[0]
        raise InvalidInput(
            f"strict export: {len(unready)} roadmap initiative(s) not ready, e.g. "
            f"'{first.title}' has no {' or '.join(first.missing)}")

    people = {p.id: p for p in snapshot.participants}

    def role_label(role: str) -> str:
        return role or t["no_role"]

    sections = {s.id: s.title for s in book.sections}
    tag_titles = book.tag_titles()

    votes_state, rnd = _revealed_round(snapshot)
    tally = {}
    if rnd is not None:
        tally = {row.initiative_id: row for row in snapshot.tally(rnd.id)}
    summaries = analysis.score_summaries(snapshot.scores)

    # Number initiatives in reading order: roadmap phase by phase, then the rest.
    board = snapshot.roadmap()
    phase_ids = [p.id for p in book.phases]
    ordered = [i for pid in phase_ids for i in board[pid]]
    placed_ids = {i.id for i in ordered}
    rest = [i for i in snapshot.initiatives if i.id not in placed_ids]
    numbers = {item.id: n for n, item in enumerate(ordered + rest, start=1)}
    titles = {i.id: i.title for i in snapshot.initiatives}

    note_views: list[NoteView] = []
    by_initiative: dict[int, list[NoteView]] = defaultdict(list)
    for note in snapshot.notes:
        view = _note_view(note, people, sections, tag_titles, t)
        if note.initiative_id in numbers:
            view.initiative_number = numbers[note.initiative_id]
            view.initiative_title = titles[note.initiative_id]
            row = tally.get(note.initiative_id)
            view.weight = row.dots if row else 0
            by_initiative[note.initiative_id].append(view)
        note_views.append(view)

    missing = {r.initiative_id: r.missing for r in readiness}
    phase_title = {p.id: p.title for p in book.phases}
    notes_of: dict[int, list[Note]] = defaultdict(list)
    for note in snapshot.notes:
        if note.initiative_id is not None:
            notes_of[note.initiative_id].append(note)
    items: list[ItemView] = []
    for item in ordered + rest:
        row = tally.get(item.id)
        summary = summaries.get(item.id)
        part = analysis.initiative_part(item, notes_of.get(item.id, []), book.report.parts)
        placed = item.phase if item.id in placed_ids else None
        items.append(ItemView(
            number=numbers[item.id], id=item.id, title=item.title,
            description=item.description, phase_id=placed,
            phase=phase_title.get(placed, "") if placed is not None else "",
            position=(board[placed].index(item) + 1) if placed is not None else None,
            owner=item.owner, contributors=list(item.contributors), metric=item.metric,
            target=_target_text(item, t, lang), dots=row.dots if row else 0, voters=row.voters if row else 0,
            by_role=[(role_label(r), d) for r, d in (row.by_role.items() if row else ())],
            score=ScoreView(summary.impact, summary.effort, summary.count,
                            analysis.matrix_quadrant(summary.impact, summary.effort),
                            summary.group, summary.people_impact, summary.people_effort)
            if summary else None,
            notes=by_initiative.get(item.id, []),
            missing=missing.get(item.id, ()),
            milestone=item.milestone, milestone_due=item.milestone_due, ask=item.ask,
            part_id=part, part=sections.get(part, "") if part else "",
            carried_from=item.carried_from,
        ))
    item_of = {i.id: i for i in items}
    phases = [PhaseView(p.id, p.title, p.horizon, index, [item_of[i.id] for i in board[p.id]])
              for index, p in enumerate(book.phases)]

    # Who was in the room, grouped by role (roles in natural order: 2 before 10).
    groups: dict[str, list[str]] = defaultdict(list)
    for person in snapshot.participants:
        groups[person.role].append(person.name)
    people_by_role = [(role_label(r), sorted(groups[r], key=natural_key))
                      for r in sorted(groups, key=lambda r: (r == "", natural_key(r)))]
    cover_roles = [(role, names[:COVER_NAMES], len(names) - len(names[:COVER_NAMES]))
                   for role, names in people_by_role[:COVER_ROLES]]
    on_cover = sum(len(names) for _, names, _ in cover_roles)

    # What we heard: the notes behind the most-voted initiatives first.
    capture = book.capture_sections()
    heard = []
    for section in capture:
        notes = [v for v in note_views if v.section_id == section.id]
        ranked = sorted(notes, key=lambda v: (-v.weight, v.initiative_number is None, v.id))
        keep = KEY_NOTES if full else KEY_NOTES_SHORT
        heard.append(HeardSection(section.id, section.title, ranked[:keep], len(notes)))

    revealed = {r.id for r in snapshot.rounds if r.status == "revealed"}
    balance = analysis.voice_balance(book, snapshot.participants, snapshot.notes,
                                     [v for v in snapshot.votes if v.round_id in revealed])
    voice_rows = []
    for role in sorted(balance.roles, key=lambda r: (r == "", natural_key(r))):
        counts = [balance.notes.get(s, {}).get(role, 0) for s in balance.sections]
        voice_rows.append(VoiceRow(role_label(role), counts, sum(counts),
                                   balance.dots.get(role, 0)))
    anon = [balance.anonymous_notes.get(s, 0) for s in balance.sections]
    if any(anon):
        voice_rows.append(VoiceRow(t["anonymous"], anon, sum(anon), 0))
    voice_totals = [sum(r.counts[i] for r in voice_rows) for i in range(len(balance.sections))]

    lens_counts = analysis.lens_balance(book, snapshot.notes)
    lenses = []
    for lens in book.lenses:
        tagged = lens_counts.get(lens.id, {})
        total = sum(tagged.values())
        lenses.append(LensView(lens.title, [
            (title, tagged.get(tag, 0), round(100 * tagged.get(tag, 0) / total) if total else 0)
            for tag, title in lens.tags.items()], total))

    placed_set = {i.id for i in ordered}
    tops = sorted((i for i in items if i.dots > 0), key=lambda i: (-i.dots, i.number))
    misplaced = [i for i in tops[:TOP_VOTED] if i.score and i.score.quadrant == "quick-win"
                 and i.phase_id != (phase_ids[0] if phase_ids else None)]

    appendix = []
    for section in book.sections:
        notes = [v for v in note_views if v.section_id == section.id]
        if notes:
            appendix.append(AppendixSection(section.id, section.title, notes))

    report = Report(
        language=lang, t=t, title=workshop.name, organisation=workshop.organisation,
        facilitator=workshop.facilitator, playbook=book.title,
        date=format_date(workshop.held_on, lang),
        generated=format_date(today or date.today(), lang),
        people_by_role=people_by_role, participant_count=len(snapshot.participants),
        role_count=len(groups), note_count=len(snapshot.notes), phases=phases,
        unplaced=[item_of[i.id] for i in rest], items=items, votes_state=votes_state,
        round=rnd, scored=[i for i in items if i.score is not None], heard=heard,
        capture_titles=[sections[s] for s in balance.sections], voice_rows=voice_rows,
        voice_totals=voice_totals, unheard_roles=[role_label(r) for r in balance.unheard_roles],
        unheard_people=balance.unheard_participants, lenses=lenses,
        readiness=[i for i in items if i.missing and i.phase_id], appendix=appendix,
        budget_rule=_budget_rule(snapshot, rnd, t),
        full=full, kind=book.report.title or fill(t["report_kind_of"], playbook=book.title),
        cover_roles=cover_roles, cover_hidden_people=len(snapshot.participants) - on_cover,
        cover_hidden_roles=max(0, len(people_by_role) - COVER_ROLES),
        roadmap_lenses=roadmap_lenses(book, placed_set, snapshot.notes),
        steps=notes_per_step([(s.id, s.title) for s in capture], snapshot.notes, placed_set),
        misplaced=misplaced,
    )
    report.timeline = build_timeline(to_date(workshop.held_on), phases, book.phases, lang,
                                     natural_key)
    report.parts = build_parts(book, note_views, report.placed)
    report.decision = build_decision(
        headline=getattr(workshop, "headline", "") or "", phases=phases, items=items,
        readiness=report.readiness,
        customer_ids=customer_sections([s.id for s in capture]),
        unheard=report.unheard_roles, t=t,
        evidence={i: (v.count, v.source) for i, v in snapshot.evidence_views().items()},
        counts=" · ".join(fill(t[key], count=n) for key, n in (
            ("count_people", report.participant_count), ("count_roles", report.role_count),
            ("count_notes", report.note_count), ("count_initiatives", len(items)),
            ("count_placed", len(report.placed)))))
    # Imported here: the page's charts are drawn with the module that draws
    # this report's matrix, and that one reads this module.
    from sprintkit.export.progress_page import progress_page

    report.progress = progress_page(snapshot, {i.id: i.number for i in items}, today)
    return report


def _target_text(item: Initiative, t: Mapping[str, str], lang: str) -> str:
    """The target as the report prints it. A measurable one is written from
    its numbers, so "80" typed with unit "%" and baseline 62 reads as a target
    with its unit and where it started, in the language's decimal sign."""
    if item.baseline is None or item.target_value is None:
        return item.target

    return fill(t["target_from"], target=quantity(item.target_value, item.unit, lang),
                baseline=quantity(item.baseline, item.unit, lang))


def _budget_rule(snapshot: WorkshopSnapshot, rnd: VotingRound | None,
                 t: Mapping[str, str]) -> str:
    """What happened to ballots over a budget lowered mid-round, so a reader
    knows why someone may hold more dots than the round allowed."""
    if rnd is None or not rnd.over_budget:
        return ""
    if rnd.over_budget == "trim":
        return fill(t["budget_trimmed"], number=rnd.number, budget=rnd.dots_per_person)
    spent: dict[int, int] = defaultdict(int)
    for vote in snapshot.votes:
        if vote.round_id == rnd.id:
            spent[vote.participant_id] += vote.dots
    # An anonymous round names nobody, not even as over the budget.
    names = [] if rnd.anonymous else [
        p.name for p in snapshot.participants if spent.get(p.id, 0) > rnd.dots_per_person]
    key = "budget_kept_named" if names else "budget_kept"
    return fill(t[key], number=rnd.number, budget=rnd.dots_per_person, names=", ".join(names))


def _note_view(note: Note, people: dict[int, Participant], sections: dict[str, str],
               tag_titles: dict[str, str], t: Mapping[str, str]) -> NoteView:
    person = None if note.participant_id is None else people.get(note.participant_id)
    return NoteView(
        id=note.id, text=note.text, section_id=note.section_id,
        section=sections.get(note.section_id, note.section_id),
        # A customer's comment was written by no one in the room: it is signed
        # as evidence wherever it is quoted, never as an anonymous participant.
        author=(person.name if person else t["evidence.title"] if note.source == "evidence"
                else t["anonymous"]),
        role=(person.role or "") if person else "",
        lenses=[tag_titles.get(tag, tag) for tag in note.lenses],
    )
