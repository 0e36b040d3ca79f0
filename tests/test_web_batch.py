"""Votes that arrive together are committed together, and answered one by one."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
import test_web

from sprintkit.web.server import create_app


class Phone(test_web.Phone):
    async def vote(self, item: int, op: str = "add") -> tuple[int, dict]:
        response = await self.post("/vote", {"initiative": str(item), "op": op},
                                   headers=test_web.JSON)
        return response.status, await response.json()


@pytest.fixture
def items(service, workshop):
    first = service.create_initiative(workshop.id, "Faster onboarding")
    second = service.create_initiative(workshop.id, "Self-service returns")
    service.set_current_section(workshop.id, "voting")
    service.open_round(workshop.id, dots=3, max_per_item=2)
    return first.id, second.id


@pytest.fixture
def batches(service, monkeypatch):
    """The size of every group of operations the room commits together."""
    sizes: list[int] = []
    run_together = service.run_together

    def spy(calls):
        sizes.append(len(calls))
        return run_together(calls)

    monkeypatch.setattr(service, "run_together", spy)
    return sizes


@pytest.fixture
async def phones(aiohttp_client, service, workshop):
    client = await aiohttp_client(create_app(service, workshop.id, vote_event_interval=0))
    token = service.join_token(workshop.id)
    result = {}
    for person in service.participants(workshop.id):
        # one client per phone: each keeps its own session cookie
        phone = Phone(await aiohttp_client(client.server), token)
        await phone.join(person.id)
        result[person.name] = phone
    return result


def stored(service, workshop) -> dict[tuple[int, int], int]:
    rnd = service.current_round(workshop.id)
    return {(v.participant_id, v.initiative_id): v.dots for v in service.votes(rnd.id)}


async def test_votes_sent_together_share_a_commit_and_each_gets_its_answer(
        phones, service, workshop, items, batches):
    first, second = items
    ann, bo, cy = phones["Ann"], phones["Bo"], phones["Cy"]
    answers = await asyncio.gather(
        ann.vote(first), ann.vote(first), ann.vote(first),   # the third is over the max
        bo.vote(second), bo.vote(first, "remove"),           # Bo has nothing to take back
        cy.vote(second))
    statuses = [status for status, _ in answers]
    assert sorted(statuses) == [200, 200, 200, 200, 409, 409]
    assert max(batches) > 1  # they really were committed together
    ids = {p.name: p.id for p in service.participants(workshop.id)}
    assert stored(service, workshop) == {(ids["Ann"], first): 2, (ids["Bo"], second): 1,
                                         (ids["Cy"], second): 1}
    refused = [body["error"] for status, body in answers if status == 409]
    assert "You have no dots on that initiative." in refused
    assert "That initiative already has the most dots allowed (2)." in refused
    # each phone's answer is about its own dots
    assert answers[3][1]["dots"] == {str(second): 1} and answers[3][1]["spent"] == 1
    assert answers[5][1]["spent"] == 1


async def test_a_full_budget_spent_at_once_is_never_exceeded(phones, service, workshop,
                                                             items, batches):
    first, second = items
    ann = phones["Ann"]
    answers = await asyncio.gather(*(ann.vote(item) for item in (first, second) * 4))
    assert sorted(status for status, _ in answers) == [200] * 3 + [409] * 5
    assert sum(stored(service, workshop).values()) == 3


async def test_no_vote_is_answered_as_saved_when_its_commit_fails(phones, service,
                                                                  workshop, items,
                                                                  monkeypatch):
    first, second = items
    real = service.run_together

    def commit_fails(calls):
        with service.store.transaction():
            real(calls)  # the votes are written and checked inside this transaction,
            raise sqlite3.OperationalError("disk I/O error")  # which then cannot commit

    monkeypatch.setattr(service, "run_together", commit_fails)
    answers = await asyncio.gather(phones["Ann"].vote(first), phones["Bo"].vote(second))
    assert [status for status, _ in answers] == [503, 503]
    assert stored(service, workshop) == {}


async def test_a_removed_participant_cannot_vote(phones, service, workshop, items):
    service.remove_participant(workshop.id, "Ann")
    status, body = await phones["Ann"].vote(items[0])
    assert status == 403
    assert stored(service, workshop) == {}
    status, _ = await phones["Bo"].vote(items[0])
    assert status == 200
