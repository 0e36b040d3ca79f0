"""The workshop's history of changes."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Header, Label

from sprintkit.tui.format import event_text
from sprintkit.tui.labels import tr
from sprintkit.tui.screens.base import SubScreen
from sprintkit.tui.widgets import (
    KeyBar,
    Row,
    RowList,
)


class HistoryScreen(SubScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("history.title"), classes="screen-title")
        yield RowList(empty=tr("history.empty"), id="history")
        yield Label(tr("history.hint"), classes="screen-hint")
        yield KeyBar()

    def reload(self) -> None:
        rows = []
        # Which entry Ctrl+Z and Ctrl+Y would take back or redo, so the
        # facilitator can see the right one before pressing.
        next_undo = self.service.undo_target(self.workshop_id)
        next_redo = self.service.redo_target(self.workshop_id)
        for event in self.service.history(self.workshop_id, 300):
            try:
                at = datetime.fromisoformat(event.at).astimezone().strftime("%H:%M:%S")
            except ValueError:
                at = event.at[11:19]
            kind = {"do": "", "undo": tr("history.undo") + ": ",
                    "redo": tr("history.redo") + ": "}[event.kind]
            text = Text.assemble((f" {at}  ", "dim"), (kind, "bold"), event_text(event))
            if event.source != "local":
                text.append(f"  ({event.source})", style="dim")
            if event.kind == "do" and event.id == next_undo:
                text.append("  " + tr("history.next_undo"), style="bold yellow")
            elif event.kind == "do" and event.id == next_redo:
                text.append("  " + tr("history.next_redo"), style="bold cyan")
            rows.append(Row(event.id, text))
        self.query_one(RowList).set_rows(rows, keep=False)
