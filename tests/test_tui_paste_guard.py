"""A pasted escape code arrives as one paste of plain text, never as key presses."""

from __future__ import annotations

from textual import events

from sprintkit.tui.paste_guard import PasteSafeParser

HOSTILE = "Pasted \x1b[2J\x1b[31mHIJACK\x1b]0;pwned\x07 tail"
START, END = "\x1b[200~", "\x1b[201~"


def _events(chunks: list[str]) -> list[events.Event]:
    parser = PasteSafeParser()
    found: list[events.Event] = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))
    return found


def test_a_paste_with_escape_codes_is_one_paste_and_no_keys():
    found = _events([START + HOSTILE + END])
    assert [type(e) for e in found] == [events.Paste]
    assert found[0].text == "Pasted [2J[31mHIJACK]0;pwned tail"


def test_markers_and_escapes_split_across_reads():
    data = "ab" + START + "one\x1b[31m\ntwo\x07" + END + "c"
    for size in (1, 2, 3, 5, 7):
        chunks = [data[i:i + size] for i in range(0, len(data), size)]
        found = _events(chunks)
        pastes = [e.text for e in found if isinstance(e, events.Paste)]
        keys = [e.character for e in found if isinstance(e, events.Key)]
        assert pastes == ["one[31m\ntwo"], size
        assert keys == ["a", "b", "c"], size


def test_keys_outside_a_paste_are_untouched():
    found = _events(["x\x1b[A", "\x07"])
    assert [e.key for e in found if isinstance(e, events.Key)] == ["x", "up", "ctrl+g"]


def test_the_drivers_still_name_the_parser_we_replace():
    from textual.drivers import linux_driver

    from sprintkit.tui import paste_guard

    original = linux_driver.XTermParser
    try:
        paste_guard.install()
        assert linux_driver.XTermParser is PasteSafeParser
    finally:
        linux_driver.XTermParser = original
