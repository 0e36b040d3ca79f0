"""The phone page over HTTP: every endpoint, and every kind of bad input."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from sprintkit.playbooks import load_playbook_file
from sprintkit.web.server import (
    NOTE_MAX_CHARS,
    PAGE,
    SESSION_COOKIE,
    Limits,
    RoomEvent,
    create_app,
)

FIXTURES = Path(__file__).parent / "fixtures"

JSON = {"Accept": "application/json"}


class Phone:
    """One participant's browser: its own cookies, and the page's CSRF token."""

    def __init__(self, client, token: str) -> None:
        self.client = client
        self.base = f"/j/{token}"
        self.csrf = ""
        self.html = ""

    async def get(self, path: str = "", **kwargs):
        response = await self.client.get(self.base + path, **kwargs)
        if response.content_type == "text/html":
            self.html = await response.text()
            match = re.search(r'name="csrf" value="([^"]+)"', self.html)
            if match:
                self.csrf = match.group(1)
        return response

    async def post(self, path: str, data: dict | None = None, *, csrf: bool = True,
                   follow: bool = False, **kwargs):
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf", self.csrf)
        response = await self.client.post(self.base + path, data=form,
                                          allow_redirects=follow, **kwargs)
        if response.content_type == "text/html":
            self.html = await response.text()
        return response

    async def join(self, participant_id: int) -> None:
        await self.get()
        response = await self.post("/join", {"participant": str(participant_id)})
        assert response.status == 303, await response.text()
        await self.get()


@pytest.fixture
def events():
    return []


@pytest.fixture
def token(service, workshop):
    return service.join_token(workshop.id)


@pytest.fixture
async def server(aiohttp_server, service, workshop, events):
    app = create_app(service, workshop.id, on_change=events.append, vote_event_interval=0)
    return await aiohttp_server(app)


@pytest.fixture
async def phone_factory(aiohttp_client, server, token):
    async def make() -> Phone:
        return Phone(await aiohttp_client(server), token)
    return make


@pytest.fixture
async def ann(phone_factory, service, workshop):
    phone = await phone_factory()
    await phone.join(service.participant(workshop.id, "Ann").id)
    return phone


@pytest.fixture
def voting(service, workshop):
    """Two initiatives and an open round of 5 dots, at most 3 per initiative."""
    first = service.create_initiative(workshop.id, "Faster onboarding")
    second = service.create_initiative(workshop.id, "Self-service returns")
    service.set_current_section(workshop.id, "voting")
    service.open_round(workshop.id, dots=5, max_per_item=3)
    return first.id, second.id


def vote_rows(service, workshop):
    rnd = service.current_round(workshop.id)
    return sorted((v.participant_id, v.initiative_id, v.dots) for v in service.votes(rnd.id))


# ------------------------------------------------------------------ the token


async def test_wrong_or_missing_token_is_404_everywhere(phone_factory, server):
    phone = await phone_factory()
    phone.base = "/j/not-the-token"
    for path in ("", "/state"):
        assert (await phone.get(path)).status == 404
    for path in ("/join", "/note", "/vote", "/ballot", "/leave"):
        assert (await phone.post(path, {"participant": "1"})).status == 404
    phone.base = ""
    for path in ("/", "/j", "/j/", "/anything", "/j/ä", "/j/nope/vote"):
        response = await phone.get(path)
        assert response.status in (404, 405)
        text = await response.text()
        assert "Scan the QR code" in text
        assert "Test sprint" not in text  # the workshop's name stays private


async def test_a_token_of_almost_the_right_length_is_refused(phone_factory, token):
    phone = await phone_factory()
    phone.base = "/j/" + token[:-1] + ("A" if token[-1] != "A" else "B")
    assert (await phone.get()).status == 404


# ------------------------------------------------------------------ joining


async def test_join_page_lists_names_and_sets_a_safe_cookie(phone_factory):
    phone = await phone_factory()
    response = await phone.get()
    assert response.status == 200
    for name in ("Ann", "Bo", "Cy"):
        assert f'<span class="n">{name}</span>' in phone.html
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f"Path={phone.base}" in cookie
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"


async def test_pick_your_name_then_reload_keeps_identity(phone_factory, service, workshop,
                                                         events, server):
    phone = await phone_factory()
    await phone.get()
    before = phone.client.session.cookie_jar.filter_cookies(
        phone.client.make_url(phone.base))[SESSION_COOKIE].value
    ann_id = service.participant(workshop.id, "Ann").id
    response = await phone.post("/join", {"participant": str(ann_id)})
    assert response.status == 303
    assert response.headers["Location"] == phone.base
    after = phone.client.session.cookie_jar.filter_cookies(
        phone.client.make_url(phone.base))[SESSION_COOKIE].value
    assert after != before  # a fresh session id once the phone has an identity
    for _ in range(2):
        await phone.get()
        assert "Hi, Ann" in phone.html
    assert events == [RoomEvent("joined", ann_id, "Sales")]
    assert server.app[PAGE].joined == {ann_id}


async def test_add_yourself_with_a_role(phone_factory, service, workshop):
    phone = await phone_factory()
    await phone.get()
    response = await phone.post("/join", {"name": "  Dana  ", "role": "Customer service"})
    assert response.status == 303
    person = service.participant(workshop.id, "Dana")
    assert person.role == "Customer service"
    assert service.history(workshop.id)[0].source == "phone"
    await phone.get()
    assert "Hi, Dana" in phone.html


@pytest.mark.parametrize(("form", "status", "message"), [
    ({"name": "ann"}, 409, "already on the list"),
    ({"name": "   "}, 400, "Write your name first"),
    ({"name": "x" * 121}, 400, "at most 120 characters"),
    ({"name": "Eve", "role": "r" * 121}, 400, "at most 120 characters"),
    ({"name": "Eve\x00"}, 400, "did not look right"),
    ({"participant": "999"}, 400, "no longer on the list"),
    ({"participant": "Ann"}, 400, "no longer on the list"),
    ({"participant": "-1"}, 400, "no longer on the list"),
])
async def test_bad_joins_are_refused_and_store_nothing(phone_factory, service, workshop,
                                                       form, status, message):
    phone = await phone_factory()
    await phone.get()
    response = await phone.post("/join", form)
    assert response.status == status
    assert message in phone.html
    assert [p.name for p in service.participants(workshop.id)] == ["Ann", "Bo", "Cy"]
    if "name" in form and form["name"].strip():
        assert form["name"].strip()[:50] in phone.html or len(form["name"]) > 120


async def test_a_name_already_joined_on_another_phone_cannot_be_taken(
        phone_factory, ann, service, workshop):
    thief = await phone_factory()
    await thief.get()
    assert 'disabled' in thief.html and "joined" in thief.html
    ann_id = service.participant(workshop.id, "Ann").id
    response = await thief.post("/join", {"participant": str(ann_id)})
    assert response.status == 409
    assert "Ann has already joined on another phone" in thief.html
    await ann.get()
    assert "Hi, Ann" in ann.html


async def test_released_name_can_be_picked_again(phone_factory, ann, service, workshop,
                                                 server):
    ann_id = service.participant(workshop.id, "Ann").id
    server.app[PAGE].sessions.release(ann_id)
    other = await phone_factory()
    await other.join(ann_id)
    assert "Hi, Ann" in other.html
    await ann.get()
    assert "Who are you?" in ann.html


async def test_leave_frees_the_name(ann, phone_factory, service, workshop):
    response = await ann.post("/leave", {"confirm": "1"})
    assert response.status == 303
    await ann.get()
    assert "Who are you?" in ann.html
    other = await phone_factory()
    await other.join(service.participant(workshop.id, "Ann").id)
    assert "Hi, Ann" in other.html


async def test_a_removed_participant_goes_back_to_the_join_page(ann, service, workshop):
    service.remove_participant(workshop.id, "Ann")
    response = await ann.get()
    assert response.status == 200
    assert "Who are you?" in ann.html
    assert (await ann.post("/note", {"text": "hello"})).status == 403


async def test_a_renamed_participant_keeps_their_session(ann, service, workshop):
    service.update_participant(workshop.id, "Ann", name="Annika")
    await ann.get()
    assert "Hi, Annika" in ann.html
    await ann.post("/note", {"text": "still me"})
    note = service.notes(workshop.id)[-1]
    assert note.participant_id == service.participant(workshop.id, "Annika").id


async def test_phone_names_per_client_are_capped(aiohttp_client, service, workshop, token):
    app = create_app(service, workshop.id, limits=Limits(names_per_client=2))
    phone = Phone(await aiohttp_client(app), token)
    for name in ("P1", "P2"):
        await phone.get()
        assert (await phone.post("/join", {"name": name})).status == 303
        await phone.get()
        assert (await phone.post("/leave", {"confirm": "1"})).status == 303
    await phone.get()
    response = await phone.post("/join", {"name": "P3"})
    assert response.status == 429
    assert "enough names" in phone.html
    assert len(service.participants(workshop.id)) == 5


# ------------------------------------------------------------------ CSRF and sessions


@pytest.mark.parametrize("path", ["/join", "/note", "/vote", "/ballot", "/leave"])
@pytest.mark.parametrize("csrf", [None, "", "wrong", "x" * 500])
async def test_every_form_needs_the_csrf_token(ann, service, workshop, voting, path, csrf):
    data = {"participant": "1", "text": "sneaky", "initiative": str(voting[0]),
            "op": "add", "d1": "1", "name": "Mallory"}
    if csrf is not None:
        data["csrf"] = csrf
    before = (len(service.notes(workshop.id)), vote_rows(service, workshop),
              len(service.participants(workshop.id)))
    response = await ann.post(path, data, csrf=False)
    assert response.status == 403
    assert "expired" in ann.html
    after = (len(service.notes(workshop.id)), vote_rows(service, workshop),
             len(service.participants(workshop.id)))
    assert before == after
    await ann.get()
    assert "Hi, Ann" in ann.html  # a refused form does not log anyone out


async def test_a_cross_site_post_is_refused_even_with_the_token(ann, service, workshop,
                                                                voting):
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = await ann.post("/vote", {"initiative": str(voting[0])}, headers=headers)
        assert response.status == 403
    assert vote_rows(service, workshop) == []
    response = await ann.post("/vote", {"initiative": str(voting[0])},
                              headers={"Origin": "null", **JSON})
    assert response.status == 200  # a privacy-minded browser; the token still counts


@pytest.mark.parametrize("path", ["/note", "/vote", "/ballot"])
async def test_posting_without_joining_is_refused(phone_factory, service, workshop, voting,
                                                  path):
    phone = await phone_factory()
    await phone.get()
    response = await phone.post(path, {"text": "hi", "initiative": str(voting[0])})
    assert response.status == 403
    assert "Pick your name first" in phone.html
    assert service.notes(workshop.id) == []
    assert vote_rows(service, workshop) == []


async def test_a_session_cookie_from_elsewhere_is_ignored(phone_factory, token):
    phone = await phone_factory()
    phone.client.session.cookie_jar.update_cookies({SESSION_COOKIE: "made-up"},
                                                   phone.client.make_url(phone.base))
    response = await phone.get()
    assert response.status == 200
    assert "Who are you?" in phone.html
    response = await phone.post("/note", {"csrf": "anything", "text": "x"}, csrf=False)
    assert response.status == 403


# ------------------------------------------------------------------ notes


async def test_capture_page_shows_section_and_prompts(ann):
    assert "Business needs" in ann.html
    assert "What goal matters most?" in ann.html
    assert 'name="text"' in ann.html
    assert "Step 1 of 4" in ann.html


async def test_add_an_attributed_note_without_javascript(ann, service, workshop, events):
    response = await ann.post("/note", {"text": "Shorter queues", "prompt": "1",
                                        "section": "business-needs"})
    assert response.status == 303
    assert response.headers["Location"].endswith("?done=note&step=business-needs#note")
    note = service.notes(workshop.id)[-1]
    assert (note.text, note.prompt_index, note.section_id, note.source) == \
        ("Shorter queues", 1, "business-needs", "phone")
    assert note.participant_id == service.participant(workshop.id, "Ann").id
    assert events[-1] == RoomEvent("note", note.participant_id, "Shorter queues")
    await ann.get("?done=note")
    assert "Note added" in ann.html and "Shorter queues" in ann.html


async def test_add_an_anonymous_note_with_javascript(ann, service, workshop, events):
    response = await ann.post("/note", {"text": "Nobody reads the survey",
                                        "anonymous": "1"}, headers=JSON)
    assert response.status == 200
    body = await response.json()
    note = service.note(workshop.id, body["note"])
    assert note.participant_id is None
    assert note.prompt_index is None
    assert events[-1] == RoomEvent("note", None, "Nobody reads the survey")
    await ann.get()
    assert "Nobody reads the survey" in ann.html and "without name" in ann.html


async def test_the_note_goes_to_the_section_the_phone_showed(ann, service, workshop):
    service.set_current_section(workshop.id, "customer-views")
    await ann.post("/note", {"text": "typed before the switch", "section": "business-needs"})
    assert service.notes(workshop.id)[-1].section_id == "business-needs"
    await ann.post("/note", {"text": "no section given"})
    assert service.notes(workshop.id)[-1].section_id == "customer-views"


@pytest.mark.parametrize(("form", "status", "message"), [
    ({"text": ""}, 400, "Write something first"),
    ({"text": "   \n "}, 400, "Write something first"),
    ({"text": "x" * (NOTE_MAX_CHARS + 1)}, 400, f"at most {NOTE_MAX_CHARS} characters"),
    ({"text": "nul\x00"}, 400, "did not look right"),
    ({"text": "ok", "prompt": "2"}, 400, "did not look right"),
    ({"text": "ok", "prompt": "-1"}, 400, "did not look right"),
    ({"text": "ok", "prompt": "one"}, 400, "did not look right"),
    ({"text": "ok", "section": "nope"}, 400, "did not look right"),
    ({"text": "ok", "section": "voting"}, 409, "not being collected"),
])
async def test_bad_notes_are_refused_and_the_text_is_kept(ann, service, workshop, form,
                                                          status, message):
    response = await ann.post("/note", form)
    assert response.status == status
    assert message in ann.html
    assert service.notes(workshop.id) == []
    if form["text"].strip() == "ok":
        assert ">ok</textarea>" in ann.html


async def test_no_notes_outside_capture_sections(ann, service, workshop):
    service.set_current_section(workshop.id, "roadmap")
    await ann.get()
    assert 'name="text"' not in ann.html
    assert "Follow the screen" in ann.html
    response = await ann.post("/note", {"text": "late idea"}, headers=JSON)
    assert response.status == 409
    assert (await response.json())["error"] == "Notes are not being collected in this step."
    assert service.notes(workshop.id) == []


async def test_note_text_and_names_are_escaped(phone_factory, service, workshop):
    service.add_participant(workshop.id, "<img src=x onerror=alert(1)>", "<b>role</b>")
    phone = await phone_factory()
    await phone.get()
    assert "<img src=x" not in phone.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in phone.html
    assert "&lt;b&gt;role&lt;/b&gt;" in phone.html
    pid = service.participant(workshop.id, "<img src=x onerror=alert(1)>").id
    await phone.join(pid)
    await phone.post("/note", {"text": "<script>alert('x')</script>"})
    await phone.get()
    assert "<script>alert" not in phone.html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in phone.html


# ------------------------------------------------------------------ voting


async def test_vote_page_lists_initiatives_and_the_budget(ann, voting):
    await ann.get()
    assert "Vote, round 1" in ann.html
    assert "Faster onboarding" in ann.html and "Self-service returns" in ann.html
    assert "5 of 5 left" in ann.html
    assert f'id="i-{voting[0]}"' in ann.html


async def test_spend_and_move_dots_with_javascript(ann, service, workshop, voting, events):
    first, second = voting
    ann_id = service.participant(workshop.id, "Ann").id
    for _ in range(3):
        response = await ann.post("/vote", {"initiative": str(first), "op": "add"},
                                  headers=JSON)
        assert response.status == 200
    body = await response.json()
    assert body == {"ok": True, "dots": {str(first): 3}, "spent": 3, "left": 2,
                    "budget": 5, "max": 3}
    response = await ann.post("/vote", {"initiative": str(first), "op": "remove"},
                              headers=JSON)
    assert (await response.json())["dots"] == {str(first): 2}
    await ann.post("/vote", {"initiative": str(second), "op": "add"}, headers=JSON)
    assert vote_rows(service, workshop) == [(ann_id, first, 2), (ann_id, second, 1)]
    assert [e.kind for e in events].count("vote") == 5
    assert all(e.participant_id == ann_id for e in events if e.kind == "vote")


async def test_vote_without_javascript_redirects_to_the_item(ann, service, workshop, voting):
    response = await ann.post("/vote", {"initiative": str(voting[1]), "op": "add"})
    assert response.status == 303
    assert response.headers["Location"] == f"{ann.base}#i-{voting[1]}"
    await ann.get()
    assert "4 of 5 left" in ann.html


async def test_over_the_per_item_max_is_409_and_stores_nothing(ann, service, workshop,
                                                              voting):
    for _ in range(3):
        await ann.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    before = vote_rows(service, workshop)
    response = await ann.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    assert response.status == 409
    assert (await response.json()) == {"ok": False,
                                       "error": "That initiative already has the most dots allowed (3)."}
    response = await ann.post("/vote", {"initiative": str(voting[0])})
    assert response.status == 409
    assert "That initiative already has the most dots allowed (3)." in ann.html
    assert vote_rows(service, workshop) == before


async def test_over_the_budget_is_409_and_stores_nothing(ann, service, workshop, voting):
    for item, times in ((voting[0], 3), (voting[1], 2)):
        for _ in range(times):
            assert (await ann.post("/vote", {"initiative": str(item)}, headers=JSON)
                    ).status == 200
    before = vote_rows(service, workshop)
    response = await ann.post("/vote", {"initiative": str(voting[1])}, headers=JSON)
    assert response.status == 409
    assert (await response.json())["error"] == \
        "Not enough dots: 0 of 5 left."
    response = await ann.post("/vote", {"initiative": str(voting[1]), "dots": "7"},
                              headers=JSON)
    assert response.status == 409
    assert vote_rows(service, workshop) == before


async def test_taking_back_a_dot_you_do_not_have_is_409(ann, service, workshop, voting):
    response = await ann.post("/vote", {"initiative": str(voting[0]), "op": "remove"},
                              headers=JSON)
    assert response.status == 409
    assert (await response.json())["error"] == "You have no dots on that initiative."


async def test_no_votes_in_a_closed_round_or_without_one(ann, service, workshop, voting):
    await ann.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    service.close_round(workshop.id)
    before = vote_rows(service, workshop)
    for path, data in (("/vote", {"initiative": str(voting[0])}),
                       ("/vote", {"initiative": str(voting[0]), "op": "remove"}),
                       ("/ballot", {f"d{voting[1]}": "1"}),
                       ("/ballot", {"clear": "1"})):
        response = await ann.post(path, data, headers=JSON)
        assert response.status == 409
        assert (await response.json())["error"] == "Voting is not open right now."
    assert vote_rows(service, workshop) == before


async def test_voting_for_another_participant_is_403(ann, service, workshop, voting):
    bo = service.participant(workshop.id, "Bo").id
    for path, data in (("/vote", {"initiative": str(voting[0]), "participant": str(bo)}),
                       ("/ballot", {f"d{voting[0]}": "1", "participant": str(bo)}),
                       ("/note", {"text": "as Bo", "participant": str(bo)})):
        response = await ann.post(path, data, headers=JSON)
        assert response.status == 403
        assert (await response.json())["error"] == "You can only spend your own dots."
    assert vote_rows(service, workshop) == []
    assert service.notes(workshop.id) == []


async def test_a_numeric_name_cannot_steal_someone_elses_dots(phone_factory, service,
                                                             workshop, voting):
    """A participant named like another's id must not vote with that person's dots."""
    ann_id = service.participant(workshop.id, "Ann").id
    mallory = await phone_factory()
    await mallory.get()
    await mallory.post("/join", {"name": str(ann_id)})
    await mallory.get()
    ann = await phone_factory()
    await ann.join(ann_id)
    await ann.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    rows = vote_rows(service, workshop)
    assert rows == [(ann_id, voting[0], 1)]


@pytest.mark.parametrize(("data", "status"), [
    ({"initiative": "999"}, 400),
    ({"initiative": "Faster onboarding"}, 400),
    ({"initiative": ""}, 400),
    ({"initiative": "1", "op": "steal"}, 400),
    ({"initiative": "1", "dots": "0"}, 400),
    ({"initiative": "1", "dots": "-1"}, 400),
    ({"initiative": "1", "dots": "1.5"}, 400),
    ({"initiative": "١"}, 400),
    ({"initiative": "1" * 40}, 400),
])
async def test_malformed_votes_are_400(ann, service, workshop, voting, data, status):
    response = await ann.post("/vote", data, headers=JSON)
    assert response.status == status
    assert vote_rows(service, workshop) == []


async def test_a_whole_ballot_and_taking_it_back(ann, service, workshop, voting):
    first, second = voting
    ann_id = service.participant(workshop.id, "Ann").id
    response = await ann.post("/ballot", {f"d{first}": "2", f"d{second}": "3"},
                              headers=JSON)
    assert response.status == 200
    assert vote_rows(service, workshop) == [(ann_id, first, 2), (ann_id, second, 3)]
    response = await ann.post("/ballot", {f"d{first}": "4"}, headers=JSON)
    assert response.status == 409
    assert (await response.json())["error"] == "That initiative already has the most dots allowed (3)."
    response = await ann.post("/ballot", {f"d{first}": "3", f"d{second}": "3"},
                              headers=JSON)
    assert response.status == 409
    assert (await response.json())["error"] == \
        "That is 6 dots, more than the 5 each person has."
    for bad in ({"dx": "1"}, {f"d{first}": "-1"}, {"d999": "1"}):
        assert (await ann.post("/ballot", bad, headers=JSON)).status == 400
    assert vote_rows(service, workshop) == [(ann_id, first, 2), (ann_id, second, 3)]
    response = await ann.post("/ballot", {"clear": "1"})
    assert response.status == 303
    assert vote_rows(service, workshop) == []


async def test_votes_stay_hidden_until_the_reveal(ann, phone_factory, service, workshop,
                                                  voting):
    bo = await phone_factory()
    await bo.join(service.participant(workshop.id, "Bo").id)
    for _ in range(3):
        await bo.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    await ann.post("/vote", {"initiative": str(voting[1])}, headers=JSON)
    await ann.get()
    assert "Results" not in ann.html
    assert re.search(r'class="count[^"]*"[^>]*>3<', ann.html) is None
    service.close_round(workshop.id)
    await ann.get()
    assert "Voting has closed" in ann.html
    assert "Faster onboarding" not in ann.html  # Bo's choice stays hidden
    assert "Where your dots went" in ann.html and "Self-service returns" in ann.html
    service.reveal_round(workshop.id)
    await ann.get()
    assert "Results, round 1" in ann.html
    assert ann.html.index("Faster onboarding") < ann.html.index("Self-service returns")
    assert "yours: 1" in ann.html
    assert "1 voter" in ann.html


async def test_the_state_answer_changes_when_the_facilitator_moves_on(
        ann, service, workshop, server, monkeypatch):
    monkeypatch.setattr("sprintkit.web.handlers.pages.STATE_TTL_S", 0.0)
    response = await ann.get("/state")
    assert response.status == 200
    version = (await response.json())["v"]
    assert f'data-v="{version}"' in ann.html
    etag = response.headers["ETag"]
    again = await ann.get("/state", headers={"If-None-Match": etag})
    assert again.status == 304
    await ann.post("/note", {"text": "a note does not move the page on"})
    assert (await (await ann.get("/state")).json())["v"] == version
    service.set_current_section(workshop.id, "customer-views")
    moved = (await (await ann.get("/state")).json())["v"]
    assert moved != version
    await ann.get()
    assert f'data-v="{moved}"' in ann.html
    service.create_initiative(workshop.id, "New idea")
    service.open_round(workshop.id)
    opened = (await (await ann.get("/state")).json())["v"]
    assert opened != moved
    await ann.get()
    assert f'data-v="{opened}"' in ann.html


async def test_the_state_answer_needs_no_session_but_the_token(phone_factory):
    phone = await phone_factory()
    response = await phone.get("/state")
    assert response.status == 200
    assert set(await response.json()) == {"v"}


# ------------------------------------------------------------------ limits


async def test_request_body_size_is_limited(ann, service, workshop):
    response = await ann.post("/note", {"text": "x" * 200_000})
    assert response.status == 413
    assert "too much text" in ann.html
    assert service.notes(workshop.id) == []


async def test_a_burst_from_one_address_is_rate_limited(aiohttp_client, service, workshop,
                                                        token):
    app = create_app(service, workshop.id, limits=Limits(rate=1.0, burst=5))
    phone = Phone(await aiohttp_client(app), token)
    statuses = [(await phone.get("/state")).status for _ in range(8)]
    assert statuses[:5] == [200] * 5
    assert statuses[-1] == 429
    response = await phone.get("/state", headers=JSON)
    assert response.status == 429
    assert response.headers["Retry-After"]
    assert "too many taps" in (await response.json())["error"]


async def test_wrong_methods_and_odd_bodies_are_4xx(ann, voting):
    assert (await ann.client.put(ann.base + "/vote")).status in (404, 405)
    assert (await ann.client.delete(ann.base)).status in (404, 405)
    assert (await ann.client.get(ann.base + "/vote")).status in (404, 405)
    response = await ann.client.post(ann.base + "/vote", data=b"\xff\xfe=\xff",
                                     headers={"Content-Type":
                                              "application/x-www-form-urlencoded"})
    assert response.status in (400, 403)
    response = await ann.client.post(ann.base + "/vote", json={"csrf": ann.csrf})
    assert response.status == 403
    files = {"csrf": ann.csrf, "text": b"bytes"}
    form = aiohttp.FormData()
    for key, value in files.items():
        if isinstance(value, bytes):
            form.add_field(key, value, filename="a.txt")
        else:
            form.add_field(key, value)
    response = await ann.client.post(ann.base + "/note", data=form)
    assert response.status == 400


async def test_no_facilitator_action_has_a_route(server, ann, token):
    routes = {(r.method, r.resource.canonical) for r in server.app.router.routes()
              if r.method != "HEAD"}
    assert routes == {
        ("GET", "/j/{token}"), ("GET", "/j/{token}/state"),
        ("POST", "/j/{token}/join"), ("POST", "/j/{token}/leave"),
        ("POST", "/j/{token}/note"), ("POST", "/j/{token}/vote"),
        ("POST", "/j/{token}/ballot"), ("GET", "/static"), ("*", "/{tail}"),
    }
    for path in ("/round/open", "/round/close", "/reveal", "/undo", "/section",
                 "/participants/1/delete", "/export"):
        response = await ann.post(path, {})
        assert response.status in (404, 405)


async def test_static_files_and_no_directory_listing(phone_factory):
    phone = await phone_factory()
    phone.base = ""
    css = await phone.get("/static/sprintkit.css")
    assert css.status == 200 and css.content_type == "text/css"
    assert (await phone.get("/static/")).status in (403, 404)
    assert (await phone.get("/static/../server.py")).status in (403, 404)
    assert (await phone.get("/static/%2e%2e/server.py")).status in (403, 404)


# ------------------------------------------------------------------ language


async def test_finnish_workshop_gets_a_finnish_page(aiohttp_client, service):
    book = load_playbook_file(FIXTURES / "mini.en.yaml")
    book = replace(book, language="fi")
    ws = service.create_workshop("Kokeilu", book)
    service.add_participant(ws.id, "Aino", "Myynti")
    token = service.join_token(ws.id)
    phone = Phone(await aiohttp_client(create_app(service, ws.id)), token)
    await phone.get()
    assert '<html lang="fi">' in phone.html and "Kuka olet?" in phone.html
    await phone.join(service.participant(ws.id, "Aino").id)
    assert "Hei, Aino" in phone.html and "Lisää muistiinpano" in phone.html
    response = await phone.post("/note", {"text": ""})
    assert "Kirjoita ensin jotain." in phone.html and response.status == 400
    item = service.create_initiative(ws.id, "Chat")
    service.open_round(ws.id, dots=1, max_per_item=1)
    await phone.post("/vote", {"initiative": str(item.id)}, headers=JSON)
    response = await phone.post("/vote", {"initiative": str(item.id)}, headers=JSON)
    assert (await response.json())["error"] == \
        "Kohteella on jo suurin sallittu määrä pisteitä (1)."


# ------------------------------------------------------------------ house rules


def test_every_label_exists_in_both_languages():
    from sprintkit.web.labels import LABELS

    assert set(LABELS["en"]) == set(LABELS["fi"])
    for key, text in LABELS["en"].items():
        other = LABELS["fi"][key]
        assert type(text) is type(other), key
        fields = re.findall(r"{(\w+)}", str(text))
        assert sorted(fields) == sorted(re.findall(r"{(\w+)}", str(other))), key


def test_the_web_layer_writes_no_sql():
    folder = Path(__file__).parent.parent / "sprintkit" / "web"
    for path in folder.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\s", text), path
        assert "sqlite3.connect" not in text and ".execute(" not in text, path


async def test_notes_from_one_person_are_rate_limited(aiohttp_client, service, workshop,
                                                      token):
    app = create_app(service, workshop.id, limits=Limits(notes_per_minute=0.001))
    phone = Phone(await aiohttp_client(app), token)
    await phone.join(service.participant(workshop.id, "Bo").id)
    statuses = [(await phone.post("/note", {"text": f"idea {i}"}, headers=JSON)).status
                for i in range(12)]
    assert statuses == [200] * 10 + [429] * 2
    assert len(service.notes(workshop.id)) == 10


async def test_vote_events_are_coalesced_for_the_facilitators_screen(aiohttp_client, service,
                                                                     workshop, token, voting):
    import asyncio

    events: list[RoomEvent] = []
    app = create_app(service, workshop.id, on_change=events.append, vote_event_interval=1.0)
    phone = Phone(await aiohttp_client(app), token)
    await phone.join(service.participant(workshop.id, "Cy").id)
    for _ in range(3):
        await phone.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    await phone.post("/vote", {"initiative": str(voting[1])}, headers=JSON)
    votes = [e for e in events if e.kind == "vote"]
    assert len(votes) == 1  # the first at once, the rest held back for a moment
    await asyncio.sleep(1.2)
    votes = [e for e in events if e.kind == "vote"]
    assert len(votes) == 2
    assert votes[1].detail.startswith("3 dot changes; latest: +1 on '")
    assert [e.kind for e in events][0] == "joined"


async def test_a_race_with_the_facilitator_is_a_4xx_not_a_crash(ann, service, workshop,
                                                                voting, monkeypatch):
    import sqlite3

    def vanished(*args, **kwargs):
        raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")

    monkeypatch.setattr(service, "vote", vanished)
    response = await ann.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    assert response.status == 409

    def busy(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(service, "vote", busy)
    response = await ann.post("/vote", {"initiative": str(voting[0])}, headers=JSON)
    assert response.status == 503
    assert "busy" in (await response.json())["error"]


# ------------------------------------------------------------ after a restart


async def test_a_joined_phone_is_still_known_after_the_laptop_restarts(
        aiohttp_client, service, workshop, phone_factory):
    from sprintkit.web import server as server_module

    ann = await phone_factory()
    ann_id = service.participant(workshop.id, "Ann").id
    await ann.join(ann_id)
    cookie = {c.key: c.value for c in ann.client.session.cookie_jar}["sk_session"]
    # Only a hash of the cookie is in the file.
    stored = service.store.query("SELECT * FROM phone_sessions")
    assert [r["participant_id"] for r in stored] == [ann_id]
    assert cookie not in str(stored)

    server_module._MEMORY.clear()  # what a restart of the program forgets
    after = await aiohttp_client(create_app(service, workshop.id))
    token = service.join_token(workshop.id)
    # Someone else cannot take Ann's name while her phone is away...
    other = Phone(after, token)
    await other.get()
    response = await other.post("/join", {"participant": str(ann_id)})
    assert response.status == 409
    # ...and her phone, coming back with its cookie, is still Ann.
    again = Phone(await aiohttp_client(after.server), token)
    again.client.session.cookie_jar.update_cookies({"sk_session": cookie})
    await again.get()
    assert "Ann" in again.html and 'name="participant"' not in again.html
    response = await again.post("/note", {"text": "Back after the restart"})
    assert response.status == 303
    assert [n.participant_id for n in service.notes(workshop.id)
            if n.text == "Back after the restart"] == [ann_id]


async def test_leaving_or_a_released_name_is_forgotten_for_good(service, workshop,
                                                                phone_factory):
    from sprintkit.web import server as server_module

    ann, bo = await phone_factory(), await phone_factory()
    await ann.join(service.participant(workshop.id, "Ann").id)
    await bo.join(service.participant(workshop.id, "Bo").id)
    await ann.post("/leave", {"confirm": "1"})
    server_module._MEMORY[service.join_token(workshop.id)].release(
        service.participant(workshop.id, "Bo").id)
    assert service.store.query("SELECT * FROM phone_sessions") == []
