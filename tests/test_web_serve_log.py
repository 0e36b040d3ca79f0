"""The log ``sprintkit serve`` prints: one time stamp format on every line, user
text shortened between words, and a line for every kind of refused request."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest

from sprintkit.web.console import shorten
from sprintkit.web.serve import _print_event, serve_log
from sprintkit.web.server import RoomEvent, create_app
from tests.test_web import JSON, Phone

LOGGER = "sprintkit.web.handlers.base"  # the page's QuietLog
LINE = re.compile(r"^\d\d:\d\d:\d\d  [a-z]+ +\S")


@pytest.fixture
async def phone(aiohttp_client, service, workshop):
    app = create_app(service, workshop.id, on_change=_print_event(service, workshop.id),
                     vote_event_interval=0.2)
    phone = Phone(await aiohttp_client(app), service.join_token(workshop.id))
    await phone.join(service.participant(workshop.id, "Ann").id)
    return phone


def refusals(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == LOGGER and r.levelno >= logging.WARNING]


async def test_events_and_warnings_share_one_time_stamp(phone, capsys):
    with serve_log():
        capsys.readouterr()
        await phone.post("/note", {"text": "Customers wait on the phone"})
        response = await phone.client.post(
            phone.base + "/note", data=b"garbage without any boundary",
            headers={"Content-Type": "multipart/form-data; boundary=x"})
        assert response.status == 400
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert any(" note " in line and "Customers wait" in line for line in lines)
    assert any("warning  unreadable request" in line for line in lines)
    assert all(LINE.match(line) for line in lines), lines
    assert captured.err == ""


async def test_a_grouped_vote_line_keeps_its_own_words_whole(phone, service, workshop,
                                                             capsys):
    title = "Make the returns desk answer every customer within a single working day"
    item = service.create_initiative(workshop.id, title).id
    service.set_current_section(workshop.id, "voting")
    service.open_round(workshop.id, dots=5, max_per_item=3)
    capsys.readouterr()
    for _ in range(3):
        assert (await phone.post("/vote", {"initiative": str(item)}, headers=JSON)
                ).status == 200
    await asyncio.sleep(0.35)
    votes = [line for line in capsys.readouterr().out.splitlines() if " vote " in line]
    grouped = next(line for line in votes if "dot changes" in line)
    assert grouped.endswith("latest: +1 on 'Make the returns desk answer every…' "
                            "(3 of 5 spent)")
    assert votes[0].endswith("(1 of 5 spent)")


def test_a_long_note_or_name_gives_way_between_words(service, workshop, capsys):
    show = _print_event(service, workshop.id)
    ann = service.participant(workshop.id, "Ann").id
    note = ("The onboarding letter arrives two weeks after the first invoice, "
            "so customers call to ask what they pay for")
    show(RoomEvent("note", ann, note))
    line = capsys.readouterr().out.strip()
    assert LINE.match(line)
    text = line.split("Ann: ", 1)[1]
    assert text.endswith("…") and len(text) <= 60
    assert note.startswith(text[:-1]) and note[len(text) - 1] == " "
    assert shorten("a" * 100, 10) == "a" * 9 + "…"  # one endless word still ends
    assert shorten("  short\n text ", 60) == "short text"


MULTIPART = {"Content-Type": "multipart/form-data; boundary=x"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(("what", "body", "headers", "status"), [
    ("a file where a text field goes",
     b'--x\r\nContent-Disposition: form-data; name="text"; filename="a.txt"\r\n\r\nhi\r\n'
     b"--x--\r\n", MULTIPART, 400),
    ("no CSRF token", b"text=hello", FORM, 403),
])
async def test_each_refused_request_kind_is_one_line(phone, service, workshop, caplog,
                                                     what, body, headers, status):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(3):
            response = await phone.client.post(phone.base + "/note", data=body,
                                               headers=headers)
            assert response.status == status, what
    assert service.notes(workshop.id) == []
    lines = refusals(caplog)
    assert len(lines) == 1, lines  # the same kind again is held back for a while
    assert lines[0].startswith(f"refused POST /j/…/note from 127.0.0.1: {status}, ")
    assert service.join_token(workshop.id) not in lines[0]


async def test_a_bad_multipart_body_does_not_hide_a_utf16_form(phone, service, workshop,
                                                                caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for body, headers in ((b"garbage without any boundary", MULTIPART),
                              ("csrf=x&text=hello".encode("utf-16"), FORM)):
            response = await phone.client.post(phone.base + "/note", data=body,
                                               headers=headers)
            assert response.status == 400
    assert service.notes(workshop.id) == []
    lines = refusals(caplog)
    assert len(lines) == 2, lines
    assert lines[0].startswith("unreadable request from 127.0.0.1: ValueError: ")
    assert lines[1].startswith("unreadable request from 127.0.0.1: UnicodeDecodeError: ")


async def test_a_body_the_parser_cannot_follow_is_logged_once_not_twice(phone, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = await phone.client.post(
            phone.base + "/note", data=b"--x\r\nno headers at all\r\n--x--\r\n",
            headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert response.status == 400
    lines = refusals(caplog)
    assert len(lines) == 1 and lines[0].startswith("unreadable request body"), lines


async def test_a_vote_over_the_rules_is_not_logged(phone, service, workshop, caplog):
    item = service.create_initiative(workshop.id, "Faster onboarding").id
    service.set_current_section(workshop.id, "voting")
    service.open_round(workshop.id, dots=1, max_per_item=1)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for expected in (200, 409):
            response = await phone.post("/vote", {"initiative": str(item)}, headers=JSON)
            assert response.status == expected
    assert refusals(caplog) == []
