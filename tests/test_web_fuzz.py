"""Arbitrary form data thrown at every phone endpoint never causes a server error."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintkit.names import lookalike_pairs, normalise
from sprintkit.playbooks import load_playbook_file
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.web.server import Limits, create_app

FIXTURES = Path(__file__).parent / "fixtures"
PATHS = ["", "/join", "/note", "/vote", "/ballot", "/leave", "/state", "/x"]
FIELDS = ["csrf", "participant", "name", "role", "text", "prompt", "anonymous", "section",
          "initiative", "op", "dots", "clear", "d1", "d2", "d999", "d", "dx"]

text = st.text(st.characters(codec="utf-8"), max_size=60)
# What a hostile phone types: markup, escape sequences, invisible and bidi
# characters, and names that look like the ones already in the room.
HOSTILE = ["[/]", "[b]", "IT [contractor]", "[link=https://x]y", "\x1b[2J", "\x1b]0;pwned\x07",
           "\x1b]52;c;cm0gLXJmIH4gIw==\x07", "\x9b31m", "\r\n", "\t", "\u0085", "\u2028",
           "\u202e", "\u2066", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u200d", "\u200c",
           "\u0410nn", "Ann\u200b", "ANN", "\U0001d400nn", "\u0392o", "B\u043e", "Bo "]
hostile = st.lists(st.one_of(st.sampled_from(HOSTILE), text.map(lambda t: t[:8]),
                             st.characters(categories=["Cc", "Cf", "Zl", "Zp"])),
                   max_size=6).map("".join)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
numberish = st.one_of(st.integers(-5, 10**12).map(str), st.sampled_from(
    ["", "0", "1", "2", "3", "01", "1e3", " 1", "١", "²", "nan", "True"]))
values = st.one_of(text, hostile, numberish, st.sampled_from(["add", "remove", "business-needs",
                                                              "voting", "on"]))
forms = st.dictionaries(st.one_of(st.sampled_from(FIELDS), text), values, max_size=8)


class _Rig:
    """One workshop, one server and two phones, reused across examples."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.service = WorkshopService(Store(None))
        book = load_playbook_file(FIXTURES / "mini.en.yaml")
        ws = self.service.create_workshop("Fuzz", book)
        self.workshop_id = ws.id
        for name in ("Ann", "Bo"):
            self.service.add_participant(ws.id, name, "Sales")
        for title in ("One", "Two"):
            self.service.create_initiative(ws.id, title)
        self.token = self.service.join_token(ws.id)
        # The clients sit idle while other tests of the module run: a keep-alive
        # timeout of the server's default would close their connections under
        # them, which is not what these tests are about.
        limits = replace(limits or Limits(rate=0), keepalive_timeout=3600)
        app = create_app(self.service, ws.id, limits=limits)
        self.server = TestServer(app)
        self.joined = self.loop.run_until_complete(self._client())
        self.stranger = self.loop.run_until_complete(self._client())
        self.loop.run_until_complete(self._join())

    async def _client(self) -> TestClient:
        client = TestClient(self.server)
        await client.start_server()
        return client

    async def csrf(self, client: TestClient) -> str:
        html = await (await client.get(f"/j/{self.token}")).text()
        match = re.search(r'name="csrf" value="([^"]+)"', html)
        return match.group(1) if match else ""

    async def _join(self) -> None:
        token = await self.csrf(self.joined)
        await self.joined.post(f"/j/{self.token}/join", data={"csrf": token,
                                                              "participant": "1"})

    def close(self) -> None:
        for client in (self.joined, self.stranger):
            self.loop.run_until_complete(client.close())
        self.loop.close()
        self.service.store.close()


@pytest.fixture(scope="module")
def rig():
    rig = _Rig()
    yield rig
    rig.close()


@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), form=forms, use_csrf=st.booleans(),
       joined=st.booleans(), as_json=st.booleans(), method=st.sampled_from(["POST", "GET"]),
       stage=st.sampled_from(["capture", "vote-open", "vote-closed", "revealed", "roadmap"]))
