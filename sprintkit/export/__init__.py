"""Exporters: a workshop snapshot in, bytes out. Pure: no database, no UI.

Each format registers a function ``render(snapshot, options) -> bytes``.
Heavy renderers (the PDF) import their libraries only when called, so the
CLI and the TUI start fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sprintkit.errors import InvalidInput
from sprintkit.service import WorkshopSnapshot


@dataclass(frozen=True)
class ExportOptions:
    paper: str = "a4"
    strict: bool = False
    pdf_variant: str | None = None
    # Every initiative's full write-up and every note (the appendix), not the
    # leadership report's short form.
    full: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


Renderer = Callable[[WorkshopSnapshot, ExportOptions], bytes]


def _json(snapshot: WorkshopSnapshot, options: ExportOptions) -> bytes:
    from sprintkit.archive import dumps

    return dumps(snapshot).encode("utf-8")


FORMATS: dict[str, tuple[str, Renderer]] = {
    "json": (".json", _json),
}


def register(name: str, suffix: str, renderer: Renderer) -> None:
    FORMATS[name] = (suffix, renderer)


def _load_optional_formats() -> None:
    # Formats that live in their own modules register themselves on import.
    import importlib

    for module in ("sprintkit.export.formats", "sprintkit.export.progress_report"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def available_formats() -> list[str]:
    _load_optional_formats()
    return list(FORMATS)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:60] or "workshop"


def default_filename(snapshot: WorkshopSnapshot, fmt: str, on: date | None = None,
                     full: bool = False) -> str:
    suffix = FORMATS[fmt][0]
    day = (on or date.today()).isoformat()
    # The full report gets a name of its own, so it never replaces the short one.
    kind = "-full" if full and fmt in ("pdf", "html") else ""
    return f"{slugify(snapshot.workshop.name)}{kind}-{day}{suffix}"


def render(snapshot: WorkshopSnapshot, fmt: str, options: ExportOptions | None = None) -> bytes:
    formats = available_formats()
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format '{fmt}' (formats: {', '.join(formats)})")
    return FORMATS[fmt][1](snapshot, options or ExportOptions())


def export_to_file(snapshot: WorkshopSnapshot, fmt: str, output: Path | None = None,
                   options: ExportOptions | None = None) -> Path:
    """Render, then write atomically: a failed export never leaves half a file."""
    data = render(snapshot, fmt, options)
    full = bool(options and options.full)
    if output is None:
        from sprintkit.paths import default_export_dir

        output = default_export_dir() / default_filename(snapshot, fmt, full=full)
        output.parent.mkdir(parents=True, exist_ok=True)
    elif output.is_dir():
        output = output / default_filename(snapshot, fmt, full=full)
    elif not output.parent.is_dir():
        # Only the default folder is created on the fly: a mistyped path should
        # not grow new folders somewhere unexpected.
        raise InvalidInput(f"{output.parent}: no such folder")
    tmp = output.with_name(f".{output.name}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"{output}: cannot write ({exc.strerror})") from None
    return output
