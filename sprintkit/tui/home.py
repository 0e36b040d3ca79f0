"""Moved to ``sprintkit.tui.screens.home``; kept so older imports keep working."""

from __future__ import annotations

from sprintkit.tui.screens.home import *  # noqa: F403