def test_arbitrary_form_data_never_causes_a_server_error(rig, path, form, use_csrf, joined,
                                                         as_json, method, stage):
    async def run() -> None:
        service, wid = rig.service, rig.workshop_id
        rnd = service.current_round(wid)
        if stage == "capture":
            service.set_current_section(wid, "business-needs")
        elif stage == "roadmap":
            service.set_current_section(wid, "roadmap")
        else:
            service.set_current_section(wid, "voting")
            if rnd is None or (rnd.status != "open" and stage == "vote-open"):
                service.open_round(wid, dots=5, max_per_item=3)
            rnd = service.current_round(wid)
            if stage in ("vote-closed", "revealed") and rnd.status == "open":
                service.close_round(wid)
            if stage == "revealed":
                service.reveal_round(wid)
        client = rig.joined if joined else rig.stranger
        data = dict(form)
        if use_csrf:
            data["csrf"] = await rig.csrf(client)
        headers = {"Accept": "application/json"} if as_json else {}
        url = f"/j/{rig.token}{path}"
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            response = await client.post(url, data=urlencode(data).encode(), headers=headers,
                                         allow_redirects=False)
        else:
            response = await client.get(f"{url}?{urlencode(data)}", headers=headers,
                                        allow_redirects=False)
        body = await response.read()
        assert response.status < 500, body[:500]
        if not joined and method == "POST" and path == "/join" and response.status == 303:
            # the stranger joined: put them back so they stay a stranger
            await client.post(f"/j/{rig.token}/leave",
                              data={"csrf": await rig.csrf(client)})
        if joined and "Who are you?" in await (await client.get(f"/j/{rig.token}")).text():
            await rig._join()

    rig.loop.run_until_complete(run())
    # whatever happened, no one is ever over the budget or the per-item max
    for rnd in rig.service.rounds(rig.workshop_id):
        per_person: dict[int, int] = {}
        for vote in rig.service.votes(rnd.id):
            assert 0 < vote.dots <= rnd.max_per_item
            per_person[vote.participant_id] = per_person.get(vote.participant_id, 0) + vote.dots
        assert all(total <= rnd.dots_per_person for total in per_person.values())
    assert_stored_clean(rig)


def assert_stored_clean(rig: _Rig) -> None:
    """Whatever a phone typed was stored clean: one normalised spelling per
    name, no two names alike, no control characters anywhere."""
    people = rig.service.participants(rig.workshop_id)
    for person in people:
        assert normalise(person.name) == person.name and person.name
        assert not CONTROL.search(person.role) and "\n" not in person.role
    assert lookalike_pairs(p.name for p in people) == []
    for note in rig.service.notes(rig.workshop_id):
        assert not CONTROL.search(note.text)


@pytest.fixture(scope="module")
def open_rig():
    rig = _Rig(Limits(rate=0, names_per_client=10**6, notes_per_minute=10**6))
    yield rig
    rig.close()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile, role=hostile, note=hostile, as_json=st.booleans())
def test_hostile_text_in_every_form_field_is_refused_or_stored_clean(open_rig, name, role,
                                                                     note, as_json):
    rig = open_rig
    base = f"/j/{rig.token}"
    headers = {"Accept": "application/json"} if as_json else {}

    async def post(path: str, data: dict[str, str]):
        data = {"csrf": await rig.csrf(rig.stranger), **data}
        return await rig.stranger.post(base + path, data=data, headers=headers,
                                       allow_redirects=False)

    async def run() -> None:
        rig.service.set_current_section(rig.workshop_id, "business-needs")
        before = {p.id for p in rig.service.participants(rig.workshop_id)}
        response = await post("/join", {"name": name, "role": role})
        assert response.status in (200, 303, 400, 409), (await response.read())[:300]
        added = [p for p in rig.service.participants(rig.workshop_id) if p.id not in before]
        if response.status >= 400:
            assert added == []
            return
        [person] = added
        assert person.name == normalise(name)
        response = await post("/note", {"text": note})
        assert response.status < 500, (await response.read())[:300]
        page = await (await rig.stranger.get(base)).text()
        assert not CONTROL.search(page)
        await post("/leave", {})

    rig.loop.run_until_complete(run())
    assert_stored_clean(rig)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), body=st.binary(max_size=300),
       content_type=st.sampled_from([
           "application/x-www-form-urlencoded", "multipart/form-data",
           "multipart/form-data; boundary=xyz", "application/json", "text/plain", "",
           "application/x-www-form-urlencoded; charset=latin-1"]),
       token=st.one_of(st.just(None), st.text(max_size=30)))
def test_arbitrary_bodies_and_tokens_never_cause_a_server_error(rig, path, body,
                                                                content_type, token):
    async def run() -> None:
        url = f"/j/{rig.token if token is None else quote(token, safe='')}{path}"
        headers = {"Content-Type": content_type} if content_type else {}
        response = await rig.joined.post(url, data=body, headers=headers,
                                         allow_redirects=False)
        assert response.status < 500, (await response.read())[:300]
        response = await rig.joined.get(url, allow_redirects=False)
        assert response.status < 500

    rig.loop.run_until_complete(run())
