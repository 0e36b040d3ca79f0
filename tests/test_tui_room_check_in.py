"""The check-in room on the facilitator's screen: who joined and the owners'
updates as they arrive from phones, instead of the workshop day's votes and
notes; and the room's key bar in the workshop's language."""

from __future__ import annotations

import re

import aiohttp
import pytest
from test_swedish_screens import screen_lines
from test_tui_followup import _open, follow_build

from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.screens.room import RoomScreen


@pytest.fixture(autouse=True)
def any_port(monkeypatch):
    # Any free port: tests never hold the room's usual one.
    monkeypatch.setattr("sprintkit.web.server.DEFAULT_PORT", 0)


async def _phone_update(url: str, participant_id: int, fields: dict[str, str]) -> None:
    """One owner's phone: join with their name, then send an update."""
    # the room listens on an address, and the default jar drops cookies of addresses
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
        async with phone.get(url) as response:
            csrf = re.search(r'name="csrf" value="([^"]+)"', await response.text()).group(1)
        async with phone.post(url + "/join", data={"csrf": csrf,
                                                   "participant": str(participant_id)},
                              allow_redirects=False) as response:
            assert response.status == 303
        async with phone.get(url) as response:
            csrf = re.search(r'name="csrf" value="([^"]+)"', await response.text()).group(1)
        async with phone.post(url + "/update", data={"csrf": csrf, **fields},
                              allow_redirects=False) as response:
            assert response.status == 303, await response.text()


async def _screen_text(pilot) -> str:
    pilot.app.screen.refresh_room()
    await pilot.pause()
    return "\n".join(screen_lines(pilot.app.export_screenshot()))


async def test_the_check_in_room_shows_who_joined_and_their_updates(db):
    svc, wid, items = follow_build(db, "en")
    dana = svc.add_participant(wid, "Dana Lee", "Research").id
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(160, 40)) as pilot:  # one update to a line
        try:
            await _open(pilot)
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, RoomScreen) and app.screen.follow_up
            text = await _screen_text(pilot)
            assert "Votes" not in text and "Notes from phones" not in text
            assert "No updates yet" in text
            await _phone_update(app.room.url, dana, {
                "item": str(items[1]), "status": "at-risk", "value": "40 answers",
                "comment": "", "next": "Remind the stations", "due": "2030-01-15"})
            text = await _screen_text(pilot)
            assert "Joined (1)" in text and "● Dana Lee  Research" in text
            assert "Updates from phones" in text
            lines = text.splitlines()
            at = next(n for n, ln in enumerate(lines) if "Dana Lee:" in ln)
            assert ("At risk · reading 40 answers · next: Remind the stations "
                    "(by 15 January 2030)") in lines[at + 1]
            assert "No updates yet" not in text
        finally:
            if app.room is not None:
                await app.room.stop()
    svc.store.close()


@pytest.mark.parametrize(("lang", "words"), [
    ("fi", ("Avaa / sulje huone", "Vapauta nimi", "Takaisin")),
    ("sv", ("Öppna / stäng rummet", "Frigör ett namn", "Tillbaka")),
])
@pytest.mark.parametrize("follow_up", [False, True])
async def test_the_room_key_bar_speaks_the_workshop_language(db, lang, words, follow_up):
    svc, wid, _ = follow_build(db, lang)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=(160, 40)) as pilot:
        try:
            await pilot.pause()
            if follow_up:
                await _open(pilot)
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, RoomScreen)
            footer = screen_lines(app.export_screenshot())[-1]
            assert "Open / close room" not in footer and "Release a name" not in footer
            for word in words:
                assert word in footer, footer
        finally:
            if app.room is not None:
                await app.room.stop()
    svc.store.close()
