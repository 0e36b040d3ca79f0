"""What the app asks of the screens on its stack, declared by the screens' types.

The app does not import the screens (it loads them when first needed), so it
cannot test for their classes; these small bases say what a screen offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import SystemCommand


class ShowsWorkshopData:
    """A screen drawn from the database: redrawn after every saved change."""

    def reload(self) -> None:
        raise NotImplementedError


class FollowsRoom:
    """A screen that shows the phone room's state."""

    def refresh_room(self) -> None:
        raise NotImplementedError


class OffersCommands:
    """A screen with entries of its own in the command palette."""

    def commands(self) -> Iterable[SystemCommand]:
        raise NotImplementedError


class RunsChanges:
    """The app: it runs the changes screens ask for, and knows which are still
    on their way, so that keys typed meanwhile wait for them (see keyorder)."""

    def asked(self, wanted: Any) -> None:
        raise NotImplementedError

    def answered(self, wanted: Any) -> None:
        raise NotImplementedError
