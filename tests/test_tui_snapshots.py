"""Snapshots of the main TUI screens in English, Finnish and Swedish.

The workshop is built here from a playbook defined in this file, so edits to
the bundled playbooks or the demo do not change these pictures. Nothing on
screen depends on the clock: the timebox is not running and timestamps are fixed.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from sprintkit.playbooks import parse_playbook
from sprintkit.service import WorkshopService
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp

PLAYBOOK = {
    "en": """
id: snap
language: en
title: Snapshot sprint
sections:
  - {id: customers, title: Customer views, kind: capture, timebox_minutes: 20,
     intro: "What do customers say about the journey today? Use real feedback.",
     prompts: ["Where does the journey break?", "What do customers praise?"]}
  - {id: staff, title: Staff tools, kind: capture, timebox_minutes: 15,
     intro: "What slows the staff down? Walk through a working day at the desk, on the
       train and on the phone: the systems, the double entries, the missing facts and
       the workarounds everybody knows but nobody wrote down. Ask who has to wait for
       whom, and what the staff would fix first if it were up to them.",
     prompts: ["Where is time lost?"]}
  - {id: grouping, title: Group into initiatives, kind: group, timebox_minutes: 15,
     intro: "Cluster notes into changes someone could own."}
  - {id: voting, title: Dot voting, kind: vote, timebox_minutes: 10}
  - {id: scoring, title: Impact and effort, kind: score, timebox_minutes: 10}
  - {id: roadmap, title: Roadmap, kind: roadmap, timebox_minutes: 20}
  - {id: review, title: Review, kind: review, timebox_minutes: 5}
phases:
  - {id: now, title: Now, horizon: 0-3 months}
  - {id: next, title: Next, horizon: 3-6 months}
  - {id: later, title: Later, horizon: 6-18 months}
lenses:
  - id: cx
    title: CX pyramid
    tags: {effectiveness: Effectiveness, ease: Ease, emotion: Emotion}
""",
    "fi": """
id: snap
language: fi
title: Kuvasprintti
sections:
  - {id: customers, title: Asiakkaiden näkemykset, kind: capture, timebox_minutes: 20,
     intro: "Mitä asiakkaat sanovat asiakaspolusta nyt? Käyttäkää oikeaa palautetta.",
     prompts: ["Missä polku katkeaa?", "Mistä asiakkaat kiittävät?"]}
  - {id: staff, title: Henkilöstön työkalut, kind: capture, timebox_minutes: 15,
     intro: "Mikä hidastaa henkilöstöä? Käykää läpi työpäivä tiskillä, junassa ja
       puhelimessa: järjestelmät, tuplakirjaukset, puuttuvat tiedot ja kiertotiet, jotka
       kaikki tuntevat mutta joita kukaan ei ole kirjannut. Kysykää, kuka joutuu
       odottamaan ketä ja mitä henkilöstö korjaisi ensin, jos saisi päättää.",
     prompts: ["Mihin aikaa kuluu?"]}
  - {id: grouping, title: Ryhmittely, kind: group, timebox_minutes: 15,
     intro: "Kootkaa muistiinpanot kehityskohteiksi."}
  - {id: voting, title: Pisteäänestys, kind: vote, timebox_minutes: 10}
  - {id: scoring, title: Vaikutus ja työmäärä, kind: score, timebox_minutes: 10}
  - {id: roadmap, title: Tiekartta, kind: roadmap, timebox_minutes: 20}
  - {id: review, title: Katselmointi, kind: review, timebox_minutes: 5}
phases:
  - {id: now, title: Nyt, horizon: 0-3 kk}
  - {id: next, title: Seuraavaksi, horizon: 3-6 kk}
  - {id: later, title: Myöhemmin, horizon: 6-18 kk}
lenses:
  - id: cx
    title: CX-pyramidi
    tags: {effectiveness: Toimivuus, ease: Helppous, emotion: Tunne}
""",
    "sv": """
id: snap
language: sv
title: Bildsprint
sections:
  - {id: customers, title: Kundernas syn, kind: capture, timebox_minutes: 20,
     intro: "Vad säger kunderna om resan i dag? Använd verklig kundfeedback.",
     prompts: ["Var bryts kundresan?", "Vad berömmer kunderna?"]}
  - {id: staff, title: Personalens verktyg, kind: capture, timebox_minutes: 15,
     intro: "Vad bromsar personalen? Gå igenom en arbetsdag vid disken, på tåget och i
       telefonen: systemen, dubbelregistreringen, uppgifterna som saknas och omvägarna som
       alla känner till men ingen har skrivit ner. Fråga vem som måste vänta på vem, och
       vad personalen skulle åtgärda först om de fick bestämma.",
     prompts: ["Var går tiden förlorad?"]}
  - {id: grouping, title: Gruppering, kind: group, timebox_minutes: 15,
     intro: "Samla anteckningarna till utvecklingsobjekt som någon kan ansvara för."}
  - {id: voting, title: Prickröstning, kind: vote, timebox_minutes: 10}
  - {id: scoring, title: Nytta och arbetsinsats, kind: score, timebox_minutes: 10}
  - {id: roadmap, title: Färdplan, kind: roadmap, timebox_minutes: 20}
  - {id: review, title: Genomgång, kind: review, timebox_minutes: 5}
