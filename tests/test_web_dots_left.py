"""The dots a person still holds, drawn at 360 px: only filled dots, one per dot
left, so a spent dot never shows as an empty ring that looks like a slot to tap."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_web_browser import CHROMIUM, browser, room  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium is not installed")

DRAWN = """() => Array.from(document.querySelectorAll('#budget .pip'))
    .filter(pip => pip.getClientRects().length > 0)
    .map(pip => getComputedStyle(pip).backgroundColor)"""


async def drawn(page) -> list[str]:
    return await page.evaluate(DRAWN)


@pytest.mark.parametrize("javascript", [True, False])
async def test_only_the_dots_left_are_drawn_and_all_of_them_filled(browser, room,  # noqa: F811
                                                                    javascript):
    service, wid = room.service, room.workshop_id
    first = service.create_initiative(wid, "Faster onboarding").id
    second = service.create_initiative(wid, "Self-service returns").id
    service.set_current_section(wid, "voting")
    service.open_round(wid, dots=5, max_per_item=3)
    context = await browser.new_context(viewport={"width": 360, "height": 740},
                                        java_script_enabled=javascript)
    page = await context.new_page()
    await page.goto(room.url)
    await page.click("button.name >> text=Ann")
    await page.wait_for_selector("text=5 of 5 left")
    colours = await drawn(page)
    assert len(colours) == 5
    assert "rgba(0, 0, 0, 0)" not in colours  # filled, not rings
    for left, item in zip(range(4, -1, -1), (first, first, first, second, second),
                          strict=True):
        await page.locator(f"#i-{item} button.plus").click()
        await page.wait_for_selector(f"text={left} of 5 left")
        assert len(await drawn(page)) == left
    await page.reload()
    await page.wait_for_selector("text=0 of 5 left")
    assert await drawn(page) == []
    await context.close()
