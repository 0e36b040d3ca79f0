"""The room: a small aiohttp server for participants' phones.

It runs inside whatever asyncio loop starts it (the Textual app's, or the one
``serve_forever`` makes). Every read and write goes through the
``WorkshopService``, one short transaction at a time, right on that loop;
votes that arrive together share one transaction (see ``call_together``).
Phones can only join, add notes and spend their own dots: no facilitator
action has a route here.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import segno
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError
from markupsafe import Markup

from sprintkit.errors import InvalidInput, NotFound, SprintkitError, VoteRejected
from sprintkit.models import NAME_MAX_CHARS, Participant, Section, VotingRound
from sprintkit.web.batching import Batcher
from sprintkit.web.console import terminal_safe
from sprintkit.web.events import VOTE_EVENT_INTERVAL_S, EventFeed, RoomEvent
from sprintkit.web.labels import translator
from sprintkit.web.limits import (
    FD_RESERVE,
    LINGERING_S,
    ConnectionGuard,
    Limits,
    QuietLog,
    RateLimiter,
    RequestLimiter,
    ServerLog,
    accept_error_handler,
    raise_open_file_limit,
    watch_connections,
)
from sprintkit.web.network import detect_lan_address, is_loopback, local_addresses, url_host
from sprintkit.web.security import HostCheck, add_safety_headers, request_host_allowed
from sprintkit.web.sessions import (
    _MEMORY,
    SESSION_COOKIE,
    SESSION_DAYS,
    _Keeper,
    _memory,
    _Session,
)

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
DEFAULT_PORT = 8765
NOTE_MAX_CHARS = 2000          # a phone note; the core allows longer ones from the laptop
STATE_TTL_S = 0.5              # how long the "did anything change" answer is reused
RELEASE_CHECK_S = 1.0          # how often the database is asked for names freed elsewhere
CLAIM_EVENT_INTERVAL_S = 10.0  # at most one "name already taken" event per person and this
LISTEN_BACKLOG = 1024
PHONE = "phone"


class _Problem(Exception):
    """A request we refuse: HTTP status plus a label key for the message."""

    def __init__(self, status: int, key: str, **values: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values



# ------------------------------------------------------------------ the page


def _digits(value: Any, *, limit: int = 10**9) -> int | None:
    """A whole number written with ASCII digits only, else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > 10 or int(value) > limit:
        return None
    return int(value)


