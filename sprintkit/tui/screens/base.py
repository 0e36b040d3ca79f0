"""What the full-screen views opened from a workshop share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from sprintkit.tui import keymap
from sprintkit.tui.messages import AsksForChanges
from sprintkit.tui.roles import ShowsWorkshopData
from sprintkit.tui.widgets import (
    DismissOnce,
    RowList,
    localize_bindings,
)

if TYPE_CHECKING:
    from textual import getters

    from sprintkit.tui.host import HostApp
    from sprintkit.tui.reads import Reads

SCREEN_CSS = """
.screen-title { text-style: bold; color: $primary; padding: 0 1; width: 100%; }
.screen-hint { color: $text-muted; padding: 0 1; width: 100%; height: auto; }
.detail { height: auto; max-height: 4; padding: 0 1; background: $panel; }
"""


class SubScreen(AsksForChanges, ShowsWorkshopData, DismissOnce, Screen):
    """A full screen over the workshop; Escape goes back."""

    if TYPE_CHECKING:
        app = getters.app(HostApp)

    DEFAULT_CSS = SCREEN_CSS
    BINDINGS = keymap.bindings('subscreen')

    def __init__(self, workshop_id: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop_id = workshop_id

    @property
    def service(self) -> Reads:
        """The service's queries; changes are posted as messages (see messages.py)."""
        return self.app.reads

    def action_back(self) -> None:
        self.dismiss(None)

    def on_mount(self) -> None:
        self.reload()
        lists = self.query(RowList)
        if lists:
            lists.first().focus()

    def reload(self) -> None:
        pass
