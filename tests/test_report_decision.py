"""The leadership report asks for a decision: the decision page, the dated
timeline, the playbook's own name and parts, honest figures and verdicts.

Each workshop is rendered once per module (PDF renders are slow); the tests
read the extracted text of its pages.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from test_export_data import new_service

from sprintkit import analysis
from sprintkit.export import ExportOptions, render
from sprintkit.export.labels import format_date
from sprintkit.playbooks import find_playbook

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HELD_ON = "2027-01-15"


def _flat(text: str) -> str:
    # Words hyphenated at a line end read as one word again.
    return " ".join(re.sub("\u2010\\s+", "", text).split())


class Pdf:
    def __init__(self, data: bytes, snapshot) -> None:
        self.data = data
        self.snapshot = snapshot
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = [_flat(page.extract_text() or "") for page in self.reader.pages]
        self.text = " ".join(self.pages)

    def page(self, heading: str) -> str:
        return next(p for p in self.pages if p.startswith(heading))


def _package_workshop():
    """A service-package workshop: notes in all three parts, a roadmap that
    leaves the supporting services out, milestones, asks and a silent role."""
    service = new_service()
    book = find_playbook("service-package", "en")
    ws = service.create_workshop("Rail package review", book, organisation="Nordic Rail Oy",
                                 facilitator="Fay Facilitator", held_on=HELD_ON)
    ann = service.add_participant(ws.id, "Ann Aalto", "Customer service")
    bob = service.add_participant(ws.id, "Bob Berg", "IT")
    service.add_participant(ws.id, "Cid Carlsson", "Finance")  # never speaks
    core, enabling, supporting = (s.id for s in book.capture_sections()[:3])
    notes = {
        "late": service.add_note(ws.id, core, "Trains run late on the coastal line every "
                                 "Monday morning", participant=ann.id, lenses=["emotion"]),
        "seat": service.add_note(ws.id, core, "Seat reservations vanish when a train is "
                                 "replaced", participant=bob.id, lenses=["ease"]),
        "app": service.add_note(ws.id, enabling, "The mobile app forgets the ticket after "
                                "an update", participant=ann.id, lenses=["effectiveness"]),
        "cafe": service.add_note(ws.id, supporting, "The restaurant car closes an hour "
                                 "before arrival", participant=bob.id, lenses=["ease"]),
    }
    punctual = service.create_initiative(ws.id, "Punctual Monday mornings",
                                         note_ids=[notes["late"].id])
    seats = service.create_initiative(ws.id, "Seats that survive a replacement",
                                      note_ids=[notes["seat"].id])
    ticket = service.create_initiative(ws.id, "A ticket that stays in the app",
                                       note_ids=[notes["app"].id])
    cafe = service.create_initiative(ws.id, "Restaurant car open to the end",
                                     note_ids=[notes["cafe"].id])
    now, nxt = book.phases[0].id, book.phases[1].id
    service.set_roadmap(ws.id, punctual.id, phase=now, owner="Head of operations",
                        metric="Share of Monday trains on time", target="95 %",
                        milestone="Timetable change agreed with the track owner",
                        milestone_due="2027-02-28", ask="Fund two extra drivers for Mondays")
    service.set_roadmap(ws.id, ticket.id, phase=now, owner="",
                        metric="Tickets lost per thousand", target="",
                        milestone="App fix released", milestone_due="2027-03-10")
    service.set_roadmap(ws.id, seats.id, phase=nxt, owner="Sales lead",
                        metric="Reservations kept", target="99 %")
    service.open_round(ws.id, dots=5, max_per_item=3)
    service.vote(ws.id, ann.id, punctual.id, dots=3)
    service.vote(ws.id, bob.id, ticket.id, dots=2)
    service.vote(ws.id, bob.id, cafe.id, dots=1)
    service.close_round(ws.id)
    service.reveal_round(ws.id)
    # Exactly in the middle: no quadrant name. A clear quick win left out of Now.
    service.score(ws.id, None, punctual.id, impact=3, effort=3)
    service.score(ws.id, None, ticket.id, impact=5, effort=1)
    service.score(ws.id, None, seats.id, impact=2, effort=3)
    service.score(ws.id, None, cafe.id, impact=5, effort=1)
    return service, ws.id


@pytest.fixture(scope="module")
def package() -> Pdf:
    service, wid = _package_workshop()
    snap = service.snapshot(wid)
    return Pdf(render(snap, "pdf", ExportOptions()), snap)


def test_the_decision_page_follows_the_cover(package):
    page = package.pages[1]
    assert page.startswith("Decisions for leadership")
    # The generated headline names what starts now, led by the most-voted item.
    assert "Start 2 initiatives now, led by Punctual Monday mornings." in page
    # What starts now: owner, first milestone and its date in the workshop's language.
    assert "Head of operations" in page
    assert "Timetable change agreed with the track owner" in page
    assert format_date("2027-02-28", "en") in page and "28 February 2027" in page
    assert "App fix released" in page and "10 March 2027" in page
    # The asks: the team's own, then those the readiness gaps call for.
    assert "Fund two extra drivers for Mondays" in page
    assert "name an owner for “A ticket that stays in the app”" in page
    assert "set a target for “A ticket that stays in the app”" in page
    # Customer pains in their words, behind the most-voted initiatives.
    assert "Trains run late on the coastal line every Monday morning" in page
    assert "Roles with no attributed note: Finance" in page
    # Process counts are only a footnote.
    assert "3 participants · 3 roles · 4 notes · 4 initiatives · 3 on the roadmap" in page


def test_a_headline_set_by_the_team_replaces_the_generated_one():
    service, wid = _package_workshop()
    service.update_workshop(wid, headline="Fix Mondays first, then the app")
    reader = PdfReader(io.BytesIO(render(service.snapshot(wid), "pdf")))
    page = _flat(reader.pages[1].extract_text())
    assert "Fix Mondays first, then the app" in page and "Start 2 initiatives" not in page


def test_the_playbooks_own_name_is_everywhere(package):
    name = package.snapshot.playbook.report.title
    assert name == "Service package roadmap"
    assert name.upper() in package.pages[0]  # the cover
    for page in package.pages[1:]:
        assert name in page  # every footer
    assert name in package.reader.metadata["/Subject"]
    assert name in package.reader.metadata["/Keywords"]
    assert "service sprint" not in package.text.lower()


def test_the_package_map_shows_every_part_and_answers_the_coverage_question(package):
    page = package.page("Service package")
    for part in ("Core service", "Enabling services", "Supporting services"):
        assert part in page
    assert package.snapshot.playbook.report.coverage_question in page
    assert "No: no roadmap initiative improves Supporting services." in page
    # What was said in each part, and the roadmap initiatives improving it.
    assert "The restaurant car closes an hour before arrival" in page
    core = page[page.index("Core service"):page.index("Enabling services")]
    assert "Punctual Monday mornings" in core and "Seats that survive a replacement" in core
    # The decision page repeats the answer.
    assert "No: no roadmap initiative improves Supporting services." in package.pages[1]


def test_every_roadmap_initiative_is_shown_with_the_part_it_improves(package):
    page = package.page("Service package")
    parts = ("Core service", "Enabling services", "Supporting services")
    at = {part: page.index(part + " ") for part in parts}
    for title, part in (("Punctual Monday mornings", "Core service"),
                        ("Seats that survive a replacement", "Core service"),
                        ("A ticket that stays in the app", "Enabling services")):
        where = page.index(title)
        owner = max((p for p in parts if at[p] < where), key=lambda p: at[p])
        assert owner == part, title


def test_the_timeline_is_dated_from_the_workshop(package):
    page = package.page("Roadmap")
    # Calendar months from the workshop date, and each phase's own dates.
    assert "From the workshop on 15 January 2027" in page
    for month in ("Jan 2027", "Apr 2027", "Jul 2027"):
        assert month in page
    assert "15 January 2027 – 15 April 2027" in page
    # One lane per owner; an unowned initiative has a lane of its own.
    assert "Head of operations" in page and "Sales lead" in page and "owner missing" in page


def test_the_matrix_calls_the_middle_the_middle_and_flags_a_misplaced_quick_win(package):
    page = package.text[package.text.index("Impact and effort Each"):]
    middle = page[page.index("Middle 2"):]
    assert "Punctual Monday mornings" in middle and "Seats that survive a replacement" in middle
    assert "Top-voted quick wins that do not start now: 4 Restaurant car open to the end" in page


def test_readiness_asks_for_a_target(package):
    page = package.text[package.text.index("Every roadmap initiative needs an owner, a metric "
                                           "and a target"):]
    row = page[page.index("A ticket that stays in the app"):][:120]
    assert "owner missing" in row and "target missing" in row


def test_the_lens_verdict_weighs_the_roadmap(package):
    # Roadmap lens tags: emotion, effectiveness, ease (one initiative each): a third.
    heard = package.page("What we heard") + " ".join(package.pages)
    assert "The roadmap covers every part of this lens." in heard


def test_the_matrix_band_in_numbers():
    assert analysis.matrix_quadrant(3.0, 3.0) == "middle"
    assert analysis.matrix_quadrant(2.0, 3.0) == "middle"
    assert analysis.matrix_quadrant(3.5, 1.0) == "middle"
    assert analysis.matrix_quadrant(3.6, 2.4) == "quick-win"
    assert analysis.matrix_quadrant(4.0, 4.0) == "big-bet"
    assert analysis.matrix_quadrant(1.0, 1.0) == "fill-in"
    assert analysis.matrix_quadrant(2.0, 5.0) == "money-pit"


def test_emotion_under_a_third_of_the_roadmap_is_called_under_weighted():
    from sprintkit.export.verdicts import roadmap_lenses
    from sprintkit.models import Note

    book = find_playbook("service-sprint", "en")

    def note(i: int, initiative: int, tags: list[str]) -> Note:
        return Note(id=i, workshop_id=1, section_id="business-needs", text="n",
                    lenses=tags, initiative_id=initiative, created_at="")

    # Initiative 1 leans on effectiveness with twenty notes, initiative 2 is
    # half emotion: each counts once, so emotion has a quarter of the roadmap.
    notes = [note(i, 1, ["effectiveness"]) for i in range(20)]
    notes += [note(20, 2, ["emotion"]), note(21, 2, ["ease"])]
    pyramid = roadmap_lenses(book, {1, 2}, notes)[0]
    assert pyramid.verdict == "emotion_low" and pyramid.emotion_percent == 25
    assert [s.percent for s in pyramid.shares] == [50, 25, 25]
    notes.append(note(22, 3, ["emotion"]))
    balanced = roadmap_lenses(book, {1, 2, 3}, notes)[0]
    assert balanced.emotion_percent == 50 and balanced.verdict == "balanced"


def test_150_matrix_markers_end_apart_and_inside_the_frame():
    import random

    from sprintkit.export.svg import _spread

    rng = random.Random(150)
    left, top, plot = 46.0, 10.0, 404.0
    # Scores cluster on a few means, as in a real room.
    spots = [(left + rng.choice(range(5)) * plot / 5 + 40, top + rng.choice(range(5)) * 80 + 40)
             for _ in range(150)]
    marks = [[x, y, 7.0 + rng.random() * 4, 13.0, None, ""] for x, y in spots]
    _spread(marks, left, top, plot)
    for x, y, radius, half, _, _ in marks:
        assert left + half <= x <= left + plot - half and top + radius <= y <= top + plot - radius
    overlaps = [(i, j) for i, a in enumerate(marks) for j, b in enumerate(marks) if i < j
                and abs(a[0] - b[0]) < a[3] + b[3] and abs(a[1] - b[1]) < a[2] + b[2]]
    assert overlaps == []
