"""Joining the room (picking one's name or adding oneself), leaving it, and
names released while the room runs."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from functools import partial
from typing import Any

from aiohttp import web

from sprintkit.errors import InvalidInput, NotFound, SprintkitError
from sprintkit.models import NAME_MAX_CHARS, Participant
from sprintkit.web.handlers.base import PHONE, PageBase, _digits, _Problem, log
from sprintkit.web.sessions import _Session

RELEASE_CHECK_S = 1.0          # how often the database is asked for names freed elsewhere
CLAIM_EVENT_INTERVAL_S = 10.0  # at most one "name already taken" event per person and this


class Joining(PageBase):
    """Who a phone is."""

    async def join(self, request: web.Request) -> web.StreamResponse:
        session, fields = await self.form(request, bound=False)
        name = fields.get("name", "")
        role = fields.get("role", "")
        try:
            if "participant" in fields:
                person = await self._pick(session, fields["participant"])
                fresh = self.sessions.bind(session, person, remember=False)
                # joins that arrive together share one commit, as votes do
                kept = self.batcher.submit(partial(self.sessions.remember, fresh))
            elif self.follow_up:
                raise _Problem(403, "err_followup_listed_only")
            else:
                person, fresh, kept = await self._add_self(request, session, name, role)
        except _Problem as problem:
            if self.wants_json(request):
                raise
            self.refused(request, problem)
            return await self._join_page(session, status=problem.status,
                                         error=self.message(problem), name=name, role=role)
        try:
            await kept
        except (SprintkitError, sqlite3.Error):
            # the phone works all the same; it is only not recognised after a restart
            log.exception("could not keep a phone's identity for after a restart")
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

    async def _add_self(self, request: web.Request, session: _Session, name: str,
                        role: str) -> tuple[Participant, _Session, asyncio.Future[Any]]:
        """Add the phone's person and give the phone that name: the name, and
        the phone's identity right after it, in one commit (two commits in a
        row made a phone adding itself wait for two turns of a busy room)."""
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
        bound: list[_Session] = []

        def add() -> Participant:
            person = self.service.add_participant(self.workshop_id, name, role, source=PHONE)
            bound.append(self.sessions.bind(session, person, remember=False))
            return person

        def keep() -> None:
            if bound:  # the name was added: its own savepoint, so a failure here keeps it
                self.sessions.remember(bound[0])

        # names added together share one commit, as votes do
        added = self.batcher.submit(add)
        kept = self.batcher.submit(keep)
        try:
            try:
                person = await added
            except BaseException:
                # Refused, or the commit failed: a phone bound meanwhile lets
                # go, and the identity's answer (nothing, or the same failure)
                # counts as read.
                kept.add_done_callback(lambda future: future.cancelled() or future.exception())
                if bound:
                    self.sessions.unbind(bound[0])
                raise
        except InvalidInput as exc:
            if exc.key == "participant_taken":
                raise _Problem(409, "err_name_taken") from None
            if exc.key == "participant_lookalike":
                raise _Problem(409, "err_name_lookalike", other=exc.params["other"]) from None
            if exc.key == "empty":  # nothing left once invisible characters are dropped
                raise _Problem(400, "err_empty_name") from None
            raise _Problem(400, "err_bad_input") from None
        self.names_added[client] = self.names_added.get(client, 0) + 1
        return person, bound[0], kept

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
