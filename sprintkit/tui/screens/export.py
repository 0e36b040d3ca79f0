"""Choosing an export format and writing the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, ProgressBar, Static

from sprintkit.errors import SprintkitError
from sprintkit.tui import keymap
from sprintkit.tui.labels import error_text, tr
from sprintkit.tui.messages import Done, KeepExportFolder
from sprintkit.tui.screens.base import SCREEN_CSS, SubScreen
from sprintkit.tui.widgets import (
    KeyBar,
    PromptScreen,
    Row,
    RowList,
)

# The row for the full PDF report (``export --full``).
FULL_PDF = "pdf-full"


def file_type(fmt: str) -> str:
    """What kind of file a row writes: "PDF" for the report, the full report
    and the progress report alike (the row's description tells them apart)."""
    kind = fmt.removeprefix("progress-") if fmt.startswith("progress-") else fmt.split("-")[0]
    return kind.upper()


def about(fmt: str) -> str:
    return tr(f"export.about.{fmt}") if tr.has(f"export.about.{fmt}") else ""


class ExportScreen(SubScreen):
    BINDINGS = keymap.bindings('export')
    DEFAULT_CSS = SCREEN_CSS + """
    ExportScreen #formats { height: auto; max-height: 11; margin: 0 1; border: round $primary; }
    ExportScreen ProgressBar { padding: 0 1; }
    ExportScreen #export-log { height: 1fr; padding: 0 1; }
    """

    def __init__(self, workshop_id: int) -> None:
        super().__init__(workshop_id)
        self.folder = Path()
        self.running = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("export.title"), classes="screen-title")
        yield Label("", classes="screen-hint", id="export-folder")
        yield RowList(empty=tr("export.loading"), id="formats")
        yield ProgressBar(total=None, show_eta=False, id="export-progress")
        yield VerticalScroll(Static("", id="export-log"))
        yield KeyBar()

    def on_mount(self) -> None:
        from sprintkit.paths import default_export_dir

        # The folder chosen for this workshop last time, else one that does not
        # depend on where sprintkit was started.
        chosen = self.service.export_folder(self.workshop_id)
        self.folder = Path(chosen).expanduser() if chosen else default_export_dir()
        self.query_one(ProgressBar).display = False
        self._draw_folder()
        self.query_one(RowList).focus()
        self.load_formats()
        self.log_lines: list[Text] = []
        # Most exports are PDFs: have the worker ready by the time one is asked for.
        self.app.exporter.warm()

    def _draw_folder(self) -> None:
        self.query_one("#export-folder", Label).update(
            Text(tr("export.folder", folder=str(self.folder))))

    @work(thread=True, exclusive=True, group="formats")
    def load_formats(self) -> None:
        from sprintkit.export import available_formats

        formats = available_formats()
        self.app.call_from_thread(self._show_formats, formats)

    def _show_formats(self, formats: list[str]) -> None:
        # The roadmap PDF is what most exports are for: it comes first.
        formats = sorted(formats, key=lambda fmt: fmt != "pdf")
        if "pdf" in formats:  # the full report: every write-up and every note
            formats.insert(1, FULL_PDF)
        rows = [Row(fmt, Text.assemble((f" {file_type(fmt):<5}", "bold"), " ",
                                       (about(fmt), "dim")))
                for fmt in formats]
        self.query_one(RowList).set_rows(rows)

    def _log(self, text: Text) -> None:
        self.log_lines.append(text)
        self.query_one("#export-log", Static).update(Text("\n").join(self.log_lines[-50:]))

    def action_folder(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                folder = Path(path).expanduser()
                if folder.exists() and not folder.is_dir():
                    self.notify(tr("export.not_a_folder", folder=str(folder)),
                                severity="error", timeout=6)
                    return
                # Kept in the database: the next start offers the same folder.
                self.post_message(KeepExportFolder(self.workshop_id, str(folder)))

        self.app.push_screen(PromptScreen(tr("export.folder_prompt"), str(self.folder)),
                             chosen)

    @on(Done)
    def _saved(self, event: Done) -> None:
        if isinstance(event.wanted, KeepExportFolder):
            self.folder = Path(event.wanted.folder)
            self._draw_folder()
            self.notify(tr("export.folder_kept", folder=event.wanted.folder), timeout=4)

    @on(RowList.Selected, "#formats")
    def _chosen(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        fmt = self.query_one(RowList).current_key
        if fmt is not None:
            self.run_exports([str(fmt)])

    def action_export_all(self) -> None:
        formats = [str(k) for k in self.query_one(RowList).row_keys()]
        if formats:
            self.run_exports(formats)

    @work(exclusive=False, group="export")
    async def run_exports(self, formats: list[str]) -> None:
        bar = self.query_one(ProgressBar)
        self.running += 1
        bar.display = True
        try:
            for fmt in formats:
                self._log(Text(tr("export.working", fmt=file_type(fmt)), style="italic"))
                ok, message = await self._export_one(fmt)
                if ok:
                    self._log(Text.assemble(("✓ ", "bold green"), (file_type(fmt), "bold"), "  ",
                                            about(fmt), "  ", message))
                    self.notify(tr("export.done", path=message), timeout=6)
                else:
                    self._log(Text.assemble(("✗ ", "bold red"), (file_type(fmt), "bold"), "  ",
                                            about(fmt), "  ", message))
                    self.notify(message, severity="error", timeout=8)
        finally:
            self.running -= 1
            bar.display = self.running > 0

    async def _export_one(self, fmt: str) -> tuple[bool, str]:
        """Render off the UI thread (the PDF in the app's worker process)."""
        try:
            path = await self.app.exporter.export(
                lambda: self.service.snapshot(self.workshop_id),
                "pdf" if fmt == FULL_PDF else fmt, self.folder, full=fmt == FULL_PDF)
        except SprintkitError as exc:
            return False, error_text(exc)
        except sqlite3.Error as exc:
            return False, tr("error.database", error=str(exc))
        return True, str(path)
