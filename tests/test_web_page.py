"""What the phone page says and does: without JavaScript, after the workshop
moved on, and before a phone gives up its name."""

from __future__ import annotations

import html
import re

from tests import test_web

JSON = test_web.JSON
# the phone fixtures of the main page tests, shared
events, token, server = test_web.events, test_web.token, test_web.server
phone_factory, ann = test_web.phone_factory, test_web.ann


def visible_text(page: str) -> str:
    """The page's text as a person without JavaScript reads it (no attributes)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


async def test_without_javascript_the_page_says_to_reload(ann, service, workshop):
    service.set_current_section(workshop.id, "roadmap")
    await ann.get()
    text = visible_text(ann.html)
    assert "Reload this page when the workshop moves on." in text
    assert "moves on with the workshop" not in text
    # the script, when it runs, says what it then does
    assert 'data-live="Follow the screen at the front. This page moves on with the workshop."' \
        in ann.html


async def test_a_note_written_before_the_facilitator_moved_on_is_named_and_listed(
        ann, service, workshop):
    """The phone showed "Business needs"; the room is on "Vote" when the note arrives."""
    await ann.get()
    assert 'name="section" value="business-needs"' in ann.html
    service.set_current_section(workshop.id, "voting")
    response = await ann.post("/note", {"text": "Faster refunds", "section": "business-needs"},
                              follow=True)
    assert response.status == 200
    note = service.notes(workshop.id)[-1]
    assert (note.text, note.section_id) == ("Faster refunds", "business-needs")
    text = visible_text(ann.html)
    assert "Note added to “Business needs”" in text
    assert "Your notes in “Business needs”" in text
    assert "Faster refunds" in text


async def test_a_note_for_another_capture_step_is_listed_under_that_step(ann, service,
                                                                        workshop):
    service.set_current_section(workshop.id, "customer-views")
    await ann.post("/note", {"text": "Old question", "section": "business-needs"},
                   follow=True)
    text = visible_text(ann.html)
    assert "Note added to “Business needs”" in text
    assert "Your notes in “Business needs”" in text and "Old question" in text
    # the current step's own form is still there, empty
    assert 'name="section" value="customer-views"' in ann.html


async def test_a_note_for_the_current_step_is_thanked_once(ann, service, workshop):
    await ann.post("/note", {"text": "Right here", "section": "business-needs"}, follow=True)
    text = visible_text(ann.html)
    assert text.count("Note added to “Business needs”") == 1
    assert "Your notes in this step" in text and "Right here" in text


async def test_the_json_reply_names_the_step_the_note_went_to(ann, service, workshop):
    service.set_current_section(workshop.id, "voting")
    response = await ann.post("/note", {"text": "Via script", "section": "business-needs"},
                              headers=JSON)
    answer = await response.json()
    assert answer["ok"] and answer["section"] == "business-needs"
    assert "Business needs" in answer["message"]


async def test_a_finnish_reply_names_the_step_in_finnish(aiohttp_client, service):
    from dataclasses import replace

    from sprintkit.playbooks import load_playbook_file
    from sprintkit.web.server import create_app
    from tests.test_web import FIXTURES, Phone

    book = replace(load_playbook_file(FIXTURES / "mini.en.yaml"), language="fi")
    ws = service.create_workshop("Suomeksi", book)
    person = service.add_participant(ws.id, "Aino")
    phone = Phone(await aiohttp_client(create_app(service, ws.id)), service.join_token(ws.id))
    await phone.join(person.id)
    section = service.playbook(ws.id).sections[0]
    await phone.post("/note", {"text": "Hei", "section": section.id}, follow=True)
    assert f"Muistiinpano lisätty vaiheeseen ”{section.title}”" in visible_text(phone.html)


async def test_switch_asks_before_it_frees_the_name(ann, phone_factory, service, workshop):
    ann_id = service.participant(workshop.id, "Ann").id
    response = await ann.post("/leave")
    assert response.status == 200
    text = visible_text(ann.html)
    assert "Switch to another name?" in text
    assert "No, I am Ann" in text
    assert 'name="confirm" value="1"' in ann.html
    # nothing was given up yet: still Ann here, and nobody else can take the name
    await ann.get()
    assert "Hi, Ann" in ann.html
    other = await phone_factory()
    await other.get()
    assert (await other.post("/join", {"participant": str(ann_id)})).status == 409
    # confirmed: the name is free
    assert (await ann.post("/leave", {"confirm": "1"})).status == 303
    await ann.get()
    assert "Who are you?" in ann.html
    await other.join(ann_id)
    assert "Hi, Ann" in other.html


async def test_the_switch_question_escapes_the_name(phone_factory, service, workshop):
    person = service.add_participant(workshop.id, "<b>Eve</b>")
    phone = await phone_factory()
    await phone.join(person.id)
    await phone.post("/leave")
    assert "<b>Eve</b>" not in phone.html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in phone.html


async def test_switch_without_the_form_token_frees_nothing(ann, service, workshop):
    response = await ann.post("/leave", {"confirm": "1"}, csrf=False)
    assert response.status == 403
    await ann.get()
    assert "Hi, Ann" in ann.html


async def test_the_name_list_follows_every_change_at_once(phone_factory, service, workshop):
    """The join page reuses what it rendered; it must never show a stale list."""
    phone, other = await phone_factory(), await phone_factory()
    await phone.get()
    assert "Dana" not in phone.html
    service.add_participant(workshop.id, "Dana", "Support")  # from the laptop
    await phone.get()
    assert ">Dana</span>" in phone.html and ">Support</span>" in phone.html
    service.update_participant(workshop.id, "Dana", name="Dana K", role="Billing")
    await phone.get()
    assert ">Dana K</span>" in phone.html and ">Billing</span>" in phone.html
    assert ">Dana</span>" not in phone.html
    dana = service.participant(workshop.id, "Dana K")
    await other.join(dana.id)
    await phone.get()
    button = re.search(rf'<button[^>]*value="{dana.id}"[^>]*>', phone.html).group(0)
    assert "disabled" in button
    service.remove_participant(workshop.id, "Dana K")
    await phone.get()
    assert "Dana K" not in phone.html
    response = await phone.post("/join", {"participant": str(dana.id)})
    assert response.status == 400
