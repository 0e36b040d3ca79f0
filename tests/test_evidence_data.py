"""Customer evidence in the archive and the text exports."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sprintkit import archive
from sprintkit.errors import InvalidInput
from sprintkit.export import render
from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions

FEEDBACK = (
    "Pvm;Palaute;Arvosana;Kanava\n"
    "1.2.2026;Jonotus kesti liian kauan;2;Toimipiste\n"
    "2.2.2026;jonotus kesti aivan liian kauan!!;1;Toimipiste\n"
    "3.2.2026;Jonotus kesti ihan liian kauan.;1;Chat\n"
    "3.2.2026;Lippuautomaatti ei toiminut asemalla;2;Asema\n"
    "4.2.2026;Lippuautomaatti ei toiminut Tampereen asemalla;2;Asema\n"
    "04.02.2026;Henkilökunta oli ystävällistä ja auttoi nopeasti;5;Puhelin\n"
)


@pytest.fixture
def sprint(service, tmp_path):
    """A Finnish workshop with imported evidence, one room note and one initiative."""
    ws = service.create_workshop("Palvelusprintti", find_playbook("service-sprint", "fi"))
    service.add_participant(ws.id, "Anni", "Asiakaspalvelu")
    path = tmp_path / "palaute.csv"
    path.write_text(FEEDBACK, encoding="utf-8")
    result = service.import_evidence(ws.id, path, EvidenceOptions(source="Kevätkysely"))
    room = service.add_note(ws.id, "customer-views", "Jonot ovat pahimmillaan maanantaisin",
                            participant="Anni")
    service.create_initiative(ws.id, "Jonotuksen lyhentäminen",
                              note_ids=[*result.note_ids[:2], room.id])
    service.accept_lens_suggestion(ws.id, result.note_ids[0])
    return ws, result


def test_the_archive_keeps_evidence_and_its_folded_originals(service, sprint):
    ws, result = sprint
    text = archive.dumps(service.snapshot(ws.id))
    data = json.loads(text)
    assert len(data["evidence"]["items"]) == 6
    assert data["evidence"]["imports"][0]["source"] == "Kevätkysely"
    copy_id = archive.import_text(service, text)
    before, after = service.snapshot(ws.id), service.snapshot(copy_id)

    def shape(snap):
        views = snap.evidence_views()
        return sorted((v.note.text, v.source, v.suggested_lens, v.note.lenses,
                       [(i.row_number, i.text, i.date, i.rating, i.channel) for i in v.items],
                       next((x.title for x in snap.initiatives if x.id == v.note.initiative_id),
                            None))
                      for v in views.values())

    assert shape(after) == shape(before)
    assert len(shape(after)) == 3
    assert after.evidence.imports[0].masked is True
    # The copy's rows point at the copy's notes, not the original's.
    assert {i.note_id for i in after.evidence.items} <= {n.id for n in after.notes}
    # Voice balance of the copy still keeps the customers apart.
    assert service.voice_balance(copy_id).evidence_notes == {"customer-views": 3}


def test_an_archive_without_evidence_still_imports(service, sprint):
    ws, _ = sprint
    data = json.loads(archive.dumps(service.snapshot(ws.id)))
    del data["evidence"]
    copy_id = archive.import_text(service, json.dumps(data))
    assert service.snapshot(copy_id).evidence.items == []


def test_an_archive_whose_evidence_points_nowhere_is_refused(service, sprint):
    ws, _ = sprint
    data = json.loads(archive.dumps(service.snapshot(ws.id)))
    data["evidence"]["items"][0]["note_id"] = 99999
    with pytest.raises(InvalidInput, match="evidence item .* refers to a missing"):
        archive.import_text(service, json.dumps(data), "x.json")
    names = [w.name for w in service.list_workshops()]
    assert names == ["Palvelusprintti"]


def test_markdown_carries_evidence_with_its_source(service, sprint):
    ws, _ = sprint
    text = render(service.snapshot(ws.id), "md").decode("utf-8")
    # Under the initiative: how much evidence stands behind it, and quotes.
    assert "_5 asiakaskommenttia, lähteenä Kevätkysely_" in text
    assert "> Jonotus kesti liian kauan  " in text
    assert "> Lippuautomaatti ei toiminut asemalla  " in text
    # The section of its own, apart from the room's voices.
    section = text.split("### Asiakaspalaute", 1)[1].split("\n## ", 1)[0]
    assert "6 asiakaskommenttia tuotu" in section
    assert "- Kevätkysely: 6 kommenttia" in section
    lines = [ln for ln in section.splitlines() if ln.startswith("- ×")]
    assert lines == ["- ×3 Jonotus kesti liian kauan — _Kevätkysely_",
                     "- ×2 Lippuautomaatti ei toiminut asemalla — _Kevätkysely_",
                     "- ×1 Henkilökunta oli ystävällistä ja auttoi nopeasti — _Kevätkysely_"]
    # Voice balance: the customers in a row of their own, the room's roles apart.
    assert "| Asiakaspalvelu | 0 | 1 | 0 | 0 | 1 | 0 |" in text
    assert "| _Asiakaspalaute_ | 0 | 3 | 0 | 0 | 3 |  |" in text
    # A room note keeps its author; evidence is signed with its source.
    assert "Jonot ovat pahimmillaan maanantaisin — _Anni · Asiakaspalvelu_" in text
    assert "Jonotus kesti liian kauan — _×3 Kevätkysely_" in text


def test_csv_adds_evidence_columns_only_when_there_is_evidence(service, sprint, workshop):
    ws, _ = sprint
    rows = list(csv.DictReader(io.StringIO(render(service.snapshot(ws.id), "csv")
                                           .decode("utf-8-sig"))))
    assert rows[0]["asiakaspalaute"] == "5"
    assert rows[0]["palautteen lähteet"] == "Kevätkysely"
    plain = render(service.snapshot(workshop.id), "csv").decode("utf-8-sig")
    assert "evidence" not in plain.splitlines()[0]
