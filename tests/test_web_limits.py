"""Rate limits per phone session, with a looser ceiling per client address:
a room behind one guest Wi-Fi address is not throttled as one phone."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from sprintkit.web.server import Limits, create_app
from tests.test_web import JSON, Phone


@pytest.fixture
def token(service, workshop):
    return service.join_token(workshop.id)


@pytest.fixture
def room_of_thirty(service, workshop):
    names = [f"Guest {index:02d}" for index in range(30)]
    for name in names:
        service.add_participant(workshop.id, name)
    items = [service.create_initiative(workshop.id, f"Idea {n}").id for n in range(4)]
    service.set_current_section(workshop.id, "voting")
    service.open_round(workshop.id, dots=5, max_per_item=3)
    return [service.participant(workshop.id, name).id for name in names], items


async def test_thirty_phones_behind_one_address_are_not_throttled(
        aiohttp_client, service, workshop, token, room_of_thirty):
    """All from 127.0.0.1, all at once: join, load the page's files, poll and
    spend five dots each. Nobody may get 429."""
    people, items = room_of_thirty
    app = create_app(service, workshop.id, vote_event_interval=0)
    server_client = await aiohttp_client(app)
    statuses: Counter[int] = Counter()

    async def one_phone(pid: int, index: int) -> None:
        client = await aiohttp_client(server_client.server)
        phone = Phone(client, token)
        for answer in (await phone.get(), await client.get("/static/sprintkit.css"),
                       await client.get("/static/sprintkit.js")):
            statuses[answer.status] += 1
        answer = await phone.post("/join", {"participant": str(pid)})
        statuses[answer.status] += 1
        statuses[(await phone.get()).status] += 1
        for tap in range(5):
            answer = await phone.post("/vote", {"initiative": str(items[(index + tap) % 4])},
                                      headers=JSON)
            statuses[answer.status] += 1
            statuses[(await phone.get("/state")).status] += 1

    await asyncio.gather(*(one_phone(pid, i) for i, pid in enumerate(people)))
    assert statuses[429] == 0, statuses
    assert statuses[200] + statuses[303] == sum(statuses.values()), statuses
    rnd = service.current_round(workshop.id)
    assert sum(v.dots for v in service.votes(rnd.id)) == 30 * 5


async def test_one_phone_flooding_is_limited_but_its_neighbours_are_not(
        aiohttp_client, service, workshop, token):
    app = create_app(service, workshop.id, limits=Limits(rate=1.0, burst=5))
    first = await aiohttp_client(app)
    flooder, neighbour = Phone(first, token), Phone(await aiohttp_client(first.server), token)
    await flooder.join(service.participant(workshop.id, "Ann").id)
    await neighbour.join(service.participant(workshop.id, "Bo").id)
    flood = [(await flooder.get("/state")).status for _ in range(10)]
    assert flood[-1] == 429
    # same address, its own session: still served
    assert (await neighbour.get("/state")).status == 200


async def test_the_address_ceiling_still_holds_for_many_sessions(aiohttp_client, service,
                                                                 workshop, token):
    """Minting fresh cookies does not buy more requests than the address ceiling."""
    app = create_app(service, workshop.id,
                     limits=Limits(rate=100, burst=100, address_rate=1.0, address_burst=10))
    client = await aiohttp_client(app)
    statuses = []
    for _ in range(15):
        phone = Phone(await aiohttp_client(client.server), token)
        statuses.append((await phone.get()).status)
    assert statuses[:10] == [200] * 10
    assert statuses[-1] == 429


async def test_requests_without_a_known_session_share_one_bucket_per_address(
        aiohttp_client, service, workshop, token):
    app = create_app(service, workshop.id, limits=Limits(rate=1.0, burst=3))
    client = await aiohttp_client(app)
    forged = {"Cookie": "sk_session=made-up"}
    statuses = [(await client.get(f"/j/{token}/state", headers=forged)).status
                for _ in range(5)]
    assert statuses[:3] == [200] * 3 and statuses[-1] == 429
