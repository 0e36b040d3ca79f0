"""Customer evidence in the leadership report: how much stands behind each initiative."""

from __future__ import annotations

import io

from pypdf import PdfReader

from sprintkit.export import ExportOptions, render
from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_an_initiative_shows_its_customer_evidence_and_two_quotes(service, tmp_path):
    ws = service.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    path = tmp_path / "survey.csv"
    path.write_text("Comment\nThe queue was far too long\nthe queue was far too long!\n"
                    "The queue was far too long.\nThe app crashed when I tried to pay\n"
                    "The app crashed when I tried to pay!\nOpening hours are hidden\n",
                    encoding="utf-8")
    notes = service.import_evidence(ws.id, path,
                                    EvidenceOptions(source="Spring survey")).note_ids
    room = service.add_note(ws.id, "customer-views", "Staff cannot see the queue")
    item = service.create_initiative(ws.id, "Shorter queues",
                                     note_ids=[*notes, room.id])
    service.set_roadmap(ws.id, item.id, phase="now")
    text = _text(render(service.snapshot(ws.id), "pdf", ExportOptions()))
    assert "6 customer comments from Spring survey" in text
    assert "“The queue was far too long”" in text
    assert "“The app crashed when I tried to pay”" in text
    assert "“Opening hours are hidden”" not in text.split("6 customer comments")[1][:400]
