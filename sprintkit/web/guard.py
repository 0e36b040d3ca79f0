"""The middleware in front of every phone request: host check, rate limit,
every failure a clear 4xx page, safety headers."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError

from sprintkit.errors import SprintkitError
from sprintkit.web.handlers.base import PageBase, _Problem
from sprintkit.web.security import add_safety_headers, request_host_allowed

log = logging.getLogger(__name__)


class Guard(PageBase):
    """The page's middleware."""

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
            return self.problem_response(request, _Problem(400, "err_bad_input"),
                                         logged=True)
        except (RequestPayloadError, HttpProcessingError) as exc:
            # a body the parser could not follow (bad chunking, a multipart part
            # without proper headers)
            # held back per kind of fault, so one fault cannot hide another
            self.quiet.warn(f"payload:{type(exc).__name__}",
                            "unreadable request body from %s: %s",
                            request.remote or "?", exc)
            return self.problem_response(request, _Problem(400, "err_bad_input"),
                                         logged=True)
        except (ValueError, UnicodeError, LookupError, AssertionError) as exc:
            # a malformed body, or a charset no codec knows (LookupError)
            self.quiet.warn(f"body:{type(exc).__name__}", "unreadable request from %s: %s: %s",
                            request.remote or "?", type(exc).__name__, exc)
            return self.problem_response(request, _Problem(400, "err_bad_input"),
                                         logged=True)
        except OSError as exc:  # out of descriptors, say, opening a static file
            self.quiet.warn("os", "cannot answer a phone: %s", exc.strerror or exc)
            return self.problem_response(request, _Problem(503, "err_busy"))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("phone page failed")
            return self.problem_response(request, _Problem(500, "err_other"))
