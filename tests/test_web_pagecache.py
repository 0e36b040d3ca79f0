"""Pages rendered once and shared between phones: each phone still gets
exactly the page the template writes for it, with its own name and CSRF
token, and never another phone's."""

from __future__ import annotations

import html
import re

import pytest

from sprintkit.errors import InvalidInput
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.web.server import PAGE
from tests import test_web

events, token, server = test_web.events, test_web.token, test_web.server
phone_factory, voting = test_web.phone_factory, test_web.voting

HOSTILE = 'Zoë <b>"&\' {{ x }}'


def csrf_values(page: str) -> set[str]:
    return set(re.findall(r'name="csrf" value="([^"]*)"', page))


async def two_phones(phone_factory, service, workshop):
    zoe = service.add_participant(workshop.id, HOSTILE, "Ops [b]")
    # a name written like the page's stand-ins, which only the program knows in full
    mimic = service.add_participant(workshop.id, "skslot0123456789abcdefxnamex")
    first, second = await phone_factory(), await phone_factory()
    await first.join(zoe.id)
    await second.join(mimic.id)
    return first, second


def direct(phone, template: str, **context) -> str:
    """The page as the template writes it for this phone, without any sharing."""
    page = phone_page(phone)
    for key in ("v", "error", "noted"):
        context.setdefault(key, None if key != "v" else "")
    context.setdefault("noted_notes", [])
    return page.env.get_template(template).render(**context)


async def test_two_phones_on_the_same_vote_page_each_see_only_their_own(
        phone_factory, service, workshop, voting):
    first, second = await two_phones(phone_factory, service, workshop)
    assert first.csrf and second.csrf and first.csrf != second.csrf
    assert csrf_values(first.html) == {first.csrf}
    assert csrf_values(second.html) == {second.csrf}
    assert "Hi, Zoë &lt;b&gt;&#34;&amp;&#39; {{ x }}" in first.html
    assert HOSTILE not in first.html and "<b>" not in first.html
    assert "skslot0123456789abcdefxnamex" in second.html  # shown as typed
    assert "Zoë" not in second.html and "skslot" not in first.html
    # both answers are the vote page, with both initiatives
    for phone in (first, second):
        assert phone.html.count('class="stepper"') == 2


async def test_a_shared_page_is_byte_for_byte_what_the_template_writes(
        phone_factory, service, workshop, voting):
    first, second = await two_phones(phone_factory, service, workshop)
    for phone in (first, second):
        context = phone_page(phone).room_context(session_of(phone))
        assert phone.html == direct(phone, "room.html", flash=False, form_text="",
                                    form_prompt=None, **context)


async def test_the_join_page_is_what_the_template_writes_for_each_phone(
        phone_factory, service, workshop):
    service.add_participant(workshop.id, HOSTILE)
    first, second = await phone_factory(), await phone_factory()
    await first.get()
    await second.get()
    assert first.csrf != second.csrf
    for phone in (first, second):
        context = phone_page(phone).join_context(session_of(phone))
        assert phone.html == direct(phone, "join.html", person=None, **context)
        assert html.escape(HOSTILE, quote=False) not in phone.html  # quotes escaped too
    # once one of them has joined, the other's list says that name is taken
    ann = service.participant(workshop.id, "Ann")
    await first.post("/join", {"participant": str(ann.id)})
    await second.get()
    button = re.search(rf'<button[^>]*value="{ann.id}"[^>]*>', second.html)
    assert button is not None and "disabled" in button.group(0)


def phone_page(phone):
    return phone.client.server.app[PAGE]


def session_of(phone):
    return next(s for s in phone_page(phone).sessions._items.values()
                if s.csrf == phone.csrf)


# ------------------------------------------------------- reads shared by phones


def test_the_data_version_moves_with_every_write_from_anywhere(svc, mini_playbook, db):
    ws = svc.create_workshop("Version", mini_playbook)
    before = svc.data_version()
    svc.participants(ws.id)
    assert svc.data_version() == before            # reading changes nothing
    svc.add_participant(ws.id, "Ann")
    after_own = svc.data_version()
    assert after_own != before                     # this program's write
    with pytest.raises(InvalidInput):
        svc.add_participant(ws.id, "ann")          # refused: nothing written
    other = WorkshopService(Store(db))
    try:
        other.set_current_section(ws.id, "voting")  # another program, no logged event
    finally:
        other.store.close()
    assert svc.data_version() != after_own


async def test_a_phone_sees_the_step_another_program_moved_to(aiohttp_client, svc,
                                                              mini_playbook, db):
    """The step is read again once the database changed, even when the change
    came from elsewhere and left no entry in the action log."""
    from sprintkit.web.server import create_app

    ws = svc.create_workshop("Elsewhere", mini_playbook)
    person = svc.add_participant(ws.id, "Ann")
    phone = test_web.Phone(await aiohttp_client(create_app(svc, ws.id)),
                           svc.join_token(ws.id))
    await phone.join(person.id)
    assert 'name="section" value="business-needs"' in phone.html
    await phone.get()  # read from what the first page read
    other = WorkshopService(Store(db))
    try:
        other.set_current_section(ws.id, "customer-views")
    finally:
        other.store.close()
    await phone.get()
    assert 'name="section" value="customer-views"' in phone.html
    state = await (await phone.client.get(phone.base + "/state")).json()
    assert state["v"] in phone.html



def test_a_host_remembered_as_allowed_is_forgotten_when_the_addresses_are_asked_again():
    from sprintkit.web.security import HostCheck

    addresses = ["192.168.1.20", "10.0.0.7"]
    check = HostCheck("0.0.0.0", lambda: list(addresses))
    here = ("192.168.1.20", 8765)  # where the connection arrived
    for _ in range(2):  # the second answer comes from what the first found
        assert check.allows("10.0.0.7:8765", here)
        assert not check.allows("evil.example", here)
        assert not check.allows("10.0.0.7:8000", here)
    addresses.remove("10.0.0.7")  # the laptop left that network
    check._asked -= 60
    assert not check.allows("10.0.0.8", here)  # a miss asks for the addresses again
    assert not check.allows("10.0.0.7:8765", here)
