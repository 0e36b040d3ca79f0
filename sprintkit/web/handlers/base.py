"""What every phone-page handler shares: the page's state for one workshop,
the checks every form passes, rendering, and the participant's view data."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import jinja2
from aiohttp import web
from markupsafe import Markup

from sprintkit.errors import NotFound
from sprintkit.models import NAME_MAX_CHARS, Participant, Section
from sprintkit.network import local_addresses
from sprintkit.web.batching import Batcher
from sprintkit.web.console import shorten
from sprintkit.web.events import VOTE_EVENT_INTERVAL_S, EventFeed, RoomEvent
from sprintkit.web.labels import translator
from sprintkit.web.limits import ConnectionGuard, Limits, QuietLog, RateLimiter, RequestLimiter
from sprintkit.web.render import HERE, _fingerprint, _static_version
from sprintkit.web.security import HostCheck
from sprintkit.web.sessions import (
    SESSION_COOKIE,
    SESSION_DAYS,
    _Keeper,
    _memory,
    _Session,
)

log = logging.getLogger(__name__)

NOTE_MAX_CHARS = 2000          # a phone note; the core allows longer ones from the laptop
STATE_TTL_S = 0.5              # how long the "did anything change" answer is reused
PHONE = "phone"


class _Problem(Exception):
    """A request we refuse: HTTP status plus a label key for the message."""

    def __init__(self, status: int, key: str, **values: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values


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


class PageBase:
    """The phone page's state for one workshop, and what its handlers share."""

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
        self.english = translator("en")  # for the facilitator's log, like the CLI
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
        for name in ("join.html", "name.html", "room.html", "error.html", "leave.html",
                     "followup.html"):
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

    def refused(self, request: web.Request, problem: _Problem) -> None:
        """One serve log line per kind of refused request (per interval, with a count).

        A 409 is left out: it is a vote over the budget or a name already
        taken, which the person reads on their phone and nobody else needs to.
        """
        if not 400 <= problem.status < 500 or problem.status == 409:
            return
        path = request.path.replace(self.token, "…") if self.token else request.path
        self.quiet.warn(f"refused:{problem.status}:{problem.key}",
                        "refused %s %s from %s: %d, %s", request.method, shorten(path, 60),
                        request.remote or "?", problem.status,
                        self.english(problem.key, **problem.values))

    def problem_response(self, request: web.Request, problem: _Problem, *,
                         logged: bool = False) -> web.Response:
        """The refusal's page (or JSON); ``logged`` when the log already has its cause."""
        if not logged:
            self.refused(request, problem)
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

    async def _room_problem(self, request: web.Request, session: _Session,
                            problem: _Problem, **form: Any) -> web.Response:
        """The participant's page again, with the message on top and input kept."""
        if self.wants_json(request):
            raise problem
        context = await self.call(self.room_context, session)
        if context is None:
            raise problem
        self.refused(request, problem)
        form.setdefault("form_text", "")
        form.setdefault("form_prompt", None)
        return self.render("room.html", problem.status, error=self.message(problem),
                           flash=False, **form, **context)
