"""Widgets and dialogs the screens and steps are built from, one kind per module."""

from __future__ import annotations

from sprintkit.tui.widgets.bindings import localize_bindings
from sprintkit.tui.widgets.dialogs import (
    DIALOG_CSS,
    ConfirmScreen,
    DiscardScreen,
    DismissOnce,
    FormScreen,
    LineInput,
    PasteScreen,
    PickScreen,
    PromptScreen,
    TextScreen,
    TogglesScreen,
    ask_before_discarding,
)
from sprintkit.tui.widgets.intro import Intro, IntroScreen
from sprintkit.tui.widgets.keybar import KeyBar
from sprintkit.tui.widgets.rows import Row, RowList
from sprintkit.tui.widgets.timer import TimerBar

__all__ = [
    "DIALOG_CSS", "ConfirmScreen", "DiscardScreen", "DismissOnce", "FormScreen", "Intro",
    "IntroScreen", "KeyBar", "LineInput", "PasteScreen", "PickScreen", "PromptScreen", "Row",
    "RowList", "TextScreen", "TimerBar", "TogglesScreen", "ask_before_discarding",
    "localize_bindings",
]
