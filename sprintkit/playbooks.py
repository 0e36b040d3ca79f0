"""Load, find and validate playbooks (YAML files people write by hand).

Every problem is reported as one line: ``FILE:LINE: field.path: what is wrong``
so the author can jump straight to it.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from sprintkit.errors import NotFound, PlaybookError
from sprintkit.models import Language, Playbook, SectionKind
from sprintkit.paths import bundled_playbook_dir, user_playbook_dir
from sprintkit.playbook_yaml import load_yaml, loc_text, printable, read_playbook_text, shown
from sprintkit.text import count

PLAYBOOK_SUFFIXES = (".yaml", ".yml")

# ---------------------------------------------------------------------------
# The playbook format. These models only check what people write; once checked,
# a playbook becomes the plain ``sprintkit.models.Playbook`` the rest of the code
# uses. Unknown keys are errors: a typo such as ``timebox_minute`` must not
# silently fall back to a default.
# ---------------------------------------------------------------------------

# Limits that no real playbook comes near (the bundled ones have 9 sections of
# at most 5 prompts) but that keep a hostile or runaway file small; the README
# lists them.
MAX_SECTIONS = 30
MAX_PROMPTS = 30
MAX_PHASES = 10
MAX_LENSES = 10
MAX_TAGS = 30
MAX_LINE_CHARS = 200
MAX_PROMPT_CHARS = 500
MAX_INTRO_CHARS = 4000
MAX_DESCRIPTION_CHARS = 2000
# How far a phase may reach from the workshop date: ten years.
MAX_PHASE_MONTHS = 120

# Line and paragraph separators break a one-line field as a newline would.
_LINE_BREAKERS = {"Zl", "Zp"}


def _first_control(value: str, allowed: str) -> str | None:
    for ch in value:
        if ch in allowed:
            continue
        kind = unicodedata.category(ch)
        if kind in ("Cc", "Cs") or (not allowed and kind in _LINE_BREAKERS):
            return ch
    return None


def _one_line(value: str) -> str:
    ch = _first_control(value, "")
    if ch is None:
        return value
    if ch in "\n\t" or unicodedata.category(ch) in _LINE_BREAKERS:
        raise ValueError("must be one line: line breaks and tabs belong only in an intro, "
                         "a prompt or the description")
    raise ValueError(f"holds the control character U+{ord(ch):04X}, which is not allowed")


def _multi_line(value: str) -> str:
    ch = _first_control(value, "\n\t")
    if ch is not None:
        raise ValueError(f"holds the control character U+{ord(ch):04X}, which is not allowed "
                         "(line breaks and tabs are fine here)")
    return value


def _not_bool(value: Any) -> Any:
    # Lax integer parsing would turn true into 1; a JSON archive can carry one.
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=64),
]
# One-line text: titles, horizons, tag names.
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE_CHARS),
    AfterValidator(_one_line),
]
Prompt = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS),
    AfterValidator(_multi_line),
]
Count = Annotated[int, BeforeValidator(_not_bool)]
# The error type of a message that quotes the wrong value itself.
_QUOTED = "quoted_value"
# One-line text that may be left empty.
OptionalText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_LINE_CHARS),
    AfterValidator(_one_line),
]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionSchema(_Part):
    id: Slug
    title: Text
    intro: Annotated[str, StringConstraints(max_length=MAX_INTRO_CHARS),
                     AfterValidator(_multi_line)] = ""
    prompts: list[Prompt] = Field(default_factory=list, max_length=MAX_PROMPTS)
    timebox_minutes: Count = Field(ge=0, le=480)
    kind: SectionKind
    # Where `sprintkit evidence import` puts customer comments unless told
    # otherwise; only a capture step can hold them.
    evidence: bool = False

    @model_validator(mode="after")
    def _evidence_is_captured(self) -> SectionSchema:
        if self.evidence and self.kind != "capture":
            raise ValueError(f"evidence: only a capture step can hold customer evidence "
                             f"(this one is a {self.kind} step)")
        return self


class VotingSchema(_Part):
    dots_per_person: Count = Field(default=5, ge=1, le=1000)
    max_per_item: Count = Field(default=3, ge=1, le=1000)

    @model_validator(mode="after")
    def _max_fits_budget(self) -> VotingSchema:
        if self.max_per_item > self.dots_per_person:
            raise ValueError(
                f"max_per_item ({self.max_per_item}) cannot exceed "
                f"dots_per_person ({self.dots_per_person})"
            )
        return self


class PhaseSchema(_Part):
    id: Slug
    title: Text
    horizon: Text
    months: Any = None

    @field_validator("months")
    @classmethod
    def _month_range(cls, value: Any, info: ValidationInfo) -> tuple[int, int] | None:
        # Checked by hand, not by pydantic's tuple type: one message that names
        # the phase and says what is expected reads better than a type error.
        if value is None:
            return None
        phase = info.data.get("id", "?")
        # The value is quoted in full (a short list of numbers), not as "list".
        expected = PydanticCustomError(
            _QUOTED, f"phase '{phase}': months must be [start, end], whole months from the "
            f"workshop date with 0 <= start < end <= {MAX_PHASE_MONTHS} "
            f"(got {printable(repr(value), 80)})")
        if (not isinstance(value, (list, tuple)) or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            raise expected
        start, end = value
        if not 0 <= start < end <= MAX_PHASE_MONTHS:
            raise expected
        return (start, end)


class LensSchema(_Part):
    id: Slug
    title: Text
    # A plain list is accepted for quick hand-written playbooks.
    tags: dict[Slug, Text] = Field(max_length=MAX_TAGS)

    @field_validator("tags", mode="before")
    @classmethod
    def _list_to_mapping(cls, value: Any) -> Any:
        if isinstance(value, list):
            tags: dict[str, str] = {}
            for tag in map(str, value):
                if tag in tags:
                    raise ValueError(f"tag {shown(tag)} is listed twice")
                tags[tag] = tag
            return tags
        return value

    @field_validator("tags")
    @classmethod
    def _not_empty(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("a lens needs at least one tag")
        return value


class ReportShapeSchema(_Part):
    title: OptionalText = ""
    parts: list[Slug] = Field(default_factory=list, max_length=MAX_SECTIONS)
    parts_title: OptionalText = ""
    coverage_question: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=MAX_PROMPT_CHARS),
        AfterValidator(_one_line)] = ""


class PlaybookSchema(_Part):
    id: Slug
    language: Language
    title: Text
    description: Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION_CHARS),
                           AfterValidator(_multi_line)] = ""
    sections: list[SectionSchema] = Field(min_length=1, max_length=MAX_SECTIONS)
    voting: VotingSchema = Field(default_factory=VotingSchema)
    phases: list[PhaseSchema] = Field(min_length=1, max_length=MAX_PHASES)
    lenses: list[LensSchema] = Field(default_factory=list, max_length=MAX_LENSES)
    report: ReportShapeSchema = Field(default_factory=ReportShapeSchema)

    @field_validator("report")
    @classmethod
    def _parts_are_capture_sections(cls, value: ReportShapeSchema,
                                    info: ValidationInfo) -> ReportShapeSchema:
        sections = info.data.get("sections")
        if sections is None:  # the sections are wrong already, and said so
            return value
        capture = [s.id for s in sections if s.kind == "capture"]
        seen: set[str] = set()
        for part in value.parts:
            if part not in capture:
                raise PydanticCustomError(
                    _QUOTED, f"parts: '{part}' is not a capture section of this playbook "
                    f"(capture sections: {', '.join(capture) or 'none'})")
            if part in seen:
                raise PydanticCustomError(_QUOTED, f"parts: '{part}' is listed twice")
            seen.add(part)
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> PlaybookSchema:
        if sum(section.evidence for section in self.sections) > 1:
            raise ValueError("sections: only one step can be marked 'evidence: true'")
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


def check_playbook(data: Any) -> Playbook:
    """A checked ``Playbook`` from plain data; raises pydantic's ValidationError."""
    return Playbook.from_dict(PlaybookSchema.model_validate(data).model_dump())