def _same(given: str, secret: str) -> bool:
    """Constant-time comparison that accepts any text (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), secret.encode())


def _fingerprint(section_id: str | None, rnd: VotingRound | None,
                 items: list[tuple[int, str]], total: int) -> str:
    """What a phone's page depends on, apart from the participant's own input."""
    parts: list[Any] = [section_id]
    if rnd is not None:
        parts += [rnd.id, rnd.status, rnd.dots_per_person, rnd.max_per_item]
        if rnd.status != "open":
            parts.append(total)
        parts.append(items)
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def _static_version() -> str:
    digest = hashlib.sha1()
    for name in ("sprintkit.css", "sprintkit.js"):
        digest.update((HERE / "static" / name).read_bytes())
    return digest.hexdigest()[:10]


class PhonePage:
    """Handlers and state of the phone page for one workshop."""

    def __init__(self, service: Any, workshop_id: int, *,
                 on_change: Callable[[RoomEvent], None] | None = None,
                 joined: set[int] | None = None, limits: Limits | None = None,
                 vote_event_interval: float = VOTE_EVENT_INTERVAL_S,
                 bind_host: str | None = None) -> None:
        self.service = service
        self.workshop_id = workshop_id
        self.limits = limits or Limits()
        workshop = service.workshop(workshop_id)
        self.workshop_name = workshop.name
        self.language = workshop.language
        self.book = service.playbook(workshop_id)
        self.token = service.join_token(workshop_id)
        self.base = f"/j/{self.token}"
        self.t = translator(self.language)
        self.events = EventFeed(on_change, vote_event_interval)
        self.joined = joined if joined is not None else set()
        self.sessions = _memory(self.token, self.limits.max_sessions,
                                _Keeper(service, workshop_id))
        self.limiter = RequestLimiter(self.limits.rate, self.limits.burst,
                                      self.limits.address_rate, self.limits.address_burst)
        self.note_limiter = RateLimiter(self.limits.notes_per_minute / 60, 10)
        self.hosts = HostCheck(bind_host, local_addresses)
        self.quiet = QuietLog(log)
        self.connections: ConnectionGuard | None = None
        self.names_added: dict[str, int] = {}
        self._people: tuple[int, list[Participant]] | None = None
        self._buttons: dict[tuple[int, str, str, bool], str] = {}
        self._claims: dict[int, float] = {}
        self._state: tuple[float, str] | None = None
        self._round: tuple[float, int] | None = None
        self.batcher = Batcher(service)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # the templates ship with the code; no stat() per page
        )
        version = _static_version()
        self.env.globals.update(
            t=self.t, base=self.base, workshop_name=self.workshop_name,
            static=lambda name: f"/static/{name}?v={version}",
            note_max=NOTE_MAX_CHARS, name_max=NAME_MAX_CHARS,
        )
        # Compiled now, while the room opens, not by the first phones to scan.
        for name in ("join.html", "name.html", "room.html", "error.html", "leave.html"):
            self.env.get_template(name)

    # ------------------------------------------------------------ plumbing

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a service call.

        Each is one short SQLite transaction (well under a millisecond), so it
        runs right here on the event loop: handing it to a worker thread cost
        about a third of the throughput in GIL hand-offs, and the TUI makes its
        own service calls on this same loop anyway.
        """
        return fn(*args, **kwargs)

    async def call_together(self, fn: Callable[[], Any]) -> Any:
        """Run a write many phones send at once, in the commit it shares with
        the others of this turn of the event loop (see ``Batcher``)."""
        return await self.batcher.call_together(fn)

    def emit(self, kind: str, participant_id: int | None,
             detail: str | Callable[[], str]) -> None:
        """Tell the facilitator's side (see ``EventFeed.emit``)."""
        self.events.emit(kind, participant_id, detail)

    async def cleanup(self, app: web.Application) -> None:
        self.events.close()

    def pick_up_releases(self) -> list[int]:
        """Free in memory the names released in the database by another program."""
        gone = self.sessions.forgotten_elsewhere()
        for participant_id in gone:
            self.sessions.release(participant_id)
            self.joined.discard(participant_id)
            self.emit("released", participant_id, "")
        return gone

    async def watch_releases(self, app: web.Application) -> Any:
        """While the app runs, look for released names every RELEASE_CHECK_S."""
        async def loop() -> None:
            while True:
                await asyncio.sleep(RELEASE_CHECK_S)
                try:
                    self.pick_up_releases()
                except (SprintkitError, sqlite3.Error) as exc:
                    self.quiet.warn("release", "could not check for released names: %s", exc)

        task = asyncio.get_running_loop().create_task(loop())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    def render(self, template: str, status: int = 200, **context: Any) -> web.Response:
        context.setdefault("person", None)
        context.setdefault("csrf", "")
        context.setdefault("v", "")
        context.setdefault("error", None)
        context.setdefault("noted", None)
        context.setdefault("noted_notes", [])
        html = self.env.get_template(template).render(**context)
        return web.Response(text=html, status=status, content_type="text/html",
                            charset="utf-8")

    def message(self, problem: _Problem) -> str:
        return self.t(problem.key, **problem.values)

    @staticmethod
    def wants_json(request: web.Request) -> bool:
        return "application/json" in request.headers.get("Accept", "")

    def problem_response(self, request: web.Request, problem: _Problem) -> web.Response:
        text = self.message(problem)
        if self.wants_json(request):
            return web.json_response({"ok": False, "error": text}, status=problem.status)
        known = problem.status != 421 and _same(request.match_info.get("token", ""),
                                                self.token)
        # Without the token, not even the workshop's name is given away.
        name = self.workshop_name if known else "sprintkit"
        return self.render("error.html", problem.status, error=text, back=known,
                           person=None, workshop_name=name)

    def check_token(self, request: web.Request) -> None:
        if not _same(request.match_info.get("token", ""), self.token):
            raise _Problem(404, "err_token")

    def session_of(self, request: web.Request) -> _Session | None:
        return self.sessions.get(request.cookies.get(SESSION_COOKIE))

    def set_cookie(self, response: web.StreamResponse, session: _Session) -> None:
        response.set_cookie(SESSION_COOKIE, session.id, path=self.base, httponly=True,
                            samesite="Lax", max_age=SESSION_DAYS * 24 * 3600)

    def redirect(self, session: _Session | None, fragment: str = "",
                 query: str = "") -> web.Response:
        target = self.base + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
        response = web.Response(status=303, headers={"Location": target})
        if session is not None:
            self.set_cookie(response, session)
        return response

    async def form(self, request: web.Request, *, bound: bool = True
                   ) -> tuple[_Session, dict[str, str]]:
        """Token, same-origin, session and CSRF checks; the form's text fields."""
        self.check_token(request)
        origin = request.headers.get("Origin")
        # A page served with a strict referrer policy may send "Origin: null";
        # the CSRF token below is what counts, the origin only rules out others.
        if origin not in (None, "null") and urlsplit(origin).netloc != request.host:
            raise _Problem(403, "err_csrf")
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            raise _Problem(403, "err_csrf")
        try:
            async with asyncio.timeout(self.limits.body_timeout):
                raw = await request.post()
        except TimeoutError:
            raise _Problem(408, "err_slow") from None
        fields: dict[str, str] = {}
        for key, value in raw.items():
            if not isinstance(value, str):
                raise _Problem(400, "err_bad_input")
            if key not in fields:
                fields[key] = value
        session = self.session_of(request)
        if session is None:
            raise _Problem(403, "err_csrf")
        if not _same(fields.get("csrf", ""), session.csrf):
            raise _Problem(403, "err_csrf")
        if bound and session.participant_id is None:
            raise _Problem(403, "err_no_session")
        claimed = fields.get("participant")
        if bound and claimed is not None and claimed != str(session.participant_id):
            raise _Problem(403, "err_other_person")
        return session, fields

    # ------------------------------------------------------------ reading

    def _person(self, session: _Session) -> Participant | None:
        """The session's participant, by name (names are unique) and checked by id."""
        try:
            person = self.service.participant(self.workshop_id, session.name)
        except NotFound:
            person = None
        if person is None or person.id != session.participant_id:
            person = next((p for p in self.service.participants(self.workshop_id)
                           if p.id == session.participant_id), None)
            if person is not None:
                session.name = person.name
        return person

    def _section(self, current: str | None = None) -> tuple[Section, int]:
        """The section the facilitator is on (read now unless given)."""
        if current is None:
            current = self.service.workshop(self.workshop_id).current_section
        section = self.book.section(current) if current else None
        section = section or self.book.sections[0]
        return section, self.book.sections.index(section)

    def room_context(self, session: _Session) -> dict[str, Any] | None:
        """Everything the participant's page shows; None if they are no longer listed."""
        person = self._person(session)
        if person is None:
            return None
        workshop = self.service.workshop(self.workshop_id)
        section, index = self._section(workshop.current_section or "")
        rnd = self.service.current_round(self.workshop_id)
        if rnd is not None and rnd.status == "open":
            mode = "vote"
        elif section.kind == "capture":
            mode = "capture"
        elif rnd is not None and rnd.status == "closed":
            mode = "closed"
        elif rnd is not None and rnd.status == "revealed":
            mode = "results"
        else:
            mode = "info"
        context: dict[str, Any] = {
            "workshop_name": workshop.name,
            "person": person, "csrf": session.csrf, "section": section, "index": index,
            "total": len(self.book.sections), "mode": mode, "rnd": rnd, "items": [],
            "rows": [], "my_notes": [], "spent": 0, "left": 0, "top": 0,
        }
        initiatives = self.service.initiatives(self.workshop_id) if rnd else []
        total = 0
        if rnd is not None:
            mine = self.service.dots_of(rnd.id, person.id)
            spent = sum(mine.values())
            context.update(spent=spent, left=max(rnd.dots_per_person - spent, 0))
            context["items"] = [(item, mine.get(item.id, 0)) for item in initiatives]
            if rnd.status != "open":
                rows = self.service.tally(self.workshop_id, rnd.id)
                total = sum(row.dots for row in rows)
                context["rows"] = [(row, mine.get(row.initiative_id, 0)) for row in rows]
                context["top"] = max((row.dots for row in rows), default=0)
        if mode == "capture":
            notes = self.service.notes(self.workshop_id, section.id)
            context["my_notes"] = [n for n in reversed(notes)
                                   if n.participant_id == person.id
                                   or n.id in session.anon_notes][:30]
        context["v"] = _fingerprint(section.id, rnd,
                                    [(i.id, i.title) for i in initiatives], total)
        return context

    def fingerprint(self) -> str:
        section, _ = self._section()
        rnd = self.service.current_round(self.workshop_id)
        items: list[tuple[int, str]] = []
        total = 0
        if rnd is not None:
            items = [(i.id, i.title) for i in self.service.initiatives(self.workshop_id)]
            if rnd.status != "open":
                total = sum(r.dots for r in self.service.tally(self.workshop_id, rnd.id))
        return _fingerprint(section.id, rnd, items, total)

    def join_context(self, session: _Session) -> dict[str, Any]:
        # Every phone that scans the QR code asks for this list at once, and
        # rendering a few hundred names through the template was most of the
        # time of joining: each name's button is rendered once (per name, role
        # and taken or not) and reused, and the list is read again only when
        # the action log moved (any add, rename or removal, from anywhere).
        marker = self.service.change_marker(self.workshop_id)
        if self._people is None or self._people[0] != marker:
            self._people = (marker, self.service.participants(self.workshop_id))
        people = self._people[1]
        held = set(self.sessions.holders())
        held.discard(session.participant_id)  # type: ignore[arg-type]
        buttons = self._buttons
        if len(buttons) > 4 * len(people) + 64:
            buttons.clear()
        parts = []
        for person in people:
            key = (person.id, person.name, person.role, person.id in held)
            html = buttons.get(key)
            if html is None:
                html = buttons[key] = self.env.get_template("name.html").render(
                    p=person, taken=key[3])
            parts.append(html)
        return {"people_count": len(people), "names_html": Markup("".join(parts)),
                "csrf": session.csrf, "form_name": "", "form_role": ""}

    # ------------------------------------------------------------ handlers

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

    async def _join_page(self, session: _Session | None, *, status: int = 200,
                         error: str | None = None, name: str = "",
                         role: str = "") -> web.Response:
        if session is None:
            session = self.sessions.new()
        context = await self.call(self.join_context, session)
        context.update(form_name=name, form_role=role)
        response = self.render("join.html", status, error=error, **context)
        self.set_cookie(response, session)
        return response

    async def join(self, request: web.Request) -> web.StreamResponse:
        session, fields = await self.form(request, bound=False)
        name = fields.get("name", "")
        role = fields.get("role", "")
        try:
            if "participant" in fields:
                person = await self._pick(session, fields["participant"])
            else:
                person = await self._add_self(request, name, role)
        except _Problem as problem:
            if self.wants_json(request):
                raise
            return await self._join_page(session, status=problem.status,
                                         error=self.message(problem), name=name, role=role)
        fresh = self.sessions.bind(session, person)
        self.joined.add(person.id)
        self.emit("joined", person.id, person.role)
        if self.wants_json(request):
            response = web.json_response({"ok": True, "participant": person.id})
            self.set_cookie(response, fresh)
            return response
        return self.redirect(fresh)

    async def _pick(self, session: _Session, value: str) -> Participant:
        pid = _digits(value)
        try:
            person = await self.call(self.service.participant, self.workshop_id, pid) \
                if pid is not None else None
        except NotFound:
            person = None
        if person is None:
            raise _Problem(400, "err_unknown_person")
        holder = self.sessions.holder(person.id)
        if holder is not None and holder is not session:
            # Most often the same person whose phone lost its cookie: tell the
            # facilitator how to free the name (once in a while, not per tap).
            now = time.monotonic()
            if now - self._claims.get(person.id, float("-inf")) >= CLAIM_EVENT_INTERVAL_S:
                self._claims[person.id] = now
                self.emit("claimed", person.id, "")
            raise _Problem(409, "err_claimed", name=person.name)
        return person

    async def _add_self(self, request: web.Request, name: str, role: str) -> Participant:
        name, role = name.strip(), role.strip()
        if not name:
            raise _Problem(400, "err_empty_name")
        for value in (name, role):
            if len(value) > NAME_MAX_CHARS:
                raise _Problem(400, "err_too_long", max=NAME_MAX_CHARS)
            if "\x00" in value:
                raise _Problem(400, "err_bad_input")
        client = request.remote or "?"
        if self.names_added.get(client, 0) >= self.limits.names_per_client:
            raise _Problem(429, "err_too_many_names")
        try:
            person = await self.call(self.service.add_participant, self.workshop_id, name,
                                     role, source=PHONE)
        except InvalidInput as exc:
            if exc.key == "participant_taken":
                raise _Problem(409, "err_name_taken") from None
            if exc.key == "participant_lookalike":
                raise _Problem(409, "err_name_lookalike", other=exc.params["other"]) from None
            if exc.key == "empty":  # nothing left once invisible characters are dropped
                raise _Problem(400, "err_empty_name") from None
            raise _Problem(400, "err_bad_input") from None
        self.names_added[client] = self.names_added.get(client, 0) + 1
        return person

    async def leave(self, request: web.Request) -> web.StreamResponse:
        session, fields = await self.form(request, bound=False)
        if fields.get("confirm") != "1" and session.participant_id is not None:
            # One tap on "Not you? Switch" must not free the name: ask first.
            if self.wants_json(request):
                raise _Problem(400, "err_bad_input")
            person = await self.call(self._person, session)
            if person is not None:
                return self.render("leave.html", person=person, csrf=session.csrf)
        self.sessions.unbind(session)
        if self.wants_json(request):
            return web.json_response({"ok": True})
        return self.redirect(session)

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

    async def _room_problem(self, request: web.Request, session: _Session,
                            problem: _Problem, **form: Any) -> web.Response:
        """The participant's page again, with the message on top and input kept."""
        if self.wants_json(request):
            raise problem
        context = await self.call(self.room_context, session)
        if context is None:
            raise problem
        form.setdefault("form_text", "")
        form.setdefault("form_prompt", None)
        return self.render("room.html", problem.status, error=self.message(problem),
                           flash=False, **form, **context)

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
                title = self.service.initiative(self.workshop_id, initiative).title
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
            except VoteRejected:
                raise self._rejection(pid, kind, *args, **kwargs) from None
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

    def _rejection(self, participant_id: int, kind: str, *args: Any,
                   **kwargs: Any) -> _Problem:
        rnd = self.service.current_round(self.workshop_id)
        if rnd is None or rnd.status != "open":
            return _Problem(409, "err_closed")
        mine = self.service.dots_of(rnd.id, participant_id)
        left = max(rnd.dots_per_person - sum(mine.values()), 0)
        if kind == "vote":
            initiative = args[0]
            if kwargs.get("remove"):
                return _Problem(409, "err_none_there")
            if mine.get(initiative, 0) + kwargs.get("dots", 1) > rnd.max_per_item:
                return _Problem(409, "err_max", max=rnd.max_per_item)
            return _Problem(409, "err_budget", left=left, budget=rnd.dots_per_person)
        allocation: dict[int, int] = args[0]
        if any(v > rnd.max_per_item for v in allocation.values()):
            return _Problem(409, "err_max", max=rnd.max_per_item)
        return _Problem(409, "err_budget", left=left, budget=rnd.dots_per_person)

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

    # ------------------------------------------------------------ middleware

    @web.middleware
    async def guard(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        """Host check, rate limit, every failure a clear 4xx page, safety headers."""
        protocol = request.protocol
        if self.connections is not None:
            self.connections.busy(protocol, True)
        try:
            response = await self._guarded(request, handler)
        finally:
            if self.connections is not None:
                self.connections.busy(protocol, False)
        if response.status in (429, 503):
            response.headers["Retry-After"] = "2"
        add_safety_headers(response, request.path)
        return response

    async def _guarded(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        try:
            if not request_host_allowed(self.hosts, request):
                raise _Problem(421, "err_host")
            session = self.session_of(request)
            if not self.limiter.allow(request.remote or "?", session.id if session else None,
                                      static=request.path.startswith("/static/")):
                raise _Problem(429, "err_rate")
            return await handler(request)
        except _Problem as problem:
            return self.problem_response(request, problem)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            key = {404: "err_not_found", 405: "err_method",
                   413: "err_too_large"}.get(exc.status, "err_bad_input")
            status = exc.status if 400 <= exc.status < 500 else 400
            return self.problem_response(request, _Problem(status, key))
        except SprintkitError:
            return self.problem_response(request, _Problem(400, "err_bad_input"))
        except sqlite3.OperationalError as exc:
            self.quiet.warn("db", "database busy: %s", exc)
            return self.problem_response(request, _Problem(503, "err_busy"))
        except sqlite3.IntegrityError:
            # the facilitator removed what this request pointed at, a moment earlier
            return self.problem_response(request, _Problem(409, "err_bad_input"))
        except ConnectionError:
            # the phone went away mid-request (left the Wi-Fi, closed the tab):
            # nobody is there to read an answer, and nothing was stored
            self.quiet.warn("gone", "a phone (%s) dropped its connection mid-request",
                            request.remote or "?")
            return self.problem_response(request, _Problem(400, "err_bad_input"))
        except (RequestPayloadError, HttpProcessingError) as exc:
            # a body the parser could not follow (bad chunking, a multipart part
            # without proper headers)
            self.quiet.warn("payload", "unreadable request body from %s: %s",
                            request.remote or "?", exc)
            return self.problem_response(request, _Problem(400, "err_bad_input"))
        except (ValueError, UnicodeError, LookupError, AssertionError) as exc:
            # a malformed body, or a charset no codec knows (LookupError)
            self.quiet.warn("body", "unreadable request from %s: %s: %s",
                            request.remote or "?", type(exc).__name__, exc)
            return self.problem_response(request, _Problem(400, "err_bad_input"))
        except OSError as exc:  # out of descriptors, say, opening a static file
            self.quiet.warn("os", "cannot answer a phone: %s", exc.strerror or exc)
            return self.problem_response(request, _Problem(503, "err_busy"))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("phone page failed")
            return self.problem_response(request, _Problem(500, "err_other"))


PAGE = web.AppKey("sprintkit.page", PhonePage)


def create_app(service: Any, workshop_id: int, *,
               on_change: Callable[[RoomEvent], None] | None = None,
               joined: set[int] | None = None, limits: Limits | None = None,
               vote_event_interval: float = VOTE_EVENT_INTERVAL_S,
               bind_host: str | None = None) -> web.Application:
    """The phone page as an aiohttp application (tests use it directly).

    ``bind_host`` is the address the room listens on, for the Host check;
    without it, the address each connection arrived at is accepted."""
    limits = limits or Limits()
    page = PhonePage(service, workshop_id, on_change=on_change, joined=joined, limits=limits,
                     vote_event_interval=vote_event_interval, bind_host=bind_host)
    app = web.Application(
        middlewares=[page.guard], client_max_size=limits.client_max_size,
        # for the connection handlers: idle and half-sent connections are
        # closed after keepalive_timeout; their complaints are one line each
        handler_args={"keepalive_timeout": limits.keepalive_timeout,
                      "lingering_time": LINGERING_S, "logger": ServerLog(page.quiet)})
    app[PAGE] = page
    app.on_cleanup.append(page.cleanup)
    app.cleanup_ctx.append(page.watch_releases)
    # Routes are tried in order: the ones a busy room sends most come first.
    app.router.add_post("/j/{token}/vote", page.vote)
    app.router.add_get("/j/{token}/state", page.state)
    app.router.add_get("/j/{token}", page.show)
    app.router.add_post("/j/{token}/join", page.join)
    app.router.add_post("/j/{token}/leave", page.leave)
    app.router.add_post("/j/{token}/note", page.note)
    app.router.add_post("/j/{token}/ballot", page.ballot)
    app.router.add_static("/static", HERE / "static", append_version=False)
    app.router.add_route("*", "/{tail:.*}", page.not_found)
    return app



# ---------------------------------------------------------------------- room


class Room:
    """The phone server for one workshop: start it, show its URL and QR code, stop it."""

    def __init__(self, service: Any, workshop_id: int, *, host: str | None = None,
                 port: int = DEFAULT_PORT,
                 on_change: Callable[[RoomEvent], None] | None = None,
                 limits: Limits | None = None) -> None:
        self.service = service
        self.workshop_id = workshop_id
        self.host = host or detect_lan_address()
        self.port = port
        self.on_change = on_change
        self.limits = limits
        self.token = service.join_token(workshop_id)
        # who joined earlier while this program ran (the room may have been closed since)
        self.joined: set[int] = set(_MEMORY[self.token].holders()) \
            if self.token in _MEMORY else set()
        self._runner: web.AppRunner | None = None
        self._app: web.Application | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous_handler: Any = None

    @property
    def url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}/j/{self.token}"

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def page(self) -> PhonePage | None:
        return self._app[PAGE] if self._app is not None else None

    def release(self, participant_id: int) -> None:
        """Let someone pick their name again from a new phone."""
        sessions = _MEMORY.get(self.token)
        if sessions is not None:
            sessions.release(participant_id)
        self.joined.discard(participant_id)

    async def start(self) -> None:
        """Listen on host:port inside the running event loop."""
        if self._runner is not None:
            return
        limits = self.limits or Limits()
        app = create_app(self.service, self.workshop_id, on_change=self.on_change,
                         joined=self.joined, limits=limits, bind_host=self.host)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        page = app[PAGE]
        files = raise_open_file_limit()
        page.connections = ConnectionGuard(
            limits.connections_per_address,
            total=max(files - FD_RESERVE, 16) if files is not None else None)
        assert runner.server is not None
        watch_connections(runner.server, page.connections)
        # A room scanning the QR code together opens hundreds of connections in
        # the same instant; past the default queue of 128 the OS drops the
        # rest, and a phone retries only after a second.
        site = web.TCPSite(runner, self.host, self.port, backlog=LISTEN_BACKLOG)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise SprintkitError(
                    f"port {self.port} on {self.host} is already in use: choose another "
                    "port") from None
            raise SprintkitError(f"cannot listen on {self.host}:{self.port} "
                                 f"({exc.strerror or exc})") from None
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        if self.port == 0 and sockets:
            self.port = sockets[0].getsockname()[1]
        self._runner = runner
        self._app = app
        self._loop = asyncio.get_running_loop()
        self._previous_handler = self._loop.get_exception_handler()
        self._loop.set_exception_handler(accept_error_handler(
            page.quiet, self._previous_handler, page.connections.shed))

    async def stop(self) -> None:
        """Stop listening and close every connection. Safe to call twice."""
        runner, self._runner = self._runner, None
        self._app = None
        if self._loop is not None:
            self._loop.set_exception_handler(self._previous_handler)
            self._loop = None
        if runner is not None:
            await runner.cleanup()

    def _qr(self) -> segno.QRCode:
        return segno.make(self.url, error="m", boost_error=False)

    def qr_text(self, *, compact: bool = True, border: int = 2) -> str:
        """The join QR code as terminal text: '█' is light, ' ' is dark.

        Show it light-on-dark (white text on black) so it scans the right
        way round. ``compact`` packs two module rows into one text line.
        """
        rows = [[not dark for dark in row] for row in self._qr().matrix_iter(
            scale=1, border=border, verbose=False)]
        lines: list[str] = []
        if not compact:
            for row in rows:
                lines.append("".join("██" if light else "  " for light in row))
            return "\n".join(lines)
        if len(rows) % 2:
            rows.append([True] * len(rows[0]))
        glyphs = {(True, True): "█", (True, False): "▀", (False, True): "▄",
                  (False, False): " "}
        for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
            lines.append("".join(glyphs[(a, b)] for a, b in zip(top, bottom, strict=True)))
        return "\n".join(lines)

    def qr_svg(self) -> str:
        return self._qr().svg_inline(scale=8, border=2, dark="#111", light="#fff")


# ----------------------------------------------------------------- serve_forever


def _print_event(service: Any, workshop_id: int) -> Callable[[RoomEvent], None]:
    names: dict[int, str] = {}
    workshop = str(workshop_id)

    def show(event: RoomEvent) -> None:
        who = "someone"
        if event.participant_id is not None:
            if event.participant_id not in names or event.kind == "released":
                names.update({p.id: p.name for p in service.participants(workshop_id)})
            who = names.get(event.participant_id, f"#{event.participant_id}")
        detail = " ".join(event.detail.split())
        if len(detail) > 60:
            detail = detail[:59] + "…"
        if event.kind == "released":
            detail = "free to pick again on another phone"
        elif event.kind == "claimed":
            detail = ("a second phone asked for this name; if it is the same person, "
                      f"free it with: sprintkit participant release {workshop} "
                      f"{event.participant_id}")
        stamp = time.strftime("%H:%M:%S")
        _say(f"{stamp}  {event.kind:<8} {who}" + (f": {detail}" if detail else ""))

    return show


def _say(line: str) -> None:
    """Print one line of the serve log, terminal-safe (a phone typed part of it)."""
    print(terminal_safe(line), flush=True)


def serve_forever(service: Any, workshop_id: int, *, host: str | None = None,
                  port: int = DEFAULT_PORT) -> None:
    """Serve the phone page until Ctrl-C, printing the join URL and QR code."""

    async def main() -> None:
        room = Room(service, workshop_id, host=host, port=port,
                    on_change=_print_event(service, workshop_id))
        await room.start()
        try:
            workshop = service.workshop(workshop_id)
            qr = room.qr_text()
            if sys.stdout.isatty():
                qr = "\n".join(f"\x1b[97;40m{line}\x1b[0m" for line in qr.splitlines())
            print(qr)
            print(f"\nRoom open for '{terminal_safe(workshop.name)}'. Participants join "
                  f"at:\n\n  {room.url}\n")
            if is_loopback(room.host):
                print("Note: this address only works on this computer; use --host with "
                      "the network address for phones.")
            print("Phones must be on the same network. Press Ctrl-C to close the room.\n",
                  flush=True)
            closing = asyncio.Event()
            with contextlib.suppress(NotImplementedError, RuntimeError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, closing.set)
            await closing.wait()
        finally:
            await room.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
    print("Room closed.", flush=True)
