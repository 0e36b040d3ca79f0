"""A room joining at once: a phone whose identity waits for the commit it
shares with the others is not mistaken for one released elsewhere."""

from __future__ import annotations

import random
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sprintkit.web.server import PAGE, create_app


def test_a_name_waiting_for_its_commit_is_not_taken_for_released(svc, mini_playbook):
    ws = svc.create_workshop("Burst", mini_playbook)
    ann = svc.add_participant(ws.id, "Ann")
    page = create_app(svc, ws.id)[PAGE]
    sessions = page.sessions
    page.joined.add(ann.id)
    fresh = sessions.bind(sessions.new(), ann, remember=False)
    # the room's watch for names released by another program runs meanwhile
    assert page.pick_up_releases() == []
    assert sessions.holder(ann.id) is fresh and fresh.participant_id == ann.id
    sessions.remember(fresh)
    assert [row["participant_id"] for row in svc.remembered_phones(ws.id, max_age_days=7)] \
        == [ann.id]
    assert page.pick_up_releases() == []
    # a release from the command line still reaches it
    svc.forget_phone(ws.id, participant_id=ann.id)
    assert page.pick_up_releases() == [ann.id]
    assert sessions.holder(ann.id) is None and ann.id not in page.joined


def test_a_phone_that_let_go_before_its_commit_leaves_no_row(svc, mini_playbook):
    ws = svc.create_workshop("Burst", mini_playbook)
    ann = svc.add_participant(ws.id, "Ann")
    sessions = create_app(svc, ws.id)[PAGE].sessions
    fresh = sessions.bind(sessions.new(), ann, remember=False)
    sessions.unbind(fresh)  # "Not you? Switch", before the shared commit ran
    sessions.remember(fresh)
    assert svc.remembered_phones(ws.id, max_age_days=7) == []
    assert sessions.holder(ann.id) is None


def test_the_name_list_put_together_again_is_the_one_written_afresh(service, workshop):
    """Names taken and given back in any order: the list updated name by name
    is always the list written from scratch."""
    from sprintkit.web.namelist import NameList

    page = create_app(service, workshop.id)[PAGE]
    for index in range(40):
        service.add_participant(workshop.id, f"Person {index}", "<i>Ops</i>" if index % 3 else "")
    people = service.participants(workshop.id)
    ids = [p.id for p in people] + [9999]  # one held by a phone for a name since removed
    names = NameList(page.env)
    rng = random.Random(7)
    held: frozenset[int | None] = frozenset()
    for _ in range(200):
        change = set(rng.sample(ids, rng.choice([1, 1, 2, 5])))
        held = held ^ change
        assert names.html(people, held) == NameList(page.env).html(people, held)
    html = names.html(people, held)
    for person in people:
        button = re.search(rf'<button[^>]*value="{person.id}"[^>]*>', html)
        assert button is not None
        assert ("disabled" in button.group(0)) == (person.id in held)
    assert "<i>" not in html and "&lt;i&gt;Ops&lt;/i&gt;" in html


def test_a_name_taken_is_refused_as_taken_even_after_a_lookalike(service, workshop):
    """The check goes over everyone once: a lookalike met first (a database
    from before the check, say) does not hide that the name itself is taken."""
    import pytest

    from sprintkit.errors import InvalidInput

    for name in ("\u0412en", "Ben"):  # Cyrillic В first: stored before lookalikes were refused
        service.store.conn.execute(
            "INSERT INTO participants (workshop_id, name, role, created_at) "
            "VALUES (?, ?, '', '')", [workshop.id, name])
    service.store.conn.commit()
    with pytest.raises(InvalidInput) as caught:
        service.add_participant(workshop.id, "BEN")
    assert caught.value.key == "participant_taken"
    with pytest.raises(InvalidInput) as caught:
        service.add_participant(workshop.id, "B\u0435n")  # Cyrillic е
    assert caught.value.key == "participant_lookalike"
    assert caught.value.params["other"] in ("Ben", "\u0412en")


async def test_the_session_cookie_is_the_one_aiohttp_writes(aiohttp_client, service, workshop):
    from aiohttp import web
    from aiohttp.test_utils import make_mocked_request

    from sprintkit.web.sessions import SESSION_COOKIE, SESSION_DAYS

    client = await aiohttp_client(create_app(service, workshop.id))
    base = f"/j/{service.join_token(workshop.id)}"
    page = await client.get(base)
    sid = page.cookies[SESSION_COOKIE].value
    expected = web.Response()
    expected.set_cookie(SESSION_COOKIE, sid, path=base, httponly=True, samesite="Lax",
                        max_age=SESSION_DAYS * 24 * 3600)
    await expected.prepare(make_mocked_request("GET", base))
    assert page.headers.getall("Set-Cookie") == [expected.headers["Set-Cookie"]]
    csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
    ann = service.participant(workshop.id, "Ann")
    joined = await client.post(base + "/join", data={"csrf": csrf, "participant": str(ann.id)},
                               allow_redirects=False)
    assert joined.status == 303
    fresh = joined.cookies[SESSION_COOKIE].value
    assert fresh != sid  # a new id once the phone has a name
    assert joined.headers["Set-Cookie"] == expected.headers["Set-Cookie"].replace(sid, fresh)


