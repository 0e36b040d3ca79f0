"""Reading a CSV list of participants: which bytes, which columns, which rows.

Only reading lives here; the service decides what the rows mean for a
workshop (who already exists, who looks like whom).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sprintkit import tabular
from sprintkit.errors import InvalidInput
from sprintkit.models import Participant

_NAME_HEADERS = {"name", "full name", "participant", "person", "nimi", "koko nimi",
                 "osallistuja", "henkilö"}
_ROLE_HEADERS = {"role", "unit", "team", "department", "rooli", "yksikkö", "tiimi", "osasto"}
# Other columns a list of people often has; they mark a header row too.
_OTHER_HEADERS = {"email", "e-mail", "sähköposti", "phone", "puhelin", "title", "titteli",
                  "organisation", "organization", "organisaatio", "company", "yritys"}


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # the line in the file, counting from 1, header included
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: who was added, and the rows skipped because that
    person is in the workshop already."""

    added: list[Participant]
    skipped: list[Row]


def _looks_like_header(row: Sequence[str]) -> bool:
    words = _NAME_HEADERS | _ROLE_HEADERS | _OTHER_HEADERS
    return any(cell.strip().casefold() in words for cell in row)


def _header_columns(row: Sequence[str]) -> tuple[int, int | None] | None:
    """The name and role columns a header row names, or None if it names no name."""
    cells = [cell.strip().casefold() for cell in row]
    name = next((i for i, c in enumerate(cells) if c in _NAME_HEADERS), None)
    role = next((i for i, c in enumerate(cells) if c in _ROLE_HEADERS), None)
    return None if name is None else (name, role)


def read_bytes(path: Path | str) -> bytes:
    """The file's bytes; every failure is one line naming the file."""
    return tabular.read_bytes(path)


def decode(data: bytes, label: str) -> str:
    """Text from what a spreadsheet saved (see ``sprintkit.tabular.decode``)."""
    return tabular.decode(data, label)[0]


def parse(text: str, label: str, clean: Callable[[str, str, bool], str]) -> list[Row]:
    """The rows with a person in them, each cleaned by ``clean(value, field,
    allow_empty)``. Raises InvalidInput naming the file and the row."""
    # No header row is required here, so the shared reader's header-first
    # table does not fit; its CSV splitting does.
    rows, _ = tabular.split_csv(text, label)
    start = 1
    columns: tuple[int, int | None] = (0, 1)
    if rows and _looks_like_header(rows[0]):
        # A header row says which columns hold the name and the role; the
        # others (e-mail, phone...) are left out on purpose.
        named = _header_columns(rows[0])
        if named is None:
            raise InvalidInput(f"{label}:1: the header row names no name column "
                               "(expected 'name' or 'nimi')", key="csv_no_name_column",
                               file=label)
        columns = named
        rows = rows[1:]
        start = 2
    else:
        wide = next((n for n, row in enumerate(rows, start=1) if len(row) > 2
                     and any(cell.strip() for cell in row[2:])), None)
        if wide is not None:
            # Without a header, which column is the role is a guess: refuse it.
            raise InvalidInput(f"{label}:{wide}: {len(rows[wide - 1])} columns; expected "
                               "name,role, or a header row naming the columns",
                               key="csv_wide", file=label, line=wide,
                               columns=len(rows[wide - 1]))
    name_at, role_at = columns
    people: list[Row] = []
    for number, row in enumerate(rows, start=start):
        if not row or not any(cell.strip() for cell in row):
            continue
        try:
            name = clean(row[name_at] if len(row) > name_at else "", "name", False)
            role = clean(row[role_at] if role_at is not None and len(row) > role_at else "",
                         "role", True)
        except InvalidInput as exc:
            # the cell's own problem, and where it is
            raise InvalidInput(f"{label}:{number}: {exc}", key="csv_cell", file=label,
                               line=number, problem=exc.key, **exc.params) from None
        people.append(Row(number, name, role))
    if not people:
        raise InvalidInput(f"{label}: no participants found (expected rows of name,role)",
                           key="csv_empty", file=label)
    return people
