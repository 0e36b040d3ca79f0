"""The follow-up room's refusals: every reason the service gives for refusing
an owner's update reaches the phone as its own words, in the workshop's
language, with a 400, nothing stored and what the owner typed still there."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from sprintkit import i18n
from sprintkit.errors import InvalidInput
from sprintkit.web.handlers.followup import REFUSALS, refusal
from sprintkit.web.labels import translator
from sprintkit.web.server import create_app
from tests.test_web import Phone

SERVICE = Path(__file__).resolve().parent.parent / "sprintkit" / "service"

# What a phone's update goes through in the service (CheckIns.record_check_in
# and what it calls), where its refusals are raised.
UPDATE_PATH = {"record_check_in", "roadmap_item", "_check_owner", "_by", "set_status",
               "_update", "add_reading", "add_readings", "_check_reading", "_check_after_workshop",
               "_iso_day",
               "_clean", "_day", "_op"}
# Refusals the page does not word on their own, and why.
NOT_WORDED = {
    "not_on_roadmap": "403, not this phone's item (tested in test_web_followup)",
    "not_your_item": "403, as above",
    "unknown_status": "the handler refuses a status not in the list before the service",
    "nul": "no phone types a NUL; a crafted request gets 'did not look right', as notes do",
    "empty": "every field of the form may be left blank",
    "no_readings": "a phone sends one reading at a time, never none",
}


@pytest.fixture(params=["en", "fi", "sv"])
async def owner(request, aiohttp_client, service, mini_playbook):
    """Ann's phone in the check-in room of a workshop held in five days, in
    each language: she owns a numeric item and one without a metric."""
    language = request.param
    held_on = date.today() + timedelta(days=5)
    ws = service.create_workshop("Sprint", replace(mini_playbook, language=language),
                                 facilitator="Fay", held_on=held_on)
    ann = service.add_participant(ws.id, "Ann", "Sales")
    refunds = service.create_initiative(ws.id, "Faster refunds").id
    chat = service.create_initiative(ws.id, "Chat on the web shop").id
    service.set_roadmap(ws.id, refunds, phase="now", owner="Ann", metric="Refunds in 3 days",
                        baseline="60", target="80", unit="%")
    service.set_roadmap(ws.id, chat, phase="now", owner="Ann")
    phone = Phone(await aiohttp_client(create_app(service, ws.id, follow_up=True)),
                  service.join_token(ws.id))
    await phone.join(ann.id)
    return language, ws, phone, {"refunds": refunds, "chat": chat}


def stored(service, ws):
    return (service.store.query("SELECT id FROM status_updates WHERE workshop_id = ?", [ws.id]),
            service.store.query("SELECT id FROM readings WHERE workshop_id = ?", [ws.id]))


def shown(html: str) -> str:
    """The refusal's line on the page (the catalog's text is escaped there)."""
    return html.split('<p class="alert" role="alert">')[1].split("</p>")[0]


def words(language: str, key: str, **values: object) -> str:
    dates = {k: i18n.format_date(v, language) if isinstance(v, date) else v
             for k, v in values.items()}
    return translator(language)(key, **dates)


async def test_a_check_in_before_the_workshop_is_refused_in_words(owner, service):
    language, ws, phone, items = owner
    form = {"item": str(items["refunds"]), "status": "on-track", "value": "64,5",
            "comment": "Forms <gone> at two stations", "next": "Ask IT",
            "due": (date.today() + timedelta(days=30)).isoformat()}
    response = await phone.post("/update", form)
    assert response.status == 400
    assert shown(phone.html) == words(language, "err_fu_before_workshop",
                                      value=date.today(),
                                      held_on=date.fromisoformat(ws.held_on))
    assert "{" not in shown(phone.html)
    # What Ann typed is in her item's form again, escaped.
    assert 'value="64,5"' in phone.html and "Forms &lt;gone&gt; at two stations" in phone.html
    assert 'value="Ask IT"' in phone.html and f'value="{form["due"]}"' in phone.html
    assert stored(service, ws) == ([], [])


async def test_a_due_date_before_the_check_in_is_refused_in_words(owner, service):
    language, ws, phone, items = owner
    service.update_workshop(ws.id, held_on=date.today() - timedelta(days=40))
    due = date.today() - timedelta(days=3)
    response = await phone.post("/update", {"item": str(items["refunds"]), "status": "at-risk",
                                            "value": "70", "comment": "Late", "next": "Ask IT",
                                            "due": due.isoformat()})
    assert response.status == 400
    assert shown(phone.html) == words(language, "err_fu_due_passed", value=due,
                                      date=date.today())
    assert i18n.format_date(due, language) in phone.html
    assert 'value="70"' in phone.html and f'value="{due.isoformat()}"' in phone.html
    # The reading comes first in the same transaction: it is gone with the status.
    assert stored(service, ws) == ([], [])
    # The same update with today as its due date is taken.
    response = await phone.post("/update", {"item": str(items["refunds"]), "status": "at-risk",
                                            "value": "70", "next": "Ask IT",
                                            "due": date.today().isoformat()})
    assert response.status == 303
    assert [len(rows) for rows in stored(service, ws)] == [1, 1]


async def test_a_reading_for_an_item_without_a_metric_is_refused_in_words(owner, service):
    language, ws, phone, items = owner
    service.update_workshop(ws.id, held_on=date.today())
    response = await phone.post("/update", {"item": str(items["chat"]), "status": "done",
                                            "value": "12", "comment": "Live since May"})
    assert response.status == 400
    assert shown(phone.html) == words(language, "err_fu_no_metric")
    assert "Live since May" in phone.html
    assert stored(service, ws) == ([], [])


async def test_too_long_says_how_long_it_may_be(owner, service):
    language, ws, phone, items = owner
    service.update_workshop(ws.id, held_on=date.today())
    for field, limit in (("comment", 2000), ("next", 300), ("value", 300)):
        response = await phone.post("/update", {"item": str(items["refunds"]),
                                                "status": "done", field: "x" * (limit + 1)})
        assert response.status == 400
        assert shown(phone.html) == words(language, "err_too_long", max=limit), field
    assert stored(service, ws) == ([], [])


def _update_refusals() -> dict[str, set[str]]:
    """Every key an InvalidInput is raised with on the update's path in the
    service, with the parameters it carries."""
    raised: dict[str, set[str]] = {}
    for path in SERVICE.glob("*.py"):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef) or function.name not in UPDATE_PATH:
                continue
            for node in ast.walk(function):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "InvalidInput"):
                    names = {k.arg for k in node.keywords if k.arg}
                    for keyword in node.keywords:
                        if keyword.arg == "key" and isinstance(keyword.value, ast.Constant):
                            raised.setdefault(keyword.value.value, set()).update(
                                names - {"key"})
    return raised


def test_every_refusal_on_the_update_path_has_phone_words():
    raised = _update_refusals()
    # the scan finds what it looks for: the newer date checks among the rest
    assert {"check_in_before_workshop", "due_before_check_in", "reading_not_number",
            "too_long", "changed_while_saving"} <= set(raised)
    # A workshop's own date is checked where it is set; no phone sets it.
    assert "held_on_range" not in raised
    assert set(raised) - set(NOT_WORDED) <= set(REFUSALS)
    for key in set(raised) - set(NOT_WORDED):
        assert set(REFUSALS[key][1]) <= raised[key], key


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_each_refusal_reads_whole_in_every_language(language):
    sample = {"value": "2026-03-02", "held_on": "2026-03-09", "date": "2026-03-02",
              "limit": 300, "length": 301, "field": "comment", "title": "Faster refunds"}
    generic = words(language, "err_bad_input")
    for key, (message, _) in REFUSALS.items():
        problem = refusal(InvalidInput("refused", key=key, **sample))
        assert (problem.status, problem.key) == (400, message)
        text = words(language, problem.key, **problem.values)
        assert text and "{" not in text and text != generic, key
        assert (text == words("en", problem.key, **problem.values)) == (language == "en"), key
    assert refusal(InvalidInput("new rule", key="some_new_rule")).key == "err_bad_input"
    dated = refusal(InvalidInput("x", key="due_before_check_in", **sample))
    assert dated.values == {"value": date(2026, 3, 2), "date": date(2026, 3, 2)}
