"""Dot voting: rounds, budgets, ballots and the tally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sprintkit import analysis
from sprintkit.errors import BallotChanged, InvalidInput, VoteRejected
from sprintkit.models import Participant, Vote, VotingRound
from sprintkit.service.base import _UNSET, LOCAL, Unset, _Recorder, _rows, _short, now
from sprintkit.service.initiatives import Initiatives
from sprintkit.text import count


@dataclass(frozen=True)
class VoteResult:
    participant_id: int
    initiative_id: int
    dots_on_item: int
    dots_spent: int
    dots_left: int


class Voting(Initiatives):
    def rounds(self, workshop_id: int) -> list[VotingRound]:
        rows = self.store.query("SELECT * FROM rounds WHERE workshop_id = ? ORDER BY id",
                                [workshop_id])
        return _rows(VotingRound, rows)

    def current_round(self, workshop_id: int) -> VotingRound | None:
        """The latest round, whatever its status."""
        row = self._one("SELECT * FROM rounds WHERE workshop_id = ? ORDER BY id DESC LIMIT 1",
                        [workshop_id])
        return VotingRound.from_row(row) if row else None

    def open_round(self, workshop_id: int, *, dots: int | None = None,
                   max_per_item: int | None = None, anonymous: bool = False) -> VotingRound:
        book = self.playbook(workshop_id)
        dots = book.voting.dots_per_person if dots is None else dots
        max_per_item = (min(book.voting.max_per_item, dots) if max_per_item is None
                        else max_per_item)
        self._check_budget(dots, max_per_item)
        with self._op(workshop_id, "round.open") as rec:
            latest = self.current_round(workshop_id)
            if latest and latest.status == "open":
                raise InvalidInput(f"round {latest.number} is still open: close it first",
                                   key="round_open", number=latest.number)
            number = (latest.number if latest else 0) + 1
            rid = rec.insert("rounds", {
                "workshop_id": workshop_id, "number": number, "status": "open",
                "dots_per_person": dots, "max_per_item": max_per_item,
                "anonymous": int(anonymous), "opened_at": now()})
            rec.summary = f"Opened voting round {number} ({dots} dots, max {max_per_item})"
            rec.say("round.opened", number=number, dots=dots, max=max_per_item)
        return self._round(rid)

    def _round(self, round_id: int) -> VotingRound:
        return VotingRound.from_row(self._only("SELECT * FROM rounds WHERE id = ?",
                                                     [round_id]))

    @staticmethod
    def _check_budget(dots: int, max_per_item: int) -> None:
        if not isinstance(dots, int) or not 1 <= dots <= 1000:
            raise InvalidInput(f"dots per person: {dots!r} is not a whole number from 1 to 1000",
                               key="bad_budget", value=dots)
        if not isinstance(max_per_item, int) or not 1 <= max_per_item <= dots:
            raise InvalidInput(
                f"max per item: {max_per_item!r} must be from 1 to the dots per person ({dots})",
                key="bad_max", value=max_per_item, dots=dots)

    def _open_round(self, workshop_id: int) -> VotingRound:
        rnd = self.current_round(workshop_id)
        if rnd is None or rnd.status != "open":
            raise VoteRejected("no voting round is open", key="no_open_round")
        return rnd

    def set_round_budget(self, workshop_id: int, *, dots: int | None = None,
                         max_per_item: int | None = None) -> VotingRound:
        """Change the budget of the open round. Dots already cast are kept."""
        with self._op(workshop_id, "round.budget") as rec:
            rnd = self._open_round(workshop_id)
            dots = rnd.dots_per_person if dots is None else dots
            max_per_item = rnd.max_per_item if max_per_item is None else max_per_item
            self._check_budget(dots, max_per_item)
            rec.update("rounds", rnd.id, dots_per_person=dots, max_per_item=max_per_item)
            rec.summary = f"Round {rnd.number} budget: {dots} dots, max {max_per_item} per item"
            rec.say("round.budget", number=rnd.number, dots=dots, max=max_per_item,
                    old_dots=rnd.dots_per_person, old_max=rnd.max_per_item)
        return self._round(rnd.id)

    def over_budget(self, workshop_id: int) -> list[tuple[Participant, int]]:
        """Who holds more dots than the open round's budget (it was lowered after
        they voted), with the dots each holds; empty when no round is open."""
        rnd = self.current_round(workshop_id)
        if rnd is None or rnd.status != "open":
            return []
        rows = self.store.query(
            "SELECT participant_id, SUM(dots) AS dots FROM votes WHERE round_id = ? "
            "GROUP BY participant_id HAVING SUM(dots) > ? ORDER BY participant_id",
            [rnd.id, rnd.dots_per_person])
        return [(self.participant(workshop_id, r["participant_id"]), r["dots"]) for r in rows]

    def close_round(self, workshop_id: int, *, over_budget: str | None = None) -> VotingRound:
        """Close the open round. If the budget was lowered below what someone
        had already cast, the caller must say what happens to those ballots:
        ``"keep"`` counts them as cast, ``"trim"`` takes back each person's
        latest dots until they are within the budget."""
        if over_budget not in (None, "keep", "trim"):
            raise InvalidInput(f"over budget: {over_budget!r} must be 'keep' or 'trim'")
        with self._op(workshop_id, "round.close") as rec:
            rnd = self._open_round(workshop_id)
            over = self.over_budget(workshop_id)
            if over and over_budget is None:
                names = ", ".join(f"{p.name} ({dots} of {rnd.dots_per_person})"
                                  for p, dots in over)
                raise VoteRejected(
                    f"over the budget of {rnd.dots_per_person}: {names}; close with --trim "
                    "to take back their latest dots, or --keep to count them as cast",
                    key="over_budget", names=names, budget=rnd.dots_per_person,
                    over=[(p.name, dots) for p, dots in over])
            if over and over_budget == "trim":
                for person, _dots in over:
                    self._trim_ballot(rec, rnd, person.id)
            rec.update("rounds", rnd.id, status="closed", closed_at=now(),
                       over_budget=over_budget if over else None)
            rec.summary = f"Closed voting round {rnd.number}"
            rec.say("round.closed", number=rnd.number,
                    rule=over_budget if over else None, budget=rnd.dots_per_person,
                    names=[p.name for p, _dots in over])
        return self._round(rnd.id)

    def _trim_ballot(self, rec: _Recorder, rnd: VotingRound, participant_id: int) -> None:
        # Vote rows carry no time; the action log does. A row last touched by a
        # later event holds later dots, so trimming starts from the newest.
        rows = self.store.query(
            "SELECT v.*, (SELECT max(e.id) FROM events e, json_each(e.changes) c "
            " WHERE e.workshop_id = ? AND e.action IN ('vote.add', 'vote.ballot') "
            " AND json_extract(c.value, '$[1]') = 'votes' "
            " AND json_extract(c.value, '$[2]') = v.id) AS last_event "
            "FROM votes v WHERE v.round_id = ? AND v.participant_id = ? "
            "ORDER BY last_event DESC, v.id DESC", [rnd.workshop_id, rnd.id, participant_id])
        for row in rows:
            del row["last_event"]
        excess = sum(r["dots"] for r in rows) - rnd.dots_per_person
        for row in rows:
            if excess <= 0:
                break
            take = min(excess, row["dots"])
            self._write_dots(rec, rnd.id, participant_id, row["initiative_id"],
                             row["dots"] - take, row=row)
            excess -= take

    def reveal_round(self, workshop_id: int) -> VotingRound:
        with self._op(workshop_id, "round.reveal") as rec:
            rnd = self.current_round(workshop_id)
            if rnd is None:
                raise InvalidInput("there is no voting round to reveal", key="nothing_to_reveal")
            if rnd.status == "open":
                raise InvalidInput(f"round {rnd.number} is still open: close it before revealing",
                                   key="reveal_open", number=rnd.number)
            rec.update("rounds", rnd.id, status="revealed", revealed_at=rnd.revealed_at or now())
            rec.summary = f"Revealed voting round {rnd.number}"
            rec.say("round.revealed", number=rnd.number)
        return self._round(rnd.id)

    def votes(self, round_id: int) -> list[Vote]:
        rows = self.store.query("SELECT * FROM votes WHERE round_id = ? ORDER BY id", [round_id])
        return _rows(Vote, rows)

    def dot_totals(self, round_id: int) -> dict[int, int]:
        """Initiative id -> dots it got in the round; for ordering without the ballots."""
        rows = self.store.query("SELECT initiative_id, SUM(dots) AS dots FROM votes "
                                "WHERE round_id = ? GROUP BY initiative_id", [round_id])
        return {r["initiative_id"]: r["dots"] for r in rows}

    def dots_of(self, round_id: int, participant_id: int) -> dict[int, int]:
        rows = self.store.query(
            "SELECT initiative_id, dots FROM votes WHERE round_id = ? AND participant_id = ?",
            [round_id, participant_id])
        return {r["initiative_id"]: r["dots"] for r in rows}

    def vote(self, workshop_id: int, participant: int | str, initiative: int | str, *,
             dots: int = 1, remove: bool = False, source: str = LOCAL) -> VoteResult:
        """Add (or with ``remove`` take back) dots on one initiative."""
        if not isinstance(dots, int) or isinstance(dots, bool) or dots < 1:
            raise InvalidInput(f"dots: {dots!r} must be a whole number of at least 1",
                               key="bad_dots", value=dots)
        with self._op(workshop_id, "vote.remove" if remove else "vote.add",
                      source=source) as rec:
            # Looked up inside the write transaction: the budget check and the
            # write see the same participant, initiative and round.
            person = self.participant(workshop_id, participant)
            item = self.initiative(workshop_id, initiative)
            rnd = self._open_round(workshop_id)
            # One read of this person's ballot serves the budget check and the write.
            ballot = self.store.query(
                "SELECT id, initiative_id, dots FROM votes WHERE round_id = ? AND "
                "participant_id = ?", [rnd.id, person.id])
            spent = sum(r["dots"] for r in ballot)
            row = next((r for r in ballot if r["initiative_id"] == item.id), None)
            current = row["dots"] if row else 0
            if remove:
                if dots > current:
                    raise VoteRejected(f"{person.name} has {count(current, 'dot')} on "
                                       f"'{_short(item.title)}', cannot take back {dots}",
                                       key="take_back", name=person.name, have=current,
                                       title=_short(item.title), dots=dots)
                new = current - dots
            else:
                new = current + dots
                if new > rnd.max_per_item:
                    raise VoteRejected(
                        f"at most {count(rnd.max_per_item, 'dot')} per initiative: {person.name} "
                        f"has {current} on '{_short(item.title)}'", key="item_max",
                        max=rnd.max_per_item, name=person.name, have=current,
                        title=_short(item.title))
                if spent + dots > rnd.dots_per_person:
                    left = max(rnd.dots_per_person - spent, 0)
                    raise VoteRejected(f"{person.name} has {count(left, 'dot')} left of "
                                       f"{rnd.dots_per_person}, cannot add {dots}",
                                       key="budget_left", name=person.name, left=left,
                                       budget=rnd.dots_per_person, dots=dots)
            vote_row = None if row is None else {
                "id": row["id"], "round_id": rnd.id, "participant_id": person.id,
                "initiative_id": item.id, "dots": current}
            self._write_dots(rec, rnd.id, person.id, item.id, new, row=vote_row)
            verb = "took back" if remove else "gave"
            rec.summary = f"{person.name} {verb} {count(dots, 'dot')} on '{_short(item.title)}'"
            rec.say("vote.removed" if remove else "vote.added", name=person.name, dots=dots,
                    title=_short(item.title))
            spent_after = spent - current + new
        return VoteResult(person.id, item.id, new, spent_after,
                          max(rnd.dots_per_person - spent_after, 0))

    def _write_dots(self, rec: _Recorder, round_id: int, participant_id: int,
                    initiative_id: int, dots: int, *,
                    row: dict[str, Any] | None | Unset = _UNSET) -> None:
        """Set one person's dots on one initiative. ``row`` is the vote row if the
        caller has just read it (all its columns, or None when there is none);
        left out, it is read here."""
        if row is self._UNSET:
            row = self._one("SELECT * FROM votes WHERE round_id = ? AND participant_id = ? AND "
                            "initiative_id = ?", [round_id, participant_id, initiative_id])
        if row and dots:
            rec.update("votes", row["id"], before=row, dots=dots)
        elif row:
            rec.delete("votes", row["id"], before=row)
        elif dots:
            rec.insert("votes", {"round_id": round_id, "participant_id": participant_id,
                                 "initiative_id": initiative_id, "dots": dots}, complete=True)

    def set_allocation(self, workshop_id: int, participant: int | str,
                       allocation: dict[int, int], *, source: str = LOCAL,
                       expected: dict[int, int] | None = None) -> dict[int, int]:
        """Replace one person's dots in the open round at once (a confirmed ballot).

        ``expected`` is the ballot as it was when the person started: if their
        stored dots differ from it now (their phone or the command line voted
        meanwhile), nothing is written and ``BallotChanged`` says what is stored,
        so dots accepted a moment ago are never overwritten unseen."""
        person = self.participant(workshop_id, participant)
        wanted: dict[int, int] = {}
        for key, value in allocation.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidInput(f"dots: {value!r} must be a whole number of 0 or more")
            item = self.initiative(workshop_id, key)
            wanted[item.id] = wanted.get(item.id, 0) + value
        with self._op(workshop_id, "vote.ballot", source=source) as rec:
            rnd = self._open_round(workshop_id)
            for iid, value in wanted.items():
                if value > rnd.max_per_item:
                    raise VoteRejected(f"at most {count(rnd.max_per_item, 'dot')} per initiative "
                                       f"(got {value} on initiative {iid})", key="ballot_max",
                                       max=rnd.max_per_item, value=value)
            total = sum(wanted.values())
            if total > rnd.dots_per_person:
                raise VoteRejected(f"{total} dots is over the budget of "
                                   f"{rnd.dots_per_person} per person", key="ballot_over",
                                   total=total, budget=rnd.dots_per_person)
            current = self.dots_of(rnd.id, person.id)
            if expected is not None and current != {k: v for k, v in expected.items() if v}:
                raise BallotChanged(
                    f"{person.name}'s dots changed since this ballot was opened "
                    f"(now {count(sum(current.values()), 'dot')}); nothing was saved",
                    key="ballot_changed", name=person.name, current=current)
            for iid in set(current) | set(wanted):
                if current.get(iid, 0) != wanted.get(iid, 0):
                    self._write_dots(rec, rnd.id, person.id, iid, wanted.get(iid, 0))
            rec.summary = f"{person.name} cast a ballot of {count(total, 'dot')}"
            rec.say("vote.ballot", name=person.name, dots=total)
        return self.dots_of(rnd.id, person.id)

    def voters(self, round_id: int) -> set[int]:
        rows = self.store.query("SELECT DISTINCT participant_id FROM votes WHERE round_id = ?",
                                [round_id])
        return {r["participant_id"] for r in rows}

    def tally(self, workshop_id: int, round_id: int | None = None) -> list[analysis.TallyRow]:
        rnd = self.current_round(workshop_id) if round_id is None else self._round(round_id)
        votes = self.votes(rnd.id) if rnd else []
        return analysis.tally(self.initiatives(workshop_id), votes,
                              self.participants(workshop_id))
