"""Property test: whatever sequence of votes arrives, the rules hold."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintkit.errors import VoteRejected
from sprintkit.playbooks import load_playbook_file
from sprintkit.service import WorkshopService
from sprintkit.store import Store

MINI = Path(__file__).parent / "fixtures" / "mini.en.yaml"

actions = st.lists(
    st.tuples(
        st.sampled_from(["vote", "remove", "ballot", "budget"]),
        st.integers(0, 2),  # participant
        st.integers(0, 3),  # initiative
        st.integers(1, 6),  # dots
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budget=st.integers(1, 8), per_item=st.integers(1, 8), steps=actions)
def test_no_one_exceeds_budget_and_tally_equals_dots(budget, per_item, steps):
    per_item = min(per_item, budget)
    service = WorkshopService(Store(None))
    ws = service.create_workshop("Prop", load_playbook_file(MINI))
    people = [service.add_participant(ws.id, f"P{i}", "Role" + str(i % 2)).id for i in range(3)]
    items = [service.create_initiative(ws.id, f"I{i}").id for i in range(4)]
    rnd = service.open_round(ws.id, dots=budget, max_per_item=per_item)
    limits = {"dots": budget, "max": per_item}
    for kind, who, what, dots in steps:
        try:
            if kind == "vote":
                service.vote(ws.id, people[who], items[what], dots=dots)
            elif kind == "remove":
                service.vote(ws.id, people[who], items[what], dots=dots, remove=True)
            elif kind == "ballot":
                service.set_allocation(ws.id, people[who], {items[what]: dots,
                                                            items[(what + 1) % 4]: 1})
            else:
                new_max = min(dots, limits["dots"] + 1)
                service.set_round_budget(ws.id, dots=limits["dots"] + 1, max_per_item=new_max)
                limits.update(dots=limits["dots"] + 1, max=new_max)
                continue
        except VoteRejected:
            pass
        # Budgets only grow in this test, so every accepted state must fit them.
        for person in people:
            mine = service.dots_of(rnd.id, person)
            assert sum(mine.values()) <= limits["dots"]
            assert all(d > 0 for d in mine.values())
    votes = service.votes(rnd.id)
    tally = service.tally(ws.id)
    assert sum(r.dots for r in tally) == sum(v.dots for v in votes)
    for row in tally:
        assert row.dots == sum(v.dots for v in votes if v.initiative_id == row.initiative_id)
        assert sum(row.by_role.values()) == row.dots
    service.store.close()
