"""The check-in room's join page: only the people already listed pick their
name; nobody adds themselves through the check-in link."""

from __future__ import annotations

from test_web_followup import client_factory, items, room_token  # noqa: F401


async def test_the_check_in_join_page_offers_no_add_form(client_factory, service,  # noqa: F811
                                                         workshop):
    phone = await client_factory()
    response = await phone.get()
    assert response.status == 200
    assert 'name="participant"' in phone.html  # the listed names are there to pick
    assert 'name="role"' not in phone.html
    assert "Add me and join" not in phone.html
    assert "Ask the facilitator to add you" in phone.html


async def test_posting_a_new_name_to_the_check_in_room_is_refused(client_factory,  # noqa: F811
                                                                  service, workshop):
    before = [p.name for p in service.participants(workshop.id)]
    phone = await client_factory()
    await phone.get()
    response = await phone.post("/join", {"name": "Mallory", "role": "Intruder"})
    assert response.status == 403
    assert "Only people already on the list can join this check-in" in phone.html
    assert [p.name for p in service.participants(workshop.id)] == before
    rows = service.store.query("SELECT name FROM participants WHERE workshop_id = ?",
                               [workshop.id])
    assert "Mallory" not in [row["name"] for row in rows]
    # the phone has no name, so the check-in page is still the join page
    await phone.get()
    assert "Mallory" not in phone.html
    assert 'name="participant"' in phone.html


async def test_a_listed_person_still_picks_their_name(client_factory, service,  # noqa: F811
                                                      workshop):
    phone = await client_factory()
    await phone.join(service.participant(workshop.id, "Ann").id)
    assert "Faster refunds" in phone.html


async def test_someone_who_owns_nothing_is_told_so_in_words(client_factory,  # noqa: F811
                                                            service, workshop):
    phone = await client_factory()
    await phone.join(service.participant(workshop.id, "Cy").id)
    assert "<h1>Nothing of yours to update</h1>" in phone.html
    assert "Your 0 items" not in phone.html
    assert "0" not in phone.html.split("<h1>")[1].split("</h1>")[0]


async def test_the_next_steps_due_date_is_written_out(
        client_factory, service, workshop, items):  # noqa: F811
    service.set_status(workshop.id, items["refunds"], "on-track", next_step="Ask IT",
                       due="2030-01-15")
    phone = await client_factory()
    await phone.join(service.participant(workshop.id, "Ann").id)
    assert "Ask IT (15 January 2030)" in phone.html
    assert "2030-01-15)" not in phone.html
