"""A phone-sized browser in the follow-up room: an owner joins under the new
link, updates their item, and the database has it; the page is looked at."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_web_browser import CHROMIUM, FIXTURES, browser  # noqa: F401  (fixture)

from sprintkit import i18n
from sprintkit.playbooks import load_playbook_file
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.web.server import Room

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium is not installed")


@pytest.fixture
async def room(db_path):
    service = WorkshopService(Store(db_path))
    book = load_playbook_file(FIXTURES / "mini.en.yaml")
    # held before the reading below: a check-in follows the workshop
    ws = service.create_workshop("Check-in sprint", book, facilitator="Fay", held_on="2026-02-02")
    service.add_participant(ws.id, "Ann", "Sales")
    service.add_participant(ws.id, "Bo", "IT")
    refunds = service.create_initiative(ws.id, "Refunds paid within three working days")
    survey = service.create_initiative(ws.id, "Staff survey of the booking tools")
    delays = service.create_initiative(ws.id, "Live delay messages")
    service.set_roadmap(ws.id, refunds.id, phase="now", owner="Ann",
                        metric="Share of refunds paid in 3 days", baseline="62", target="80",
                        unit="%")
    service.set_roadmap(ws.id, survey.id, phase="next", owner="Ann", metric="Answers")
    service.set_roadmap(ws.id, delays.id, phase="now", owner="Dana Lee", metric="Complaints")
    service.add_reading(ws.id, refunds.id, "64", on="2026-03-02")
    old = service.join_token(ws.id)
    room = Room(service, ws.id, host="127.0.0.1", port=0, follow_up=True, renew=True)
    await room.start()
    yield room, old, refunds.id
    await room.stop()
    service.store.close()


async def test_an_owner_updates_their_item_at_phone_size(browser, room, db_path,  # noqa: F811
                                                         tmp_path):
    room, old, refunds = room
    context = await browser.new_context(viewport={"width": 360, "height": 740},
                                        is_mobile=True, has_touch=True)
    page = await context.new_page()
    stale = await page.goto(room.url.replace(room.token, old))
    assert stale is not None and stale.status == 404
    await page.goto(room.url)
    await page.click("button.name >> text=Ann")
    await page.wait_for_selector("text=Hi, Ann")
    assert await page.locator("h1").inner_text() == "Your 2 items"
    assert await page.locator("#others").inner_text() != ""
    # Nothing sticks out sideways at 360 px.
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    shot = Path(os.environ.get("SPRINTKIT_SHOTS", tmp_path)) / "followup-360.png"
    await page.screenshot(path=str(shot), full_page=True)

    item = page.locator(f"#item-{refunds}")
    await item.locator("select").select_option("at-risk")
    await item.locator("input[name=value]").fill("70,5")
    await item.locator("textarea").fill("The form is gone in two stations")
    await item.locator("input[name=next]").fill("Ask IT for the payment batch")
    await item.locator("button.primary").tap()
    await page.wait_for_selector(f"#item-{refunds} >> text=Saved. Thank you!")

    check = WorkshopService(Store(db_path))
    entry = check.follow_up(room.workshop_id).item(refunds)
    assert entry is not None
    assert (entry.status, entry.latest_reading.value, entry.next_step.text) == \
        ("at-risk", 70.5, "Ask IT for the payment batch")
    assert entry.statuses[-1].comment == "The form is gone in two stations"
    assert entry.statuses[-1].source == "phone"
    check.store.close()
    await context.close()


async def test_a_refused_update_reads_whole_at_phone_size(browser, room, db_path,  # noqa: F811
                                                          tmp_path):
    room, _, refunds = room
    context = await browser.new_context(viewport={"width": 360, "height": 740},
                                        is_mobile=True, has_touch=True)
    page = await context.new_page()
    await page.goto(room.url)
    await page.click("button.name >> text=Ann")
    await page.wait_for_selector("text=Hi, Ann")
    item = page.locator(f"#item-{refunds}")
    await item.locator("input[name=value]").fill("71")
    await item.locator("textarea").fill("Two stations still use the paper form")
    await item.locator("input[name=next]").fill("Ask IT for the payment batch")
    passed = date.today() - timedelta(days=1)
    await item.locator("input[name=due]").fill(passed.isoformat())
    await item.locator("button.primary").tap()
    alert = page.locator("p.alert")
    await alert.wait_for()
    assert await alert.inner_text() == (
        f"The due date {i18n.format_date(passed, 'en')} has already passed: choose today "
        f"({i18n.format_date(date.today(), 'en')}) or a later day.")
    # The owner's words are all still in the form, to correct the date and send again.
    item = page.locator(f"#item-{refunds}")
    assert await item.locator("input[name=value]").input_value() == "71"
    assert await item.locator("textarea").input_value() == "Two stations still use the paper form"
    assert await item.locator("input[name=due]").input_value() == passed.isoformat()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    shot = Path(os.environ.get("SPRINTKIT_SHOTS", tmp_path)) / "followup-refused-360.png"
    await page.screenshot(path=str(shot), full_page=True)

    check = WorkshopService(Store(db_path))
    assert check.store.query("SELECT id FROM status_updates") == []
    assert [r["value"] for r in check.store.query("SELECT value FROM readings")] == [64.0]
    check.store.close()
    await context.close()
