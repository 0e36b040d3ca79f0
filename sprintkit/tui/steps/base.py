"""What every step pane shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical

from sprintkit.models import Participant, Section
from sprintkit.tui import heap
from sprintkit.tui.messages import AsksForChanges
from sprintkit.tui.widgets import (
    RowList,
    localize_bindings,
)

if TYPE_CHECKING:
    from textual import getters

    from sprintkit.tui.host import HostApp
    from sprintkit.tui.reads import Reads

BAR = "█"


class Pane(AsksForChanges, Vertical):
    """Shows one step; ``reload`` redraws it from the database."""

    if TYPE_CHECKING:
        app = getters.app(HostApp)

    DEFAULT_CSS = """
    Pane { height: 1fr; }
    Pane .intro { color: $text-muted; padding: 0 1; }
    Pane .prompt { text-style: bold; padding: 0 1; }
    Pane .detail { height: 3; padding: 0 1; background: $panel; }
    Pane .status { padding: 0 1; height: auto; }
    Pane .warn { color: $warning; text-style: bold; padding: 0 1; height: auto; }
    Pane .column-title { text-style: bold; color: $primary; padding: 0 1; width: 100%; }
    """

    def __init__(self, workshop_id: int, section: Section) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop_id = workshop_id
        self.section = section
        self.ready = False

    @property
    def service(self) -> Reads:
        """The service's queries; changes are posted as messages (see messages.py)."""
        return self.app.reads

    def people(self) -> dict[int, Participant]:
        return {p.id: p for p in self.service.participants(self.workshop_id)}

    def on_mount(self) -> None:
        self.setup()
        self.ready = True
        self.refresh_data()
        # Built once and kept while the workshop is open (see heap.py).
        self.call_after_refresh(heap.settle)
        # The facilitator may have moved on while this step was being built.
        if getattr(self.screen, "section_id", self.section.id) == self.section.id:
            self.focus_default()

    def setup(self) -> None:
        """Read what does not change while the pane is shown (the playbook)."""

    def refresh_data(self, *, only_if_changed: bool = False) -> None:
        """Reload from the database; with ``only_if_changed``, skip when nothing was logged."""
        marker = self.service.change_marker(self.workshop_id)
        if only_if_changed and marker == getattr(self, "marker", None):
            return
        self.marker = marker
        self.reload()

    def reload(self) -> None:  # pragma: no cover - overridden
        pass

    def focus_default(self) -> None:
        rows = self.query(RowList)
        if rows:
            rows.first().focus()