phases:
  - {id: now, title: Nu, horizon: 0-3 mån.}
  - {id: next, title: Därnäst, horizon: 3-6 mån.}
  - {id: later, title: Senare, horizon: 6-18 mån.}
lenses:
  - id: cx
    title: Kundupplevelsepyramiden
    tags: {effectiveness: Funktion, ease: Enkelhet, emotion: Känsla}
""",
}

TEXT = {
    "en": {
        "people": [("Anna Berg", "Customer service"), ("Ben Ode", "IT"), ("Cleo Fox", "Sales")],
        "notes": [
            ("customers", "Refund forms take a week to process", 0, ["ease"]),
            ("customers", "Nobody tells us when a connection is missed", 1, ["emotion"]),
            ("customers", "The app hides the season ticket renewal", 0, ["ease"]),
            ("customers", "Staff at the desk were kind and quick", None, ["emotion"]),
            ("staff", "Three systems to check one booking", 0, ["effectiveness"]),
            ("staff", "Delay data arrives after the passengers ask", 0, []),
        ],
        "items": ["Refunds without forms", "Live delay messages", "One booking view"],
        "owner": "Anna Berg", "metric": "Refunds paid in 3 days", "target": "80 %",
        "name": "Harbour line sprint",
    },
    "fi": {
        "people": [("Anna Berg", "Asiakaspalvelu"), ("Ben Ode", "IT"), ("Cleo Fox", "Myynti")],
        "notes": [
            ("customers", "Palautuslomakkeen käsittely vie viikon", 0, ["ease"]),
            ("customers", "Kukaan ei kerro, kun jatkoyhteys menee ohi", 1, ["emotion"]),
            ("customers", "Sovellus piilottaa kausilipun uusinnan", 0, ["ease"]),
            ("customers", "Tiskin henkilökunta oli ystävällistä ja nopeaa", None, ["emotion"]),
            ("staff", "Yhden varauksen tarkistukseen tarvitaan kolme järjestelmää", 0,
             ["effectiveness"]),
            ("staff", "Viivetieto tulee vasta kun matkustajat kysyvät", 0, []),
        ],
        "items": ["Palautukset ilman lomaketta", "Viiveistä viestit heti", "Yksi varausnäkymä"],
        "owner": "Anna Berg", "metric": "Palautukset 3 päivässä", "target": "80 %",
        "name": "Satamaradan sprintti",
    },
    "sv": {
        "people": [("Anna Berg", "Kundtjänst"), ("Ben Ode", "IT"), ("Cleo Fox", "Försäljning")],
        "notes": [
            ("customers", "Det tar en vecka att behandla en återbetalningsblankett", 0, ["ease"]),
            ("customers", "Ingen säger till när en anslutning missas", 1, ["emotion"]),
            ("customers", "Appen gömmer förnyelsen av säsongsbiljetten", 0, ["ease"]),
            ("customers", "Personalen vid disken var vänlig och snabb", None, ["emotion"]),
            ("staff", "Tre system för att kontrollera en bokning", 0, ["effectiveness"]),
            ("staff", "Förseningsuppgifterna kommer först när passagerarna frågar", 0, []),
        ],
        "items": ["Återbetalning utan blankett", "Förseningar meddelas direkt",
                  "En vy för bokningar"],
        "owner": "Anna Berg", "metric": "Återbetalningar inom 3 dagar", "target": "80 %",
        "name": "Hamnbanans sprint",
    },
}

STAMP = "2026-03-02T09:30:00+00:00"


def build(db, lang: str, current: str) -> tuple[WorkshopService, int]:
    svc = WorkshopService(Store(db))
    text = TEXT[lang]
    ws = svc.create_workshop(text["name"], parse_playbook(PLAYBOOK[lang]))
    wid = ws.id
    people = [svc.add_participant(wid, name, role).id for name, role in text["people"]]
    notes = []
    for index, (sid, body, prompt, tags) in enumerate(text["notes"]):
        author = people[index % 3] if index != 3 else None
        notes.append(svc.add_note(wid, sid, body, participant=author, prompt_index=prompt,
                                  lenses=tags).id)
    items = [svc.create_initiative(wid, text["items"][0], note_ids=[notes[0]]).id,
             svc.create_initiative(wid, text["items"][1], note_ids=[notes[1], notes[5]]).id,
             svc.create_initiative(wid, text["items"][2], note_ids=[notes[4]]).id]
    svc.open_round(wid, dots=4, max_per_item=2)
    svc.set_allocation(wid, people[0], {items[0]: 2, items[1]: 2})
    svc.set_allocation(wid, people[1], {items[1]: 2, items[2]: 1})
    svc.set_allocation(wid, people[2], {items[0]: 1, items[1]: 1})
    svc.close_round(wid)
    svc.reveal_round(wid)
    for person, (i1, e1), (i2, e2), (i3, e3) in zip(
            people, [(5, 2), (4, 1), (4, 2)], [(4, 4), (5, 5), (3, 4)],
            [(2, 2), (2, 1), (1, 2)], strict=True):
        svc.score(wid, person, items[0], impact=i1, effort=e1)
        svc.score(wid, person, items[1], impact=i2, effort=e2)
        svc.score(wid, person, items[2], impact=i3, effort=e3)
    svc.set_roadmap(wid, items[0], phase="now", owner=text["owner"], metric=text["metric"],
                    target=text["target"], contributors=["Ben Ode"])
    svc.set_roadmap(wid, items[1], phase="next")
    svc.set_current_section(wid, current)
    with svc.store.transaction() as conn:  # fixed times for the home screen
        conn.execute("UPDATE workshops SET created_at = ?, updated_at = ?", [STAMP, STAMP])
    return svc, wid


def shoot(snap_compare, db, lang, current, *, size=(100, 32), press=(), home=False):
    svc, wid = build(db, lang, current)
    app = SprintkitApp(db, None if home else wid, service=svc)

    async def before(pilot) -> None:
        await pilot.pause()
        for key in press:
            await pilot.press(key)
            await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        pilot.app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=before)
    finally:
        svc.store.close()


LANGS = ["en", "fi", "sv"]


@pytest.fixture(autouse=True)
def _home_language(monkeypatch):
    monkeypatch.setenv("SPRINTKIT_LANG", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_home(snap_compare, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("SPRINTKIT_LANG", lang)
    shoot(snap_compare, tmp_path / "s.db", lang, "customers", size=(80, 24), home=True)


@pytest.mark.parametrize("lang", LANGS)
def test_capture(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "customers")


@pytest.mark.parametrize("lang", LANGS)
def test_capture_small_terminal(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "customers", size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_group(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "grouping", press=["space"])


@pytest.mark.parametrize("lang", LANGS)
def test_vote_result_by_role(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "voting", press=["v"])


@pytest.mark.parametrize("lang", LANGS)
def test_score_matrix(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "scoring", press=["m"])


@pytest.mark.parametrize("lang", LANGS)
def test_roadmap(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "roadmap", size=(120, 32))


@pytest.mark.parametrize("lang", LANGS)
def test_voices(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "customers", press=["f4"])


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_long_intro_is_cut_with_a_marker(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "staff", size=(80, 24))


def test_long_intro_in_full(snap_compare, tmp_path):
    shoot(snap_compare, tmp_path / "s.db", "fi", "staff", size=(80, 24), press=["ctrl+o"])


def test_help(snap_compare, tmp_path):
    shoot(snap_compare, tmp_path / "s.db", "en", "customers", press=["f1"])


def test_help_in_swedish(snap_compare, tmp_path):
    shoot(snap_compare, tmp_path / "s.db", "sv", "customers", press=["f1"])


@pytest.mark.parametrize("lang", LANGS)
def test_people(snap_compare, tmp_path, lang):
    shoot(snap_compare, tmp_path / "s.db", lang, "customers", press=["f3"])


def test_ballot_hides_other_votes(snap_compare, tmp_path):
    def before_ballot(svc, wid):
        svc.open_round(wid, dots=3, max_per_item=2)
        svc.vote(wid, "Ben Ode", "Live delay messages", dots=2)

    db = tmp_path / "s.db"
    svc, wid = build(db, "en", "voting")
    before_ballot(svc, wid)
    svc.store.close()
    shoot_existing(snap_compare, db, wid, press=["b", "A", "n", "n", "a", "enter", "right"])


def shoot_existing(snap_compare, db, wid, *, press=(), size=(100, 32)):
    svc = WorkshopService(Store(db))
    app = SprintkitApp(db, wid, service=svc)

    async def before(pilot) -> None:
        await pilot.pause()
        for key in press:
            await pilot.press(key)
            await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=before)
    finally:
        svc.store.close()
