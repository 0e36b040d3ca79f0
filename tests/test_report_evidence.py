"""Customer evidence in the leadership report: how much stands behind each initiative."""

from __future__ import annotations

import io

from pypdf import PdfReader

from sprintkit.export import ExportOptions, render
from sprintkit.export.report import build_report
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


def test_what_we_heard_keeps_the_room_and_the_customers_apart(service, tmp_path):
    ws = service.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    path = tmp_path / "survey.csv"
    path.write_text("Comment\nThe queue was far too long\nthe queue was far too long!\n"
                    "Opening hours are hidden\n", encoding="utf-8")
    service.import_evidence(ws.id, path, EvidenceOptions(source="Spring survey"))
    service.add_note(ws.id, "customer-views", "Staff cannot see the queue")
    def heard(**options):
        text = _text(render(service.snapshot(ws.id), "pdf", ExportOptions(**options)))
        return text.split("carried the most weight", 1)[1]  # the chapter, after its intro

    short, full = heard(), heard(full=True)
    for text in (short, full):
        assert "3 customer comments imported" in text
        assert "Spring survey: 3 comments" in text
        assert "Staff cannot see the queue" in text
    # The room's voices are not signed as the customers' and vice versa; the
    # default report counts the evidence, the full one lists it with its counts.
    assert "Opening hours are hidden" not in short
    assert "Opening hours are hidden" in full and "×2 Spring survey" in full


def test_the_decision_page_quotes_the_customers_when_evidence_exists(service, tmp_path):
    ws = service.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    path = tmp_path / "survey.csv"
    path.write_text("Comment\nOpening hours are hidden\nThe queue was far too long\n"
                    "the queue was far too long!\nThe queue was far too long.\n",
                    encoding="utf-8")
    notes = service.import_evidence(ws.id, path,
                                    EvidenceOptions(source="Spring survey")).note_ids
    room = service.add_note(ws.id, "customer-views", "Customers say the wait is awful")
    item = service.create_initiative(ws.id, "Shorter queues", note_ids=[room.id, *notes])
    service.set_roadmap(ws.id, item.id, phase="now", owner="Ann")
    report = build_report(service.snapshot(ws.id))
    [pain] = report.decision.pains
    assert (pain.text, pain.byline) == ("The queue was far too long", "×3 Spring survey")
    first_page = PdfReader(io.BytesIO(render(service.snapshot(ws.id), "pdf",
                                             ExportOptions()))).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in first_page[:3])
    assert "×3 Spring survey" in text


def test_an_evidence_note_is_never_signed_as_an_anonymous_participant(service, tmp_path):
    ws = service.create_workshop("Harbour sprint", find_playbook("service-sprint", "en"))
    path = tmp_path / "survey.csv"
    path.write_text("Comment\nThe queue was far too long\n", encoding="utf-8")
    [note_id] = service.import_evidence(ws.id, path,
                                        EvidenceOptions(source="Spring survey")).note_ids
    anonymous = service.add_note(ws.id, "customer-views", "Nobody reads the signs")
    report = build_report(service.snapshot(ws.id), full=True)
    authors = {n.id: n.author for section in report.appendix for n in section.notes}
    assert authors[note_id] == "Customer evidence"
    assert authors[anonymous.id] == "Anonymous"
