"""Workshops for the export tests, built through the service layer (no tests here)."""

from __future__ import annotations

import random

from sprintkit.playbooks import find_playbook
from sprintkit.service import WorkshopService, WorkshopSnapshot
from sprintkit.store import Store

PEOPLE = {
    "en": [("Aino Virtanen", "Customer service"), ("Ben Carter", "Sales"),
           ("Chloé Martin", "IT"), ("Dev Patel", "Customer service"),
           ("Eeva Mäkelä", "Management"), ("Frank Olsen", "Logistics"),
           ("Grace Kim", "Marketing"), ("Hannu Ström", "IT")],
    "fi": [("Aino Virtanen", "Asiakaspalvelu"), ("Björn Åberg", "Myynti"),
           ("Chloé Martin", "IT"), ("Daniel Öhman", "Asiakaspalvelu"),
           ("Eeva Mäkelä", "Johto"), ("Fredrik Lind", "Logistiikka"),
           ("Greta Kivi", "Markkinointi"), ("Hannu Ström", "IT")],
}

NOTES = {
    "en": [
        "Customers cannot see where their delivery is after the order is confirmed",
        "Staff re-type the same order into two systems",
        "Returns take three weeks to refund, and people call us to ask",
        "Partners learn about campaign prices only from customers",
        "The chat bot cannot hand over to a person with the history",
        "Our NPS survey is sent too late to be useful",
        "New staff get no guidance on the loyalty programme",
        "Field technicians cannot see the customer's earlier contacts",
        "Invoices use internal product codes customers do not understand",
        "We lose B2B customers at contract renewal without noticing",
    ],
    "fi": [
        "Asiakkaat eivät näe tilauksen vahvistuksen jälkeen, missä toimitus on",
        "Henkilöstö kirjaa saman tilauksen kahteen järjestelmään",
        "Palautusten hyvitys kestää kolme viikkoa, ja asiakkaat soittavat kysyäkseen",
        "Kumppanit kuulevat kampanjahinnoista vasta asiakkailta",
        "Chatbotti ei osaa siirtää asiakasta ihmiselle historian kanssa",
        "NPS-kysely lähtee liian myöhään ollakseen hyödyllinen",
        "Uudet työntekijät eivät saa ohjeita kanta-asiakasohjelmasta",
        "Huoltoasentajat eivät näe asiakkaan aiempia yhteydenottoja",
        "Laskuissa on sisäisiä tuotekoodeja, joita asiakas ei ymmärrä",
        "Menetämme yritysasiakkaita sopimuksen uusimisessa huomaamatta",
    ],
}

INITIATIVES = {
    "en": [("Live delivery tracking", "Head of logistics", "Calls asking 'where is my order'",
            "-40 % in 6 months"),
           ("One order entry", "IT manager", "Minutes per order", "under 3 min"),
           ("Refund in 5 days", "Finance lead", "Days to refund", "5 days"),
           ("Partner price feed", "", "Price complaints", "halved"),
           ("Chat hand-over with history", "Service manager", "", ""),
           ("Onboarding kit for new staff", "HR partner", "Time to competence", "8 weeks")],
    "fi": [("Toimituksen reaaliaikainen seuranta", "Logistiikkapäällikkö",
            "Missä tilaukseni on -puhelut", "-40 % puolessa vuodessa"),
           ("Yksi tilauskirjaus", "IT-päällikkö", "Minuuttia tilausta kohden", "alle 3 min"),
           ("Hyvitys viidessä päivässä", "Talousvastaava", "Päiviä hyvitykseen", "5 päivää"),
           ("Kumppanien hintasyöte", "", "Hintavalitukset", "puolitetaan"),
           ("Chatin siirto historian kanssa", "Palvelupäällikkö", "", ""),
           ("Perehdytyspaketti uusille", "HR-kumppani", "Aika osaavaksi", "8 viikkoa")],
}


def new_service(path=None) -> WorkshopService:
    return WorkshopService(Store(path))


def build(service: WorkshopService, lang: str = "en", *, initiatives: int | None = None,
          notes: int = 40, name: str | None = None, extra_notes: tuple[str, ...] = (),
          scores: bool = True, reveal: bool = True, seed: int = 7) -> int:
    """A realistic workshop in the bundled service-sprint playbook; returns its id."""
    rng = random.Random(seed)
    book = find_playbook("service-sprint", lang)
    ws = service.create_workshop(name or ("Customer journey sprint" if lang == "en"
                                          else "Asiakaspolun palvelusprintti"),
                                 book, organisation="Nordic Rail Oy", facilitator="Fay Facilitator")
    people = [service.add_participant(ws.id, n, r) for n, r in PEOPLE[lang]]
    capture = [s.id for s in book.capture_sections()]
    tags = list(book.tag_titles())
    note_ids = []
    for index in range(notes):
        text = NOTES[lang][index % len(NOTES[lang])]
        if index >= len(NOTES[lang]):
            text = f"{text} ({index})"
        # The last participant never writes a note: the report must say so.
        person = people[index % (len(people) - 1)] if index % 9 else None
        note = service.add_note(ws.id, capture[index % len(capture)], text,
                                participant=person.id if person else None,
                                lenses=rng.sample(tags, k=index % 3))
        note_ids.append(note.id)
    for index, text in enumerate(extra_notes):
        note = service.add_note(ws.id, capture[index % len(capture)], text,
                                participant=people[0].id)
        note_ids.append(note.id)
    base = INITIATIVES[lang]
    count = len(base) if initiatives is None else initiatives
    phases = [p.id for p in book.phases]
    made = []
    for index in range(count):
        title, owner, metric, target = base[index % len(base)]
        if index >= len(base):
            title = f"{title} {index + 1}"
        linked = note_ids[index::max(count, 1)][:4] if note_ids else []
        item = service.create_initiative(ws.id, title, note_ids=linked,
                                         description=f"{title}: {NOTES[lang][index % 10]}.")
        phase = phases[index % len(phases)] if index % 7 != 6 else None
        service.set_roadmap(ws.id, item.id, phase=phase, owner=owner, metric=metric,
                            target=target,
                            contributors=[p.name for p in people[index % 3: index % 3 + 2]])
        made.append(item)
    if made:
        service.open_round(ws.id, dots=5, max_per_item=3)
        for p_index, person in enumerate(people[:-1]):
            for k in range(min(3, len(made))):
                target_item = made[(p_index + k * 2) % len(made)]
                service.vote(ws.id, person.id, target_item.id, dots=1)
        service.close_round(ws.id)
        if reveal:
            service.reveal_round(ws.id)
        if scores:
            for index, item in enumerate(made[: min(len(made), 40)]):
                for person in people[:3]:
                    service.score(ws.id, person.id, item.id, impact=1 + (index * 3 + person.id) % 5,
                                  effort=1 + (index * 2 + person.id * 3) % 5)
    return ws.id


def snapshot(service: WorkshopService, workshop_id: int) -> WorkshopSnapshot:
    return service.snapshot(workshop_id)
