"""What every phone-page handler shares: the page's state for one workshop,
the checks every form passes, rendering, and the participant's view data."""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import jinja2
from aiohttp import hdrs, web

from sprintkit import i18n
from sprintkit.errors import NotFound
from sprintkit.models import NAME_MAX_CHARS, Participant, Section
from sprintkit.names import keys as name_keys
from sprintkit.network import local_addresses
from sprintkit.web.batching import Batcher
from sprintkit.web.console import shorten
from sprintkit.web.events import VOTE_EVENT_INTERVAL_S, EventFeed, RoomEvent
from sprintkit.web.labels import gettext_callables, translator
from sprintkit.web.limits import ConnectionGuard, Limits, QuietLog, RateLimiter, RequestLimiter
from sprintkit.web.namelist import NameList
from sprintkit.web.pagecache import PageCache, StandIn
from sprintkit.web.render import HERE, _static_version
from sprintkit.web.security import HostCheck
from sprintkit.web.sessions import (
    SESSION_COOKIE,
    SESSION_DAYS,
    _Keeper,
    _memory,
    _Session,
)
from sprintkit.web.view import Views

log = logging.getLogger(__name__)

_URLSAFE = re.compile(r"[A-Za-z0-9_-]{1,100}")
_PLAIN_COOKIES = re.compile(r"[A-Za-z0-9_.-]+=[A-Za-z0-9_.-]*(?:; [A-Za-z0-9_.-]+=[A-Za-z0-9_.-]*)*")

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


def _session_cookie(request: web.BaseRequest) -> str | None:
    """The session cookie's value, as ``request.cookies`` gives it.

    Every request asks, and aiohttp's parser builds a Morsel per cookie; a
    header of plain ``name=value`` pairs, what browsers send for ours, is
    split here instead (the last of a name wins, as there). Anything else
    goes to aiohttp's parser."""
    header = request.headers.get(hdrs.COOKIE)
    if not header:
        return None
    if not _PLAIN_COOKIES.fullmatch(header):
        return request.cookies.get(SESSION_COOKIE)
    found = None
    for pair in header.split("; "):
        name, _, value = pair.partition("=")
        if name == SESSION_COOKIE:
            found = value
    return found


