"""Moved to ``sprintkit.tui.screens.room``; kept so older imports keep working."""

from __future__ import annotations

from sprintkit.tui.screens.room import *  # noqa: F403
