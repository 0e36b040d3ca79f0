"""Demo workshops: a believable service sprint, and a large one for benchmarks.

The normal demo goes through the public service methods, exactly as a
facilitator would, so it also exercises the rules (vote budgets, lens tags,
readiness). The large demo writes its rows in bulk: thousands of per-row
service calls would take far longer than a benchmark fixture should.

The shape of the demo (who wrote which note, what was grouped, who voted for
what) is shared by both languages; only the text people read is per language,
so the demos in every language always tell the same story.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
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
# The demo workshop was held a couple of weeks ago, so its first milestones are near.
HELD_DAYS_AGO = 14
# Its notes split evenly between three angles; the room agreed refunds are above
# all the customers' part, which shows an overridden part in the report.
PART_OVERRIDES = {"refunds": "customer-views"}
# When each roadmap initiative's first milestone is due, in weeks after the workshop.
MILESTONE_WEEKS = {"alerts": 6, "frontline": 4, "measure": 8, "refunds": 16,
                   "connections": 14, "assist": 20, "one-view": 30}
FINAL_SECTION = "review"


class DemoText(TypedDict):
    """One language's demo texts, as read from its JSON file (pairs are lists there)."""

    name: str
    large_name: str
    organisation: str
    facilitator: str
    people: dict[str, Sequence[str]]  # key -> (name, role)
    notes: dict[str, str]
    initiatives: dict[str, Sequence[str]]  # key -> (title, description)
    metrics: dict[str, Sequence[str]]  # key -> (metric, target)
    milestones: dict[str, str]  # roadmap key -> its first milestone
    asks: dict[str, str]  # roadmap key -> what leadership is asked for (a few only)
    # Vocabulary for the large benchmark workshop.
    first_names: Sequence[str]
    surnames: Sequence[str]
    contexts: Sequence[str]
    sources: Sequence[str]
    scopes: Sequence[str]


# The text people read, one data file per language beside this module
# (``demo_texts/<language>.json``): a translator adds a language there, with the
# same keys as English, and no code changes.
TEXT_DIR = Path(__file__).resolve().parent / "demo_texts"


def _load_texts() -> dict[str, DemoText]:
    texts: dict[str, DemoText] = {}
    for path in sorted(TEXT_DIR.glob("*.json")):
        loaded: DemoText = json.loads(path.read_text(encoding="utf-8"))
        texts[path.stem] = loaded
    return texts


TEXTS: dict[str, DemoText] = _load_texts()

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


def build_demo(service: WorkshopService, *, language: str = "en", large: bool = False,
               held_on: date | None = None) -> int:
    """Create a demo workshop and return its id.

    ``large=True`` builds the benchmark workshop (40 people, 2,000 notes,
    150 initiatives, 5,000 dots) instead of the normal one. ``held_on`` dates
    the normal one (default: a couple of weeks ago).
    """
    text = _text(language)
    if large:
        return _build_large(service, language, text)
    return _build_normal(service, language, text, held_on or _held_on())


# ---------------------------------------------------------------------------
# Normal demo: through the service layer, step by step
# ---------------------------------------------------------------------------


def _held_on() -> date:
    return date.today() - timedelta(days=HELD_DAYS_AGO)


def _due(held_on: date, key: str) -> str:
    return (held_on + timedelta(weeks=MILESTONE_WEEKS[key])).isoformat()


def _build_normal(service: WorkshopService, language: str, text: DemoText,
                  held_on: date) -> int:
    book = find_playbook(PLAYBOOK_ID, language)
    ws = service.create_workshop(text["name"], book, organisation=text["organisation"],
                                 facilitator=text["facilitator"], held_on=held_on).id
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
            contributors=[text["people"][c][0] for c in contributors],
            milestone=text["milestones"][key], milestone_due=_due(held_on, key),
            ask=text["asks"].get(key, ""), part=PART_OVERRIDES.get(key))

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
    held_on = _held_on()
    ws = service.create_workshop(text["large_name"], book, organisation=text["organisation"],
                                 facilitator=text["facilitator"], held_on=held_on).id
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
        key = items[index]["key"]
        metric, target = text["metrics"][key]
        owner = people[rng.randrange(LARGE_PARTICIPANTS)][0]
        helpers = [people[p][0] for p in rng.sample(range(LARGE_PARTICIPANTS), 2)]
        # Base initiatives off the normal roadmap have no milestone text of their own.
        milestone = text["milestones"].get(key, "")
        items[index].update(
            phase=phase, position=positions[phase], owner="" if n % 17 == 16 else owner,
            metric="" if n % 11 == 10 else metric, target="" if n % 11 == 10 else target,
            contributors=json.dumps(helpers), milestone=milestone,
            milestone_due=_due(held_on, key) if milestone else None,
            ask=text["asks"].get(key, "") if n % 5 == 0 else "")
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
            "milestone": it.get("milestone", ""), "milestone_due": it.get("milestone_due"),
            "ask": it.get("ask", ""), "created_at": stamp} for i, it in enumerate(items)])
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
