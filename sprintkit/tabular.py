"""Reading a table a spreadsheet saved: CSV or XLSX, header row first.

Every import of rows (participants, customer evidence, metric readings)
reads through here, so they all accept the same files and refuse them the
same way. A file from outside may be anything: its size, its number of rows,
the length of each cell and, for XLSX (a zip archive), how far it would grow
once unpacked are all capped before or while it is read (``TableLimits``).
Every refusal is a ``TableError`` with a message id and the file, row, column
and value it concerns; no exception of the parsers reaches the caller.

XLSX is read with openpyxl in read-only mode. openpyxl parses the XML inside
through defusedxml when that is installed (a dependency of ours), which
refuses entity-expansion bombs.

CSV text is decoded as UTF-8 (with or without a byte-order mark), UTF-16 with
a byte-order mark, or Windows-1252, the code page Excel set to Finnish or
Swedish writes for plain "CSV"; the delimiter (comma, semicolon or tab) is
sniffed from the start of the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sprintkit.errors import InvalidInput

__all__ = ["DEFAULT_LIMITS", "Table", "TableError", "TableLimits", "TableRow", "decode",
           "find_column", "parse_date", "parse_number", "read_bytes", "read_table",
           "split_csv"]


@dataclass(frozen=True)
class TableRow:
    number: int  # the row number a spreadsheet shows: header is row 1, first data row 2
    values: dict[str, str]  # column header -> cell text (stripped; '' for empty)


@dataclass(frozen=True)
class Table:
    source: str  # file name as given, for messages
    columns: list[str]  # headers in file order
    rows: list[TableRow]
    encoding: str | None  # CSV only: 'utf-8', 'utf-8-sig', 'cp1252' (or 'utf-16')
    delimiter: str | None  # CSV only: ',' ';' or '\t'


@dataclass(frozen=True)
class TableLimits:
    """How much of a file is read before it is refused.

    The defaults are far above any survey or ticket export a workshop uses
    (a few thousand rows) and keep a wrong or hostile file from filling the
    laptop's memory."""

    max_bytes: int = 50 * 1024 * 1024  # the file as stored
    max_rows: int = 100_000  # data rows, header not counted
    max_columns: int = 200
    max_cell_chars: int = 20_000  # a note holds at most this much
    # XLSX only: the sum of the unpacked sizes of the zip's members, and how many
    # times larger than its packed size one member may be (a zip bomb packs
    # gigabytes of repeated bytes a thousandfold; real sheets pack 5-20 times).
    max_unpacked_bytes: int = 500 * 1024 * 1024
    max_zip_ratio: float = 100.0


DEFAULT_LIMITS = TableLimits()


class TableError(InvalidInput):
    """A file that cannot be read as a table, or breaks a limit.

    ``key`` names the message (``tui:error.<key>`` in the catalog); ``params``
    holds ``file`` and, where they apply, ``row``, ``column``, ``value`` and
    ``limit``. The English text names the same."""