async def test_the_join_page_lists_a_name_added_by_another_program(aiohttp_client, svc,
                                                                   mini_playbook, db):
    from sprintkit.service import WorkshopService
    from sprintkit.store import Store

    ws = svc.create_workshop("Elsewhere", mini_playbook)
    svc.add_participant(ws.id, "Ann")
    client = await aiohttp_client(create_app(svc, ws.id))
    base = f"/j/{svc.join_token(ws.id)}"
    assert "Dee" not in await (await client.get(base)).text()
    other = WorkshopService(Store(db))
    try:
        other.add_participant(ws.id, "Dee", "Ops")
    finally:
        other.store.close()
    assert '<span class="n">Dee</span>' in await (await client.get(base)).text()


async def self_adding_phone(aiohttp_client, service, workshop):
    client = await aiohttp_client(create_app(service, workshop.id))
    base = f"/j/{service.join_token(workshop.id)}"
    csrf = re.search(r'name="csrf" value="([^"]+)"', await (await client.get(base)).text())
    return client, base, csrf.group(1)


async def test_a_phone_adding_itself_waits_for_one_commit(aiohttp_client, service, workshop):
    client, base, csrf = await self_adding_phone(aiohttp_client, service, workshop)
    statements: list[str] = []
    service.store.conn.set_trace_callback(statements.append)
    try:
        answer = await client.post(base + "/join", allow_redirects=False,
                                   data={"csrf": csrf, "name": "Dee", "role": "Ops"})
    finally:
        service.store.conn.set_trace_callback(None)
    assert answer.status == 303
    assert statements.count("COMMIT") == 1  # the name and the phone's identity together
    dee = service.participant(workshop.id, "Dee")
    assert [row["participant_id"] for row in service.remembered_phones(
        workshop.id, max_age_days=7)] == [dee.id]
    page = await (await client.get(base)).text()
    assert "Hi, Dee" in page


async def test_a_refused_name_binds_nothing_and_the_phone_can_try_again(
        aiohttp_client, service, workshop):
    client, base, csrf = await self_adding_phone(aiohttp_client, service, workshop)
    refused = await client.post(base + "/join", allow_redirects=False,
                                data={"csrf": csrf, "name": "ANN", "role": ""})
    assert refused.status == 409
    assert service.remembered_phones(workshop.id, max_age_days=7) == []
    csrf = re.search(r'name="csrf" value="([^"]+)"', await refused.text()).group(1)
    again = await client.post(base + "/join", allow_redirects=False,
                              data={"csrf": csrf, "name": "Dee", "role": ""})
    assert again.status == 303
    assert [p.name for p in service.participants(workshop.id)] == ["Ann", "Bo", "Cy", "Dee"]


async def test_an_identity_that_cannot_be_kept_keeps_the_name_added(
        aiohttp_client, service, workshop, monkeypatch, caplog):
    import sqlite3

    client, base, csrf = await self_adding_phone(aiohttp_client, service, workshop)
    page = client.server.app[PAGE]

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(service, "remember_phone", broken)
    answer = await client.post(base + "/join", allow_redirects=False,
                               data={"csrf": csrf, "name": "Dee", "role": ""})
    assert answer.status == 303
    assert service.participant(workshop.id, "Dee")  # the name stands
    assert "could not keep a phone's identity" in caplog.text
    assert page.pick_up_releases() == []  # and the phone keeps it
    assert "Hi, Dee" in await (await client.get(base)).text()


async def test_the_join_page_follows_the_list_as_people_add_themselves(
        aiohttp_client, service, mini_playbook):
    """No list, a short list, then one long enough to search: the shared page
    changes with it."""
    ws = service.create_workshop("Growing", mini_playbook)
    client = await aiohttp_client(create_app(service, ws.id))
    base = f"/j/{service.join_token(ws.id)}"

    async def page() -> str:
        return await (await client.get(base)).text()

    first = await page()
    assert "Nobody is on the list yet" in first and 'id="find"' not in first
    for index in range(12):
        service.add_participant(ws.id, f"Person {index}")
        text = await page()
        assert "Nobody is on the list yet" not in text
        assert f'<span class="n">Person {index}</span>' in text
        assert 'id="find"' not in text
    service.add_participant(ws.id, "Person 12")
    assert 'id="find"' in await page()


PIECES = ["sk_session", "sk_sessionx", "other", "=", ";", "; ", " ", "abc-_9Z", '"', "\\",
          ",", "a b", "\t", "==", "ä", "$Version=1", "Path=/", "sk_session=", "x=y", "a.b"]


@settings(max_examples=400, deadline=None)
@example("sk_session=abc-_9Z")
@example("other=x; sk_session=abc; sk_session=def")
@example('sk_session="abc"; other=1')
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_the_session_cookie_is_read_as_aiohttp_reads_it(header):
    from aiohttp.test_utils import make_mocked_request

    from sprintkit.web.handlers.base import _session_cookie
    from sprintkit.web.sessions import SESSION_COOKIE

    request = make_mocked_request("GET", "/", headers={"Cookie": header})
    assert _session_cookie(request) == request.cookies.get(SESSION_COOKIE)
