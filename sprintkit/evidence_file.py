"""From a table of customer feedback to evidence rows: which column is which,
what each row says, and which rows cannot be read.

Only reading and checking lives here (pure: a ``Table`` in, rows out); the
service decides where the rows go and writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sprintkit.errors import InvalidInput
from sprintkit.masking import DEFAULT_PLACEHOLDERS, mask
from sprintkit.tabular import Table, find_column, parse_date, parse_number

# Headers that name the comment's column in the exports teams bring: survey
# tools, NPS systems, complaint and ticket logs, in English, Finnish and Swedish.
TEXT_HEADERS = (
    "comment", "comments", "feedback", "verbatim", "free text", "open feedback", "open answer",
    "text", "message", "description", "answer", "response", "review", "complaint",
    "palaute", "kommentti", "kommentit", "vapaa palaute", "avoin palaute", "vapaa sana",
    "viesti", "kuvaus", "vastaus", "perustelu", "teksti", "selite", "reklamaatio",
    "kommentar", "kommentarer", "återkoppling", "synpunkt", "synpunkter", "meddelande",
    "beskrivning", "svar", "fritext", "klagomål", "respons",
)
DATE_HEADERS = ("date", "created", "submitted", "received", "päivämäärä", "pvm", "päiväys",
                "vastauspäivä", "saapunut", "datum", "inkommen")
RATING_HEADERS = ("rating", "score", "nps", "grade", "stars", "arvosana", "arvio", "pisteet",
                  "tyytyväisyys", "suositteluhalukkuus", "betyg", "poäng", "omdöme")
CHANNEL_HEADERS = ("channel", "touchpoint", "kanava", "palvelukanava", "yhteyskanava",
                   "asiointikanava", "kanal", "kontaktväg")

# A free-text column, when no header says so: mostly words, and long enough
# on average to be sentences rather than codes or categories.
MIN_MEAN_CHARS = 20
MIN_TEXT_SHARE = 0.8
# How many bad rows a message lists before it says "and N more".
SHOWN_ROWS = 10


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds what; ``guessed`` names the fields found by their
    header (or, for the text, by its content) rather than given."""

    text: str
    date: str | None = None
    rating: str | None = None
    channel: str | None = None
    guessed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EvidenceRow:
    """One comment as it will be stored: masked text, ISO date, rating, channel."""

    number: int  # the row in the file (header = 1)
    text: str
    date: str | None = None
    rating: float | None = None
    channel: str = ""
    masked: dict[str, int] = field(default_factory=dict)  # kind -> how many were masked


@dataclass(frozen=True)
class ReadRows:
    rows: list[EvidenceRow]
    empty: list[int]  # row numbers without a comment, left out


def _columns_text(table: Table) -> str:
    return ", ".join(f"'{c}'" for c in table.columns)


def _named(table: Table, name: str, option: str) -> str:
    column = find_column(table, [name])
    if column is None:
        raise InvalidInput(f"{table.source}: no column '{name}' ({option}); the columns are "
                           f"{_columns_text(table)}", key="evidence_no_column",
                           file=table.source, column=name, columns=_columns_text(table))
    return column


def _looks_like_text(table: Table, column: str) -> bool:
    values = [r.values[column] for r in table.rows if r.values[column]]
    if not values:
        return False
    wordy = 0
    for value in values:
        try:
            parse_number(value)
        except ValueError:
            wordy += 1
    return (wordy / len(values) >= MIN_TEXT_SHARE
            and sum(map(len, values)) / len(values) >= MIN_MEAN_CHARS)


