"""Exports from the TUI: rendered off the UI thread, the PDF in a warm worker process.

Rendering a PDF is seconds of pure Python; in the app's own process it would
freeze the screen even in a thread. One worker process is started when the
export screen opens and imports the PDF engine at once, so the first PDF does
not wait for that import; later exports reuse it. The other formats take a
fraction of a second and run in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from sprintkit.errors import SprintkitError

# Formats rendered in the worker process.
IN_WORKER = frozenset({"pdf", "progress-pdf"})


class ExportFailed(SprintkitError):
    """An export that did not produce a file; ``key`` and ``params`` say why."""


def _warm() -> None:
    from sprintkit.export import available_formats
    from sprintkit.export.html import render_pdf  # noqa: F401  (the import is the point)

    available_formats()


def _write(snapshot: Any, fmt: str, folder: Path,
           full: bool = False) -> tuple[str, str, dict[str, Any]]:
    """Render and write one file; the outcome as plain data.

    Run in the worker process, so nothing that may not survive pickling (an
    exception with keyword arguments, say) is sent back.
    """
    from sprintkit.export import ExportOptions, export_to_file

    try:
        path = export_to_file(snapshot, fmt, folder, ExportOptions(full=full))
    except SprintkitError as exc:
        return "refused", str(exc), {"key": exc.key, "params": dict(exc.params)}
    except Exception as exc:  # any renderer failure is reported, not raised
        return "failed", f"{type(exc).__name__}: {exc}", {}
    return "ok", str(path.resolve()), {}


def _outcome(fmt: str, result: tuple[str, str, dict[str, Any]]) -> Path:
    status, text, extra = result
    if status == "ok":
        return Path(text)
    if status == "refused" and extra.get("key"):
        raise ExportFailed(text, key=extra["key"], **extra["params"])
    raise ExportFailed(text, key="export_failed", fmt=fmt.upper(), error=text)


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """The terminal's stderr while a worker process is started.

    Textual replaces ``sys.stderr`` with an object without a usable file
    descriptor, and multiprocessing hands that descriptor to its helper
    process, which then fails to start.
    """
    if sys.__stderr__ is None:
        yield
        return
    with contextlib.redirect_stderr(sys.__stderr__):
        yield


class Exporter:
    """Owned by the app: one worker process for as long as the app runs."""

    def __init__(self) -> None:
        self._pool: Any = None
        self._warming: Future | None = None

    def _worker(self) -> Any:
        if self._pool is None:
            # Imported here: only an export needs a process pool.
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # A fresh interpreter rather than a fork of this one, which has
            # threads running (the UI's, the database's).
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def warm(self) -> None:
        """Start the worker and its imports now, without waiting for them."""
        if self._warming is None:
            with _real_stderr():
                self._warming = self._worker().submit(_warm)

    async def export(self, snapshot: Callable[[], Any], fmt: str, folder: Path, *,
                     full: bool = False) -> Path:
        """Write one export into ``folder``; raises ExportFailed, never hangs the UI."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportFailed(f"{folder}: {exc.strerror}", key="export_folder",
                               folder=str(folder), reason=exc.strerror or str(exc)) from None
        snap = await asyncio.to_thread(snapshot)
        if fmt not in IN_WORKER:
            return _outcome(fmt, await asyncio.to_thread(_write, snap, fmt, folder, full))
        from concurrent.futures.process import BrokenProcessPool

        loop = asyncio.get_running_loop()
        try:
            with _real_stderr():  # the worker may start here, if it died before
                job = loop.run_in_executor(self._worker(), _write, snap, fmt, folder, full)
            result = await job
        except BrokenProcessPool:
            # The worker died (out of memory, killed): the next export starts a new one.
            self._pool = None
            self._warming = None
            raise ExportFailed("the export process stopped", key="export_stopped",
                               fmt=fmt.upper()) from None
        return _outcome(fmt, result)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
