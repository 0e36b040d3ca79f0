"""HTML, Markdown, CSV and JSON exports, and the export command."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from test_export_data import build, new_service

from sprintkit.errors import InvalidInput
from sprintkit.export import ExportOptions, available_formats, render
from sprintkit.export.text import csv_cell, md_escape


@pytest.fixture(scope="module")
def english():
    service = new_service()
    wid = build(service, "en", initiatives=8, notes=30, extra_notes=("Price *was* [wrong] # again | 50% <b>",
                                                      "=SUM(A1:A9)", "- dash\n+ plus\n1. one"))
    return service.snapshot(wid)


@pytest.fixture(scope="module")
def finnish():
    service = new_service()
    return service.snapshot(build(service, "fi", notes=20))


def test_all_formats_are_registered():
    assert set(available_formats()) >= {"pdf", "html", "md", "csv", "json"}


# ------------------------------------------------------------------------ CSV


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_bom_and_one_row_per_initiative(english):
    data = render(english, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert len(rows) == len(english.initiatives)
    assert list(rows[0]) == ["phase", "order", "title", "owner", "metric", "target", "votes",
                             "impact", "effort", "contributors", "description", "milestone",
                             "due", "ask", "part", "status", "latest reading",
                             "reading date"]
    first = rows[0]
    assert first["title"] == "Live delivery tracking"
    assert first["owner"] == "Head of logistics"
    assert first["order"] == "1"
    assert first["phase"] == english.playbook.phases[0].title
    assert first["target"] == "'-40 % in 6 months"  # neutralised: starts with "-"
    assert int(first["votes"]) >= 0 and float(first["impact"]) >= 1
    unplaced = [r for r in rows if not r["phase"]]
    assert unplaced and all(r["order"] == "" for r in unplaced)


def test_csv_keeps_finnish_letters(finnish):
    rows = _rows(render(finnish, "csv"))
    assert rows[0]["kehityskohde"] == "Toimituksen reaaliaikainen seuranta"
    assert rows[0]["vaihe"] == "Nyt – nopeat kokeilut"
    assert "Björn Åberg" in " ".join(r["mukana"] for r in rows)


def test_csv_headers_follow_the_workshop_language(finnish):
    rows = _rows(render(finnish, "csv"))
    assert list(rows[0]) == ["vaihe", "järjestys", "kehityskohde", "vastuuhenkilö", "mittari",
                             "tavoite", "äänet", "vaikutus", "työmäärä", "mukana", "kuvaus",
                             "välitavoite", "määräpäivä", "pyyntö johdolle", "osa", "tila",
                             "viimeisin mittaustulos", "mittauspäivä"]
    # Values stay machine-friendly: a decimal point, whatever the language.
    assert re.fullmatch(r"\d\.\d\d", rows[0]["vaikutus"])


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+31 555", "'+31 555"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("plain", "plain"), ("", ""), ("a=b", "a=b")])
def test_csv_formula_guard(value, expected):
    assert csv_cell(value) == expected


# ------------------------------------------------------------------- Markdown


def test_markdown_has_the_roadmap_in_order(english):
    md = render(english, "md").decode("utf-8")
    assert md.startswith("# Customer journey sprint\n")
    phases = [f"### {p.title}" for p in english.playbook.phases]
    positions = [md.index(p) for p in phases]
    assert positions == sorted(positions)
    assert "1. **Live delivery tracking**" in md
    assert "Owner: Head of logistics" in md
    assert "## Readiness" in md and "## What we heard" in md and "## Appendix: all notes" in md
    assert "| Role |" in md


def test_markdown_escapes_user_text(english):
    md = render(english, "md").decode("utf-8")
    assert r"Price \*was\* \[wrong\] # again \| 50% \<b\>" in md
    assert "\\- dash" in md and "\\+ plus" in md and "1\\. one" in md


def test_md_escape_examples():
    assert md_escape("# title") == "\\# title"
    assert md_escape("a_b*c`d") == "a\\_b\\*c\\`d"
    assert md_escape("R&D &amp;") == "R&D \\&amp;"
    assert md_escape("> quote") == "\\> quote"


def test_markdown_in_finnish(finnish):
    md = render(finnish, "md").decode("utf-8")
    assert "## Tiekartta" in md and "Vastuuhenkilö:" in md and "kuuta 20" in md


# ----------------------------------------------------------------------- HTML


def test_html_has_the_same_content(english):
    html = render(english, "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<svg" in html and "<style>" in html
    assert 'font-family: "DejaVu Sans"' in html  # our CSS is inlined unescaped
    for text in ("Decisions for leadership", "Executive summary", "Roadmap",
                 "Impact and effort", "What we heard", "Readiness", "Live delivery tracking"):
        assert text in html
    assert "Appendix: all notes" not in html
    full = render(english, "html", ExportOptions(full=True)).decode("utf-8")
    assert "Appendix: all notes" in full
    assert "&lt;b&gt;" in full  # a note's markup is shown, not obeyed
    assert "- dash<br/>+ plus<br/>1. one" in full  # line breaks survive, escaped
    assert "http://" not in html and "https://" not in html


def test_strict_applies_to_every_report_format(english):
    for fmt in ("html", "md", "csv"):
        with pytest.raises(InvalidInput, match="not ready"):
            render(english, fmt, ExportOptions(strict=True))


def test_no_initiatives_everywhere():
    service = new_service()
    snap = service.snapshot(build(service, "en", initiatives=0, notes=2))
    assert "No initiatives were created" in render(snap, "md").decode()
    assert "No initiatives were created" in render(snap, "html").decode()
    assert len(_rows(render(snap, "csv"))) == 0


def test_json_is_the_full_archive(english):
    data = json.loads(render(english, "json"))
    assert data["format"] == "sprintkit-archive"
    assert len(data["notes"]) == len(english.notes)


# ------------------------------------------------------------------------ CLI


def test_cli_export_md_and_csv(tmp_path, monkeypatch):
    from sprintkit.cli import cli

    db = tmp_path / "cli.db"
    from sprintkit.service import WorkshopService
    from sprintkit.store import Store

    store = Store(db)
    build(WorkshopService(store), "fi", notes=5)
    store.close()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "export", "1", "--format", "md"])
    assert result.exit_code == 0, result.output
    path = tmp_path / result.output.strip()
    assert path.parent.name == "exports" and path.suffix == ".md"
    assert "Tiekartta" in path.read_text(encoding="utf-8")
    out = tmp_path / "rows.csv"
    result = runner.invoke(cli, ["--db", str(db), "export", "1", "--format", "csv", "-o",
                                 str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_decimals_follow_the_language(english, finnish):
    from sprintkit.export.report import build_report

    assert build_report(english).dec(4.25) == "4.2"
    assert build_report(finnish).dec(3.5) == "3,5"
    assert "Vaikutus / työmäärä: " in render(finnish, "md").decode("utf-8")
