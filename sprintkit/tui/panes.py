"""The step panes, now one module each under ``sprintkit.tui.steps``; kept for old imports."""

from __future__ import annotations

from sprintkit.tui.steps import *  # noqa: F403
from sprintkit.tui.steps import __all__  # noqa: F401
