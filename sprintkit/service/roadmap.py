"""The roadmap: phases, order, owners and metrics; readiness and voice balance."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sprintkit import analysis, progress
from sprintkit.errors import InvalidInput, NotFound
from sprintkit.models import Initiative, Vote
from sprintkit.service.base import _UNSET, Unset, _clean, _day, _rows, _short
from sprintkit.service.initiatives import Initiatives


class Roadmap(Initiatives):
    def set_roadmap(self, workshop_id: int, initiative: int | str, *,
                    phase: str | None | Unset = _UNSET, owner: str | None = None,
                    metric: str | None = None, target: str | None = None,
                    contributors: Sequence[str] | None = None,
                    position: int | None = None, milestone: str | None = None,
                    milestone_due: str | None | Unset = _UNSET, ask: str | None = None,
                    part: str | None | Unset = _UNSET, baseline: str | float | None = None,
                    unit: str | None = None,
                    lower_is_better: bool | None = None) -> Initiative:
        """Place an initiative in a phase (``phase=None`` takes it off the roadmap)
        and set what leadership reads of it. ``milestone_due=None`` (or empty)
        clears the due day; ``part=None`` goes back to the part derived from
        the initiative's notes.

        A metric becomes measurable with ``baseline``: then the target must be
        a number, which is kept as the numeric target, in ``unit``
        (see :func:`sprintkit.progress.metric_numbers` for every rule;
        ``baseline=''`` removes the numbers)."""
        item = self.initiative(workshop_id, initiative)
        values: dict[str, Any] = {}
        values.update(self._report_values(workshop_id, milestone, milestone_due, ask, part))
        if phase is not self._UNSET:
            if phase is not None:
                book = self.playbook(workshop_id)
                if book.phase(phase) is None:
                    ids = ", ".join(p.id for p in book.phases)
                    raise NotFound(f"no phase '{phase}' (phases: {ids})", key="no_phase",
                                   phase=phase, phases=ids)
            values["phase"] = phase
        for label, value in (("owner", owner), ("metric", metric), ("target", target)):
            if value is not None:
                values[label] = _clean(value, label, max_chars=300, allow_empty=True,
                                       name=label == "owner")
        if unit is not None:
            values["unit"] = _clean(unit, "unit", max_chars=40, allow_empty=True)
        # "--target 90% --unit %": the sign typed with the number is the unit.
        sign = values.get("unit", item.unit)
        if isinstance(baseline, str):
            baseline = progress.strip_unit(baseline, sign)
        if "target" in values:
            values["target"] = progress.strip_unit(values["target"], sign)
        numbers = progress.metric_numbers(baseline=baseline, target=values.get("target"),
                                          lower_is_better=lower_is_better, current=item)
        if numbers.baseline is not None and not values.get("metric", item.metric):
            # Numbers with no name: nobody could tell what the readings measure.
            raise InvalidInput("a metric with a baseline and target needs a name (--metric)",
                               key="metric_needs_name")
        values.update(baseline=numbers.baseline, target_value=numbers.target,
                      lower_is_better=int(numbers.lower_is_better))
        if contributors is not None:
            names = [n for n in (_clean(c, "contributor", name=True, allow_empty=True)
                                 for c in contributors) if n]
            values["contributors"] = json.dumps(list(dict.fromkeys(names)))
        with self._op(workshop_id, "roadmap.set") as rec:
            new_phase = values.get("phase", item.phase)
            if new_phase != item.phase or position is not None:
                rows = self.store.query(
                    "SELECT id FROM initiatives WHERE workshop_id = ? AND phase IS ? AND id != ? "
                    "ORDER BY position, id", [workshop_id, new_phase, item.id])
                order = [r["id"] for r in rows]
                at = len(order) if position is None else max(0, min(position, len(order)))
                order.insert(at, item.id)
                for index, iid in enumerate(order):
                    if iid == item.id:
                        values["position"] = index
                    else:
                        rec.update("initiatives", iid, position=index)
            rec.update("initiatives", item.id, **values)
            where = f"in '{new_phase}'" if new_phase else "off the roadmap"
            rec.summary = f"Roadmap: '{_short(item.title)}' {where}"
            rec.say("roadmap.changed", **self._roadmap_params(workshop_id, item, values))
        return self.initiative(workshop_id, item.id)

    def _report_values(self, workshop_id: int, milestone: str | None,
                       milestone_due: str | None | Unset, ask: str | None,
                       part: str | None | Unset) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for label, value in (("milestone", milestone), ("ask", ask)):
            if value is not None:
                values[label] = _clean(value, label, max_chars=300, allow_empty=True)
        if milestone_due is not self._UNSET:
            values["milestone_due"] = (_day(milestone_due, "due") if milestone_due
                                       and milestone_due.strip() else None)
        if part is not self._UNSET:
            if part is not None:
                capture = [s.id for s in self.playbook(workshop_id).capture_sections()]
                if part not in capture:
                    raise InvalidInput(
                        f"part: '{_short(part, 40)}' is not a capture section of this "
                        f"workshop's playbook (sections: {', '.join(capture)})",
                        key="bad_part", part=_short(part, 40), sections=", ".join(capture))
            values["part"] = part
        return values

    def _roadmap_params(self, workshop_id: int, item: Initiative,
                        values: dict[str, Any]) -> dict[str, Any]:
        """What a roadmap change did, field by field, for the history to word:
        twelve times "roadmap changed" does not tell which one to undo."""
        book = self.playbook(workshop_id)

        def title(phase_id: str | None) -> str | None:
            phase = book.phase(phase_id) if phase_id else None
            return phase.title if phase else phase_id

        params: dict[str, Any] = {"title": _short(item.title)}
        if "phase" in values and values["phase"] != item.phase:
            params["phase_from"] = title(item.phase)
            params["phase_to"] = title(values["phase"])
        elif "position" in values and values["position"] != item.position and item.phase:
            params["phase"] = title(item.phase)
            params["place"] = values["position"] + 1
        for name in ("owner", "metric", "target", "milestone", "ask"):
            if name in values and values[name] != getattr(item, name):
                params[name] = values[name]
        if "milestone_due" in values and values["milestone_due"] != item.milestone_due:
            params["due"] = values["milestone_due"] or ""
        if "part" in values and values["part"] != item.part:
            section = book.section(values["part"]) if values["part"] else None
            params["part"] = section.title if section else ""
        if values.get("baseline") != item.baseline:
            params["baseline"] = progress.number_text(values["baseline"])
        if "unit" in values and values["unit"] != item.unit:
            params["unit"] = values["unit"]
        if values.get("target_value") != item.target_value and "target" not in params:
            params["target"] = item.target
        if bool(values.get("lower_is_better", item.lower_is_better)) != item.lower_is_better:
            params["direction"] = "lower" if values["lower_is_better"] else "higher"
        if "contributors" in values:
            names = json.loads(values["contributors"])
            if names != item.contributors:
                params["contributors"] = names
        return params

    def move_in_phase(self, workshop_id: int, initiative: int | str, delta: int) -> Initiative:
        item = self.initiative(workshop_id, initiative)
        if not item.phase:
            raise InvalidInput(f"'{item.title}' is not on the roadmap yet", key="not_placed",
                               title=_short(item.title))
        rows = self.store.query(
            "SELECT id FROM initiatives WHERE workshop_id = ? AND phase = ? ORDER BY position, id",
            [workshop_id, item.phase])
        index = [r["id"] for r in rows].index(item.id)
        return self.set_roadmap(workshop_id, item.id, position=max(0, index + delta))

    def readiness(self, workshop_id: int) -> list[analysis.ReadinessIssue]:
        return analysis.readiness(self.initiatives(workshop_id))

    def voice_balance(self, workshop_id: int) -> analysis.VoiceBalance:
        votes = self.store.query(
            # Only revealed rounds: votes stay hidden until the facilitator shows them.
            "SELECT v.* FROM votes v JOIN rounds r ON r.id = v.round_id "
            "WHERE r.workshop_id = ? AND r.status = 'revealed'", [workshop_id])
        return analysis.voice_balance(self.playbook(workshop_id), self.participants(workshop_id),
                                      self.notes(workshop_id), _rows(Vote, votes))