class PageBase:
    """The phone page's state for one workshop, and what its handlers share."""

    def __init__(self, service: Any, workshop_id: int, *,
                 on_change: Callable[[RoomEvent], None] | None = None,
                 joined: set[int] | None = None, limits: Limits | None = None,
                 vote_event_interval: float = VOTE_EVENT_INTERVAL_S,
                 bind_host: str | None = None, follow_up: bool = False) -> None:
        self.service = service
        # the check-in room is for the people already listed: nobody adds themselves
        self.follow_up = follow_up
        self.workshop_id = workshop_id
        self.limits = limits or Limits()
        workshop = service.workshop(workshop_id)
        self.workshop_name = workshop.name
        self.language = workshop.language
        self.book = service.playbook(workshop_id)
        self.token = service.join_token(workshop_id)
        self.base = f"/j/{self.token}"
        self._cookie = (f"; HttpOnly; Max-Age={SESSION_DAYS * 24 * 3600}; Path={self.base}; "
                        "SameSite=Lax")
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
        self._people_version: tuple[int, int] | None = None
        self._claims: dict[int, float] = {}
        self._state: tuple[float, str] | None = None
        self._round: tuple[float, int] | None = None
        self.batcher = Batcher(service)
        self.views = Views(service, workshop_id, self.book)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # the templates ship with the code; no stat() per page
            extensions=["jinja2.ext.i18n"],
        )
        # _() and ngettext() in the templates speak the workshop's language
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            *gettext_callables(self.language), newstyle=True)
        version = _static_version()
        self.env.globals.update(
            base=self.base, workshop_name=self.workshop_name,
            static=lambda name: f"/static/{name}?v={version}",
            note_max=NOTE_MAX_CHARS, name_max=NAME_MAX_CHARS, follow_up=follow_up,
        )
        self.pages = PageCache(self.env)
        self.names = NameList(self.env)
        # Compiled now, while the room opens, not by the first phones to scan.
        for name in ("join.html", "name.html", "room.html", "error.html", "leave.html",
                     "followup.html"):
            self.env.get_template(name)
        # Likewise the lookalike table and everyone's name keys, which the
        # first phone to add itself would otherwise wait for, and the room
        # with it (tens of milliseconds).
        marker = service.change_marker(workshop_id)
        self._people = (marker, service.participants(workshop_id))
        for person in self._people[1]:
            name_keys(person.name)
        self.names.prepare(self._people[1])

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
        # The values that differ from phone to phone go in after rendering,
        # so a room of phones shares one rendering (see PageCache).
        fills: dict[str, str] = {"csrf": context["csrf"]}
        context["csrf"] = self.pages.marker("csrf")
        if context["person"] is not None:
            fills["name"] = context["person"].name
            context["person"] = StandIn(self.pages.marker("name"))
        if "names_html" in context:
            fills["names"] = context["names_html"]
            context["names_html"] = self.pages.marker("names")
        html = self.pages.render(template, context, fills)
        return web.Response(text=html, status=status, content_type="text/html",
                            charset="utf-8")

    def message(self, problem: _Problem) -> str:
        # A date is written the way the page's language writes dates (the
        # serve log, in English, keeps it as YYYY-MM-DD).
        values = {name: i18n.format_date(value, self.language) if isinstance(value, date)
                  else value for name, value in problem.values.items()}
        return self.t(problem.key, **values)

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
        return self.sessions.get(_session_cookie(request))

    def set_cookie(self, response: web.StreamResponse, session: _Session) -> None:
        if not _URLSAFE.fullmatch(session.id):  # never: ids are ours, URL-safe base64
            response.set_cookie(SESSION_COOKIE, session.id, path=self.base, httponly=True,
                                samesite="Lax", max_age=SESSION_DAYS * 24 * 3600)
            return
        # The header aiohttp's set_cookie writes, without building a cookie
        # jar for it on every join (twice per phone).
        response.headers.add(hdrs.SET_COOKIE, f"{SESSION_COOKIE}={session.id}{self._cookie}")

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
        """The session's participant, by id (ids are never reused; a name
        lookup scanned the whole list for a case-insensitive match)."""
        if session.participant_id is None:
            return None
        try:
            person = self.service.participant(self.workshop_id, session.participant_id)
        except NotFound:
            return None
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
        view = self.views.current()
        section, index, rnd = view.section, view.index, view.rnd
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
            "workshop_name": view.workshop.name,
            "person": person, "csrf": session.csrf, "section": section, "index": index,
            "total": len(self.book.sections), "mode": mode, "rnd": rnd, "items": [],
            "rows": [], "my_notes": [], "spent": 0, "left": 0, "top": 0,
        }
        if rnd is not None:
            mine = self.service.dots_of(rnd.id, person.id)
            spent = sum(mine.values())
            context.update(spent=spent, left=max(rnd.dots_per_person - spent, 0))
            context["items"] = [(item, mine.get(item.id, 0)) for item in view.initiatives]
            if rnd.status != "open":
                rows = view.rows
                context["rows"] = [(row, mine.get(row.initiative_id, 0)) for row in rows]
                context["top"] = max((row.dots for row in rows), default=0)
        if mode == "capture":
            notes = self.service.notes(self.workshop_id, section.id)
            context["my_notes"] = [n for n in reversed(notes)
                                   if n.participant_id == person.id
                                   or n.id in session.anon_notes][:30]
        context["v"] = view.v
        return context

    def fingerprint(self) -> str:
        return self.views.current().v

    def join_context(self, session: _Session) -> dict[str, Any]:
        # The list is read again only when the action log moved (any add,
        # rename or removal, from anywhere), and the log is asked only once
        # anything was written at all; see NameList for the buttons.
        version = self.service.data_version()
        if self._people is None or self._people_version != version:
            marker = self.service.change_marker(self.workshop_id)
            if self._people is None or self._people[0] != marker:
                self._people = (marker, self.service.participants(self.workshop_id))
            self._people_version = version
        people = self._people[1]
        held = frozenset(self.sessions.holders()) - {session.participant_id}
        # Whether there are names, and enough to search, rather than how many:
        # the page is then the same for every phone while people add themselves.
        return {"listed": bool(people), "searchable": len(people) > 12,
                "names_html": self.names.html(people, held),
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
