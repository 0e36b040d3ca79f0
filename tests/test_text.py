"""Cleaning and escaping of text from people (sprintkit.text)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintkit.text import clean_block, clean_line, terminal_safe

HIJACK = "\x1b[2J\x1b[31mTERMINAL HIJACK\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4gIw==\x07ok"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_terminal_safe_shows_escapes_instead_of_sending_them():
    assert terminal_safe(HIJACK) == "\\x1b[2J\\x1b[31mTERMINAL HIJACK\\x1b]0;pwned\\x07"
    assert terminal_safe(CLIPBOARD) == "\\x1b]52;c;cm0gLXJmIH4gIw==\\x07ok"
    assert terminal_safe("csi \x9b2J del \x7f") == "csi \\x9b2J del \\x7f"
    assert terminal_safe("evil \u202etxt.exe") == "evil \\u202etxt.exe"


def test_terminal_safe_line_breaks():
    assert terminal_safe("one\r\ntwo\nthree\tfour\u2028five") == "one two three four five"
    assert terminal_safe("one\r\ntwo\tx\x1b", multiline=True) == "one\ntwo\tx\\x1b"


def test_terminal_safe_leaves_ordinary_text_alone():
    text = "Päivi Mäkinen [b]IT[/] — 👩‍💻 \\x1b"
    assert terminal_safe(text) == text
    assert terminal_safe(text, multiline=True) == text


def test_clean_line_and_block():
    assert clean_line(HIJACK) == "[2J[31mTERMINAL HIJACK]0;pwned"
    assert clean_line(" a\r\nb\tc\x85d ") == " a b c d "
    assert clean_block("a\r\nb\rc\td\x1b[0m\x07") == "a\nb\nc\td[0m"


@pytest.mark.parametrize("func", [clean_line, terminal_safe])
@given(st.text())
def test_no_control_character_survives_one_line(func, text):
    out = func(text)
    assert not CONTROL.search(out)
    assert "\n" not in out and "\t" not in out


@given(st.text())
def test_no_control_character_survives_a_block(text):
    assert not CONTROL.search(clean_block(text))
    assert not CONTROL.search(terminal_safe(text, multiline=True))
