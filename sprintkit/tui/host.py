"""The application as its screens and step panes see it, for the type checker.

Textual types ``self.app`` as a plain ``App``. The screens and panes cannot
import ``SprintkitApp`` to say better: the app loads them, and the steps must
not reach one another through it. So what they use of the app is declared here,
and the app is checked against it (see the end of app.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from sprintkit.tui.exporting import Exporter
    from sprintkit.tui.reads import Reads
    from sprintkit.tui.state import UiState

class Host(Protocol):
    """What screens and panes use of the app beyond Textual's ``App``."""

    reads: Reads
    workshop_id: int | None
    room: Any
    clock: Callable[[], float]
    timers: dict[int, dict[str, dict]]
    ui: UiState
    exporter: Exporter

    def reload_all(self) -> None: ...

    def open_workshop(self, workshop_id: int) -> None: ...

    def close_workshop(self) -> None: ...

    def action_open_room(self, follow_up: bool = False) -> None: ...


if TYPE_CHECKING:
    class HostApp(App[None], Host):
        """Textual's app with sprintkit's attributes: the type of ``self.app``."""

