"""The domain model: playbooks (a public, hand-written format) and workshop data.

Playbook models forbid unknown keys because people write them by hand and a
typo such as ``timebox_minute`` must not silently fall back to a default.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Language = Literal["en", "fi"]
LANGUAGES: tuple[str, ...] = ("en", "fi")
SectionKind = Literal["capture", "group", "vote", "score", "roadmap", "review"]
SECTION_KINDS: tuple[str, ...] = ("capture", "group", "vote", "score", "roadmap", "review")
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=64),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

NOTE_MAX_CHARS = 20_000
NAME_MAX_CHARS = 120


class _PlaybookPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_PlaybookPart):
    id: Slug
    title: Text
    intro: str = ""
    prompts: list[Text] = Field(default_factory=list)
    timebox_minutes: int = Field(ge=0, le=480)
    kind: SectionKind


class Voting(_PlaybookPart):
    dots_per_person: int = Field(default=5, ge=1, le=1000)
    max_per_item: int = Field(default=3, ge=1, le=1000)

    @model_validator(mode="after")
    def _max_fits_budget(self) -> Voting:
        if self.max_per_item > self.dots_per_person:
            raise ValueError(
                f"max_per_item ({self.max_per_item}) cannot exceed "
                f"dots_per_person ({self.dots_per_person})"
            )
        return self


class Phase(_PlaybookPart):
    id: Slug
    title: Text
    horizon: Text


class Lens(_PlaybookPart):
    id: Slug
    title: Text
    # Tag ids are shared between languages; the titles are what people read.
    # A plain list is accepted for quick hand-written playbooks.
    tags: dict[Slug, Text]

    @field_validator("tags", mode="before")
    @classmethod
    def _list_to_mapping(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {str(tag): str(tag) for tag in value}
        return value

    @field_validator("tags")
    @classmethod
    def _not_empty(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("a lens needs at least one tag")
        return value


class Playbook(_PlaybookPart):
    id: Slug
    language: Language
    title: Text
    description: str = ""
    sections: list[Section] = Field(min_length=1)
    voting: Voting = Field(default_factory=Voting)
    phases: list[Phase] = Field(min_length=1)
    lenses: list[Lens] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Playbook:
        for label, items in (("sections", self.sections), ("phases", self.phases),
                             ("lenses", self.lenses)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"{label}: id '{item.id}' is used twice")
                seen.add(item.id)
        tags: dict[str, str] = {}
        for lens in self.lenses:
            for tag in lens.tags:
                if tag in tags:
                    raise ValueError(
                        f"lenses: tag '{tag}' appears in both '{tags[tag]}' and '{lens.id}'"
                    )
                tags[tag] = lens.id
        return self

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def tag_titles(self) -> dict[str, str]:
        return {tag: title for lens in self.lenses for tag, title in lens.tags.items()}

    def capture_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "capture"]


# ---------------------------------------------------------------------------
# Workshop data (rows of the store, validated on the way in and out)
# ---------------------------------------------------------------------------


def _json_list(value: Any) -> Any:
    if isinstance(value, str):
        return json.loads(value)
    return value


class _Row(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Workshop(_Row):
    id: int
    name: str
    playbook_id: str
    language: Language
    organisation: str = ""
    facilitator: str = ""
    current_section: str | None = None
    created_at: str
    updated_at: str


class Participant(_Row):
    id: int
    workshop_id: int
    name: str
    role: str = ""
    created_at: str


class Note(_Row):
    id: int
    workshop_id: int
    section_id: str
    prompt_index: int | None = None
    text: str
    participant_id: int | None = None
    lenses: list[str] = Field(default_factory=list)
    initiative_id: int | None = None
    source: str = "local"
    created_at: str

    @field_validator("lenses", mode="before")
    @classmethod
    def _parse_lenses(cls, value: Any) -> Any:
        return _json_list(value)


class Initiative(_Row):
    id: int
    workshop_id: int
    title: str
    description: str = ""
    phase: str | None = None
    position: int = 0
    owner: str = ""
    metric: str = ""
    target: str = ""
    contributors: list[str] = Field(default_factory=list)
    created_at: str

    @field_validator("contributors", mode="before")
    @classmethod
    def _parse_contributors(cls, value: Any) -> Any:
        return _json_list(value)


RoundStatus = Literal["open", "closed", "revealed"]


class VotingRound(_Row):
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


class Vote(_Row):
    id: int
    round_id: int
    participant_id: int
    initiative_id: int
    dots: int


class Score(_Row):
    id: int
    workshop_id: int
    initiative_id: int
    participant_id: int
    impact: int
    effort: int


class Event(_Row):
    id: int
    workshop_id: int
    at: str
    kind: Literal["do", "undo", "redo"]
    action: str
    summary: str
    source: str
    undoable: bool
    target_event: int | None = None