def map_columns(table: Table, *, text: str | None = None, date: str | None = None,
                rating: str | None = None, channel: str | None = None) -> ColumnMap:
    """The columns to read. A column named by the caller must exist; the
    comment's column is otherwise the one whose header is a known text
    header, else the only mostly non-numeric column averaging at least
    ``MIN_MEAN_CHARS`` characters; else the file is refused with its columns.
    Date, rating and channel are read from a column with a known header
    unless named."""
    guessed: set[str] = set()
    if text is not None:
        text_column = _named(table, text, "--text-column")
    else:
        found = find_column(table, TEXT_HEADERS)
        if found is None:
            wordy = [c for c in table.columns if _looks_like_text(table, c)]
            if len(wordy) != 1:
                why = "several columns could be it" if wordy else "no column looks like one"
                raise InvalidInput(
                    f"{table.source}: cannot tell which column holds the comments ({why}); "
                    f"name it with --text-column. The columns are {_columns_text(table)}",
                    key="evidence_which_column", file=table.source,
                    columns=_columns_text(table))
            found = wordy[0]
        text_column = found
        guessed.add("text")
    picked: dict[str, str | None] = {}
    for name, given, headers, option in (("date", date, DATE_HEADERS, "--date-column"),
                                         ("rating", rating, RATING_HEADERS, "--rating-column"),
                                         ("channel", channel, CHANNEL_HEADERS,
                                          "--channel-column")):
        if given is not None:
            picked[name] = _named(table, given, option)
            continue
        column = find_column(table, headers)
        picked[name] = column if column != text_column else None
        if picked[name] is not None:
            guessed.add(name)
    return ColumnMap(text=text_column, date=picked["date"], rating=picked["rating"],
                    channel=picked["channel"], guessed=frozenset(guessed))


def read_rows(table: Table, mapping: ColumnMap, *, max_chars: int, mask_data: bool = True,
              placeholders: Mapping[str, str] = DEFAULT_PLACEHOLDERS) -> ReadRows:
    """Every row with a comment, checked. All or nothing: rows whose date or
    rating cannot be read, or whose comment is too long, refuse the file
    with their numbers (the first few shown), so nothing is half imported."""
    from sprintkit.text import clean_block, clean_line

    rows: list[EvidenceRow] = []
    empty: list[int] = []
    problems: list[tuple[int, str, str, str]] = []  # row, column, value, what
    for row in table.rows:
        text = clean_block(row.values[mapping.text]).strip()
        if not text:
            empty.append(row.number)
            continue
        if len(text) > max_chars:
            problems.append((row.number, mapping.text, f"{len(text)} characters",
                             f"at most {max_chars}"))
            continue
        day: str | None = None
        if mapping.date and row.values[mapping.date]:
            try:
                day = parse_date(row.values[mapping.date]).isoformat()
            except ValueError:
                problems.append((row.number, mapping.date, row.values[mapping.date],
                                 "not a date (d.m.yyyy or yyyy-mm-dd)"))
        score: float | None = None
        if mapping.rating and row.values[mapping.rating]:
            try:
                score = parse_number(row.values[mapping.rating])
            except ValueError:
                problems.append((row.number, mapping.rating, row.values[mapping.rating],
                                 "not a number"))
        channel = (" ".join(clean_line(row.values[mapping.channel]).split())
                   if mapping.channel else "")
        masked: dict[str, int] = {}
        if mask_data:
            result = mask(text, placeholders)
            text, masked = result.text, result.counts
            if channel:
                channel = mask(channel, placeholders).text
        rows.append(EvidenceRow(row.number, text, day, score, channel[:120], masked))
    if problems:
        shown = "; ".join(f"row {n} {column!r}: {value!r} is {what}"
                          for n, column, value, what in problems[:SHOWN_ROWS])
        more = f" (and {len(problems) - SHOWN_ROWS} more)" if len(problems) > SHOWN_ROWS else ""
        numbers = ", ".join(str(p[0]) for p in problems[:SHOWN_ROWS])
        raise InvalidInput(f"{table.source}: {len(problems)} bad rows, nothing imported: "
                           f"{shown}{more}", key="evidence_bad_rows", file=table.source,
                           n=len(problems), rows=numbers + ("…" if more else ""),
                           first=shown.split("; ")[0])
    return ReadRows(rows, empty)


def masked_totals(rows: Sequence[EvidenceRow]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        for kind, n in row.masked.items():
            totals[kind] = totals.get(kind, 0) + n
    return totals
