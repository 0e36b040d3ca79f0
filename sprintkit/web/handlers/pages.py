"""The participant's page (or the join page, for a phone that has not
joined), the state answer phones poll, and the not-found page."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from sprintkit.web.handlers.base import STATE_TTL_S, PageBase, _Problem
from sprintkit.web.sessions import _Session


class Pages(PageBase):
    """Pages phones read."""

    async def show(self, request: web.Request) -> web.StreamResponse:
        self.check_token(request)
        session = self.session_of(request)
        if session is not None and session.participant_id is not None:
            context = await self.call(self.room_context, session)
            if context is not None:
                flash = request.query.get("done") == "note"
                noted = self._noted(session, context, request.query.get("step", "")) \
                    if flash else {}
                return self.render("room.html", flash=flash, form_text="", form_prompt=None,
                                   **noted, **context)
            self.sessions.unbind(session)
        return await self._join_page(session)

    def _noted(self, session: _Session, context: dict[str, Any],
               step: str) -> dict[str, Any]:
        """Where the note just sent went, for the page's thank-you: the step the
        phone showed when it was written, which may no longer be the current one."""
        section = self.book.section(step) if step else None
        if section is None or section.kind != "capture":
            section = context["section"]
        if section.id == context["section"].id and context["mode"] == "capture":
            return {"noted": section, "noted_notes": []}
        notes = self.service.notes(self.workshop_id, section.id)
        mine = [n for n in reversed(notes) if n.participant_id == session.participant_id
                or n.id in session.anon_notes][:30]
        return {"noted": section, "noted_notes": mine}

    async def state(self, request: web.Request) -> web.StreamResponse:
        """A tiny answer phones poll: has the workshop moved on?"""
        self.check_token(request)
        version = await self._current_fingerprint()
        etag = f'"{version}"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        return web.json_response({"v": version}, headers=headers)

    async def _current_fingerprint(self) -> str:
        now = time.monotonic()
        if self._state is not None and now - self._state[0] < STATE_TTL_S:
            return self._state[1]
        version = await self.call(self.fingerprint)
        self._state = (time.monotonic(), version)
        return version

    async def not_found(self, request: web.Request) -> web.StreamResponse:
        raise _Problem(404, "err_not_found")
