"""No English on a Swedish screen.

Each main screen of a Swedish workshop is drawn, and every English text of a
``tui:`` catalog message that differs from its Swedish translation must be
absent from it. Messages with placeholders are checked piece by piece, so a
counted or named message leaks even when its numbers and names differ.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from test_tui_snapshots import build
from textual.widgets import Input

from sprintkit import i18n
from sprintkit.tui.app import SprintkitApp

LOCALE = Path(__file__).resolve().parent.parent / "sprintkit" / "i18n" / "locale"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
CELL = 12.2  # the width of one terminal cell in Textual's screenshots
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def _texts(language: str) -> dict[str, list[str]]:
    with open(LOCALE / language / "LC_MESSAGES" / "sprintkit.po", "rb") as fh:
        book = read_po(fh)
    out = {}
    for entry in book:
        msgid = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        if msgid.startswith("tui:"):
            out[msgid] = list(entry.string) if isinstance(entry.string, tuple) \
                else [entry.string]
    return out


def english_pieces() -> dict[str, set[str]]:
    """For each English fragment worth looking for, the messages it comes from.

    A fragment is the text between placeholders. One that is also in the
    Swedish text of the same message is a word both languages share (``IT``,
    ``Timer``) and proves nothing; so is one too short to be a word."""
    swedish = _texts("sv")
    pieces: dict[str, set[str]] = {}
    for msgid, texts in _texts("en").items():
        theirs = " ".join(swedish.get(msgid, []))
        for text in texts:
            for piece in _PLACEHOLDER.split(text):
                piece = piece.strip(" \t\n·:;,.()[]/–—-+…!?%")
                if len(re.findall(r"[A-Za-z]", piece)) < 3 or piece in theirs:
                    continue
                pieces.setdefault(piece, set()).add(msgid)
    return pieces


PIECES = english_pieces()


def screen_lines(svg: str) -> list[str]:
    """The rows of text a screenshot shows, read back from its SVG.

    Runs of blank cells are drawn as rectangles, not text, so each piece of
    text is put back at its column: two words apart on screen stay apart."""
    rows: dict[float, list[tuple[int, str]]] = {}
    for match in _TEXT.finditer(svg):
        text = html.unescape(match.group(3)).replace("\xa0", " ")
        column = round(float(match.group(1)) / CELL)
        rows.setdefault(float(match.group(2)), []).append((column, text))
    lines = []
    for _y, row in sorted(rows.items()):
        line = ""
        for column, text in sorted(row):
            line = line.ljust(column) + text
        lines.append(line)
    return lines


def leaks(lines: list[str]) -> list[str]:
    found = []
    for piece, msgids in sorted(PIECES.items()):
        # Whole words only: "Step" must not be found inside a Swedish word.
        pattern = re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)")
        for line in lines:
            if pattern.search(line):
                found.append(f"{piece!r} ({', '.join(sorted(msgids))}) in: {line.strip()}")
    return found


SCREENS = {
    "home": ("customers", (), True),
    "capture": ("customers", (), False),
    "long intro": ("staff", ("ctrl+o",), False),
    "group": ("grouping", ("space",), False),
    "vote result": ("voting", ("v",), False),
    "score matrix": ("scoring", ("m",), False),
    "roadmap": ("roadmap", (), False),
    "review": ("review", (), False),
    "people": ("customers", ("f3",), False),
    "voices": ("customers", ("f4",), False),
    "history": ("customers", ("f8",), False),
    "help": ("customers", ("f1",), False),
    "steps": ("customers", ("escape",), False),
    "new workshop": ("customers", ("n",), True),
    "add person": ("customers", ("f3", "a"), False),
    "export": ("customers", ("f9",), False),
    "ballot": ("voting", ("b",), False),
    "scores": ("scoring", ("enter",), False),
    "owner": ("roadmap", ("o",), False),
    "contributors": ("roadmap", ("c",), False),
    "move note": ("customers", ("escape", "tab", "m"), False),
    "delete note": ("customers", ("escape", "tab", "d"), False),
    "open round": ("voting", ("o",), False),
}


async def draw(db: Path, name: str) -> list[str]:
    """The text of one screen of the Swedish snapshot workshop."""
    current, keys, home = SCREENS[name]
    svc, wid = build(db, "sv", current)
    app = SprintkitApp(db, None if home else wid, service=svc)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            for field in pilot.app.screen.query(Input):
                field.cursor_blink = False
            pilot.app.clear_notifications()
            await pilot.pause()
            return screen_lines(pilot.app.export_screenshot())
    finally:
        svc.store.close()


def test_the_check_finds_an_english_text() -> None:
    assert "Speaker" in PIECES and "Talare" not in PIECES
    assert leaks(["  Speaker: Anonym"]) and not leaks(["Talare: Anonym", "Speakers"])


async def test_a_missing_translation_shows_up_as_english(tmp_path, monkeypatch) -> None:
    """Without its Swedish text a message falls back to English, and the check sees it."""
    monkeypatch.setenv("SPRINTKIT_LANG", "sv")
    swedish = i18n.catalog("sv")
    monkeypatch.setattr(swedish, "ids", swedish.ids - {"tui:people.title"})
    found = leaks(await draw(tmp_path / "s.db", "people"))
    assert found == ["'Participants' (tui:cmd.people, tui:help.people, tui:people.title) "
                     "in: Participants"]


@pytest.mark.parametrize("name", SCREENS)
async def test_a_swedish_screen_shows_no_english(tmp_path, monkeypatch, name) -> None:
    monkeypatch.setenv("SPRINTKIT_LANG", "sv")
    lines = await draw(tmp_path / "s.db", name)
    assert sum(bool(line.strip()) for line in lines) > 3
    assert leaks(lines) == []


def test_numbers_take_the_language_s_decimal_sign() -> None:
    assert [i18n.format_number(v, "sv") for v in (2.0, 1.5, 13 / 3)] == ["2", "1,5", "4,33"]
    assert [i18n.format_number(v, "en") for v in (2.0, 1.5, 13 / 3)] == ["2", "1.5", "4.33"]


async def test_mean_scores_are_written_with_a_decimal_comma(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SPRINTKIT_LANG", "sv")
    listed = "\n".join(await draw(tmp_path / "list.db", "scores"))
    assert "Återbetalning utan blankett  effekt 4,33 · insats 1,67 (3)  Snabb vinst" in listed
    matrix = "\n".join(await draw(tmp_path / "matrix.db", "score matrix"))
    assert "4,3/1,7  Återbetalning utan blankett" in matrix
    assert "4,0/4,3  Förseningar meddelas direkt" in matrix
