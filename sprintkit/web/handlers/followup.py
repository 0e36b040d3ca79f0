"""The follow-up room: at a check-in meeting, owners update their own
roadmap items from their phones.

The room is opened under a renewed join link (see ``Room``), phones join as
they do on the workshop day, and each owner who is a participant sees only
the items they own: a status, a reading, a comment and the next step, sent
together and saved together. Items whose owner is not a participant are
listed as the facilitator's to update. A request for someone else's item is
refused (403) and stores nothing, like a vote for someone else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from sprintkit.errors import InvalidInput, NotFound
from sprintkit.models import STATUSES
from sprintkit.service.followup import COMMENT_MAX_CHARS, READING_MAX_CHARS, STEP_MAX_CHARS
from sprintkit.web.console import shorten
from sprintkit.web.handlers.base import PHONE, PageBase, _digits, _Problem
from sprintkit.web.sessions import _Session

TITLE_CHARS = 40     # of an item's title in the facilitator's log

# The service's reasons for refusing an update (``InvalidInput.key``), worded
# for the phone, with the error's parameters the message shows. A date among
# them is passed on as a date, for the page to write out in its language.
REFUSALS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reading_not_number": ("err_fu_not_number", ()),
    "no_metric": ("err_fu_no_metric", ()),
    "bad_date": ("err_fu_date", ()),
    "future_date": ("err_fu_date", ()),
    "due_needs_step": ("err_fu_due_needs_step", ()),
    "too_long": ("err_too_long", ("limit",)),
    "check_in_before_workshop": ("err_fu_before_workshop", ("value", "held_on")),
    "due_before_check_in": ("err_fu_due_passed", ("value", "date")),
    # the item (or the owner) was removed while the update was being saved
    "changed_while_saving": ("err_unknown_item", ()),
}
# The service's parameter names the catalog's messages call otherwise.
RENAMED = {"limit": "max"}


def _value(text: object) -> object:
    # The service gives days as ISO text; the page writes a date its own way.
    try:
        return date.fromisoformat(text) if isinstance(text, str) else text
    except ValueError:
        return text


def refusal(exc: InvalidInput) -> _Problem:
    """The 400 a refused update gets, worded from what the service said."""
    key, names = REFUSALS.get(exc.key or "", ("err_bad_input", ()))
    return _Problem(400, key, **{RENAMED.get(name, name): _value(exc.params[name])
                                 for name in names})


class FollowUpUpdates(PageBase):
    """The owners' page and its one form."""

    async def follow_up_show(self, request: web.Request) -> web.StreamResponse:
        self.check_token(request)
        session = self.session_of(request)
        if session is not None and session.participant_id is not None:
            context = await self.call(self.follow_up_context, session)
            if context is not None:
                saved = _digits(request.query.get("saved", ""))
                return self.render("followup.html", saved=saved, form={}, **context)
            self.sessions.unbind(session)
        return await self._join_page(session)

    async def follow_up_state(self, request: web.Request) -> web.StreamResponse:
        # The page does not follow the facilitator's steps: nothing to poll for.
        self.check_token(request)
        return web.json_response({"v": ""}, headers={"Cache-Control": "no-cache"})

    def follow_up_context(self, session: _Session) -> dict[str, Any] | None:
        """What one owner's page shows; None if they are no longer listed."""
        person = self._person(session)
        if person is None:
            return None
        view = self.service.follow_up(self.workshop_id)
        mine = [e for e in view.items if e.owner_participant_id == person.id]
        facilitator = [e for e in view.items
                       if e.owner_participant_id is None and e.status not in ("dropped",)]
        return {"person": person, "csrf": session.csrf, "mine": mine,
                "facilitator_items": facilitator, "statuses": STATUSES,
                "facilitator": view.workshop.facilitator, "v": "",
                "fmt": self._number, "day": self._day}

    def _day(self, value: Any) -> str:
        from sprintkit import i18n

        return i18n.format_date(value, self.language)

    def _number(self, value: float | None) -> str:
        from sprintkit import i18n

        return "" if value is None else i18n.format_number(value, self.language)

    async def follow_up_update(self, request: web.Request) -> web.StreamResponse:
        session, fields = await self.form(request)
        item = _digits(fields.get("item", ""))
        try:
            status = fields.get("status", "")
            value = fields.get("value", "").strip()
            comment = fields.get("comment", "").strip()
            step = fields.get("next", "").strip()
            due = fields.get("due", "").strip()
            if item is None or status not in STATUSES:
                raise _Problem(400, "err_bad_input")
            for text, limit in ((value, READING_MAX_CHARS), (comment, COMMENT_MAX_CHARS),
                                (step, STEP_MAX_CHARS)):
                if len(text) > limit:
                    raise _Problem(400, "err_too_long", max=limit)
            update = await self.call(self._save, session, item, status, value, comment,
                                     step, due)
        except _Problem as problem:
            return await self._follow_up_problem(request, session, problem, item, fields)
        pid = session.participant_id

        def detail() -> str:
            title = shorten(update["title"], TITLE_CHARS)
            return f"'{title}': {status}" + (f", reading {value}" if value else "")

        self.emit("update", pid, detail)
        if self.wants_json(request):
            return web.json_response({"ok": True, "item": item, "status": status})
        return self.redirect(None, f"item-{item}", query=f"saved={item}")

    def _save(self, session: _Session, item: int, status: str, value: str, comment: str,
              step: str, due: str) -> dict[str, Any]:
        pid = session.participant_id
        assert pid is not None  # form() lets only a joined phone through
        try:
            update, _ = self.service.record_check_in(
                self.workshop_id, item, status=status, value=value or None, note=comment,
                next_step=step or None, due=due or None, participant_id=pid,
                owner_only=True, source=PHONE)
        except NotFound:
            if self._person(session) is None:
                raise _Problem(403, "err_no_session") from None
            raise _Problem(400, "err_unknown_item") from None
        except InvalidInput as exc:
            # Not on the roadmap, or owned by someone else: either way not
            # this phone's to update.
            if exc.key in ("not_on_roadmap", "not_your_item"):
                raise _Problem(403, "err_fu_not_yours") from None
            raise refusal(exc) from None
        title = self.service.initiative(self.workshop_id, update.initiative_id).title
        return {"title": title}

    async def _follow_up_problem(self, request: web.Request, session: _Session,
                                 problem: _Problem, item: int | None,
                                 fields: dict[str, str]) -> web.Response:
        """The owner's page again with the message on top and what they typed kept."""
        if self.wants_json(request):
            raise problem
        context = await self.call(self.follow_up_context, session)
        if context is None:
            raise problem
        self.refused(request, problem)
        form = {"item": item, **{k: fields.get(k, "") for k in
                                 ("status", "value", "comment", "next", "due")}}
        return self.render("followup.html", problem.status, error=self.message(problem),
                           saved=None, form=form, **context)
