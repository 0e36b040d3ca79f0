"""The shared table reader: encodings, delimiters, values, XLSX and limits."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from sprintkit.errors import InvalidInput
from sprintkit.tabular import (
    TableError,
    TableLimits,
    find_column,
    parse_date,
    parse_number,
    read_table,
)

FINNISH = "Palaute;Arvosana\nJonotus kesti liian kauan;2\nÄänestys oli helppoa;5\n"


@pytest.mark.parametrize("encoding, prefix, reported", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("cp1252", b"", "cp1252"),
])
def test_csv_in_each_encoding_gives_the_same_table(tmp_path, encoding, prefix, reported):
    path = tmp_path / "palaute.csv"
    path.write_bytes(prefix + FINNISH.encode(encoding))
    table = read_table(path)
    assert table.encoding == reported
    assert table.columns == ["Palaute", "Arvosana"]
    assert [(r.number, r.values["Palaute"]) for r in table.rows] == [
        (2, "Jonotus kesti liian kauan"), (3, "Äänestys oli helppoa")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed(tmp_path, delimiter):
    path = tmp_path / "x.csv"
    text = delimiter.join(["comment", "rating", "channel"]) + "\n"
    text += delimiter.join(['"Slow, very slow"', '"2,5"', "chat"]) + "\n"
    text += delimiter.join(["Fine", "4", "phone"]) + "\n"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == delimiter
    assert table.rows[0].values == {"comment": "Slow, very slow", "rating": "2,5",
                                    "channel": "chat"}


def test_one_column_csv_and_quoted_line_breaks(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('Kommentar\n"Två rader\nhär"\nKort\n', encoding="utf-8")
    table = read_table(path)
    assert [r.values["Kommentar"] for r in table.rows] == ["Två rader\nhär", "Kort"]
    # A quoted line break spans lines of the file, not rows of the sheet.
    assert [r.number for r in table.rows] == [2, 3]


def test_a_one_column_header_keeps_unquoted_commas_in_the_text(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("kommentti\nHidas, kallis ja sekava\nHyvä; kiitos\n", encoding="utf-8")
    table = read_table(path)
    assert table.columns == ["kommentti"]
    assert [r.values["kommentti"] for r in table.rows] == ["Hidas, kallis ja sekava",
                                                          "Hyvä; kiitos"]


def test_empty_rows_are_left_out_and_short_rows_filled(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n,\n3\n\n", encoding="utf-8")
    table = read_table(path)
    assert [(r.number, r.values) for r in table.rows] == [(2, {"a": "1", "b": "2"}),
                                                          (4, {"a": "3", "b": ""})]


def test_unknown_bytes_are_refused_with_the_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n\x81\x8d,1\n")
    with pytest.raises(TableError, match="bad.csv: not UTF-8 or Windows-1252") as caught:
        read_table(path)
    assert caught.value.key == "table_encoding"
    assert isinstance(caught.value, InvalidInput)


@pytest.mark.parametrize("content, key, message", [
    ("", "table_empty", "no header row"),
    ("a,,b\n1,2,3\n", "table_no_header", "column 2 has no header"),
    ("Comment,comment\nx,y\n", "table_twice", "column 'comment' appears twice"),
    ("a,b\n1,2,3\n", "table_extra_cells", "x.csv:2: 3 cells but only 2 columns"),
])
def test_malformed_tables_are_refused(tmp_path, content, key, message):
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TableError, match=message) as caught:
        read_table(path)
    assert caught.value.key == key


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(TableError, match="nope.csv: no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(TableError, match="is a folder"):
        read_table(tmp_path)


@pytest.mark.parametrize("text, value", [
    ("62,5", 62.5), ("62.5", 62.5), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5),
    ("-3", -3.0), (" 7 ", 7.0), ("1 000 000", 1_000_000.0), (",5", 0.5)])
def test_numbers_as_people_write_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1.234,5", "12 34", "5 pistettä", "1e5", "--1"])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text, value", [
    ("1.2.2026", date(2026, 2, 1)), ("01.02.2026", date(2026, 2, 1)),
    ("2026-02-01", date(2026, 2, 1)), ("1.2.2026 14:05", date(2026, 2, 1)),
    ("2026-02-01T14:05:00", date(2026, 2, 1)), ("2026-02-01 14:05", date(2026, 2, 1))])
def test_dates_as_finnish_excel_and_iso_write_them(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["31.2.2026", "2.1.26", "2026/02/01", "1.2.2026x",
                                  "02/01/2026", "tomorrow", ""])
def test_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_find_column_ignores_case_and_spacing(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Vapaa  Palaute,Arvosana\nx,1\n", encoding="utf-8")
    table = read_table(path)
    assert find_column(table, ["vapaa palaute"]) == "Vapaa  Palaute"
    assert find_column(table, ["comment", "ARVOSANA"]) == "Arvosana"
    assert find_column(table, ["comment"]) is None


# --------------------------------------------------------------------- XLSX


def _workbook(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_xlsx_first_sheet_with_typed_cells(tmp_path):
    path = _workbook(tmp_path / "kysely.xlsx", {
        "Vastaukset": [["Kommentti", "Päivä", "Arvio"],
                       ["Lippuautomaatti ei toiminut", datetime(2026, 3, 4), 2],
                       [None, None, None],
                       ["Hyvä palvelu", date(2026, 3, 5), 4.5]],
        "Muuta": [["x"], ["y"]]})
    table = read_table(path)
    assert table.encoding is None and table.delimiter is None
    assert table.columns == ["Kommentti", "Päivä", "Arvio"]
    assert [(r.number, r.values) for r in table.rows] == [
        (2, {"Kommentti": "Lippuautomaatti ei toiminut", "Päivä": "2026-03-04", "Arvio": "2"}),
        (4, {"Kommentti": "Hyvä palvelu", "Päivä": "2026-03-05", "Arvio": "4.5"})]
    assert parse_date(table.rows[0].values["Päivä"]) == date(2026, 3, 4)


def test_xlsx_named_sheet_and_an_unknown_one(tmp_path):
    path = _workbook(tmp_path / "k.xlsx", {"A": [["x"], ["1"]], "Svar": [["Kommentar"],
                                                                        ["Bra"]]})
    assert read_table(path, sheet="Svar").rows[0].values == {"Kommentar": "Bra"}
    with pytest.raises(TableError, match="no sheet 'Nope' \\(sheets: A, Svar\\)"):
        read_table(path, sheet="Nope")


def test_sheet_option_on_a_csv_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(TableError, match="a CSV file has no sheets"):
        read_table(path, sheet="A")


def test_damaged_xlsx_is_one_line(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(TableError, match="broken.xlsx: not an XLSX workbook"):
        read_table(path)
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(TableError, match="other.xlsx"):
        read_table(other)


def test_xlsx_entity_bomb_is_refused(tmp_path):
    path = _workbook(tmp_path / "bomb.xlsx", {"A": [["Comment"], ["x"]]})
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
            '</sheetData></worksheet>')
    rebuilt = tmp_path / "bomb2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = bomb.encode()
            dst.writestr(info, data)
    with pytest.raises(TableError, match="bomb2.xlsx: the workbook declares XML entities"):
        read_table(rebuilt)


# ------------------------------------------------------------------- limits


def test_file_size_limit(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("comment\n" + "x\n" * 600, encoding="utf-8")
    with pytest.raises(TableError, match="big.csv: 1208 bytes, at most 1000 bytes") as caught:
        read_table(path, limits=TableLimits(max_bytes=1000))
    assert caught.value.key == "table_too_big"


def test_row_limit(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("comment\n" + "x\n" * 11, encoding="utf-8")
    assert len(read_table(path, limits=TableLimits(max_rows=11)).rows) == 11
    with pytest.raises(TableError, match="more than 10 rows"):
        read_table(path, limits=TableLimits(max_rows=10))


def test_cell_length_limit_names_row_and_column(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,comment\n1,short\n2," + "x" * 101 + "\n", encoding="utf-8")
    with pytest.raises(TableError, match="long.csv:3: column 'comment': 101 characters, "
                                         "at most 100") as caught:
        read_table(path, limits=TableLimits(max_cell_chars=100))
    assert caught.value.params["row"] == 3 and caught.value.params["column"] == "comment"


def test_column_limit(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(5)) + "\n" + ",".join("1" * 5) + "\n",
                    encoding="utf-8")
    with pytest.raises(TableError, match="5 columns, at most 4"):
        read_table(path, limits=TableLimits(max_columns=4))


def test_zip_bomb_ratio_is_refused_before_unpacking(tmp_path):
    path = _workbook(tmp_path / "zip.xlsx", {"A": [["Comment"], ["x"]]})
    bomb = tmp_path / "zipbomb.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(TableError, match="refused as a possible zip bomb") as caught:
        read_table(bomb)
    assert caught.value.key == "table_zip_ratio"
    # The same workbook passes when the unpacked total is what is capped instead.
    with pytest.raises(TableError, match="would unpack to"):
        read_table(bomb, limits=TableLimits(max_zip_ratio=1e9,
                                            max_unpacked_bytes=1024 * 1024))


def test_xlsx_row_limit(tmp_path):
    path = _workbook(tmp_path / "rows.xlsx", {"A": [["Comment"], *[[f"r{i}"] for i in
                                                                    range(12)]]})
    with pytest.raises(TableError, match="more than 10 rows"):
        read_table(path, limits=TableLimits(max_rows=10))


def test_in_memory_sanity_of_the_bomb_fixture():
    # The padding really packs far beyond the allowed ratio (so the test above
    # checks the ratio, not some other failure).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("p.bin", b"\0" * (8 * 1024 * 1024))
    with zipfile.ZipFile(buffer) as archive:
        info = archive.infolist()[0]
    assert info.file_size / info.compress_size > 100
