"""Fixed wording of the exports in each workshop language, and localised dates.

User text (names, notes, titles) never goes through here: only the words the
report itself prints around it.

Counts: a label that prints a number chooses its noun with a format spec of two
forms, singular and plural, where ``#`` stands for the number itself:
``"{count:# note|# notes}"`` gives "1 note" and "3 notes";
``"{notes:it|them}"`` picks a word without printing the number. English and
Finnish both use the singular for exactly one and the plural otherwise (also
for zero). Fill labels with :func:`fill`, never with ``str.format``.
"""

from __future__ import annotations

import string
from datetime import date, datetime

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "report_kind": "Service sprint roadmap",
        "prepared_for": "Prepared for",
        "organisation": "Organisation",
        "date": "Date",
        "facilitator": "Facilitator",
        "participants": "Participants",
        "participants_by_role": "Participants by role",
        "no_role": "No role given",
        "no_participants": "No participants were recorded.",
        "contents": "Contents",
        "executive_summary": "Executive summary",
        "summary_intro": "The roadmap below comes from a service sprint in which "
                         "{people:# person|# people} from {roles:# role|# roles} wrote "
                         "{notes:# note|# notes} and grouped {notes:it|them} into "
                         "{initiatives:# initiative|# initiatives}; "
                         "{placed:# initiative is|# initiatives are} on the phased roadmap.",
        "summary_ready": "{ready} of {placed} roadmap {placed:initiative|initiatives} "
                         "{ready:has|have} both an owner and a metric.",
        "top_of_phase": "Top initiatives",
        "more_in_phase": "+ {count} more in this phase",
        "nothing_in_phase": "Nothing placed in this phase yet.",
        "no_initiatives": "No initiatives were created in this workshop, so there is no "
                          "roadmap yet.",
        "no_roadmap": "No initiative has been placed on the roadmap yet.",
        "key_figures": "Key figures",
        "fig_participants": "{count:participant|participants}",
        "fig_notes": "{count:note|notes}",
        "fig_initiatives": "{count:initiative|initiatives}",
        "fig_on_roadmap": "on the roadmap",
        "fig_ready": "ready (owner + metric)",
        "roadmap": "Roadmap",
        "roadmap_intro": "Initiatives in each phase, in the order the team agreed. Quick, "
                         "light experiments come first; larger changes follow in later phases.",
        "continued": "continued",
        "matrix": "Impact and effort",
        "matrix_intro": "Average impact and effort scores (1 = low, 5 = high). Numbers refer "
                        "to the initiatives listed under the chart.",
        "impact": "Impact",
        "effort": "Effort",
        "quick-win": "Quick wins",
        "big-bet": "Big bets",
        "fill-in": "Fill-ins",
        "money-pit": "Money pits",
        "initiatives": "Initiatives",
        "initiative": "Initiative",
        "not_on_roadmap": "Not on the roadmap",
        "not_on_roadmap_intro": "Initiatives the team discussed but did not place in a phase.",
        "owner": "Owner",
        "contributors": "Contributors",
        "metric": "Metric",
        "target": "Target",
        "votes": "Votes",
        "votes_by_role": "Votes by role",
        "dots": "{count:# dot|# dots}",
        "voters": "{count:# voter|# voters}",
        "initiative_count": "{count:# initiative|# initiatives}",
        "score": "Impact / effort",
        "scored_by": "scored by {count}",
        "description": "Description",
        "notes_behind": "Notes behind this initiative",
        "no_notes_behind": "No notes are linked to this initiative.",
        "more_notes": "+ {count:# more note|# more notes}, listed in the appendix",
        "missing": "missing",
        "none": "—",
        "phase": "Phase",
        "horizon": "Horizon",
        "what_we_heard": "What we heard",
        "heard_intro": "The notes that carried the most weight in each part of the sprint: "
                       "those behind the most-voted initiatives come first.",
        "notes_total": "{shown} of {total:# note|# notes}",
        "no_notes_section": "No notes were written in this part.",
        "voice_balance": "Voice balance by role",
        "voice_intro": "Notes written in each part of the sprint, and dots cast, by role. "
                       "Everyone should be heard, not only the loudest group.",
        "role": "Role",
        "anonymous": "Anonymous",
        "dots_cast": "Dots cast",
        "total": "Total",
        "unheard_roles": "Roles with no attributed note",
        "unheard_people": "Participants with no attributed note",
        "everyone_heard": "Every participant wrote at least one note.",
        "lens_balance": "Customer-experience lens balance",
        "lens_intro": "How the notes spread over the lenses of the playbook. In the CX "
                      "pyramid about two thirds of the experience is emotion, yet plans "
                      "tend to favour effectiveness and ease.",
        "no_lens_tags": "No notes were tagged with this lens.",
        "no_lenses": "This playbook has no lenses.",
        "readiness": "Readiness",
        "phase_people": "Who takes part in each phase",
        "phase_people_intro": "Owners first (in bold), then contributors.",
        "readiness_intro": "Every roadmap initiative needs an owner and a metric before work "
                           "can start.",
        "readiness_ok": "Every initiative on the roadmap has an owner and a metric.",
        "readiness_missing": "Missing",
        "appendix": "Appendix: all notes",
        "appendix_intro": "Every note of the workshop, by section, in the order written.",
        "author": "Author",
        "lenses": "Lenses",
        "linked_to": "Initiative",
        "page": "Page",
        "of": "of",
        "votes_hidden": "Votes are not shown: no voting round has been revealed.",
        "budget_kept": "Round {number}: the budget was lowered to {budget:# dot|# dots} after "
                       "voting had begun; ballots over it were counted as cast.",
        "budget_kept_named": "Round {number}: the budget was lowered to {budget:# dot|# dots} "
                             "after voting had begun; ballots over it were counted as cast "
                             "({names}).",
        "budget_trimmed": "Round {number}: the budget was lowered to {budget:# dot|# dots} after "
                          "voting had begun; ballots over it were trimmed to it by taking back "
                          "each person's latest dots.",
        "group_score": "agreed by the group",
        "people_mean": "individual mean {impact} / {effort}",
        "no_votes": "No votes have been cast.",
        "round": "round {number}",
        "generated": "Exported {date} with sprintkit",
        "note_count": "{count:# note|# notes}",
        "owner_missing": "owner missing",
        "metric_missing": "metric missing",
        # CSV column headers. The English ones are the headers the CSV always had,
        # so existing imports keep working.
        "csv_phase": "phase",
        "csv_order": "order",
        "csv_title": "title",
        "csv_owner": "owner",
        "csv_metric": "metric",
        "csv_target": "target",
        "csv_votes": "votes",
        "csv_impact": "impact",
        "csv_effort": "effort",
        "csv_contributors": "contributors",
        "csv_description": "description",
    },
    "fi": {
        "report_kind": "Palvelusprintin tiekartta",
        "prepared_for": "Laadittu",
        "organisation": "Organisaatio",
        "date": "Päivämäärä",
        "facilitator": "Fasilitaattori",
        "participants": "Osallistujat",
        "participants_by_role": "Osallistujat rooleittain",
        "no_role": "Rooli puuttuu",
        "no_participants": "Osallistujia ei kirjattu.",
        "contents": "Sisältö",
        "executive_summary": "Tiivistelmä johdolle",
        "summary_intro": "Tiekartta on palvelusprintin tulos: "
                         "{people:# osallistuja|# osallistujaa} "
                         "{roles:# roolista|# eri roolista} kirjasi "
                         "{notes:# muistiinpanon|# muistiinpanoa} ja ryhmitteli "
                         "{notes:sen|ne} {initiatives} kehityskohteeksi. Vaiheistetulle "
                         "tiekartalle sijoitettiin {placed:# kehityskohde|# kehityskohdetta}.",
        "summary_ready": "{placed} tiekartan kehityskohteesta {ready} on sekä "
                         "vastuuhenkilö että mittari.",
        "top_of_phase": "Tärkeimmät kehityskohteet",
        "more_in_phase": "+ {count:# muu|# muuta} tässä vaiheessa",
        "nothing_in_phase": "Tähän vaiheeseen ei ole vielä sijoitettu mitään.",
        "no_initiatives": "Työpajassa ei luotu kehityskohteita, joten tiekarttaa ei vielä ole.",
        "no_roadmap": "Yhtään kehityskohdetta ei ole vielä sijoitettu tiekartalle.",
        "key_figures": "Tunnusluvut",
        "fig_participants": "{count:osallistuja|osallistujaa}",
        "fig_notes": "{count:muistiinpano|muistiinpanoa}",
        "fig_initiatives": "{count:kehityskohde|kehityskohdetta}",
        "fig_on_roadmap": "tiekartalla",
        "fig_ready": "valmiina (vastuu + mittari)",
        "roadmap": "Tiekartta",
        "roadmap_intro": "Kunkin vaiheen kehityskohteet tiimin sopimassa järjestyksessä. "
                         "Nopeat ja kevyet kokeilut tulevat ensin, isommat muutokset "
                         "myöhemmissä vaiheissa.",
        "continued": "jatkuu",
        "matrix": "Vaikutus ja työmäärä",
        "matrix_intro": "Vaikutuksen ja työmäärän keskiarvot (1 = pieni, 5 = suuri). Numerot "
                        "viittaavat kaavion alla lueteltuihin kehityskohteisiin.",
        "impact": "Vaikutus",
        "effort": "Työmäärä",
        "quick-win": "Nopeat voitot",
        "big-bet": "Isot panostukset",
        "fill-in": "Täydentäjät",
        "money-pit": "Rahanielut",
        "initiatives": "Kehityskohteet",
        "initiative": "Kehityskohde",
        "not_on_roadmap": "Tiekartan ulkopuolella",
        "not_on_roadmap_intro": "Kehityskohteet, joista keskusteltiin mutta joita ei "
                                "sijoitettu mihinkään vaiheeseen.",
        "owner": "Vastuuhenkilö",
        "contributors": "Mukana",
        "metric": "Mittari",
        "target": "Tavoite",
        "votes": "Äänet",
        "votes_by_role": "Äänet rooleittain",
        "dots": "{count:# piste|# pistettä}",
        "voters": "{count:# äänestäjä|# äänestäjää}",
        "initiative_count": "{count:# kehityskohde|# kehityskohdetta}",
        "score": "Vaikutus / työmäärä",
        "scored_by": "{count:# arvioija|# arvioijaa}",
        "description": "Kuvaus",
        "notes_behind": "Kehityskohteen taustalla olevat muistiinpanot",
        "no_notes_behind": "Kehityskohteeseen ei ole liitetty muistiinpanoja.",
        "more_notes": "+ {count:# muu muistiinpano|# muuta muistiinpanoa}, ks. liite",
        "missing": "puuttuu",
        "none": "—",
        "phase": "Vaihe",
        "horizon": "Aikajänne",
        "what_we_heard": "Mitä kuulimme",
        "heard_intro": "Kunkin vaiheen painavimmat muistiinpanot: eniten ääniä saaneiden "
                       "kehityskohteiden taustalla olevat ensin.",
        "notes_total": "{shown} / {total:# muistiinpano|# muistiinpanoa}",
        "no_notes_section": "Tässä vaiheessa ei kirjattu muistiinpanoja.",
        "voice_balance": "Äänten tasapaino rooleittain",
        "voice_intro": "Kunkin vaiheen muistiinpanot ja annetut äänet rooleittain. Kaikkien "
                       "pitää tulla kuulluiksi, ei vain äänekkäimmän ryhmän.",
        "role": "Rooli",
        "anonymous": "Nimetön",
        "dots_cast": "Annetut pisteet",
        "total": "Yhteensä",
        "unheard_roles": "Roolit ilman omaa muistiinpanoa",
        "unheard_people": "Osallistujat ilman omaa muistiinpanoa",
        "everyone_heard": "Jokainen osallistuja kirjasi ainakin yhden muistiinpanon.",
        "lens_balance": "Asiakaskokemuksen näkökulmien tasapaino",
        "lens_intro": "Miten muistiinpanot jakautuvat toimintamallin näkökulmiin. "
                      "Asiakaskokemuspyramidissa noin kaksi kolmasosaa kokemuksesta on "
                      "tunnetta, mutta suunnitelmat painottavat usein toimivuutta ja "
                      "helppoutta.",
        "no_lens_tags": "Tällä näkökulmalla ei merkitty muistiinpanoja.",
        "no_lenses": "Tässä toimintamallissa ei ole näkökulmia.",
        "readiness": "Valmius",
        "phase_people": "Kuka on mukana missäkin vaiheessa",
        "phase_people_intro": "Ensin vastuuhenkilöt (lihavoitu), sitten muut mukana olevat.",
        "readiness_intro": "Jokaisella tiekartan kehityskohteella pitää olla vastuuhenkilö ja "
                           "mittari ennen kuin työ voi alkaa.",
        "readiness_ok": "Jokaisella tiekartan kehityskohteella on vastuuhenkilö ja mittari.",
        "readiness_missing": "Puuttuu",
        "appendix": "Liite: kaikki muistiinpanot",
        "appendix_intro": "Työpajan kaikki muistiinpanot vaiheittain kirjausjärjestyksessä.",
        "author": "Kirjoittaja",
        "lenses": "Näkökulmat",
        "linked_to": "Kehityskohde",
        "page": "Sivu",
        "of": "/",
        "votes_hidden": "Ääniä ei näytetä: yhtään äänestyskierrosta ei ole paljastettu.",
        "budget_kept": "Kierros {number}: pistemäärä laskettiin {budget:# pisteeseen|# "
                       "pisteeseen} äänestyksen jo alettua; rajan ylittäneet äänet laskettiin "
                       "sellaisinaan.",
        "budget_kept_named": "Kierros {number}: pistemäärä laskettiin {budget:# pisteeseen|# "
                             "pisteeseen} äänestyksen jo alettua; rajan ylittäneet äänet "
                             "laskettiin sellaisinaan ({names}).",
        "budget_trimmed": "Kierros {number}: pistemäärä laskettiin {budget:# pisteeseen|# "
                          "pisteeseen} äänestyksen jo alettua; rajan ylittäneistä äänistä "
                          "poistettiin kunkin viimeksi antamat pisteet.",
        "group_score": "ryhmän yhteinen arvio",
        "people_mean": "henkilöiden keskiarvo {impact} / {effort}",
        "no_votes": "Ääniä ei ole annettu.",
        "round": "kierros {number}",
        "generated": "Viety {date} sprintkitillä",
        "note_count": "{count:# muistiinpano|# muistiinpanoa}",
        "owner_missing": "vastuuhenkilö puuttuu",
        "metric_missing": "mittari puuttuu",
        # CSV column headers, as a Finnish facilitator expects them in a spreadsheet.
        "csv_phase": "vaihe",
        "csv_order": "järjestys",
        "csv_title": "kehityskohde",
        "csv_owner": "vastuuhenkilö",
        "csv_metric": "mittari",
        "csv_target": "tavoite",
        "csv_votes": "äänet",
        "csv_impact": "vaikutus",
        "csv_effort": "työmäärä",
        "csv_contributors": "mukana",
        "csv_description": "kuvaus",
    },
}

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
# Finnish dates use the partitive month name: "22. marraskuuta 2026".
_FI_MONTHS = ("tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta",
              "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta",
              "marraskuuta", "joulukuuta")


class _CountFormatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return (one if value == 1 else other).replace("#", str(value))
        return super().format_field(value, format_spec)


_FORMATTER = _CountFormatter()


def fill(template: str, **values: object) -> str:
    """A label with its placeholders filled, nouns agreeing with their counts."""
    return _FORMATTER.format(template, **values)


def labels(language: str) -> dict[str, str]:
    """The labels of a language; English fills any gap."""
    return {**LABELS["en"], **LABELS.get(language, {})}


def to_date(value: str | date | datetime) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return date.fromisoformat(value[:10])


def format_date(value: str | date | datetime, language: str) -> str:
    day = to_date(value)
    if language == "fi":
        return f"{day.day}. {_FI_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
