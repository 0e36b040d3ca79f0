"""The follow-up room over HTTP: owners update their own roadmap items from
their phones, under a renewed join link, with the voting page's rules."""

from __future__ import annotations

import pytest
from test_web import Phone

from sprintkit.web.server import Room, create_app


@pytest.fixture
def items(service, workshop):
    wid = workshop.id
    refunds = service.create_initiative(wid, "Faster refunds")
    delays = service.create_initiative(wid, "Live <b>delay</b> messages")
    survey = service.create_initiative(wid, "Staff survey")
    service.set_roadmap(wid, refunds.id, phase="now", owner="Ann", metric="Refunds in 3 days",
                        baseline="60", target="80", unit="%")
    service.set_roadmap(wid, delays.id, phase="now", owner="Bo", metric="Complaints")
    service.set_roadmap(wid, survey.id, phase="next", owner="Dana", metric="Answers")
    return {"refunds": refunds.id, "delays": delays.id, "survey": survey.id}


@pytest.fixture
def room_token(service, workshop, items):
    """The token of a follow-up room, renewed as the room opens."""
    old = service.join_token(workshop.id)
    room = Room(service, workshop.id, host="127.0.0.1", port=0, follow_up=True, renew=True)
    assert room.token != old
    return old, room.token


@pytest.fixture
async def client_factory(aiohttp_client, aiohttp_server, service, workshop, room_token):
    app = create_app(service, workshop.id, follow_up=True)
    server = await aiohttp_server(app)

    async def make(token: str | None = None) -> Phone:
        return Phone(await aiohttp_client(server), token or room_token[1])
    return make


async def _phone_of(client_factory, service, workshop, name: str) -> Phone:
    phone = await client_factory()
    await phone.join(service.participant(workshop.id, name).id)
    return phone


def _stored(service, wid):
    updates = service.store.query("SELECT initiative_id, status, comment, next_step, "
                                  "next_due, by_name, participant_id, source "
                                  "FROM status_updates WHERE workshop_id = ?", [wid])
    readings = service.store.query("SELECT initiative_id, value, by_name, source "
                                   "FROM readings WHERE workshop_id = ?", [wid])
    return updates, readings


async def test_an_owner_sees_only_their_items_and_updates_one(client_factory, service,
                                                              workshop, items):
    ann = await _phone_of(client_factory, service, workshop, "Ann")
    assert "Faster refunds" in ann.html
    assert f'name="item" value="{items["refunds"]}"' in ann.html
    assert f'name="item" value="{items["delays"]}"' not in ann.html
    response = await ann.post("/update", {"item": str(items["refunds"]), "status": "at-risk",
                                          "value": "66,5", "comment": "Form <still> there",
                                          "next": "Ask IT", "due": "2030-01-15"})
    assert response.status == 303
    assert response.headers["Location"].endswith(f"?saved={items['refunds']}"
                                                 f"#item-{items['refunds']}")
    updates, readings = _stored(service, workshop.id)
    ann_id = service.participant(workshop.id, "Ann").id
    assert updates == [{"initiative_id": items["refunds"], "status": "at-risk",
                        "comment": "Form <still> there", "next_step": "Ask IT",
                        "next_due": "2030-01-15", "by_name": "Ann", "participant_id": ann_id,
                        "source": "phone"}]
    assert readings == [{"initiative_id": items["refunds"], "value": 66.5, "by_name": "Ann",
                         "source": "phone"}]
    await ann.get(f"?saved={items['refunds']}")
    assert "Saved. Thank you!" in ann.html and "66.5 %" in ann.html


async def test_an_owner_cannot_touch_another_owners_item(client_factory, service, workshop,
                                                         items):
    ann = await _phone_of(client_factory, service, workshop, "Ann")
    for item in (items["delays"], items["survey"]):
        response = await ann.post("/update", {"item": str(item), "status": "done",
                                              "value": "3", "comment": "mine now"})
        assert response.status == 403
        assert "not yours to update" in ann.html
    assert _stored(service, workshop.id) == ([], [])


async def test_someone_who_owns_nothing_sees_nothing_to_update(client_factory, service,
                                                               workshop, items):
    cy = await _phone_of(client_factory, service, workshop, "Cy")
    assert "You own no roadmap items" in cy.html
    assert 'action="/j/' not in cy.html.split("</header>")[1].split('id="others"')[0] \
        .replace('action="' + cy.base + '/leave"', "")
    # The item of an owner who is not a participant is the facilitator's.
    others = cy.html.split('id="others"')[1]
    assert "Updated by Fay" in others and "Staff survey" in others and "Dana" in others
    assert "Faster refunds" not in others
    response = await cy.post("/update", {"item": str(items["refunds"]), "status": "done"})
    assert response.status == 403
    assert _stored(service, workshop.id) == ([], [])


async def test_the_old_token_is_refused(client_factory, service, workshop, room_token):
    old, new = room_token
    phone = await client_factory(old)
    response = await phone.get()
    assert response.status == 404
    assert "Fay" not in phone.html and workshop.name not in phone.html
    fresh = await client_factory(new)
    assert (await fresh.get()).status == 200


async def test_a_bad_value_is_400_and_keeps_what_was_typed(client_factory, service, workshop,
                                                           items):
    ann = await _phone_of(client_factory, service, workshop, "Ann")
    response = await ann.post("/update", {"item": str(items["refunds"]), "status": "on-track",
                                          "value": "lots", "comment": "Nearly <there>"})
    assert response.status == 400
    assert "measured in numbers" in ann.html
    assert "Nearly &lt;there&gt;" in ann.html and 'value="lots"' in ann.html
    for bad in ({"status": "finished"}, {"status": "done", "due": "soon", "next": "x"},
                {"status": "done", "comment": "x" * 2001}, {"status": "done", "item": "1e3"}):
        form = {"item": str(items["refunds"]), **bad}
        assert (await ann.post("/update", form)).status == 400, bad
    assert _stored(service, workshop.id) == ([], [])


async def test_no_csrf_no_update(client_factory, service, workshop, items):
    ann = await _phone_of(client_factory, service, workshop, "Ann")
    response = await ann.post("/update", {"item": str(items["refunds"]), "status": "done"},
                              csrf=False)
    assert response.status == 403
    response = await ann.post("/update", {"item": str(items["refunds"]), "status": "done",
                                          "csrf": "forged"})
    assert response.status == 403
    assert _stored(service, workshop.id) == ([], [])


async def test_a_body_over_the_limit_stores_nothing(client_factory, service, workshop, items):
    ann = await _phone_of(client_factory, service, workshop, "Ann")
    response = await ann.post("/update", {"item": str(items["refunds"]), "status": "done",
                                          "comment": "x" * 300_000})
    assert response.status == 413
    assert _stored(service, workshop.id) == ([], [])


async def test_no_notes_or_votes_in_the_follow_up_room(client_factory, service, workshop,
                                                       items):
    ann = await _phone_of(client_factory, service, workshop, "Ann")
    assert (await ann.post("/note", {"text": "hello"})).status == 404
    assert (await ann.post("/vote", {"initiative": str(items["refunds"])})).status == 404


async def test_titles_are_escaped(client_factory, service, workshop, items):
    bo = await _phone_of(client_factory, service, workshop, "Bo")
    assert "Live &lt;b&gt;delay&lt;/b&gt; messages" in bo.html
    assert "<b>delay</b>" not in bo.html