def _size_text(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def read_bytes(path: Path | str, limits: TableLimits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes, refusing one larger than ``limits.max_bytes`` before
    reading it; every failure is one line naming the file."""
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise TableError(f"{label}: is a folder, not a file", key="file_is_folder",
                             file=label)
        if size > limits.max_bytes:
            raise TableError(f"{label}: {_size_text(size)}, at most "
                             f"{_size_text(limits.max_bytes)} allowed", key="table_too_big",
                             file=label, size=_size_text(size),
                             limit=_size_text(limits.max_bytes))
        return path.read_bytes()
    except FileNotFoundError:
        raise TableError(f"{label}: no such file", key="no_file", file=label) from None
    except IsADirectoryError:
        raise TableError(f"{label}: is a folder, not a file", key="file_is_folder",
                         file=label) from None
    except OSError as exc:
        raise TableError(f"{label}: cannot read ({exc.strerror})", key="file_unreadable",
                         file=label, error=str(exc.strerror)) from None


def decode(data: bytes, label: str) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 with or without a byte-order
    mark, UTF-16 with one ("Unicode text") or without (told by its NUL bytes),
    or Windows-1252, which Excel set to Finnish or another Western European
    language writes for plain "CSV".

    A file that is UTF-8 but for a few rows (one pasted from elsewhere) is
    refused, naming the first such row: read as Windows-1252, every ä of the
    other rows would be stored garbled."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif (wide := _utf16_without_bom(data)) is not None:
        encodings = [wide]
    else:
        # Valid UTF-8 is almost never an accident, so it goes first.
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            if encoding == "utf-8" and (row := _stray_row(data)) is not None:
                raise TableError(f"{label}:{row}: row {row} is not UTF-8 text, unlike the rest "
                                 "of the file (save it as CSV UTF-8)", key="table_mixed_encoding",
                                 file=label, row=row) from None
            continue
    raise TableError(f"{label}: not UTF-8 or Windows-1252 text (save it as CSV UTF-8)",
                     key="table_encoding", file=label)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the start of the file has a NUL in
    every other byte, as UTF-16 text of Latin letters has; no CSV in an 8-bit
    encoding holds NUL bytes at all."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd >= half * 0.6 and even == 0:
        return "utf-16-le"
    if even >= half * 0.6 and odd == 0:
        return "utf-16-be"
    return None


def _stray_row(data: bytes) -> int | None:
    """The first line that is not UTF-8 when other lines are UTF-8 with
    letters beyond ASCII in them (so the file as a whole is UTF-8); None
    when nothing says the file is UTF-8 (plain Windows-1252)."""
    first_bad: int | None = None
    utf8_letters = False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or number
            continue
        utf8_letters = utf8_letters or not text.isascii()
    return first_bad if utf8_letters else None


# Splits nothing: a table whose header is one column has no delimiter, and its
# comments may hold commas that a spreadsheet did not quote.
_NO_DELIMITER = "\x1f"


def split_csv(text: str, label: str, *, one_column: bool = False) -> tuple[list[list[str]], str]:
    """Every row of the CSV text as a list of cells, and the delimiter used.

    The delimiter is sniffed among comma, semicolon and tab from the first
    lines; a file the sniffer cannot place is read with commas. With
    ``one_column`` (the caller saw a header without any delimiter) lines are
    not split at all and ``','`` is reported."""
    sample = text[:8192]
    delimiter = ","
    if one_column:
        delimiter = _NO_DELIMITER
    elif sample.strip():
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            # One column, or too few lines to tell: the delimiter that occurs
            # on the first line wins, comma by default.
            first = sample.splitlines()[0] if sample.splitlines() else ""
            counts = {d: first.count(d) for d in (";", "\t", ",")}
            best = max(counts, key=lambda d: counts[d])
            delimiter = best if counts[best] else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(f"{label}: not a CSV file ({exc})", key="table_not_csv", file=label,
                         error=str(exc)) from None
    return rows, "," if delimiter == _NO_DELIMITER else delimiter


def _cell_text(value: object) -> str:
    """A cell of a sheet as the text a person sees in it (dates in ISO form,
    whole numbers without a decimal part)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time(0) else
                value.isoformat(sep=" ", timespec="minutes"))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _check_zip(data: bytes, label: str, limits: TableLimits) -> None:
    # zipfile (with its compression modules) is loaded only for a workbook:
    # every service import, and so the terminal UI's start-up, would pay for it.
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError(f"{label}: not an XLSX workbook (the file is damaged or of another "
                         "kind)", key="table_not_xlsx", file=label) from None
    total = 0
    for info in infos:
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and info.file_size / packed > limits.max_zip_ratio:
            raise TableError(
                f"{label}: part '{info.filename}' would unpack {info.file_size // packed} "
                f"times larger than it is stored (at most {limits.max_zip_ratio:g}); "
                "refused as a possible zip bomb", key="table_zip_ratio", file=label,
                ratio=info.file_size // packed, limit=f"{limits.max_zip_ratio:g}")
    if total > limits.max_unpacked_bytes:
        raise TableError(f"{label}: would unpack to {_size_text(total)}, at most "
                         f"{_size_text(limits.max_unpacked_bytes)} allowed",
                         key="table_too_big", file=label, size=_size_text(total),
                         limit=_size_text(limits.max_unpacked_bytes))


def _entities(label: str) -> TableError:
    return TableError(f"{label}: the workbook declares XML entities, which spreadsheets never "
                      "write; refused as a possible entity bomb", key="table_xml_entities",
                      file=label)


def _xlsx_rows(data: bytes, label: str, sheet: str | None,
               limits: TableLimits) -> list[list[str]]:
    _check_zip(data, label, limits)
    import zipfile

    import openpyxl
    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DefusedXmlException:
        raise _entities(label) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
            TypeError) as exc:
        # openpyxl wraps what went wrong in the XML in a ValueError of its own.
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, DefusedXmlException):
            raise _entities(label) from None
        raise TableError(f"{label}: not an XLSX workbook (the file is damaged or of another "
                         "kind)", key="table_not_xlsx", file=label) from None
    except Exception as exc:  # defusedxml's refusals and other XML errors
        raise TableError(f"{label}: cannot read the workbook ({type(exc).__name__})",
                         key="table_not_xlsx", file=label) from None
    try:
        if sheet is None:
            if not book.sheetnames:
                raise TableError(f"{label}: the workbook has no sheets", key="table_empty",
                                 file=label)
            ws = book[book.sheetnames[0]]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise TableError(f"{label}: no sheet '{sheet}' (sheets: "
                             f"{', '.join(book.sheetnames)})", key="table_no_sheet",
                             file=label, sheet=sheet, sheets=", ".join(book.sheetnames))
        rows: list[list[str]] = []
        formulas = _formulas(data, ws.title)
        try:
            for values in ws.iter_rows(values_only=True):
                if len(rows) > limits.max_rows + 1:
                    break  # the count is checked by the caller
                cells = values[:limits.max_columns + 1]
                written = next(formulas, ())
                _check_formulas(label, len(rows) + 1, cells, written, rows[0] if rows else [])
                rows.append([_cell_text(v) for v in cells])
        except TableError:
            raise
        except DefusedXmlException:
            raise _entities(label) from None
        except Exception as exc:  # damaged sheet XML: one line, never a traceback
            raise TableError(f"{label}: cannot read the workbook ({type(exc).__name__})",
                             key="table_not_xlsx", file=label) from None
        return rows
    finally:
        book.close()


