"""A real phone-sized browser joins, adds a note and votes; the database has it all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sprintkit.playbooks import load_playbook_file
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.web.server import Room

CHROMIUM = os.environ.get("SPRINTKIT_CHROMIUM") or shutil.which("chromium") \
    or "/usr/bin/chromium"
FIXTURES = Path(__file__).parent / "fixtures"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-sync", "--disable-component-update",
        "--disable-quic"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium is not installed")


@pytest.fixture
async def browser():
    playwright_api = pytest.importorskip("playwright.async_api")
    async with playwright_api.async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def room(db_path):
    service = WorkshopService(Store(db_path))
    book = load_playbook_file(FIXTURES / "mini.en.yaml")
    ws = service.create_workshop("Browser sprint", book)
    service.add_participant(ws.id, "Ann", "Sales")
    service.add_participant(ws.id, "Bo", "IT")
    room = Room(service, ws.id, host="127.0.0.1", port=0)
    await room.start()
    yield room
    await room.stop()
    service.store.close()


async def test_phone_joins_adds_a_note_and_votes(browser, room, db_path):
    service, wid = room.service, room.workshop_id
    context = await browser.new_context(viewport={"width": 390, "height": 844},
                                        is_mobile=True, has_touch=True)
    page = await context.new_page()
    await page.goto(room.url)
    assert await page.locator("h1").inner_text() == "Who are you?"

    # a newcomer adds themselves with a role
    await page.fill("#name", "Dana")
    await page.fill("#role", "Customer service")
    await page.click("text=Add me and join")
    await page.wait_for_selector("text=Hi, Dana")
    assert await page.locator("h1").inner_text() == "Business needs"

    # a note for the second question, attributed
    await page.fill("#text", "Queues at the counter are too long")
    await page.select_option("#prompt", "1")
    await page.click("button.primary")
    await page.wait_for_selector("text=Note added")
    await page.wait_for_selector(".notes >> text=Queues at the counter are too long")

    # the facilitator opens a vote: the page follows by itself (JavaScript polling)
    first = service.create_initiative(wid, "Faster onboarding")
    second = service.create_initiative(wid, "Self-service returns")
    service.set_current_section(wid, "voting")
    service.open_round(wid, dots=5, max_per_item=3)
    await page.wait_for_selector("#vote", timeout=10_000)
    plus_first = page.locator(f"#i-{first.id} button.plus")
    plus_second = page.locator(f"#i-{second.id} button.plus")
    for count in range(1, 4):
        await plus_first.tap()
        await page.wait_for_function(
            f"n => document.querySelector('#i-{first.id} .count').textContent == String(n)",
            arg=count)
    assert await plus_first.is_disabled()  # the per-item max reached
    await plus_second.tap()
    await page.wait_for_selector("text=1 of 5 left")
    await page.locator(f"#i-{first.id} button.minus").tap()
    await page.wait_for_selector("text=2 of 5 left")

    # everything is in the database, read back through a separate connection
    check = WorkshopService(Store(db_path))
    dana = check.participant(wid, "Dana")
    assert dana.role == "Customer service"
    note = check.notes(wid)[-1]
    assert (note.text, note.participant_id, note.prompt_index, note.source) == \
        ("Queues at the counter are too long", dana.id, 1, "phone")
    rnd = check.current_round(wid)
    assert check.dots_of(rnd.id, dana.id) == {first.id: 2, second.id: 1}
    check.store.close()

    # the results appear after the reveal
    service.close_round(wid)
    await page.wait_for_selector("text=Voting has closed", timeout=10_000)
    service.reveal_round(wid)
    await page.wait_for_selector("text=Results, round 1", timeout=10_000)
    assert await page.locator(".bar.mine").count() == 2
    await context.close()


async def test_the_page_works_without_javascript(browser, room):
    service, wid = room.service, room.workshop_id
    context = await browser.new_context(viewport={"width": 360, "height": 740},
                                        java_script_enabled=False)
    page = await context.new_page()
    await page.goto(room.url)
    await page.click("button.name >> text=Bo")
    await page.wait_for_selector("text=Hi, Bo")
    await page.fill("#text", "Plain forms still work")
    await page.check("input[name=anonymous]")
    await page.click("button.primary")
    await page.wait_for_selector("text=Note added")
    note = service.notes(wid)[-1]
    assert (note.text, note.participant_id) == ("Plain forms still work", None)

    item = service.create_initiative(wid, "Chat")
    service.open_round(wid, dots=2, max_per_item=2)
    await page.reload()
    await page.click(f"#i-{item.id} button.plus")
    await page.wait_for_selector("text=1 of 2 left")
    await page.click(f"#i-{item.id} button.plus")
    await page.wait_for_selector("text=0 of 2 left")
    bo = service.participant(wid, "Bo")
    assert service.dots_of(service.current_round(wid).id, bo.id) == {item.id: 2}
    # nothing overflows sideways at 360 px
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    await context.close()


async def test_a_long_list_of_names_can_be_searched(browser, room):
    service, wid = room.service, room.workshop_id
    for index in range(14):
        service.add_participant(wid, f"Guest {index:02d}")
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.goto(room.url)
    await page.fill("#find", "bo")
    visible = await page.locator("button.name:visible").all_inner_texts()
    assert [text.split("\n")[0] for text in visible] == ["Bo"]
    await page.fill("#find", "")
    assert await page.locator("button.name:visible").count() == 16
    await page.close()


async def test_a_half_written_note_is_not_swept_away(browser, room):
    service, wid = room.service, room.workshop_id
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.goto(room.url)
    await page.click("button.name >> text=Ann")
    await page.fill("#text", "Half a thought")
    service.set_current_section(wid, "customer-views")
    await page.wait_for_selector("#toast:not([hidden])", timeout=10_000)
    assert await page.locator("h1").inner_text() == "Business needs"
    assert await page.input_value("#text") == "Half a thought"
    await page.click("button.primary")
    await page.wait_for_selector("text=Note added")
    assert await page.locator("h1").inner_text() == "Customer views"
    note = service.notes(wid)[-1]
    assert (note.text, note.section_id) == ("Half a thought", "business-needs")
    await page.close()


async def test_after_the_workshop_moves_on_the_new_step_is_in_view(browser, room):
    service, wid = room.service, room.workshop_id
    ann = service.participant(wid, "Ann")
    for section in ("business-needs", "customer-views"):  # long pages, both
        for index in range(30):
            service.add_note(wid, section, f"Note {index} in {section}", participant="Ann")
    page = await browser.new_page(viewport={"width": 360, "height": 640})
    await page.goto(room.url)
    await page.click(f"button.name[value='{ann.id}']")
    await page.wait_for_selector("text=Hi, Ann")
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert await page.evaluate("window.scrollY") > 1000
    service.set_current_section(wid, "customer-views")
    await page.wait_for_selector("#main h1 >> text=Customer views", timeout=10_000)
    await page.wait_for_timeout(200)
    top = await page.evaluate("document.querySelector('#main h1').getBoundingClientRect().top")
    assert 0 <= top < 640
    await page.close()


async def test_switch_asks_in_the_browser_and_cancelling_keeps_the_name(browser, room):
    page = await browser.new_page(viewport={"width": 360, "height": 740})
    await page.goto(room.url)
    await page.click("button.name >> text=Bo")
    await page.wait_for_selector("text=Hi, Bo")
    await page.click("header button.linkish")
    await page.wait_for_selector("text=Switch to another name?")
    await page.click("text=No, I am Bo")
    await page.wait_for_selector("text=Hi, Bo")
    await page.click("header button.linkish")
    await page.click("text=Yes, forget me on this phone")
    await page.wait_for_selector("text=Who are you?")
    await page.close()


async def test_hostile_names_never_push_the_page_sideways_at_360_px(browser, room):
    service, wid = room.service, room.workshop_id
    long_name = "A" * 80
    service.add_participant(wid, long_name, "Sales" * 12)
    service.add_participant(wid, "<b>Eve</b> \u202eright to left", "IT [contractor]")
    service.create_initiative(wid, "B" * 90, description="D" * 200)
    page = await browser.new_page(viewport={"width": 360, "height": 740})
    await page.goto(room.url)
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    assert await page.locator("button.name >> text=<b>Eve</b>").count() == 1
    await page.click(f"button.name >> text={long_name}")
    await page.wait_for_selector("text=Add a note")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.click("header button.linkish")
    await page.wait_for_selector("text=Switch to another name?")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.click("text=No, I am")
    service.set_current_section(wid, "voting")
    service.open_round(wid, dots=2, max_per_item=2)
    await page.reload()
    await page.wait_for_selector("text=Vote, round 1")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.close()
