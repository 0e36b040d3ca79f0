"""One word per status in each language: the follow-up view, the history, the
CLI, the phone page and every report call a status by the same name (they
once had three sets of words, so F8 and F10 disagreed in Finnish)."""

from __future__ import annotations

import pytest
from test_tui_followup import TODAY, follow_build
from test_web import Phone

from sprintkit import i18n
from sprintkit.cli.history import _Words
from sprintkit.export import ExportOptions, render
from sprintkit.history_words import event_words
from sprintkit.tui import labels
from sprintkit.tui.screens.followup import status_text
from sprintkit.web.server import Room, create_app

WORDS = {
    "en": {"at-risk": "At risk", "blocked": "Blocked"},
    "fi": {"at-risk": "Riskissä", "blocked": "Jumissa"},
    "sv": {"at-risk": "I riskzonen", "blocked": "Blockerad"},
}
# The words of the sets that were retired; none may come back anywhere.
RETIRED = {"fi": ["Vaarassa", "vaarassa"], "sv": ["I fara", "i fara", "Stoppad", "stoppad"],
           "en": []}


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_every_surface_names_a_status_alike(tmp_path, lang):
    svc, wid, _ = follow_build(tmp_path / f"{lang}.db", lang)
    blocked = WORDS[lang]["blocked"]
    assert i18n.status_word(lang, "blocked") == blocked
    assert i18n.status_word(lang, "at-risk") == WORDS[lang]["at-risk"]

    labels.set_language(lang)
    try:
        assert status_text("blocked").plain == blocked
    finally:
        labels.set_language("en")

    history = [event_words(e, _Words(lang)) for e in svc.history(wid)
               if e.message and e.message.startswith("followup.")
               and (e.params or {}).get("status") == "blocked"]
    assert history and all(blocked in line for line in history)

    outputs = {fmt: render(svc.snapshot(wid), fmt, ExportOptions()).decode("utf-8-sig")
               for fmt in ("progress-md", "progress-html", "md", "csv")}
    for fmt, text in outputs.items():
        assert blocked in text, fmt
        for word in RETIRED[lang]:
            assert word not in text, (fmt, word)


@pytest.mark.parametrize("lang", ["fi", "sv"])
async def test_the_phone_page_names_a_status_alike(tmp_path, aiohttp_client, aiohttp_server,
                                                   lang):
    svc, wid, items = follow_build(tmp_path / f"{lang}.db", lang)
    owner = next(i for i in svc.initiatives(wid) if i.id == items[0]).owner
    person = svc.participant(wid, owner)
    svc.set_status(wid, items[0], "at-risk", today=TODAY)
    room = Room(svc, wid, host="127.0.0.1", port=0, follow_up=True, renew=True)
    server = await aiohttp_server(create_app(svc, wid, follow_up=True))
    phone = Phone(await aiohttp_client(server), room.token)
    await phone.join(person.id)
    assert WORDS[lang]["at-risk"] in phone.html
    for word in RETIRED[lang]:
        assert word not in phone.html
    svc.store.close()