# Which model describes the mapping found under each key, for did-you-mean hints.
_CHILD_MODELS: dict[str, type[BaseModel]] = {
    "sections": SectionSchema,
    "voting": VotingSchema,
    "phases": PhaseSchema,
    "lenses": LensSchema,
    "report": ReportShapeSchema,
}


def _node_line(root: Any, loc: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the YAML node at ``loc``, or of its nearest parent."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if node.id == "mapping":
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                key = next((k for k, _ in node.value if getattr(k, "value", None) == part), None)
                return key.start_mark.line + 1 if key is not None else line
            node = match
        elif node.id == "sequence" and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    model: type[BaseModel] = PlaybookSchema
    for part in loc:
        if isinstance(part, str) and part in _CHILD_MODELS:
            model = _CHILD_MODELS[part]
    return model


def _describe(error: ErrorDetails) -> tuple[tuple[Any, ...], str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        key = printable(str(loc[-1]), 40)
        fields = list(_model_at(loc[:-1]).model_fields)
        guess = difflib.get_close_matches(key, fields, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else f" (known keys: {', '.join(fields)})"
        return loc, f"unknown key '{key}'{hint}"
    if kind == "missing":
        return loc, "is required but missing"
    if kind == _QUOTED:
        return loc, printable(error["msg"], 300)
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return loc, f"{printable(message, 200)} (got {shown(error.get('input'))})"


# A file with hundreds of mistakes needs its first screenful, not all of them.
MAX_REPORTED_PROBLEMS = 50


def parse_playbook(text: str, source: str = "<playbook>") -> Playbook:
    root, data = load_yaml(text, source)
    source = printable(source, 200)
    if not isinstance(data, dict):
        raise PlaybookError(f"{source}: a playbook must be a mapping of keys (id, title, ...)")
    try:
        return check_playbook(data)
    except ValidationError as exc:
        # A misspelt key also shows up as a missing one; the typo is the real cause.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        problems = []
        for error in errors[:MAX_REPORTED_PROBLEMS]:
            loc, message = _describe(error)
            line = _node_line(root, loc)
            where = f"{source}:{line}" if line else source
            problems.append(f"{where}: {loc_text(loc)}: {message}")
        more = f" (and {count(len(errors) - 1, 'more problem')})" if len(errors) > 1 else ""
        failure = PlaybookError(problems[0] + more)
        # ``playbook validate`` lists them all, one line each; elsewhere the
        # first one (and how many more) is what a single error line can carry.
        hidden = len(errors) - len(problems)
        failure.problems = problems + (
            [f"{source}: {count(hidden, 'more problem')} not shown"] if hidden else [])
        raise failure from None


def load_playbook_file(path: Path | str) -> Playbook:
    return parse_playbook(read_playbook_text(path), str(path))


def playbook_dirs() -> list[Path]:
    """Folders searched for playbooks, user folders first so they can override."""
    dirs: list[Path] = []
    extra = os.environ.get("SPRINTKIT_PLAYBOOK_DIR")
    if extra:
        dirs.append(Path(extra).expanduser())
    dirs.append(user_playbook_dir())
    dirs.append(bundled_playbook_dir())
    return dirs


def _candidate_files() -> list[Path]:
    files: list[Path] = []
    for folder in playbook_dirs():
        if folder.is_dir():
            files.extend(sorted(p for p in folder.iterdir() if p.suffix in PLAYBOOK_SUFFIXES))
    return files


def discover(on_skip: Callable[[str], None] | None = None) -> list[tuple[Path, Playbook]]:
    """Every readable playbook, first found wins for each (id, language).

    A broken user file must not hide the bundled ones, so it is skipped here and
    its one-line problem passed to ``on_skip``, for the caller to warn about;
    ``sprintkit playbook validate FILE`` reports the same line.
    """
    found: dict[tuple[str, str], tuple[Path, Playbook]] = {}
    for path in _candidate_files():
        try:
            book = load_playbook_file(path)
        except PlaybookError as exc:
            if on_skip is not None:
                on_skip(str(exc))
            continue
        found.setdefault((book.id, book.language), (path, book))
    return sorted(found.values(), key=lambda item: (item[1].id, item[1].language))


def find_playbook(ref: str, language: str | None = None,
                  on_skip: Callable[[str], None] | None = None) -> Playbook:
    """A playbook by id (and language), or by path to a YAML file.

    ``on_skip`` hears about broken files passed over while looking (see ``discover``)."""
    if ref.endswith(PLAYBOOK_SUFFIXES) or os.sep in ref or "/" in ref:
        book = load_playbook_file(ref)
        if language and book.language != language:
            raise PlaybookError(
                f"{ref}: this playbook is in '{book.language}', not '{language}'"
            )
        return book
    available = discover(on_skip)
    matches = [book for _, book in available if book.id == ref]
    if not matches:
        ids = sorted({book.id for _, book in available})
        guess = difflib.get_close_matches(ref, ids, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; available: {', '.join(ids)}"
        if guess:
            raise NotFound(f"no playbook with id '{ref}'{hint}", key="no_playbook_guess",
                           ref=ref, guess=guess[0])
        raise NotFound(f"no playbook with id '{ref}'{hint}", key="no_playbook", ref=ref,
                       ids=", ".join(ids))
    language = language or "en"
    for book in matches:
        if book.language == language:
            return book
    langs = ", ".join(sorted(b.language for b in matches))
    raise NotFound(f"playbook '{ref}' has no '{language}' version (available: {langs})",
                   key="no_playbook_language", ref=ref, lang=language, langs=langs)
