"""Moved to ``sprintkit.tui.screens.workshop``; kept so older imports keep working."""

from __future__ import annotations

from sprintkit.tui.screens.workshop import *  # noqa: F403
