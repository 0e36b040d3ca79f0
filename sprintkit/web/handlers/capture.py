"""Notes sent from phones during a capture step."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from sprintkit.errors import InvalidInput, NotFound
from sprintkit.web.handlers.base import NOTE_MAX_CHARS, PHONE, PageBase, _digits, _Problem
from sprintkit.web.sessions import _Session


class Capture(PageBase):
    """Adding notes."""

    async def note(self, request: web.Request) -> web.StreamResponse:
        session, fields = await self.form(request)
        text = fields.get("text", "").strip()
        prompt_raw = fields.get("prompt", "")
        try:
            section = self.book.section(fields["section"]) if fields.get("section") \
                else (await self.call(self._section))[0]
            if section is None:
                raise _Problem(400, "err_bad_input")
            if section.kind != "capture":
                raise _Problem(409, "err_not_capture")
            prompt = None
            if prompt_raw:
                prompt = _digits(prompt_raw)
                if prompt is None or prompt >= max(len(section.prompts), 1):
                    raise _Problem(400, "err_bad_input")
            if not text:
                raise _Problem(400, "err_empty_note")
            if len(text) > NOTE_MAX_CHARS:
                raise _Problem(400, "err_too_long", max=NOTE_MAX_CHARS)
            if "\x00" in text:
                raise _Problem(400, "err_bad_input")
            if not self.note_limiter.allow(str(session.participant_id)):
                raise _Problem(429, "err_rate")
            anonymous = fields.get("anonymous", "") not in ("", "0")
            note = await self._add_note(session, section.id, text, prompt, anonymous)
        except _Problem as problem:
            return await self._room_problem(request, session, problem, form_text=text,
                                            form_prompt=prompt_raw)
        if anonymous:
            session.anon_notes.add(note.id)
        self.emit("note", note.participant_id, text)
        if self.wants_json(request):
            return web.json_response({"ok": True, "note": note.id, "section": section.id,
                                      "message": self.t("note_added", step=section.title)})
        return self.redirect(None, "note", f"done=note&step={quote(section.id)}")

    async def _add_note(self, session: _Session, section_id: str, text: str,
                        prompt: int | None, anonymous: bool):
        def add():
            person = self._person(session)
            if person is None:
                raise _Problem(403, "err_no_session")
            return self.service.add_note(
                self.workshop_id, section_id, text,
                participant=None if anonymous else person.name,
                prompt_index=prompt, source=PHONE)
        try:
            return await self.call(add)
        except (InvalidInput, NotFound):
            raise _Problem(400, "err_bad_input") from None