def _formulas(data: bytes, sheet: str) -> Iterator[tuple[object, ...]]:
    """The sheet's cells as written, a formula as its ``=…`` text, row by row:
    beside the values pass, it tells an empty cell from a formula whose value
    was never saved (a workbook written by a program, not a spreadsheet)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        yield from book[sheet].iter_rows(values_only=True)
    finally:
        book.close()


def _check_formulas(label: str, number: int, values: Sequence[object],
                    written: Sequence[object], header: Sequence[str]) -> None:
    for index, value in enumerate(values):
        formula = written[index] if index < len(written) else None
        if value is None and isinstance(formula, str) and formula.startswith("="):
            from openpyxl.utils import get_column_letter

            column = (header[index] if index < len(header) and header[index].strip()
                      else get_column_letter(index + 1))
            raise TableError(f"{label}:{number}: column '{column}' holds a formula without a "
                             "saved value (open the file in a spreadsheet, save it, and "
                             "import it again)", key="table_formula", file=label, row=number,
                             column=column)


def _is_xlsx(path: Path, data: bytes) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04")


def read_table(path: Path, *, sheet: str | None = None,
               limits: TableLimits = DEFAULT_LIMITS) -> Table:
    """The table in a CSV or XLSX file (the first sheet, or ``sheet``).

    Row 1 is the header; each header must be non-empty and unique (compared
    case- and space-insensitively). Rows with every cell empty are left out
    (their numbers are skipped, so the numbers stay those a spreadsheet
    shows). A row with more cells than headers is refused, since its extra
    values would belong to no column."""
    path = Path(path)
    label = str(path)
    data = read_bytes(path, limits)
    encoding: str | None = None
    delimiter: str | None = None
    if _is_xlsx(path, data):
        raw = _xlsx_rows(data, label, sheet, limits)
    else:
        if sheet is not None:
            raise TableError(f"{label}: a CSV file has no sheets (--sheet is for XLSX)",
                             key="table_csv_sheet", file=label)
        text, encoding = decode(data, label)
        header_line = text.lstrip("\ufeff").split("\n", 1)[0]
        raw, delimiter = split_csv(text, label,
                                   one_column=not any(d in header_line for d in ",;\t"))
    while raw and not any(cell.strip() for cell in raw[-1]):
        raw.pop()
    if not raw or not any(cell.strip() for cell in raw[0]):
        raise TableError(f"{label}: no header row (row 1 must name the columns)",
                         key="table_empty", file=label)
    header = [cell.strip() for cell in raw[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > limits.max_columns:
        raise TableError(f"{label}: {len(header)} columns, at most {limits.max_columns} "
                         "allowed", key="table_columns", file=label, n=len(header),
                         limit=limits.max_columns)
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if not name:
            raise TableError(f"{label}:1: column {index} has no header", key="table_no_header",
                             file=label, row=1, column=index)
        folded = _fold(name)
        if folded in seen:
            raise TableError(f"{label}:1: column '{name}' appears twice", key="table_twice",
                             file=label, row=1, column=name)
        seen[folded] = index
    if len(raw) - 1 > limits.max_rows:
        raise TableError(f"{label}: more than {limits.max_rows:,} rows", key="table_rows",
                         file=label, limit=limits.max_rows)
    rows: list[TableRow] = []
    for number, cells in enumerate(raw[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        extra = [c for c in cells[len(header):] if c.strip()]
        if extra:
            raise TableError(f"{label}:{number}: {len(cells)} cells but only {len(header)} "
                             "columns", key="table_extra_cells", file=label, row=number,
                             n=len(cells), columns=len(header))
        values: dict[str, str] = {}
        for name, cell in zip(header, [*cells, *[""] * (len(header) - len(cells))],
                              strict=False):
            value = cell.strip()
            if len(value) > limits.max_cell_chars:
                raise TableError(f"{label}:{number}: column '{name}': {len(value):,} "
                                 f"characters, at most {limits.max_cell_chars:,} allowed",
                                 key="table_cell_long", file=label, row=number, column=name,
                                 length=len(value), limit=limits.max_cell_chars)
            values[name] = value
        rows.append(TableRow(number, values))
    return Table(source=label, columns=header, rows=rows, encoding=encoding,
                 delimiter=delimiter)


# --------------------------------------------------------------- cell values

_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)?|[.,]\d+)")
# Thousands are grouped with a space, a no-break space or a narrow one.
_GROUPED = re.compile(r"[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?")


def parse_number(text: str) -> float:
    """A number as people type it: ``62,5``, ``62.5``, ``1 234,5``, ``-3``.

    Raises ValueError for anything else (``1.234,5`` is refused: whether
    the dot groups thousands or marks decimals cannot be told)."""
    value = text.strip()
    if _GROUPED.fullmatch(value):
        value = re.sub(r"[ \u00a0\u202f]", "", value)
    if not _NUMBER.fullmatch(value):
        raise ValueError(f"not a number: {text!r}")
    return float(value.replace(",", "."))


_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A time after the date, as spreadsheets write one: "1.2.2026 14:05", "2026-02-01T14:05:00".
_TIME = re.compile(r"(?:[ T]\d{1,2}[:.]\d{2}([:.]\d{2}(\.\d+)?)?)?")


def parse_date(text: str) -> date:
    """A date as ``d.m.yyyy`` (``1.2.2026``, ``01.02.2026``) or ISO ``yyyy-mm-dd``,
    with or without a time after it. Raises ValueError for anything else."""
    value = text.strip()
    for pattern, order in ((_FINNISH_DATE, (3, 2, 1)), (_ISO_DATE, (1, 2, 3))):
        match = pattern.match(value)
        if match and _TIME.fullmatch(value[match.end():]):
            year, month, day = (int(match.group(i)) for i in order)
            return date(year, month, day)  # ValueError for 31.2.2026
    raise ValueError(f"not a date: {text!r}")


def _fold(header: str) -> str:
    return " ".join(header.casefold().split())


def find_column(table: Table, wanted: Sequence[str]) -> str | None:
    """The first of the table's columns whose header is one of ``wanted``,
    compared without regard to case or spacing; None when none is."""
    names = {_fold(w) for w in wanted}
    return next((c for c in table.columns if _fold(c) in names), None)
