"""Words on the phone page, in English and Finnish.

The page follows the workshop's language. Each entry is a format string;
``plural`` keys hold a (one, many) pair.
"""

from __future__ import annotations

from collections.abc import Callable

LABELS: dict[str, dict[str, str | tuple[str, str]]] = {
    "en": {
        "lang": "en",
        "join_title": "Join the workshop",
        "who_are_you": "Who are you?",
        "pick_help": "Tap your name. This phone will remember you.",
        "already_joined": "joined",
        "find_name": "Find your name",
        "nobody_yet": "Nobody is on the list yet: add yourself below.",
        "not_listed": "Not on the list?",
        "your_name": "Your name",
        "your_role": "Your role or unit",
        "role_hint": "for example Customer service",
        "add_me": "Add me and join",
        "hello": "Hi, {name}",
        "switch": "Not you? Switch",
        "step_of": "Step {n} of {total}",
        "minutes": "about {n} min",
        "questions": "Questions",
        "more": "About this step",
        "add_note": "Add a note",
        "note_label": "Your note",
        "note_hint": "One idea per note. Short is fine.",
        "which_question": "Answers the question",
        "general": "General, no single question",
        "anonymous": "Post without my name",
        "send_note": "Add note",
        "note_added": "Note added to “{step}”. Thank you! Add another whenever you like.",
        "your_notes": "Your notes in this step",
        "your_notes_in": "Your notes in “{step}”",
        "anon_mark": "without name",
        "follow_screen": ("Follow the screen at the front. Reload this page when the "
                          "workshop moves on."),
        "follow_live": "Follow the screen at the front. This page moves on with the workshop.",
        "switch_title": "Switch to another name?",
        "switch_help": ("This phone will forget that you are {name}. Your notes and dots "
                        "stay, and anyone can then pick {name} from the list."),
        "switch_yes": "Yes, forget me on this phone",
        "switch_no": "No, I am {name}",
        "nothing_to_do": "Nothing to do on your phone right now.",
        "vote_title": "Vote, round {n}",
        "vote_help": ("Spend your dots on what matters most: up to {max} on one initiative. "
                      "You can move dots until the round closes. Nobody sees the votes "
                      "before the reveal."),
        "dots_left": "{left} of {budget} left",
        "dots_label": "Your dots",
        "your_dots": "Where your dots went",
        "add_dot": "Add a dot to {title}",
        "remove_dot": "Take a dot back from {title}",
        "clear": "Take back all my dots",
        "all_spent": "All dots spent. You can still move them until the round closes.",
        "no_initiatives": "There is nothing to vote on yet.",
        "round_closed_title": "Voting has closed",
        "round_closed": "Thanks for voting. The results appear here when the facilitator "
                        "reveals them.",
        "results_title": "Results, round {n}",
        "results_help": "Dots per initiative. Yours are marked.",
        "yours": "yours: {n}",
        "voters": ("{n} voter", "{n} voters"),
        "dots": ("{n} dot", "{n} dots"),
        "saved": "Saved",
        "err_budget": "Not enough dots: {left} of {budget} left.",
        "err_max": "That initiative already has the most dots allowed ({max}).",
        "err_closed": "Voting is not open right now.",
        "err_none_there": "You have no dots on that initiative.",
        "err_csrf": "This page has expired. Reload it and try again.",
        "err_no_session": "Pick your name first.",
        "err_token": "This join link does not work. Scan the QR code on the screen again.",
        "err_name_taken": ("That name is already on the list: tap it above, or use another "
                           "name. If it shows as joined and it is you, ask the facilitator to "
                           "free your name."),
        "err_name_lookalike": "That name looks just like {other}, who is already on the list: "
                              "tap your name above, or add something that tells you apart "
                              "(a surname, a unit).",
        "err_claimed": ("{name} has already joined on another phone. If that is you, ask the "
                        "facilitator to free your name, then tap it again."),
        "err_empty_name": "Write your name first.",
        "err_empty_note": "Write something first.",
        "err_too_long": "That is too long: at most {max} characters.",
        "err_not_capture": "Notes are not being collected in this step.",
        "err_other_person": "You can only spend your own dots.",
        "err_bad_input": "That did not look right. Reload the page and try again.",
        "err_unknown_item": "That initiative no longer exists. Reload the page.",
        "err_unknown_person": "That name is no longer on the list. Reload the page.",
        "err_too_many_names": "This phone has added enough names already.",
        "err_rate": "Slow down a little: too many taps at once. Try again in a moment.",
        "err_busy": "The facilitator's laptop is busy. Try again in a moment.",
        "err_not_found": "There is nothing here. Scan the QR code on the screen to join.",
        "err_method": "That does not work here.",
        "err_too_large": "That was too much text at once.",
        "err_other": "Something went wrong. Reload the page and try again.",
        "err_host": "This address does not lead to the workshop. Scan the QR code on the "
                    "screen.",
        "err_slow": "The connection was too slow to send that. Try again.",
        "try_again": "Back to the workshop",
        "offline": "Connection lost. Trying again…",
        "moved_on": "The workshop moved on.",
        "footer": "Runs on the facilitator's laptop. Nothing leaves this room's network.",
    },
    "fi": {
        "lang": "fi",
        "join_title": "Liity työpajaan",
        "who_are_you": "Kuka olet?",
        "pick_help": "Napauta nimeäsi. Puhelin muistaa sinut.",
        "already_joined": "liittynyt",
        "find_name": "Etsi nimesi",
        "nobody_yet": "Listalla ei ole vielä ketään: lisää itsesi alla.",
        "not_listed": "Eikö nimeäsi ole listalla?",
        "your_name": "Nimesi",
        "your_role": "Roolisi tai yksikkösi",
        "role_hint": "esimerkiksi Asiakaspalvelu",
        "add_me": "Lisää minut ja liity",
        "hello": "Hei, {name}",
        "switch": "Et ole sinä? Vaihda",
        "step_of": "Vaihe {n}/{total}",
        "minutes": "noin {n} min",
        "questions": "Kysymykset",
        "more": "Tietoa tästä vaiheesta",
        "add_note": "Lisää muistiinpano",
        "note_label": "Muistiinpanosi",
        "note_hint": "Yksi idea kerrallaan. Lyhyt riittää.",
        "which_question": "Vastaa kysymykseen",
        "general": "Yleinen, ei tiettyyn kysymykseen",
        "anonymous": "Lähetä ilman nimeäni",
        "send_note": "Lisää",
        "note_added": ("Muistiinpano lisätty vaiheeseen ”{step}”, kiitos! Voit lisätä uusia "
                       "milloin vain."),
        "your_notes": "Omat muistiinpanosi tässä vaiheessa",
        "your_notes_in": "Omat muistiinpanosi vaiheessa ”{step}”",
        "anon_mark": "ilman nimeä",
        "follow_screen": ("Seuraa edessä olevaa näyttöä. Lataa sivu uudelleen, kun työpaja "
                          "etenee."),
        "follow_live": "Seuraa edessä olevaa näyttöä. Sivu etenee työpajan mukana.",
        "switch_title": "Vaihdetaanko nimeä?",
        "switch_help": ("Puhelin unohtaa, että olet {name}. Muistiinpanosi ja pisteesi "
                        "säilyvät, ja kuka tahansa voi sen jälkeen valita nimen {name} "
                        "listalta."),
        "switch_yes": "Kyllä, unohda minut tällä puhelimella",
        "switch_no": "En, olen {name}",
        "nothing_to_do": "Puhelimella ei ole nyt tehtävää.",
        "vote_title": "Äänestys, kierros {n}",
        "vote_help": ("Jaa pisteesi tärkeimmille kohteille: yhdelle enintään {max}. "
                      "Voit siirtää pisteitä, kunnes kierros suljetaan. Kukaan ei näe ääniä "
                      "ennen tulosten julkistusta."),
        "dots_left": "{left}/{budget} jäljellä",
        "dots_label": "Pisteesi",
        "your_dots": "Mihin pisteesi menivät",
        "add_dot": "Lisää piste: {title}",
        "remove_dot": "Poista piste: {title}",
        "clear": "Peru kaikki pisteeni",
        "all_spent": "Kaikki pisteet käytetty. Voit vielä siirtää niitä, kunnes kierros "
                     "suljetaan.",
        "no_initiatives": "Äänestettävää ei ole vielä.",
        "round_closed_title": "Äänestys on päättynyt",
        "round_closed": "Kiitos äänestäsi. Tulokset näkyvät tässä, kun vetäjä julkistaa ne.",
        "results_title": "Tulokset, kierros {n}",
        "results_help": "Pisteet kohteittain. Omasi on merkitty.",
        "yours": "omasi: {n}",
        "voters": ("{n} äänestäjä", "{n} äänestäjää"),
        "dots": ("{n} piste", "{n} pistettä"),
        "saved": "Tallennettu",
        "err_budget": "Pisteet eivät riitä: {left}/{budget} jäljellä.",
        "err_max": "Kohteella on jo suurin sallittu määrä pisteitä ({max}).",
        "err_closed": "Äänestys ei ole nyt auki.",
        "err_none_there": "Sinulla ei ole pisteitä tällä kohteella.",
        "err_csrf": "Sivu on vanhentunut. Lataa se uudelleen ja yritä uudestaan.",
        "err_no_session": "Valitse ensin nimesi.",
        "err_token": "Liittymislinkki ei toimi. Skannaa näytön QR-koodi uudelleen.",
        "err_name_taken": ("Nimi on jo listalla: napauta sitä yllä tai käytä toista nimeä. "
                           "Jos nimi näkyy liittyneenä ja se olet sinä, pyydä vetäjää "
                           "vapauttamaan nimesi."),
        "err_name_lookalike": "Nimi näyttää samalta kuin {other}, joka on jo listalla: napauta "
                              "nimeäsi yllä tai lisää jotain, mikä erottaa teidät (sukunimi, "
                              "yksikkö).",
        "err_claimed": ("{name} on jo liittynyt toisella puhelimella. Jos se olet sinä, "
                        "pyydä vetäjää vapauttamaan nimesi ja napauta sitä sitten uudelleen."),
        "err_empty_name": "Kirjoita ensin nimesi.",
        "err_empty_note": "Kirjoita ensin jotain.",
        "err_too_long": "Liian pitkä: enintään {max} merkkiä.",
        "err_not_capture": "Tässä vaiheessa ei kerätä muistiinpanoja.",
        "err_other_person": "Voit käyttää vain omia pisteitäsi.",
        "err_bad_input": "Jokin meni vikaan. Lataa sivu uudelleen ja yritä uudestaan.",
        "err_unknown_item": "Kohdetta ei enää ole. Lataa sivu uudelleen.",
        "err_unknown_person": "Nimeä ei enää ole listalla. Lataa sivu uudelleen.",
        "err_too_many_names": "Tästä puhelimesta on lisätty jo tarpeeksi nimiä.",
        "err_rate": "Hieman hitaammin: liian monta napautusta kerralla. Yritä hetken päästä.",
        "err_busy": "Vetäjän kone on kiireinen. Yritä hetken päästä uudelleen.",
        "err_not_found": "Täällä ei ole mitään. Liity skannaamalla näytön QR-koodi.",
        "err_method": "Tämä ei toimi täällä.",
        "err_too_large": "Liikaa tekstiä kerralla.",
        "err_other": "Jokin meni vikaan. Lataa sivu uudelleen ja yritä uudestaan.",
        "err_host": "Tämä osoite ei vie työpajaan. Skannaa näytön QR-koodi.",
        "err_slow": "Yhteys oli liian hidas tämän lähettämiseen. Yritä uudelleen.",
        "try_again": "Takaisin työpajaan",
        "offline": "Yhteys katkesi. Yritetään uudelleen…",
        "moved_on": "Työpaja eteni.",
        "footer": "Toimii vetäjän koneella. Mikään ei lähde tämän huoneen verkosta.",
    },
}


def translator(language: str) -> Callable[..., str]:
    """``t(key, **values)``; a key with a plural pair takes ``n``."""
    table = LABELS.get(language, LABELS["en"])

    def t(key: str, **values: object) -> str:
        entry = table.get(key) or LABELS["en"][key]
        if isinstance(entry, tuple):
            entry = entry[0] if values.get("n") == 1 else entry[1]
        return entry.format(**values) if values else entry

    return t
