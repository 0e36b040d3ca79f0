"""A refused vote is worded from the service's own reason (key and parameters),
in the workshop's language, with its HTTP status, and stores nothing."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from sprintkit.errors import BallotChanged, VoteRejected
from sprintkit.web.handlers.vote import REFUSALS, refusal
from sprintkit.web.labels import translator
from sprintkit.web.server import create_app
from tests.test_web import JSON, Phone

SERVICE = Path(__file__).resolve().parent.parent / "sprintkit" / "service"


@pytest.fixture(params=["en", "fi"])
async def room(request, aiohttp_client, service, mini_playbook):
    """Ann's phone in a workshop with two initiatives and an open round of 5 dots,
    at most 3 per initiative."""
    ws = service.create_workshop("Sprint", replace(mini_playbook, language=request.param))
    ann = service.add_participant(ws.id, "Ann", "Sales")
    first = service.create_initiative(ws.id, "Faster onboarding").id
    second = service.create_initiative(ws.id, "Self-service returns").id
    service.set_current_section(ws.id, "voting")
    service.open_round(ws.id, dots=5, max_per_item=3)
    phone = Phone(await aiohttp_client(create_app(service, ws.id)), service.join_token(ws.id))
    await phone.join(ann.id)
    return request.param, ws, phone, first, second


def rows(service, ws):
    rnd = service.current_round(ws.id)
    return sorted((v.participant_id, v.initiative_id, v.dots) for v in service.votes(rnd.id))


async def vote(phone, item, **fields):
    response = await phone.post("/vote", {"initiative": str(item), **fields}, headers=JSON)
    return response.status, (await response.json())


# Each case: the votes cast first (item index, times), the refused request, and
# the message expected in each language.
CASES = {
    "item_max": ([(0, 3)], ("/vote", 0, {}), {
        "en": "That initiative already has the most dots allowed (3).",
        "fi": "Kohteella on jo suurin sallittu määrä pisteitä (3)."}),
    "budget_spent": ([(0, 3), (1, 2)], ("/vote", 1, {}), {
        "en": "Not enough dots: 0 of 5 left.",
        "fi": "Pisteet eivät riitä: 0/5 jäljellä."}),
    "budget_short": ([(0, 3), (1, 1)], ("/vote", 1, {"dots": "2"}), {
        "en": "Not enough dots: 1 of 5 left.",
        "fi": "Pisteet eivät riitä: 1/5 jäljellä."}),
    "none_to_take_back": ([], ("/vote", 1, {"op": "remove"}), {
        "en": "You have no dots on that initiative.",
        "fi": "Sinulla ei ole pisteitä tällä kohteella."}),
    "too_many_to_take_back": ([(0, 1)], ("/vote", 0, {"op": "remove", "dots": "2"}), {
        "en": "You cannot take back 2: you have 1 on that initiative.",
        "fi": "Et voi ottaa takaisin pisteitä 2: kohteella on sinulta 1."}),
    "ballot_max": ([], ("/ballot", None, {0: "4"}), {
        "en": "That initiative already has the most dots allowed (3).",
        "fi": "Kohteella on jo suurin sallittu määrä pisteitä (3)."}),
    "ballot_over": ([(0, 1)], ("/ballot", None, {0: "3", 1: "3"}), {
        "en": "That is 6 dots, more than the 5 each person has.",
        "fi": "Pisteitä on 6, mutta jokaisella on käytössään 5."}),
}


@pytest.mark.parametrize("case", CASES)
async def test_each_refusal_has_its_status_and_words(room, service, case):
    language, ws, phone, *items = room
    cast, (path, target, fields), expected = CASES[case]
    for index, times in cast:
        for _ in range(times):
            assert (await vote(phone, items[index]))[0] == 200
    before = rows(service, ws)
    if path == "/ballot":
        form = {f"d{items[index]}": value for index, value in fields.items()}
        response = await phone.post("/ballot", form, headers=JSON)
        status, body = response.status, await response.json()
    else:
        status, body = await vote(phone, items[target], **fields)
    assert (status, body) == (409, {"ok": False, "error": expected[language]})
    assert rows(service, ws) == before


async def test_a_closed_round_refuses_every_kind_of_vote(room, service):
    language, ws, phone, first, second = room
    assert (await vote(phone, first))[0] == 200
    service.close_round(ws.id)
    before = rows(service, ws)
    words = {"en": "Voting is not open right now.", "fi": "Äänestys ei ole nyt auki."}
    for path, data in (("/vote", {"initiative": str(first)}),
                       ("/vote", {"initiative": str(first), "op": "remove"}),
                       ("/ballot", {f"d{second}": "1"})):
        response = await phone.post(path, data, headers=JSON)
        assert response.status == 409
        assert (await response.json())["error"] == words[language]
    assert rows(service, ws) == before


async def test_a_refusal_on_the_page_itself_keeps_the_room_in_view(room, service):
    language, ws, phone, first, _ = room
    for _ in range(3):
        await vote(phone, first)
    response = await phone.post("/vote", {"initiative": str(first)})
    assert response.status == 409
    words = {"en": "That initiative already has the most dots allowed (3).",
             "fi": "Kohteella on jo suurin sallittu määrä pisteitä (3)."}
    assert words[language] in phone.html
    assert "Faster onboarding" in phone.html


def test_every_reason_the_service_gives_has_its_own_words():
    raised: set[str] = set()
    for path in SERVICE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("VoteRejected", "BallotChanged")):
                for keyword in node.keywords:
                    if keyword.arg == "key" and isinstance(keyword.value, ast.Constant):
                        raised.add(keyword.value.value)
    assert "budget_left" in raised  # the scan finds what it looks for
    # over_budget is the facilitator's (closing a round), never a phone's vote
    assert raised - {"over_budget"} <= set(REFUSALS)


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_a_changed_ballot_and_an_unknown_reason_are_still_clear(language):
    t = translator(language)
    changed = refusal(BallotChanged("changed", key="ballot_changed", name="Ann", current={}))
    unknown = refusal(VoteRejected("new rule", key="some_new_rule", limit=2))
    assert (changed.status, changed.key) == (409, "err_ballot_changed")
    assert (unknown.status, unknown.key) == (409, "err_refused")
    english = translator("en")
    for problem in (changed, unknown):
        text = t(problem.key, **problem.values)
        assert text and "{" not in text
        assert (text == english(problem.key)) == (language == "en")
