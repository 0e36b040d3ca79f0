"""The domain model: playbooks and workshop data, as plain dataclasses.

Nothing here validates. A playbook is checked once, against the schema in
``sprintkit.playbooks``, when it is read from YAML or from an archive; a
workshop keeps that checked copy. Rows are built from our own database, which
only the service layer writes, after checking every input. A second validation
pass on every read would cost each start of the TUI (importing pydantic and
building its validators is most of a bare Textual app's start-up) and buy
nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Literal, Self

Language = Literal["en", "fi", "sv"]
LANGUAGES: tuple[str, ...] = ("en", "fi", "sv")
SectionKind = Literal["capture", "group", "vote", "score", "roadmap", "review"]
SECTION_KINDS: tuple[str, ...] = ("capture", "group", "vote", "score", "roadmap", "review")

NOTE_MAX_CHARS = 20_000
NAME_MAX_CHARS = 120


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    id: str
    title: str
    intro: str = ""
    prompts: list[str] = field(default_factory=list)
    timebox_minutes: int
    kind: SectionKind
    # A capture step where imported customer evidence goes by default.
    evidence: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Voting:
    dots_per_person: int = 5
    max_per_item: int = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    id: str
    title: str
    horizon: str
    # Months counted from the workshop date, [start, end); None: an undated phase.
    months: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Lens:
    id: str
    title: str
    # Tag ids are shared between languages; the titles are what people read.
    tags: dict[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportShape:
    """How a playbook's leadership report is shaped (the optional ``report:`` block)."""

    # The report's title; empty: derived from the playbook's title.
    title: str = ""
    # Capture sections whose notes form the roadmap's parts (the service package's
    # core, enabling and supporting services, say), in the order they are shown.
    parts: list[str] = field(default_factory=list)
    # What the parts are called together ("Service package").
    parts_title: str = ""
    # The playbook's review question whether the roadmap covers every part.
    coverage_question: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Playbook:
    id: str
    language: Language
    title: str
    description: str = ""
    sections: list[Section]
    voting: Voting = field(default_factory=Voting)
    phases: list[Phase]
    lenses: list[Lens] = field(default_factory=list)
    report: ReportShape = field(default_factory=ReportShape)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def tag_titles(self) -> dict[str, str]:
        return {tag: title for lens in self.lenses for tag, title in lens.tags.items()}

    def capture_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "capture"]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Playbook:
        """Rebuild a playbook that was checked before it was stored."""
        return cls(
            id=data["id"], language=data["language"], title=data["title"],
            description=data.get("description", ""),
            sections=[Section(**s) for s in data["sections"]],
            voting=Voting(**data.get("voting", {})),
            phases=[_phase(p) for p in data["phases"]],
            lenses=[Lens(**lens) for lens in data.get("lenses", [])],
            # Playbooks stored before reports had a shape have none.
            report=ReportShape(**(data.get("report") or {})),
        )

    @classmethod
    def from_stored(cls, text: str) -> Playbook:
        return cls.from_dict(json.loads(text))


def _phase(data: Mapping[str, Any]) -> Phase:
    months = data.get("months")
    # JSON has no tuples: a stored phase's months come back as a list.
    return Phase(**{**data, "months": tuple(months) if months is not None else None})


# ---------------------------------------------------------------------------
# Workshop data: rows of the store
# ---------------------------------------------------------------------------


class _Row:
    """Shared by the row dataclasses: built from a database row, dumped as a dict."""

    __slots__ = ()

    # Columns the store keeps as JSON text, and integer columns that mean yes/no.
    _json: ClassVar[tuple[str, ...]] = ()
    _bools: ClassVar[tuple[str, ...]] = ()
    _plans: ClassVar[dict[tuple[str, ...], tuple[list[str], list[str], list[str]]]]

    @classmethod
    def _plan(cls, columns: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
        """Which columns of a query to drop, to decode from JSON and to make
        yes/no, worked out once per class and column list: rows are read by
        the thousand (a workshop's notes) and one by one (each vote)."""
        plans = cls.__dict__.get("_plans")
        if plans is None:
            plans = {}
            cls._plans = plans
        plan = plans.get(columns)
        if plan is None:
            names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
            plan = plans[columns] = (
                [c for c in columns if c not in names],
                [c for c in cls._json if c in columns],
                [c for c in cls._bools if c in columns])
        return plan

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        return cls.from_rows([row])[0]

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]]) -> list[Self]:
        if not rows:
            return []
        # keys(): a sqlite3.Row iterates over its values, not its column names.
        extra, decode, flags = cls._plan(tuple(rows[0].keys()))  # noqa: SIM118
        out: list[Self] = []
        for row in rows:
            data = dict(row)
            for name in extra:
                del data[name]
            for name in decode:
                value = data[name]
                if isinstance(value, str):
                    data[name] = json.loads(value) if value not in ("", "[]") else []
            for name in flags:
                data[name] = bool(data[name])
            out.append(cls(**data))
        return out

    def as_dict(self, include: set[str] | None = None) -> dict[str, Any]:
        data = asdict(self)  # type: ignore[call-overload]
        return data if include is None else {k: v for k, v in data.items() if k in include}


