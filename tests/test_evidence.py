"""Customer evidence: import, masking on import, folding, lens suggestions, undo."""

from __future__ import annotations

import json

import openpyxl
import pytest

from sprintkit import analysis
from sprintkit.errors import InvalidInput, NotFound
from sprintkit.evidence_models import EVIDENCE
from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions
from sprintkit.tabular import TableError, TableLimits


@pytest.fixture
def sprint(service):
    """A Finnish service-sprint workshop with two people in the room."""
    ws = service.create_workshop("Palvelusprintti", find_playbook("service-sprint", "fi"))
    service.add_participant(ws.id, "Anni", "Asiakaspalvelu")
    service.add_participant(ws.id, "Bo", "IT")
    return ws


def _rows(service, sql, params=()):
    return service.store.query(sql, params)


def _csv(tmp_path, text, name="palaute.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


FEEDBACK = (
    "Pvm;Palaute;Arvosana;Kanava\n"
    "1.2.2026;Jonotus kesti liian kauan;2;Toimipiste\n"
    "2.2.2026;jonotus kesti aivan liian kauan!!;1;Toimipiste\n"
    "3.2.2026;Lippuautomaatti ei toiminut asemalla;2;Asema\n"
    "04.02.2026;Henkilökunta oli ystävällistä ja auttoi nopeasti;5;Puhelin\n"
    "2026-02-05;Soittakaa minulle 040 123 4567, laskussa on virhe;1,5;Sähköposti\n"
    "6.2.2026;;3;Chat\n"
)


def test_import_makes_one_evidence_note_per_folded_group(service, sprint, tmp_path):
    path = _csv(tmp_path, FEEDBACK, encoding="cp1252")
    result = service.import_evidence(sprint.id, path, EvidenceOptions(source="Kevään kysely"))
    plan = result.plan
    assert plan.section.id == "customer-views"  # the step the playbook marks
    assert (plan.mapping.text, plan.mapping.date, plan.mapping.rating, plan.mapping.channel) == (
        "Palaute", "Pvm", "Arvosana", "Kanava")
    assert plan.encoding == "cp1252" and plan.delimiter == ";"
    assert plan.empty == [7]
    notes = service.notes(sprint.id, "customer-views")
    assert [n.text for n in notes] == [
        "Jonotus kesti liian kauan",
        "Lippuautomaatti ei toiminut asemalla",
        "Henkilökunta oli ystävällistä ja auttoi nopeasti",
        "Soittakaa minulle [puhelin], laskussa on virhe"]
    assert all(n.source == EVIDENCE and n.participant_id is None and n.lenses == []
               for n in notes)
    items = _rows(service, "SELECT note_id, row_number, text, date, rating, channel "
                           "FROM evidence_items ORDER BY id")
    assert [(i["note_id"], i["row_number"]) for i in items] == [
        (notes[0].id, 2), (notes[0].id, 3), (notes[1].id, 4), (notes[2].id, 5),
        (notes[3].id, 6)]
    assert items[1] | {"note_id": 0} == {
        "note_id": 0, "row_number": 3, "text": "jonotus kesti aivan liian kauan!!",
        "date": "2026-02-02", "rating": 1.0, "channel": "Toimipiste"}
    assert (items[4]["date"], items[4]["rating"]) == ("2026-02-05", 1.5)
    imports = service.evidence_imports(sprint.id)
    assert [(i.source, i.file, i.masked, i.rows, i.section_id) for i in imports] == [
        ("Kevään kysely", "palaute.csv", True, 5, "customer-views")]
    views = service.evidence(sprint.id)
    assert views[notes[0].id].count == 2 and views[notes[0].id].source == "Kevään kysely"
    assert [v.note.id for v in service.evidence_by_count(sprint.id, "customer-views")][:1] == [
        notes[0].id]
    assert service.evidence_counts(sprint.id) == {notes[0].id: 2, notes[1].id: 1,
                                                  notes[2].id: 1, notes[3].id: 1}


def test_voice_balance_keeps_customer_evidence_apart(service, sprint, tmp_path):
    service.add_note(sprint.id, "customer-views", "Asiakkaat valittavat jonoista",
                     participant="Anni")
    service.add_note(sprint.id, "customer-views", "Nimetön huomio")
    service.import_evidence(sprint.id, _csv(tmp_path, FEEDBACK))
    balance = service.voice_balance(sprint.id)
    assert balance.evidence_notes == {"customer-views": 4}
    assert balance.anonymous_notes == {"customer-views": 1}
    assert balance.notes["customer-views"] == {"Asiakaspalvelu": 1}
    # Evidence is nobody in the room: it hears no one.
    assert balance.unheard_roles == ["IT"]
    assert isinstance(balance, analysis.VoiceBalance)


def test_dry_run_writes_nothing(service, sprint, tmp_path):
    events = _rows(service, "SELECT count(*) AS n FROM events")
    plan = service.plan_evidence_import(sprint.id, _csv(tmp_path, FEEDBACK))
    assert len(plan.rows) == 5 and len(plan.notes) == 4
    assert [len(n.rows) for n in plan.folded] == [2]
    assert plan.masked_counts == {"phone": 1}
    assert service.notes(sprint.id) == []
    assert _rows(service, "SELECT count(*) AS n FROM events") == events
    assert _rows(service, "SELECT count(*) AS n FROM evidence_items") == [{"n": 0}]


def test_undo_takes_back_the_whole_import_and_redo_repeats_it(service, sprint, tmp_path):
    service.add_note(sprint.id, "customer-views", "Oma muistiinpano", participant="Bo")
    result = service.import_evidence(sprint.id, _csv(tmp_path, FEEDBACK))
    assert len(service.notes(sprint.id)) == 5
    event = service.undo(sprint.id)
    assert event.action == "evidence.import"
    assert [n.text for n in service.notes(sprint.id)] == ["Oma muistiinpano"]
    for table in ("evidence_items", "evidence_notes", "evidence_imports"):
        assert _rows(service, f"SELECT count(*) AS n FROM {table}") == [{"n": 0}]
    service.redo(sprint.id)
    assert [n.id for n in service.notes(sprint.id)][1:] == result.note_ids
    assert _rows(service, "SELECT count(*) AS n FROM evidence_items") == [{"n": 5}]


def test_deleting_an_evidence_note_and_undoing_keeps_its_originals(service, sprint, tmp_path):
    result = service.import_evidence(sprint.id, _csv(tmp_path, FEEDBACK))
    folded = result.note_ids[0]
    service.delete_note(sprint.id, folded)
    assert _rows(service, "SELECT count(*) AS n FROM evidence_items WHERE note_id = ?",
                 [folded]) == [{"n": 0}]
    service.undo(sprint.id)
    assert service.evidence(sprint.id)[folded].count == 2


def test_unfold_gives_each_original_its_note_and_undo_folds_back(service, sprint, tmp_path):
    result = service.import_evidence(sprint.id, _csv(tmp_path, FEEDBACK))
    folded = result.note_ids[0]
    notes = service.unfold_evidence(sprint.id, folded)
    assert [n.text for n in notes] == ["Jonotus kesti liian kauan",
                                       "jonotus kesti aivan liian kauan!!"]
    assert notes[1].source == EVIDENCE and notes[1].section_id == "customer-views"
    views = service.evidence(sprint.id)
    assert views[folded].count == 1 and views[notes[1].id].count == 1
    assert views[notes[1].id].items[0].row_number == 3
    with pytest.raises(InvalidInput, match="nothing to unfold") as caught:
        service.unfold_evidence(sprint.id, folded)
    assert caught.value.key == "nothing_to_unfold"
    service.undo(sprint.id)
    assert service.evidence(sprint.id)[folded].count == 2
    assert len(service.notes(sprint.id)) == 4


def test_unfold_refuses_a_room_note(service, sprint):
    note = service.add_note(sprint.id, "customer-views", "Huone")
    with pytest.raises(InvalidInput, match="is not customer evidence"):
        service.unfold_evidence(sprint.id, note.id)
    with pytest.raises(NotFound):
        service.unfold_evidence(sprint.id, 999)


def test_lens_suggestions_wait_for_the_facilitator(service, sprint, tmp_path):
    result = service.import_evidence(sprint.id, _csv(tmp_path, FEEDBACK))
    views = service.evidence(sprint.id)
    suggested = {views[i].note.text: views[i].suggested_lens for i in result.note_ids}
    assert suggested == {
        "Jonotus kesti liian kauan": "ease",
        "Lippuautomaatti ei toiminut asemalla": "effectiveness",
        "Henkilökunta oli ystävällistä ja auttoi nopeasti": "emotion",
        "Soittakaa minulle [puhelin], laskussa on virhe": "effectiveness"}
    # A suggestion is not a tag: lens balance does not count it yet.
    assert all(n.lenses == [] for n in service.notes(sprint.id))
    accepted = service.accept_lens_suggestion(sprint.id, result.note_ids[0])
    assert accepted.lenses == ["ease"]
    assert service.evidence(sprint.id)[result.note_ids[0]].suggested_lens is None
    with pytest.raises(InvalidInput, match="no lens suggestion"):
        service.accept_lens_suggestion(sprint.id, result.note_ids[0])
    service.dismiss_lens_suggestion(sprint.id, result.note_ids[1])
    assert service.note(sprint.id, result.note_ids[1]).lenses == []
    assert service.evidence(sprint.id)[result.note_ids[1]].suggested_lens is None
    assert service.accept_lens_suggestions(sprint.id) == 2
    assert [service.note(sprint.id, i).lenses for i in result.note_ids] == [
        ["ease"], [], ["emotion"], ["effectiveness"]]
    service.undo(sprint.id)  # the accept-all is one action
    assert [service.note(sprint.id, i).lenses for i in result.note_ids] == [
        ["ease"], [], [], []]


def test_personal_data_is_masked_in_the_workshop_language(service, sprint, tmp_path):
    text = ("kommentti\nOlen 131052-308T, soita +358 40 123 4567 tai maili "
            "liisa@example.fi\n")
    service.import_evidence(sprint.id, _csv(tmp_path, text))
    stored = _rows(service, "SELECT text FROM evidence_items")[0]["text"]
    assert stored == ("Olen [henkilötunnus], soita [puhelin] tai maili [sähköposti]")
    assert service.notes(sprint.id)[0].text == stored


def test_keep_personal_data_stores_the_text_as_it_is(service, sprint, tmp_path):
    text = "kommentti\nSoita 040 123 4567 jos jonotus jatkuu yhtä pitkään\n"
    result = service.import_evidence(sprint.id, _csv(tmp_path, text),
                                     EvidenceOptions(keep_personal_data=True))
    assert service.notes(sprint.id)[0].text == "Soita 040 123 4567 jos jonotus jatkuu yhtä pitkään"
    assert result.plan.masked is False
    assert service.evidence_imports(sprint.id)[0].masked is False


def test_bad_rows_refuse_the_whole_file_with_their_numbers(service, sprint, tmp_path):
    text = ("palaute,pvm,arvosana\nHyvä,1.2.2026,4\nHuono,31.2.2026,2\nOk,2.2.2026,viisi\n"
            "Ihan hyvä,3.2.2026,3\n")
    with pytest.raises(InvalidInput) as caught:
        service.import_evidence(sprint.id, _csv(tmp_path, text))
    message = str(caught.value)
    assert "2 bad rows, nothing imported" in message
    assert "row 3 'pvm': '31.2.2026' is not a date" in message
    assert "row 4 'arvosana': 'viisi' is not a number" in message
    assert caught.value.key == "evidence_bad_rows" and caught.value.params["rows"] == "3, 4"
    assert service.notes(sprint.id) == []
    assert _rows(service, "SELECT count(*) AS n FROM evidence_imports") == [{"n": 0}]


def test_the_comment_column_is_guessed_from_its_content(service, sprint, tmp_path):
    text = ("id,tila,vastaaja\n"
            "101,auki,Junan vessa oli epäsiisti koko matkan ajan\n"
            "102,suljettu,Konduktööri ei osannut neuvoa vaihdossa\n"
            "103,auki,Ostin väärän lipun koska sovellus oli sekava\n")
    plan = service.plan_evidence_import(sprint.id, _csv(tmp_path, text))
    assert plan.mapping.text == "vastaaja" and "text" in plan.mapping.guessed


def test_no_guess_lists_the_columns(service, sprint, tmp_path):
    text = "id,tila\n101,auki\n102,suljettu\n"
    with pytest.raises(InvalidInput, match="cannot tell which column holds the comments "
                                           "\\(no column looks like one\\).*'id', 'tila'"):
        service.import_evidence(sprint.id, _csv(tmp_path, text))
    two = ("a,b\nPitkä teksti joka kertoo jonotuksesta,Toinen pitkä teksti lipun hinnasta\n")
    with pytest.raises(InvalidInput, match="several columns could be it"):
        service.import_evidence(sprint.id, _csv(tmp_path, two, "two.csv"))


def test_named_columns_must_exist(service, sprint, tmp_path):
    path = _csv(tmp_path, FEEDBACK)
    with pytest.raises(InvalidInput, match="no column 'Vastaus' \\(--text-column\\)"):
        service.import_evidence(sprint.id, path, EvidenceOptions(text_column="Vastaus"))
    plan = service.plan_evidence_import(sprint.id, path,
                                        EvidenceOptions(text_column="kanava",
                                                        channel_column="Palaute"))
    assert plan.mapping.text == "Kanava" and plan.mapping.channel == "Palaute"


def test_a_named_section_must_be_a_capture_step(service, sprint, tmp_path):
    path = _csv(tmp_path, FEEDBACK)
    with pytest.raises(InvalidInput, match="is a group step"):
        service.import_evidence(sprint.id, path, EvidenceOptions(section="grouping"))
    service.import_evidence(sprint.id, path, EvidenceOptions(section="business-needs"))
    assert {n.section_id for n in service.notes(sprint.id)} == {"business-needs"}


def test_a_playbook_without_an_evidence_step_needs_section(service, workshop, tmp_path):
    with pytest.raises(InvalidInput, match="marks no step for customer evidence") as caught:
        service.import_evidence(workshop.id, _csv(tmp_path, FEEDBACK))
    assert caught.value.key == "evidence_no_section"


def test_xlsx_import_from_a_named_sheet(service, sprint, tmp_path):
    path = tmp_path / "kysely.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Ohje"
    book.active.append(["Täytä kysely"])
    ws = book.create_sheet("Vastaukset")
    ws.append(["Kommentti", "Päivämäärä", "NPS"])
    ws.append(["Sovellus kaatuu kun yritän ostaa lipun", "2026-03-01", 3])
    ws.append(["Sovellus kaatui kun yritin ostaa lippua", "1.3.2026", 4])
    book.save(path)
    result = service.import_evidence(sprint.id, path, EvidenceOptions(sheet="Vastaukset"))
    assert len(result.note_ids) == 1
    view = service.evidence(sprint.id)[result.note_ids[0]]
    assert [(i.date, i.rating) for i in view.items] == [("2026-03-01", 3.0),
                                                        ("2026-03-01", 4.0)]
    assert view.source == "kysely.xlsx"


def test_limits_reach_the_import(service, sprint, tmp_path):
    path = _csv(tmp_path, "palaute\n" + "Jonotus kesti liian kauan\n" * 20)
    with pytest.raises(TableError, match="more than 10 rows"):
        service.import_evidence(sprint.id, path, EvidenceOptions(limits=TableLimits(max_rows=10)))


def test_without_folding_every_row_is_a_note(service, sprint, tmp_path):
    result = service.import_evidence(sprint.id, _csv(tmp_path, FEEDBACK),
                                     EvidenceOptions(fold=False))
    assert len(result.note_ids) == 5


def test_history_words_the_import(service, sprint, tmp_path):
    service.import_evidence(sprint.id, _csv(tmp_path, FEEDBACK), EvidenceOptions(source="Kysely"))
    event = service.history(sprint.id, 1)[0]
    assert (event.message, event.params["n"], event.params["source"]) == (
        "evidence.imported", 5, "Kysely")
    assert json.loads(_rows(service, "SELECT changes FROM events ORDER BY id DESC LIMIT 1")[0]
                      ["changes"])[0][1] == "evidence_imports"
