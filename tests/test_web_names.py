"""Joining from a phone under a name that looks like someone else's."""

from __future__ import annotations

import pytest
from test_web import JSON, Phone

from sprintkit.web.server import create_app


@pytest.fixture
async def phone(aiohttp_client, aiohttp_server, service, workshop):
    server = await aiohttp_server(create_app(service, workshop.id))
    phone = Phone(await aiohttp_client(server), service.join_token(workshop.id))
    await phone.get()
    return phone


@pytest.mark.parametrize(("name", "status", "message"), [
    ("\u0410nn", 409, "That name looks just like Ann, who is already on the list"),
    ("\U0001d400nn", 409, "That name looks just like Ann"),
    ("A\u200bnn", 409, "already on the list"),
    ("\u200b\u2060\ufeff", 400, "Write your name first"),
    ("\u202e\u2066", 400, "Write your name first"),
])
async def test_a_lookalike_or_invisible_name_is_refused(phone, service, workshop, name,
                                                        status, message):
    response = await phone.post("/join", {"name": name, "role": "Sales"})
    assert response.status == status
    assert message in phone.html
    assert [p.name for p in service.participants(workshop.id)] == ["Ann", "Bo", "Cy"]


async def test_the_refusal_reads_the_same_as_json(phone, service, workshop):
    response = await phone.post("/join", {"name": "\u0412o"}, headers=JSON)  # Cyrillic В
    assert response.status == 409
    assert (await response.json())["error"].startswith("That name looks just like Bo,")


async def test_the_refusal_is_in_the_workshops_language(aiohttp_client, aiohttp_server,
                                                        service, mini_playbook):
    from dataclasses import replace

    book = replace(mini_playbook, language="fi")
    ws = service.create_workshop("Paja", book)
    service.add_participant(ws.id, "Päivi")
    server = await aiohttp_server(create_app(service, ws.id))
    phone = Phone(await aiohttp_client(server), service.join_token(ws.id))
    await phone.get()
    response = await phone.post("/join", {"name": "P\u00e4iv\u0456"})  # Cyrillic і
    assert response.status == 409
    assert "Nimi näyttää samalta kuin Päivi" in phone.html


async def test_a_name_with_escape_bytes_is_stored_clean(phone, service, workshop):
    response = await phone.post("/join", {"name": "Dee\x1b[2J\x1b]0;x\x07", "role": "IT\r\nOps"})
    assert response.status == 303
    rows = service.store.query("SELECT name, role FROM participants WHERE id > 3")
    assert rows == [{"name": "Dee[2J]0;x", "role": "IT Ops"}]