@dataclass(slots=True, kw_only=True)
class Workshop(_Row):
    id: int
    name: str
    playbook_id: str
    language: Language
    organisation: str = ""
    facilitator: str = ""
    current_section: str | None = None
    # The day the workshop is held (YYYY-MM-DD): phases' months count from it.
    held_on: str
    # Replaces the report's generated headline when not empty.
    headline: str = ""
    created_at: str
    updated_at: str


@dataclass(slots=True, kw_only=True)
class Participant(_Row):
    id: int
    workshop_id: int
    name: str
    role: str = ""
    created_at: str


@dataclass(slots=True, kw_only=True)
class Note(_Row):
    _json = ("lenses",)

    id: int
    workshop_id: int
    section_id: str
    prompt_index: int | None = None
    text: str
    participant_id: int | None = None
    lenses: list[str] = field(default_factory=list)
    initiative_id: int | None = None
    source: str = "local"
    created_at: str


@dataclass(slots=True, kw_only=True)
class Initiative(_Row):
    _json = ("contributors",)
    _bools = ("lower_is_better",)

    id: int
    workshop_id: int
    title: str
    description: str = ""
    phase: str | None = None
    position: int = 0
    owner: str = ""
    metric: str = ""
    target: str = ""
    contributors: list[str] = field(default_factory=list)
    # The first milestone and its due day (YYYY-MM-DD), and what leadership is asked for.
    milestone: str = ""
    milestone_due: str | None = None
    ask: str = ""
    # The capture section (a part of the playbook's report) this initiative
    # improves, when the facilitator set it; None: derived from its notes.
    part: str | None = None
    created_at: str
    # A measurable metric: where it started and where it should get to, in
    # ``unit``. Both set or neither; ``target`` keeps the words as typed.
    baseline: float | None = None
    target_value: float | None = None
    unit: str = ""
    lower_is_better: bool = False
    # The name of the earlier workshop this item was carried over from ('' if none).
    carried_from: str = ""


RoundStatus = Literal["open", "closed", "revealed"]


@dataclass(slots=True, kw_only=True)
class VotingRound(_Row):
    _bools = ("anonymous",)

    id: int
    workshop_id: int
    number: int
    status: RoundStatus
    dots_per_person: int
    max_per_item: int
    anonymous: bool = False
    opened_at: str
    closed_at: str | None = None
    revealed_at: str | None = None
    # How ballots over a lowered budget were handled at close: "keep" or "trim".
    over_budget: str | None = None


@dataclass(slots=True, kw_only=True)
class Vote(_Row):
    id: int
    round_id: int
    participant_id: int
    initiative_id: int
    dots: int


@dataclass(slots=True, kw_only=True)
class Score(_Row):
    id: int
    workshop_id: int
    initiative_id: int
    # None: the group's agreed score, which stands for the initiative.
    participant_id: int | None
    impact: int
    effort: int


@dataclass(slots=True, kw_only=True)
class Event(_Row):
    _bools = ("undoable",)
    _json = ("params",)

    id: int
    workshop_id: int
    at: str
    kind: Literal["do", "undo", "redo"]
    action: str
    summary: str
    source: str
    undoable: bool
    target_event: int | None = None
    # What changed, as a message id and its values (None on events logged
    # before these were kept: their summary is all there is).
    message: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Timebox(_Row):
    """A step's timer as the facilitator left it. ``running_since`` is wall-clock
    time (seconds since the epoch), so a timer keeps running across a restart."""

    _bools = ("alerted",)

    workshop_id: int
    section_id: str
    elapsed_s: float = 0.0
    running_since: float | None = None
    extra_minutes: int = 0
    alerted: bool = False


# ---------------------------------------------------------------------------
# After the workshop: check-ins
# ---------------------------------------------------------------------------

Status = Literal["planned", "on-track", "at-risk", "blocked", "done", "dropped"]
# In the order a roadmap item usually moves through them.
STATUSES: tuple[str, ...] = ("planned", "on-track", "at-risk", "blocked", "done", "dropped")
# Statuses that end an item's follow-up: it is not carried over to the next sprint.
FINISHED: tuple[str, ...] = ("done", "dropped")


@dataclass(slots=True, kw_only=True)
class StatusUpdate(_Row):
    """One update of a roadmap item at a check-in. Never changed once written:
    the latest update with a status is the item's status, the latest with a
    next step its next step.

    ``status`` is None for an update that only gives a next step or a comment.
    ``on_date`` is the check-in's date (ISO), ``created_at`` when it was typed.
    ``by_name`` says who gave it ('' = the facilitator); ``participant_id`` is
    set when an owner gave it from their phone."""

    id: int
    workshop_id: int
    initiative_id: int
    status: Status | None = None
    comment: str = ""
    next_step: str = ""
    next_due: str | None = None
    on_date: str
    by_name: str = ""
    participant_id: int | None = None
    source: str = "local"
    created_at: str


@dataclass(slots=True, kw_only=True)
class Reading(_Row):
    """One reading of a roadmap item's metric: a number for a metric with a
    baseline and target (``value``), words otherwise (``text``). ``on_date``
    is the day it was measured (ISO); ``note`` says anything about it."""

    id: int
    workshop_id: int
    initiative_id: int
    value: float | None = None
    text: str = ""
    on_date: str
    note: str = ""
    by_name: str = ""
    participant_id: int | None = None
    source: str = "local"
    created_at: str
