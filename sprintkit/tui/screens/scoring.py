"""Scoring one initiative: impact, then effort."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from sprintkit.tui import keymap
from sprintkit.tui.format import literal
from sprintkit.tui.labels import tr
from sprintkit.tui.widgets import (
    DismissOnce,
    localize_bindings,
)


class ScoreDialog(DismissOnce, ModalScreen[tuple[int, int] | None]):
    """Impact then effort, each one keypress from 1 to 5."""

    BINDINGS = keymap.bindings('score-dialog')

    def __init__(self, title: str, scorer: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.scorer = scorer
        self.impact: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            yield Label(Text(tr("score.as", name=self.scorer)), classes="hint")
            yield Label(tr("score.ask_impact"), id="score-ask")

    def on_key(self, event) -> None:
        if event.character and event.character in "12345":
            event.stop()
            value = int(event.character)
            if self.impact is None:
                self.impact = value
                self.query_one("#score-ask", Label).update(
                    tr("score.ask_effort", impact=value))
            else:
                self.dismiss((self.impact, value))

    def action_cancel(self) -> None:
        self.dismiss(None)
