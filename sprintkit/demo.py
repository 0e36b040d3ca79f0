"""Demo workshops: a believable service sprint, and a large one for benchmarks.

The normal demo goes through the public service methods, exactly as a
facilitator would, so it also exercises the rules (vote budgets, lens tags,
readiness). The large demo writes its rows in bulk: thousands of per-row
service calls would take far longer than a benchmark fixture should.

The shape of the demo (who wrote which note, what was grouped, who voted for
what) is shared by both languages; only the text people read is per language,
so the English and Finnish demos always tell the same story.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from collections.abc import Sequence
from typing import Any, TypedDict

from sprintkit.errors import InvalidInput
from sprintkit.playbooks import find_playbook
from sprintkit.service import LOCAL, PHONE, BulkRows, WorkshopService, now

PLAYBOOK_ID = "service-sprint"

# ---------------------------------------------------------------------------
# Shared shape of the normal demo (language independent)
# ---------------------------------------------------------------------------

# Participant keys, in the order they are added.
PEOPLE: tuple[str, ...] = (
    "cs1", "cs2", "sales", "it1", "it2", "ops1", "ops2", "mkt", "mgmt", "partner",
)

# section -> (note key, author key or None for anonymous, prompt index, lens tags)
NOTES: dict[str, list[tuple[str, str | None, int, tuple[str, ...]]]] = {
    "business-needs": [
        ("b1", "mgmt", 0, ()),
        ("b2", "sales", 2, ("emotion",)),
        ("b3", "mgmt", 1, ()),
        ("b4", "cs1", 2, ("effectiveness",)),
        ("b5", "mkt", 1, ("emotion", "concepts")),
        ("b6", None, 3, ("standards",)),
        ("b7", "sales", 0, ("ease",)),
        ("b8", "ops1", 4, ("effectiveness",)),
    ],
    "customer-views": [
        ("c1", "cs1", 0, ("ease",)),
        ("c2", "mkt", 0, ("ease",)),
        ("c3", "ops2", 1, ("emotion", "effectiveness")),
        ("c4", "partner", 1, ("effectiveness",)),
        ("c5", "cs2", 1, ("ease", "emotion")),
        ("c6", None, 4, ("emotion", "personal-touch")),
        ("c7", "cs2", 2, ("ease",)),
        ("c8", "ops2", 3, ("emotion", "personal-touch")),
        ("c9", None, 3, ("effectiveness",)),
    ],
    "staff-tools": [
        ("s1", "cs1", 0, ("standards",)),
        ("s2", "ops2", 1, ("effectiveness",)),
        ("s3", "it1", 3, ("standards",)),
        ("s4", "cs2", 3, ("personal-touch",)),
        ("s5", "ops1", 1, ("effectiveness",)),
        ("s6", None, 2, ("ease", "standards")),
        ("s7", "sales", 0, ("standards",)),
        ("s8", "mkt", 4, ("concepts",)),
    ],
    "stakeholders": [
        ("k1", "partner", 3, ("effectiveness",)),
        ("k2", "ops1", 2, ()),
        ("k3", "mgmt", 1, ("standards",)),
        ("k4", "sales", 1, ("concepts",)),
        ("k5", "partner", 1, ("ease", "concepts")),
        ("k6", None, 4, ("emotion",)),
        ("k7", "it1", 3, ("effectiveness",)),
    ],
}

# Initiative key -> the notes grouped into it. Notes b1, b5, b6 and k2 stay
# ungrouped on purpose: a real wall of notes never folds up completely.
INITIATIVES: dict[str, tuple[str, ...]] = {
    "alerts": ("c3", "s2", "s5", "k7"),
    "connections": ("c4", "k1", "k5"),
    "refunds": ("b4", "c5", "s3"),
    "one-view": ("s1", "s6", "c7"),
    "rebuy": ("c1", "c2"),
    "assist": ("c6", "k3", "k6"),
    "frontline": ("s4", "c8", "s8"),
    "employer": ("b7", "s7", "k4", "b2"),
    "measure": ("c9", "b3", "b8"),
}

# Ballots of 5 dots, at most 3 per initiative. "it2" never speaks or votes, so
# the voice-balance view has someone to point at.
BALLOTS: dict[str, dict[str, int]] = {
    "cs1": {"refunds": 2, "frontline": 2, "one-view": 1},
    "cs2": {"refunds": 2, "one-view": 2, "frontline": 1},
    "sales": {"employer": 2, "rebuy": 1, "refunds": 2},
    "it1": {"one-view": 2, "alerts": 2, "refunds": 1},
    "ops1": {"alerts": 3, "connections": 2},
    "ops2": {"alerts": 2, "frontline": 2, "assist": 1},
    "mkt": {"measure": 2, "rebuy": 1, "alerts": 2},
    "mgmt": {"assist": 2, "refunds": 1, "measure": 1, "connections": 1},
    "partner": {"connections": 3, "alerts": 2},
}
# These two click dots one at a time on the laptop; the others confirm a
# whole ballot from their phones, as most people in the room would.
CLICK_VOTERS: frozenset[str] = frozenset({"ops1", "partner"})

# initiative -> (participant, impact, effort). "employer" is left unscored:
# the room ran out of time, which is what usually happens.
SCORES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "alerts": (("ops1", 5, 3), ("it1", 4, 3), ("cs1", 5, 2), ("partner", 4, 3)),
    "connections": (("partner", 4, 3), ("ops1", 4, 4), ("mgmt", 3, 3)),
    "refunds": (("cs1", 5, 4), ("it1", 4, 4), ("mgmt", 4, 3)),
    "one-view": (("it1", 4, 5), ("cs2", 5, 4), ("mgmt", 3, 5)),
    "rebuy": (("it1", 2, 3), ("mkt", 3, 2)),
    "assist": (("mgmt", 5, 3), ("ops2", 5, 2), ("cs1", 4, 3)),
    "frontline": (("cs1", 4, 1), ("ops2", 4, 2), ("mgmt", 3, 2)),
    "measure": (("mkt", 3, 2), ("mgmt", 4, 2), ("cs2", 3, 1)),
}

# (initiative, phase, owner, contributors). The two least-voted initiatives
# ("rebuy", "employer") stay off the roadmap.
ROADMAP: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("alerts", "now", "ops1", ("it1", "ops2", "partner")),
    ("frontline", "now", "cs1", ("cs2", "ops2", "mgmt")),
    ("measure", "now", "mkt", ("it1", "cs1")),
    ("refunds", "next", "it1", ("cs1", "sales")),
    ("connections", "next", "partner", ("ops1", "it1")),
    ("assist", "next", "mgmt", ("ops2", "cs2")),
    ("one-view", "later", "cs2", ("it1", "it2", "cs1")),
)
# Left without a metric so the review step has a readiness warning to show.
UNMEASURED = "one-view"
FINAL_SECTION = "review"


class DemoText(TypedDict):
    name: str
    large_name: str
    organisation: str
    facilitator: str
    people: dict[str, tuple[str, str]]  # key -> (name, role)
    notes: dict[str, str]
    initiatives: dict[str, tuple[str, str]]  # key -> (title, description)
    metrics: dict[str, tuple[str, str]]  # key -> (metric, target)
    # Vocabulary for the large benchmark workshop.
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    contexts: tuple[str, ...]
    sources: tuple[str, ...]
    scopes: tuple[str, ...]


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

TEXT_EN: DemoText = {
    "name": "Lakeland Rail service sprint – regional travel",
    "large_name": "Lakeland Rail service sprint (large benchmark)",
    "organisation": "Lakeland Rail",
    "facilitator": "Sam Whitfield",
    "people": {
        "cs1": ("Maria Lindqvist", "Customer service"),
        "cs2": ("Tom Becker", "Customer service"),
        "sales": ("Priya Shah", "Sales"),
        "it1": ("Jonas Berg", "IT"),
        "it2": ("Noah Evans", "IT"),
        "ops1": ("Elena Novak", "Operations"),
        "ops2": ("Chris Doyle", "Operations"),
        "mkt": ("Hannah Kim", "Marketing"),
        "mgmt": ("David Okafor", "Management"),
        "partner": ("Laura Perez", "Partner: Lakeside Buses"),
    },
    "notes": {
        "b1": "Grow regional ridership by 8% next year without adding trains",
        "b2": "Season-ticket renewals fell 12% last year, and most leavers never told us why",
        "b3": "The new regional contract pays a bonus for punctuality and customer satisfaction",
        "b4": "A third of our calls are about delay refunds: costly for us, annoying for customers",
        "b5": "Be the commuter's first choice, not the fallback when the car won't start",
        "b6": "The ticketing system contract ends in 18 months: a chance to fix what annoys people",
        "b7": "Employers ask for one monthly invoice for staff travel; we can't offer it today",
        "b8": "Track not just delay minutes but how many passengers each delay actually hit",
        "c1": "Buying a ticket in the app takes nine taps; regulars want 'same as last time'",
        "c2": "People can't tell which ticket is cheapest for a trip, so they overpay to be safe",
        "c3": "When a train is late, the platform hears nothing for the first ten minutes",
        "c4": "Connecting buses leave on time even if the train is 3 min late; people get stranded",
        "c5": "A delay refund needs a form, a copy of the ticket and a two-week wait",
        "c6": "Wheelchair users book assistance 36 h ahead and still can't be sure anyone comes",
        "c7": "Lost property: customers call three numbers before they find the right one",
        "c8": "Regulars praise conductors who know them by name; that is our strongest asset",
        "c9": "Our survey asks about the ride only, never about buying, changes or refunds",
        "s1": "Agents look up tickets and delays in two systems and copy between them",
        "s2": "Conductors hear about disruptions from passengers' phones before their own radio",
        "s3": "Refund rules are hard-coded, so every fare campaign needs a developer",
        "s4": "Agents can't refund more than €20 without a supervisor's approval",
        "s5": "Traffic control types passenger announcements by hand in the busiest minutes",
        "s6": "No shared record of earlier contacts, so customers have to tell their story again",
        "s7": "Corporate orders arrive by e-mail and are keyed in by hand",
        "s8": "Staff learn about new tickets from the press release, the same day as customers",
        "k1": "We get train delays by phone, not in real time, so our buses can't wait for trains",
        "k2": "Station lifts and cleaning belong to the city, but faults reach us as complaints",
        "k3": "The regional council wants accessibility figures every quarter; we have no data",
        "k4": "Employers would promote season tickets in their benefit portals if we had an API",
        "k5": "A joint train and bus ticket would help us both; sharing the revenue is the snag",
        "k6": "A disability organisation offered to test our app and stations; nobody followed up",
        "k7": "Journey planner apps show our timetable but not disruptions or platform changes",
    },
    "initiatives": {
        "alerts": ("Real-time disruption alerts for passengers and staff",
                   "One disruption message reaches platforms, trains, the app and journey "
                   "planners within minutes, written from a template instead of by hand."),
        "connections": ("Hold connecting buses for late trains",
                        "Share live train positions with Lakeside Buses so drivers can wait "
                        "a few minutes for a late connection."),
        "refunds": ("Automatic delay refunds",
                    "Compensation goes straight to the card or app account used for the "
                    "ticket, with no form to fill in."),
        "one-view": ("One customer view for service agents",
                     "Tickets, delays and earlier contacts on one screen, so customers never "
                     "have to repeat themselves."),
        "rebuy": ("Quick re-buy and fare guide in the app",
                  "A 'same as last time' button and a hint that suggests the cheapest ticket "
                  "for the trip."),
        "assist": ("Dependable assistance for passengers with reduced mobility",
                   "Confirm every assistance booking, shorten the booking notice and report "
                   "delivery to the council each quarter."),
        "frontline": ("More freedom for front-line staff",
                      "Raise the refund limit of agents and conductors and trust their "
                      "judgement; brief staff before customers hear about new tickets."),
        "employer": ("Employer season tickets on one invoice",
                     "Companies buy and manage their staff's season tickets with one monthly "
                     "invoice, and benefit portals get an API."),
        "measure": ("Measure the whole journey, not just the ride",
                    "Short, automatic feedback after buying, changing, refunds and help, "
                    "linked to the satisfaction bonus in the regional contract."),
    },
    "metrics": {
        "alerts": ("Disruptions with a passenger message within 3 minutes",
                   "90% by the end of Q2"),
        "connections": ("Missed train–bus connections per month", "half of today's level"),
        "refunds": ("Delay refunds paid without a form", "80% within 3 days"),
        "one-view": ("Customers who have to repeat their case", "below 10%"),
        "rebuy": ("Median time to buy a repeat ticket", "under 30 seconds"),
        "assist": ("Assistance bookings delivered as promised", "99%, reported quarterly"),
        "frontline": ("Contacts resolved on the first contact", "from 62% to 75%"),
        "employer": ("Companies on the monthly invoice", "40 companies in a year"),
        "measure": ("Journey steps with their own feedback measure",
                    "all 5 steps, response rate above 15%"),
    },
    "first_names": (
        "Alex", "Anna", "Ben", "Carla", "Daniel", "Emma", "Felix", "Grace", "Henry", "Isla",
        "Jack", "Julia", "Leo", "Lucy", "Mark", "Nina", "Oliver", "Paula", "Ryan", "Sara",
    ),
    "surnames": (
        "Adams", "Baker", "Clarke", "Davies", "Evans", "Foster", "Green", "Hughes", "Irving",
        "Jones", "Khan", "Lewis", "Morris", "Owen", "Patel", "Reed", "Smith", "Turner",
    ),
    "contexts": (
        "especially on weekend trains", "mostly at small unstaffed stations",
        "worst for first-time travellers", "during winter disruptions",
        "in the evening rush hour", "for passengers with luggage or bikes",
        "on the airport link", "for students and pensioners",
        "when trains are replaced by buses", "at the city interchange",
        "for business travellers", "in the summer holiday season",
        "on the first trains of the morning", "for passengers who don't use the app",
        "on the single-track northern line", "for families with small children",
    ),
    "sources": (
        "customer survey", "call centre log", "staff interview", "social media",
        "station visit", "partner meeting",
    ),
    "scopes": (
        "northern line", "lakeside line", "city commuter trains", "airport link",
        "weekend traffic", "students", "seniors", "business travellers", "Harbour station",
        "Hillside station", "night trains", "winter season", "summer season", "school routes",
        "event traffic", "replacement buses", "cross-border route",
    ),
}

# ---------------------------------------------------------------------------
# Suomi
# ---------------------------------------------------------------------------

TEXT_FI: DemoText = {
    "name": "Järviradan palvelusprintti – seutuliikenne",
    "large_name": "Järviradan palvelusprintti (suuri testiaineisto)",
    "organisation": "Järvirata Oy",
    "facilitator": "Anna Lehtonen",
    "people": {
        "cs1": ("Maria Lindholm", "Asiakaspalvelu"),
        "cs2": ("Tuomas Heikkinen", "Asiakaspalvelu"),
        "sales": ("Sanna Korhonen", "Myynti"),
        "it1": ("Jussi Mäkelä", "IT"),
        "it2": ("Olli Hämäläinen", "IT"),
        "ops1": ("Eeva Nieminen", "Liikennöinti"),
        "ops2": ("Pekka Laine", "Liikennöinti"),
        "mkt": ("Henna Salo", "Markkinointi"),
        "mgmt": ("Kari Järvinen", "Johto"),
        "partner": ("Laura Koskinen", "Kumppani: Seutubussit"),
    },
    "notes": {
        "b1": "Seutuliikenteen matkustajamäärä kasvuun 8 % ensi vuonna ilman lisävuoroja",
        "b2": "Kausilippujen uusinnat putosivat viime vuonna 12 %, emmekä tiedä, miksi asiakkaat "
              "lähtivät",
        "b3": "Uusi seutusopimus maksaa bonusta täsmällisyydestä ja asiakastyytyväisyydestä",
        "b4": "Kolmannes puheluista koskee myöhästymiskorvauksia: kallista meille, turhauttavaa "
              "asiakkaalle",
        "b5": "Halutaan olla työmatkalaisen ensisijainen valinta eikä hätävara, kun auto ei "
              "käynnisty",
        "b6": "Lippujärjestelmän sopimus päättyy 18 kuukauden päästä – tilaisuus korjata "
              "asiakkaita ärsyttävät asiat",
        "b7": "Työnantajat pyytävät henkilöstön matkoista yhtä kuukausilaskua, eikä meillä ole "
              "sellaista",
        "b8": "Seurataan myöhästymisminuuttien lisäksi, montako matkustajaa kukin myöhästyminen "
              "koski",
        "c1": "Lipun ostaminen sovelluksessa vaatii yhdeksän napautusta; vakiomatkustajat "
              "kaipaavat ”sama kuin viimeksi” -painiketta",
        "c2": "Asiakas ei näe, mikä lippu on hänen matkalleen edullisin, joten hän maksaa "
              "varmuuden vuoksi liikaa",
        "c3": "Kun juna myöhästyy, laiturilla ei kuulu mitään ensimmäiseen kymmeneen minuuttiin",
        "c4": "Liityntäbussit lähtevät ajallaan, vaikka juna olisi vain 3 min myöhässä – "
              "matkustajat jäävät asemalle",
        "c5": "Myöhästymiskorvaus vaatii lomakkeen, kopion lipusta ja kahden viikon odotuksen",
        "c6": "Pyörätuolin käyttäjän on tilattava avustus 36 tuntia etukäteen, eikä hän silti "
              "voi luottaa siihen, että joku tulee",
        "c7": "Löytötavaraa etsivä asiakas soittaa kolmeen numeroon ennen kuin löytää oikean",
        "c8": "Vakiomatkustajat kehuvat konduktöörejä, jotka tuntevat heidät nimeltä – se on "
              "vahvin valttimme",
        "c9": "Asiakaskyselymme kysyy vain itse matkasta, ei lipun ostosta, muutoksista tai "
              "korvauksista",
        "s1": "Asiakaspalvelija katsoo liput ja myöhästymiset kahdesta järjestelmästä ja kopioi "
              "tietoja välillä",
        "s2": "Konduktöörit kuulevat häiriöistä matkustajien puhelimista ennen kuin omasta "
              "radiopuhelimestaan",
        "s3": "Korvaussäännöt on koodattu kiinteästi, joten jokainen hintakampanja vaatii "
              "kehittäjän",
        "s4": "Asiakaspalvelija ei voi hyvittää yli 20 euroa ilman esihenkilön hyväksyntää",
        "s5": "Liikenteenohjaus kirjoittaa kuulutukset käsin juuri kiireisimpinä minuutteina",
        "s6": "Aiemmista yhteydenotoista ei ole yhteistä merkintää, joten asiakas joutuu "
              "kertomaan asiansa alusta",
        "s7": "Yritystilaukset tulevat sähköpostilla ja syötetään järjestelmään käsin",
        "s8": "Henkilöstö kuulee uusista lipuista lehdistötiedotteesta samana päivänä kuin "
              "asiakkaat",
        "k1": "Saamme junien myöhästymistiedot puhelimitse emmekä reaaliajassa, joten bussit "
              "eivät voi odottaa junaa",
        "k2": "Asemien hissit ja siivous ovat kaupungin vastuulla, mutta viat tulevat meille "
              "reklamaatioina",
        "k3": "Maakuntaliitto haluaa esteettömyysluvut neljännesvuosittain, eikä meillä ole "
              "niistä dataa",
        "k4": "Työnantajat mainostaisivat kausilippuja henkilöstöetuportaaleissaan, jos "
              "tarjoaisimme rajapinnan",
        "k5": "Yhteinen juna- ja bussilippu hyödyttäisi molempia; tulonjako on suurin "
              "kompastuskivi",
        "k6": "Vammaisjärjestö tarjoutui testaamaan sovelluksemme ja asemamme, mutta kukaan ei "
              "palannut asiaan",
        "k7": "Reittioppaat näyttävät aikataulumme, mutta eivät häiriöitä tai raidemuutoksia",
    },
    "initiatives": {
        "alerts": ("Reaaliaikaiset häiriötiedotteet matkustajille ja henkilöstölle",
                   "Yksi häiriöviesti laitureille, juniin, sovellukseen ja reittioppaisiin "
                   "muutamassa minuutissa – valmiista pohjasta eikä käsin kirjoittaen."),
        "connections": ("Liityntäbussi odottaa myöhässä olevaa junaa",
                        "Junien reaaliaikainen sijainti jaetaan Seutubussien kanssa, jotta "
                        "kuljettaja voi odottaa muutaman minuutin."),
        "refunds": ("Automaattiset myöhästymiskorvaukset",
                    "Korvaus maksetaan suoraan lipun ostoon käytetylle kortille tai "
                    "sovellustilille ilman lomaketta."),
        "one-view": ("Yhtenäinen asiakasnäkymä asiakaspalveluun",
                     "Liput, myöhästymiset ja aiemmat yhteydenotot samalla näytöllä, jottei "
                     "asiakkaan tarvitse toistaa asiaansa."),
        "rebuy": ("Nopea uusintaosto ja lippuneuvoja sovellukseen",
                  "”Sama kuin viimeksi” -painike ja vihje, mikä lippu on matkalle "
                  "edullisin."),
        "assist": ("Luotettava avustuspalvelu liikuntarajoitteisille",
                   "Jokainen avustustilaus vahvistetaan, tilausaikaa lyhennetään ja "
                   "toteutumisesta raportoidaan maakuntaliitolle neljännesvuosittain."),
        "frontline": ("Enemmän liikkumavaraa asiakasrajapintaan",
                      "Asiakaspalvelun ja konduktöörien hyvitysrajaa nostetaan ja heidän "
                      "harkintaansa luotetaan; uusista lipuista kerrotaan henkilöstölle ennen "
                      "asiakkaita."),
        "employer": ("Työsuhdekausilippu yhdellä laskulla",
                     "Yritys ostaa ja hallinnoi henkilöstönsä kausilippuja yhdellä "
                     "kuukausilaskulla, ja etuportaaleille avataan rajapinta."),
        "measure": ("Koko asiakaspolku mittariin, ei vain junamatka",
                    "Lyhyt automaattinen palaute lipun ostosta, muutoksista, korvauksista ja "
                    "avun saamisesta; tulokset kytketään seutusopimuksen "
                    "tyytyväisyysbonukseen."),
    },
    "metrics": {
        "alerts": ("Häiriöt, joista matkustajat saavat tiedon 3 minuutissa",
                   "90 % toisen neljänneksen loppuun mennessä"),
        "connections": ("Menetetyt juna–bussi-vaihdot kuukaudessa", "puolet nykyisestä"),
        "refunds": ("Ilman lomaketta maksetut myöhästymiskorvaukset", "80 % kolmessa päivässä"),
        "one-view": ("Asiakkaat, jotka joutuvat kertomaan asiansa uudelleen", "alle 10 %"),
        "rebuy": ("Uusintaoston mediaaniaika", "alle 30 sekuntia"),
        "assist": ("Luvatusti toteutuneet avustustilaukset", "99 %, raportti neljännesvuosittain"),
        "frontline": ("Ensimmäisellä yhteydenotolla ratkaistut asiat", "62 %:sta 75 %:iin"),
        "employer": ("Kuukausilaskun piirissä olevat yritykset", "40 yritystä vuodessa"),
        "measure": ("Asiakaspolun vaiheet, joilla on oma palautemittari",
                    "kaikki 5 vaihetta, vastausprosentti yli 15"),
    },
    "first_names": (
        "Aino", "Antti", "Eero", "Elina", "Heikki", "Iida", "Janne", "Johanna", "Kaisa", "Lauri",
        "Leena", "Mikko", "Minna", "Niko", "Noora", "Petri", "Riikka", "Sami", "Tiina", "Ville",
    ),
    "surnames": (
        "Aaltonen", "Heinonen", "Hiltunen", "Huttunen", "Kinnunen", "Lahtinen", "Lehtinen",
        "Leinonen", "Mattila", "Niemi", "Ojala", "Pitkänen", "Rantanen", "Saarinen", "Tuominen",
        "Virtanen", "Väisänen", "Ylönen",
    ),
    "contexts": (
        "erityisesti viikonloppujunissa", "etenkin pienillä miehittämättömillä asemilla",
        "pahimmillaan ensikertalaisille", "talven häiriötilanteissa", "iltaruuhkassa",
        "matkatavaroiden tai pyörän kanssa matkustaville", "lentoasemayhteydellä",
        "opiskelijoille ja eläkeläisille", "kun juna korvataan bussilla",
        "kaupungin vaihtoasemalla", "työmatkalaisille", "kesälomakaudella",
        "aamun ensimmäisissä junissa", "niille, jotka eivät käytä sovellusta",
        "yksiraiteisella pohjoisella rataosalla", "lapsiperheille",
    ),
    "sources": (
        "asiakaskysely", "asiakaspalvelun puheluloki", "henkilöstöhaastattelu", "sosiaalinen media",
        "asemakäynti", "kumppanitapaaminen",
    ),
    "scopes": (
        "pohjoinen rataosa", "rantarata", "kaupungin lähiliikenne", "lentoasemayhteys",
        "viikonloppuliikenne", "opiskelijat", "ikääntyneet", "työmatkalaiset", "Satama-asema",
        "Harjun asema", "yöjunat", "talvikausi", "kesäkausi", "koulumatkat",
        "tapahtumaliikenne", "korvaavat bussit", "rajan yli kulkeva yhteys",
    ),
}

# ---------------------------------------------------------------------------
# Svenska
# ---------------------------------------------------------------------------

TEXT_SV: DemoText = {
    "name": "Sjöbanans tjänstesprint – regiontrafik",
    "large_name": "Sjöbanans tjänstesprint (stort testmaterial)",
    "organisation": "Sjöbanan Ab",
    "facilitator": "Camilla Nyström",
    "people": {
        "cs1": ("Johanna Björklund", "Kundtjänst"),
        "cs2": ("Mikael Sundström", "Kundtjänst"),
        "sales": ("Sofia Ekholm", "Försäljning"),
        "it1": ("Jonas Holmberg", "IT"),
        "it2": ("Patrik Grönroos", "IT"),
        "ops1": ("Eva Wikström", "Trafik"),
        "ops2": ("Peter Nyman", "Trafik"),
        "mkt": ("Hanna Sjöberg", "Marknadsföring"),
        "mgmt": ("Kristian Åberg", "Ledningen"),
        "partner": ("Linda Forsman", "Partner: Regionbussarna"),
    },
    "notes": {
        "b1": "Öka antalet resenärer i regiontrafiken med 8 % nästa år utan att sätta in fler "
              "tåg",
        "b2": "Förnyelserna av säsongskort sjönk med 12 % i fjol, och vi vet inte varför "
              "kunderna försvann",
        "b3": "Det nya regionavtalet ger bonus för punktlighet och nöjda kunder",
        "b4": "En tredjedel av samtalen gäller förseningsersättning: dyrt för oss, frustrerande "
              "för kunden",
        "b5": "Vi vill vara pendlarens förstahandsval, inte nödlösningen när bilen inte startar",
        "b6": "Avtalet om biljettsystemet går ut om 18 månader – ett tillfälle att rätta till "
              "det som irriterar kunderna",
        "b7": "Arbetsgivare vill ha en enda månadsfaktura för personalens resor, och den kan vi "
              "inte erbjuda i dag",
        "b8": "Följ inte bara förseningsminuterna utan också hur många resenärer varje "
              "försening drabbade",
        "c1": "Att köpa en biljett i appen kräver nio tryck; stamkunderna vill ha en knapp för "
              "”samma som förra gången”",
        "c2": "Kunden ser inte vilken biljett som är billigast för resan och betalar för mycket "
              "för säkerhets skull",
        "c3": "När tåget är försenat hörs ingenting på perrongen de första tio minuterna",
        "c4": "Anslutningsbussarna går enligt tidtabell fast tåget bara är 3 min sent – "
              "resenärerna blir stående på stationen",
        "c5": "Förseningsersättning kräver en blankett, en kopia av biljetten och två veckors "
              "väntan",
        "c6": "Den som använder rullstol måste beställa assistans 36 timmar i förväg och kan "
              "ändå inte lita på att någon kommer",
        "c7": "Kunder som letar efter hittegods ringer tre nummer innan de hittar rätt",
        "c8": "Stamkunderna berömmer konduktörer som känner dem vid namn – det är vår starkaste "
              "sida",
        "c9": "Vår kundenkät frågar bara om själva resan, aldrig om biljettköpet, ändringar "
              "eller ersättningar",
        "s1": "Kundtjänsten ser biljetter och förseningar i två olika system och kopierar "
              "uppgifter mellan dem",
        "s2": "Konduktörerna hör om störningar från resenärernas mobiler innan de hör det i "
              "den egna radion",
        "s3": "Ersättningsreglerna är hårdkodade, så varje priskampanj kräver en utvecklare",
        "s4": "Kundtjänsten kan inte ersätta mer än 20 euro utan godkännande av en chef",
        "s5": "Trafikledningen skriver utropen för hand just under de mest hektiska minuterna",
        "s6": "Det finns ingen gemensam anteckning om tidigare kontakter, så kunden får "
              "berätta allt från början",
        "s7": "Företagsbeställningar kommer per e-post och matas in för hand",
        "s8": "Personalen hör om nya biljetter i pressmeddelandet samma dag som kunderna",
        "k1": "Vi får tågens förseningar per telefon och inte i realtid, så bussarna kan inte "
              "vänta på tåget",
        "k2": "Hissar och städning på stationerna sköts av staden, men felen kommer till oss "
              "som reklamationer",
        "k3": "Landskapsförbundet vill ha siffror om tillgänglighet varje kvartal, och vi har "
              "inga data",
        "k4": "Arbetsgivare skulle marknadsföra säsongskort i sina förmånsportaler om vi hade "
              "ett gränssnitt",
        "k5": "En gemensam biljett för tåg och buss skulle gynna oss båda; fördelningen av "
              "intäkterna är stötestenen",
        "k6": "En funktionshinderorganisation erbjöd sig att testa vår app och våra stationer, men "
              "ingen återkom",
        "k7": "Reseplanerarna visar vår tidtabell men inte störningar eller spårbyten",
    },
    "initiatives": {
        "alerts": ("Störningsinformation i realtid för resenärer och personal",
                   "Ett enda störningsmeddelande når perronger, tåg, appen och "
                   "reseplanerarna inom några minuter – skrivet utifrån en mall i stället "
                   "för för hand."),
        "connections": ("Anslutningsbussen väntar på ett försenat tåg",
                        "Tågens position i realtid delas med Regionbussarna, så att "
                        "chauffören kan vänta några minuter på en försenad anslutning."),
        "refunds": ("Automatisk förseningsersättning",
                    "Ersättningen betalas direkt till kortet eller appkontot som biljetten "
                    "köptes med, utan blankett."),
        "one-view": ("En samlad kundvy för kundtjänsten",
                     "Biljetter, förseningar och tidigare kontakter på samma skärm, så att "
                     "kunden aldrig behöver upprepa sig."),
        "rebuy": ("Snabbt återköp och biljettguide i appen",
                  "En knapp för ”samma som förra gången” och ett tips om vilken biljett som "
                  "är billigast för resan."),
        "assist": ("Pålitlig assistans för resenärer med nedsatt rörlighet",
                   "Varje beställning av assistans bekräftas, förhandsanmälan förkortas och "
                   "utfallet rapporteras till landskapsförbundet varje kvartal."),
        "frontline": ("Mer handlingsutrymme för personalen i kundkontakt",
                      "Kundtjänstens och konduktörernas gräns för ersättning höjs och deras "
                      "omdöme får förtroende; personalen får höra om nya biljetter före "
                      "kunderna."),
        "employer": ("Säsongskort för arbetsgivare på en faktura",
                     "Företag köper och sköter personalens säsongskort med en enda "
                     "månadsfaktura, och förmånsportalerna får ett gränssnitt."),
        "measure": ("Mät hela kundresan, inte bara tågresan",
                    "Kort, automatisk feedback efter köp, ändringar, ersättningar och hjälp, "
                    "kopplad till nöjdhetsbonusen i regionavtalet."),
    },
    "metrics": {
        "alerts": ("Störningar där resenärerna får besked inom 3 minuter",
                   "90 % före utgången av andra kvartalet"),
        "connections": ("Missade byten mellan tåg och buss per månad", "hälften av i dag"),
        "refunds": ("Förseningsersättningar som betalas utan blankett", "80 % inom 3 dagar"),
        "one-view": ("Kunder som måste berätta sitt ärende på nytt", "under 10 %"),
        "rebuy": ("Mediantid för att köpa samma biljett igen", "under 30 sekunder"),
        "assist": ("Assistansbeställningar som fullföljs som utlovat",
                   "99 %, rapport varje kvartal"),
        "frontline": ("Ärenden som löses vid första kontakten", "från 62 % till 75 %"),
        "employer": ("Företag som använder månadsfakturan", "40 företag på ett år"),
        "measure": ("Steg i kundresan som har en egen feedbackmätare",
                    "alla 5 steg, svarsprocent över 15"),
    },
    "first_names": (
        "Anders", "Annika", "Birgitta", "Carl", "Elin", "Emil", "Fredrik", "Ida", "Jesper",
        "Karin", "Linnea", "Magnus", "Malin", "Niklas", "Pia", "Robin", "Sara", "Stefan",
        "Tove", "Ulf",
    ),
    "surnames": (
        "Andersson", "Backman", "Blomqvist", "Eklund", "Fagerström", "Granström", "Holm",
        "Karlsson", "Lindberg", "Lundqvist", "Malmberg", "Nordström", "Nyberg", "Sandell",
        "Strandberg", "Söderholm", "Westerlund", "Öhman",
    ),
    "contexts": (
        "särskilt på tågen under veckosluten", "framför allt på små obemannade stationer",
        "värst för dem som reser första gången", "vid störningar på vintern",
        "i eftermiddagsrusningen", "för dem som reser med bagage eller cykel",
        "på flygplatsförbindelsen", "för studerande och pensionärer",
        "när tåget ersätts med buss", "vid bytesstationen i staden", "för pendlare",
        "under sommarsemestern", "på morgonens första tåg", "för dem som inte använder appen",
        "på den enkelspåriga norra banan", "för barnfamiljer",
    ),
    "sources": (
        "kundenkät", "kundtjänstens samtalslogg", "personalintervju", "sociala medier",
        "stationsbesök", "partnermöte",
    ),
    "scopes": (
        "norra banan", "kustbanan", "stadens närtrafik", "flygplatsförbindelsen",
        "veckoslutstrafiken", "studerande", "äldre resenärer", "pendlare", "Hamnstationen",
        "Åsens station", "nattågen", "vintersäsongen", "sommarsäsongen", "skolresor",
        "evenemangstrafik", "ersättande bussar", "gränsöverskridande förbindelse",
    ),
}

TEXTS: dict[str, DemoText] = {"en": TEXT_EN, "fi": TEXT_FI, "sv": TEXT_SV}

# ---------------------------------------------------------------------------
# Size of the large benchmark workshop
# ---------------------------------------------------------------------------

LARGE_PARTICIPANTS = 40
LARGE_NOTES = 2_000
LARGE_INITIATIVES = 150
LARGE_DOTS_PER_PERSON = 125  # 40 x 125 = exactly 5,000 dots
LARGE_MAX_PER_ITEM = 5
LARGE_SCORED = 60
LARGE_SCORERS = 6
LARGE_ROADMAP = 36
LARGE_SEED = 20240917
# Share of large-demo notes typed on phones, and of anonymous ones.
PHONE_SHARE = 0.3
ANONYMOUS_SHARE = 0.15


def _text(language: str) -> DemoText:
    try:
        return TEXTS[language]
    except KeyError:
        options = ", ".join(TEXTS)
        raise InvalidInput(f"demo language '{language}': choose one of {options}") from None


def build_demo(service: WorkshopService, *, language: str = "en", large: bool = False) -> int:
    """Create a demo workshop and return its id.

    ``large=True`` builds the benchmark workshop (40 people, 2,000 notes,
    150 initiatives, 5,000 dots) instead of the normal one.
    """
    text = _text(language)
    if large:
        return _build_large(service, language, text)
    return _build_normal(service, language, text)


# ---------------------------------------------------------------------------
# Normal demo: through the service layer, step by step
# ---------------------------------------------------------------------------


def _build_normal(service: WorkshopService, language: str, text: DemoText) -> int:
    book = find_playbook(PLAYBOOK_ID, language)
    ws = service.create_workshop(text["name"], book, organisation=text["organisation"],
                                 facilitator=text["facilitator"]).id
    people: dict[str, int] = {}
    for key in PEOPLE:
        name, role = text["people"][key]
        people[key] = service.add_participant(ws, name, role).id

    note_ids: dict[str, int] = {}
    for section in book.capture_sections():
        service.set_current_section(ws, section.id)
        for key, author, prompt, tags in NOTES[section.id]:
            # Anonymous notes come from phones: that is how people add
            # something they would rather not say aloud.
            note = service.add_note(
                ws, section.id, text["notes"][key],
                participant=people[author] if author else None, lenses=tags,
                prompt_index=prompt, source=LOCAL if author else PHONE)
            note_ids[key] = note.id

    service.set_current_section(ws, "grouping")
    initiatives: dict[str, int] = {}
    for key, notes in INITIATIVES.items():
        title, description = text["initiatives"][key]
        initiatives[key] = service.create_initiative(
            ws, title, note_ids=[note_ids[n] for n in notes], description=description).id

    service.set_current_section(ws, "voting")
    service.open_round(ws)
    for person, ballot in BALLOTS.items():
        if person in CLICK_VOTERS:
            for key, dots in ballot.items():
                service.vote(ws, people[person], initiatives[key], dots=dots)
        else:
            service.set_allocation(
                ws, people[person], {initiatives[k]: d for k, d in ballot.items()},
                source=PHONE)
    service.close_round(ws)
    service.reveal_round(ws)

    service.set_current_section(ws, "scoring")
    for key, rows in SCORES.items():
        for person, impact, effort in rows:
            service.score(ws, people[person], initiatives[key], impact=impact, effort=effort)

    service.set_current_section(ws, "roadmap")
    for key, phase, owner, contributors in ROADMAP:
        metric, target = ("", "") if key == UNMEASURED else text["metrics"][key]
        service.set_roadmap(
            ws, initiatives[key], phase=phase, owner=text["people"][owner][0],
            metric=metric, target=target,
            contributors=[text["people"][c][0] for c in contributors])

    service.set_current_section(ws, FINAL_SECTION)
    return ws


# ---------------------------------------------------------------------------
# Large demo: rows computed in Python, written in bulk in one transaction
# ---------------------------------------------------------------------------


def _spread_dots(rng: random.Random, cum_weights: Sequence[float], budget: int,
                 max_per_item: int) -> dict[int, int]:
    """One ballot: ``budget`` dots drawn by popularity, never over the per-item max."""
    ballot: dict[int, int] = {}
    total = cum_weights[-1]
    spent = 0
    while spent < budget:
        index = bisect.bisect_right(cum_weights, rng.random() * total)
        index = min(index, len(cum_weights) - 1)
        if ballot.get(index, 0) < max_per_item:
            ballot[index] = ballot.get(index, 0) + 1
            spent += 1
    return ballot


def _average_profile(key: str) -> tuple[float, float]:
    rows = SCORES.get(key, ())
    if not rows:
        return 3.0, 3.0
    return (sum(r[1] for r in rows) / len(rows), sum(r[2] for r in rows) / len(rows))


def _build_large(service: WorkshopService, language: str, text: DemoText) -> int:
    book = find_playbook(PLAYBOOK_ID, language)
    ws = service.create_workshop(text["large_name"], book, organisation=text["organisation"],
                                 facilitator=text["facilitator"]).id
    rng = random.Random(LARGE_SEED)
    stamp = now()
    section_order = {s.id: i for i, s in enumerate(book.capture_sections())}
    note_meta = {key: (section, author, prompt, tags)
                 for section, rows in NOTES.items()
                 for key, author, prompt, tags in rows}

    # People: unique names, roles spread over the normal demo's units.
    units = sorted({role for _, role in text["people"].values()})
    names = rng.sample(list(itertools.product(text["first_names"], text["surnames"])),
                       LARGE_PARTICIPANTS)
    people = [(f"{first} {last}", units[i % len(units)]) for i, (first, last) in
              enumerate(names)]

    # Initiatives: every base initiative repeated over a set of scopes, so
    # titles stay unique (the service looks initiatives up by title too).
    base_keys = list(INITIATIVES)
    items: list[dict[str, Any]] = []
    for i in range(LARGE_INITIATIVES):
        key = base_keys[i % len(base_keys)]
        title, description = text["initiatives"][key]
        scope = text["scopes"][i // len(base_keys)]
        items.append({"key": key, "title": f"{title} – {scope}", "description": description})

    def note_text(key: str) -> str:
        body = f"{text['notes'][key]} – {rng.choice(text['contexts'])}"
        if rng.random() < 0.6:
            body += f" ({rng.choice(text['sources'])})"
        return body

    # Notes: every initiative gets 4-12 notes drawn from its base notes; the
    # rest stay ungrouped, like the leftovers on a real wall.
    notes: list[tuple[str, int | None]] = []  # (base note key, initiative index)
    for index, item in enumerate(items):
        for _ in range(rng.randint(4, 12)):
            notes.append((rng.choice(INITIATIVES[item["key"]]), index))
    # The leftovers top up the thinnest section, so all four stay about equal.
    per_section = {section: 0 for section in NOTES}
    for key, _ in notes:
        per_section[note_meta[key][0]] += 1
    while len(notes) < LARGE_NOTES:
        section = min(per_section, key=lambda name: (per_section[name], section_order[name]))
        notes.append((rng.choice(NOTES[section])[0], None))
        per_section[section] += 1
    rng.shuffle(notes)
    # Notes are typed section by section, so ids should follow that order.
    notes.sort(key=lambda n: section_order[note_meta[n[0]][0]])

    # Votes: a long-tailed popularity, as in a real room where a handful of
    # initiatives collect most of the dots.
    popularity = [1.0 / (rank + 4) for rank in range(LARGE_INITIATIVES)]
    rng.shuffle(popularity)
    cum_weights = list(itertools.accumulate(popularity))
    ballots = [_spread_dots(rng, cum_weights, LARGE_DOTS_PER_PERSON, LARGE_MAX_PER_ITEM)
               for _ in people]
    dots = [0] * LARGE_INITIATIVES
    for ballot in ballots:
        for index, value in ballot.items():
            dots[index] += value
    ranked = sorted(range(LARGE_INITIATIVES), key=lambda i: (-dots[i], i))

    # Scores for the top of the tally, around each base initiative's profile.
    scores: list[tuple[int, int, int, int]] = []  # (initiative, person, impact, effort)
    mean: dict[int, tuple[float, float]] = {}
    for index in ranked[:LARGE_SCORED]:
        impact0, effort0 = _average_profile(items[index]["key"])
        rows = []
        for person in rng.sample(range(LARGE_PARTICIPANTS), LARGE_SCORERS):
            impact = max(1, min(5, round(impact0 + rng.choice((-1, 0, 0, 1)))))
            effort = max(1, min(5, round(effort0 + rng.choice((-1, 0, 0, 1)))))
            rows.append((impact, effort))
            scores.append((index, person, impact, effort))
        mean[index] = (sum(r[0] for r in rows) / len(rows), sum(r[1] for r in rows) / len(rows))

    # Roadmap: quick wins now, big bets next, the rest later. A few stay
    # without a metric or owner so the readiness check has work to do.
    positions = {"now": 0, "next": 0, "later": 0}
    for n, index in enumerate(ranked[:LARGE_ROADMAP]):
        mean_impact, mean_effort = mean[index]
        phase = ("now" if mean_impact >= 3 and mean_effort < 3
                 else "next" if mean_impact >= 3 else "later")
        metric, target = text["metrics"][items[index]["key"]]
        owner = people[rng.randrange(LARGE_PARTICIPANTS)][0]
        helpers = [people[p][0] for p in rng.sample(range(LARGE_PARTICIPANTS), 2)]
        items[index].update(
            phase=phase, position=positions[phase], owner="" if n % 17 == 16 else owner,
            metric="" if n % 11 == 10 else metric, target="" if n % 11 == 10 else target,
            contributors=json.dumps(helpers))
        positions[phase] += 1

    # Rows refer to people, initiatives and the round by their place in these
    # lists; the import turns the places into ids.
    bulk = BulkRows(
        participants=[{"id": i, "name": name, "role": role, "created_at": stamp}
                      for i, (name, role) in enumerate(people)],
        initiatives=[{
            "id": i, "title": it["title"], "description": it["description"],
            "phase": it.get("phase"), "position": it.get("position", 0),
            "owner": it.get("owner", ""), "metric": it.get("metric", ""),
            "target": it.get("target", ""), "contributors": it.get("contributors", "[]"),
            "created_at": stamp} for i, it in enumerate(items)])
    # The 32 base notes stand behind the 2,000: their lenses are encoded once.
    lenses = {key: json.dumps(list(meta[3])) for key, meta in note_meta.items()}
    for key, group in notes:
        section, _, prompt, _ = note_meta[key]
        anonymous = rng.random() < ANONYMOUS_SHARE
        bulk.notes.append({
            "section_id": section, "prompt_index": prompt, "text": note_text(key),
            "participant_id": None if anonymous else rng.randrange(LARGE_PARTICIPANTS),
            "lenses": lenses[key], "initiative_id": group,
            "source": PHONE if rng.random() < PHONE_SHARE else LOCAL, "created_at": stamp})
    # Revealed (closed first, then shown) so the tally is on screen.
    bulk.rounds.append({
        "id": 0, "number": 1, "status": "revealed", "dots_per_person": LARGE_DOTS_PER_PERSON,
        "max_per_item": LARGE_MAX_PER_ITEM, "anonymous": 0, "opened_at": stamp,
        "closed_at": stamp, "revealed_at": stamp})
    bulk.votes = [{"round_id": 0, "participant_id": person, "initiative_id": index,
                   "dots": value}
                  for person, ballot in enumerate(ballots)
                  for index, value in sorted(ballot.items())]
    bulk.scores = [{"initiative_id": index, "participant_id": person, "impact": impact,
                    "effort": effort} for index, person, impact, effort in scores]
    # Bulk rows are not undoable; one plain event says where they came from.
    service.bulk_import(
        bulk, workshop=ws, action="demo.build", current_section="roadmap",
        summary=f"Built benchmark data: {len(people)} participants, {len(notes)} notes, "
                f"{len(items)} initiatives, {sum(dots)} dots")
    return ws
