"""Scoring: impact and effort, by each person or agreed by the group."""

from __future__ import annotations

from sprintkit.errors import InvalidInput
from sprintkit.models import Score
from sprintkit.service.base import _rows, _short
from sprintkit.service.initiatives import Initiatives


class Scoring(Initiatives):
    def score(self, workshop_id: int, participant: int | str | None, initiative: int | str, *,
              impact: int, effort: int) -> Score:
        """One person's score, or with ``participant=None`` the group's agreed
        score, which then stands for the initiative (the people's stay beside it)."""
        for label, value in (("impact", impact), ("effort", effort)):
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                raise InvalidInput(f"{label}: {value!r} is not a whole number from 1 to 5",
                                   key="bad_score", field=label, value=value)
        person = None if participant is None else self.participant(workshop_id, participant)
        item = self.initiative(workshop_id, initiative)
        with self._op(workshop_id, "score.set") as rec:
            row = self._one("SELECT id FROM scores WHERE initiative_id = ? AND "
                            "participant_id IS ?", [item.id, person.id if person else None])
            if row:
                rec.update("scores", row["id"], impact=impact, effort=effort)
                score_id = row["id"]
            else:
                score_id = rec.insert("scores", {
                    "workshop_id": workshop_id, "initiative_id": item.id,
                    "participant_id": person.id if person else None, "impact": impact,
                    "effort": effort})
            who = person.name if person else "The group"
            rec.summary = (f"{who} scored '{_short(item.title)}': impact {impact}, "
                           f"effort {effort}")
            rec.say("score.group" if person is None else "score.set",
                    name=person.name if person else None, title=_short(item.title),
                    impact=impact, effort=effort)
        return Score.from_row(self._only("SELECT * FROM scores WHERE id = ?", [score_id]))

    def scores(self, workshop_id: int) -> list[Score]:
        rows = self.store.query("SELECT * FROM scores WHERE workshop_id = ? ORDER BY id",
                                [workshop_id])
        return _rows(Score, rows)
