"""The evidence marks and single views the screens read after every change."""

from __future__ import annotations

from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions

FEEDBACK = (
    "Pvm;Palaute;Arvosana;Kanava\n"
    "1.2.2026;Jonotus kesti liian kauan;2;Toimipiste\n"
    "2.2.2026;jonotus kesti aivan liian kauan!!;1;Toimipiste\n"
    "3.2.2026;Lippuautomaatti ei toiminut asemalla;2;Asema\n"
)


def test_marks_give_source_count_and_suggestion_per_note(service, tmp_path):
    ws = service.create_workshop("Sprintti", find_playbook("service-sprint", "fi"))
    room = service.add_note(ws.id, "customer-views", "Asiakkaat soittavat turhaan")
    path = tmp_path / "palaute.csv"
    path.write_text(FEEDBACK, encoding="utf-8")
    result = service.import_evidence(ws.id, path, EvidenceOptions(source="Kevätkysely"))
    folded, single = result.note_ids
    marks = service.evidence_marks(ws.id, "customer-views")
    assert set(marks) == {folded, single}
    assert (marks[folded].source, marks[folded].count) == ("Kevätkysely", 2)
    assert marks[single].count == 1
    stored = {r["note_id"]: r["suggested_lens"] for r in service.store.query(
        "SELECT note_id, suggested_lens FROM evidence_notes")}
    assert {k: m.suggested_lens for k, m in marks.items()} == stored
    assert service.evidence_marks(ws.id, "staff") == {}
    view = service.evidence_view(ws.id, folded)
    assert view is not None and view.source == "Kevätkysely"
    assert [i.text for i in view.items] == ["Jonotus kesti liian kauan",
                                            "jonotus kesti aivan liian kauan!!"]
    assert service.evidence_view(ws.id, room.id) is None
