"""Dot voting from phones: one dot at a time or a whole ballot."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from sprintkit.errors import InvalidInput, NotFound, SprintkitError, VoteRejected
from sprintkit.web.console import shorten
from sprintkit.web.handlers.base import PHONE, STATE_TTL_S, PageBase, _digits, _Problem
from sprintkit.web.sessions import _Session

TITLE_CHARS = 40     # of an initiative's title in a vote event: the counts after it stay whole

# The service's reason for refusing a vote (``VoteRejected.key``), worded for
# the person holding the phone, with the error's parameters the message uses.
REFUSALS: dict[str, tuple[str, tuple[str, ...]]] = {
    "no_open_round": ("err_closed", ()),
    "item_max": ("err_max", ("max",)),
    "ballot_max": ("err_max", ("max",)),
    "budget_left": ("err_budget", ("left", "budget")),
    "ballot_over": ("err_ballot_over", ("total", "budget")),
    "take_back": ("err_take_back", ("have", "dots")),
    "ballot_changed": ("err_ballot_changed", ()),
}


def refusal(exc: VoteRejected) -> _Problem:
    """The 409 a refused vote gets, worded from what the service said, not re-derived."""
    if exc.key == "take_back" and not exc.params.get("have"):
        return _Problem(409, "err_none_there")
    key, names = REFUSALS.get(exc.key or "", ("err_refused", ()))
    return _Problem(409, key, **{name: exc.params[name] for name in names})


class Voting(PageBase):
    """Spending dots."""

    async def vote(self, request: web.Request) -> web.StreamResponse:
        session, fields = await self.form(request)
        try:
            initiative = _digits(fields.get("initiative", ""))
            op = fields.get("op", "add")
            dots = _digits(fields.get("dots", "1"), limit=1000)
            if initiative is None or op not in ("add", "remove") or not dots:
                raise _Problem(400, "err_bad_input")
            result = await self._ballot_call(session, "vote", initiative, dots=dots,
                                             remove=op == "remove")
        except _Problem as problem:
            return await self._room_problem(request, session, problem)
        sign = "-" if op == "remove" else "+"

        def detail() -> str:
            try:
                title = shorten(self.service.initiative(self.workshop_id, initiative).title,
                                TITLE_CHARS)
            except SprintkitError:
                title = f"#{initiative}"
            return f"{sign}{dots} on '{title}' ({result['spent']} of {result['budget']} spent)"

        self.emit("vote", session.participant_id, detail)
        if self.wants_json(request):
            return web.json_response({"ok": True, **result})
        return self.redirect(None, f"i-{initiative}")

    async def ballot(self, request: web.Request) -> web.StreamResponse:
        session, fields = await self.form(request)
        try:
            allocation: dict[int, int] = {}
            if not fields.get("clear"):
                for key, value in fields.items():
                    if not key.startswith("d"):
                        continue
                    iid = _digits(key[1:])
                    dots = _digits(value, limit=1000)
                    if iid is None or dots is None:
                        raise _Problem(400, "err_bad_input")
                    allocation[iid] = dots
            result = await self._ballot_call(session, "ballot", allocation)
        except _Problem as problem:
            return await self._room_problem(request, session, problem)
        self.emit("vote", session.participant_id,
                  f"ballot of {result['spent']} of {result['budget']} dots")
        if self.wants_json(request):
            return web.json_response({"ok": True, **result})
        return self.redirect(None, "vote")

    async def _ballot_call(self, session: _Session, kind: str, *args: Any,
                           **kwargs: Any) -> dict[str, Any]:
        """One vote or a whole ballot, with rejections turned into clear messages."""
        def run() -> dict[str, Any]:
            # By id: the service looks the participant up anyway, inside the
            # write transaction, so a second look-up by name first would only
            # repeat it; whether they are still listed is asked only on failure.
            pid = session.participant_id
            assert pid is not None  # form() lets only a joined phone through
            try:
                if kind == "vote":
                    result = self.service.vote(self.workshop_id, pid, *args,
                                               source=PHONE, **kwargs)
                    return {"dots": {str(result.initiative_id): result.dots_on_item},
                            "spent": result.dots_spent, "left": result.dots_left,
                            "budget": result.dots_spent + result.dots_left,
                            "max": self._max_per_item()}
                mine = self.service.set_allocation(self.workshop_id, pid, *args,
                                                   source=PHONE)
            except VoteRejected as exc:
                raise refusal(exc) from None
            except NotFound:
                if self._person(session) is None:
                    raise _Problem(403, "err_no_session") from None
                raise _Problem(400, "err_unknown_item") from None
            except InvalidInput:
                raise _Problem(400, "err_bad_input") from None
            rnd = self.service.current_round(self.workshop_id)
            spent = sum(mine.values())
            budget = rnd.dots_per_person if rnd else 0
            return {"dots": {str(k): v for k, v in mine.items()}, "spent": spent,
                    "left": max(budget - spent, 0), "budget": budget,
                    "max": rnd.max_per_item if rnd else 0}
        return await self.call_together(run)

    def _max_per_item(self) -> int:
        """The open round's per-item max, re-read at most every STATE_TTL_S seconds."""
        now = time.monotonic()
        if self._round is None or now - self._round[0] >= STATE_TTL_S:
            rnd = self.service.current_round(self.workshop_id)
            self._round = (now, rnd.max_per_item if rnd else 0)
        return self._round[1]
