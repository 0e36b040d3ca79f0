"""Votes that arrive together share one commit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

MAX_BATCH = 32                 # votes in one commit at most: the facilitator's writes wait for it


class Batcher:
    """Collects the writes of one turn of the event loop and commits them as one."""

    def __init__(self, service: Any) -> None:
        self.service = service
        self._pending: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._commit_handle: asyncio.Handle | None = None

    async def call_together(self, fn: Callable[[], Any]) -> Any:
        """Run a write that many phones send at once (a vote), committed together
        with the others that arrived in the same turn of the event loop.

        A lone vote spends about a third of its time on its transaction
        (begin, commit); a room tapping flat out sends dozens per turn, which
        then share one. Each call keeps its own checks and its own
        answer (a refused one stores nothing and spoils none of the others),
        and no answer goes out before the commit that holds it.
        """
        return await self.submit(fn)

    def submit(self, fn: Callable[[], Any]) -> asyncio.Future[Any]:
        """``call_together`` without waiting: writes submitted one after the
        other run in that order, each in its own savepoint, in the same
        commit (or, past MAX_BATCH, the one right after), so one can build on
        what the previous one wrote and still fail alone."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._pending.append((fn, future))
        if self._commit_handle is None:
            self._commit_handle = loop.call_soon(self._commit_pending)
        return future

    def _commit_pending(self) -> None:
        self._commit_handle = None
        pending, self._pending = self._pending, []
        try:
            for start in range(0, len(pending), MAX_BATCH):
                self._commit(pending[start:start + MAX_BATCH])
        finally:
            # only if something like KeyboardInterrupt cut the loop short:
            # no request may wait for an answer that will never come
            for _, future in pending:
                if not future.done():
                    future.cancel()

    def _commit(self, batch: list[tuple[Callable[[], Any], asyncio.Future[Any]]]) -> None:
        batch = [(fn, future) for fn, future in batch if not future.done()]
        if not batch:
            return
        try:
            results = self.service.run_together([fn for fn, _ in batch])
        except Exception as exc:  # the commit failed: nothing of this batch stands
            for _, future in batch:
                future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)
