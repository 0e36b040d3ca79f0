"""Screens opened from a workshop: people, voices, history, export, help, ballots.

The home, workshop and room screens live here too but are not imported by this
package: the workshop screen imports the steps, and the steps open the dialogs
below, so importing it here would make the package import itself.
"""

from __future__ import annotations

from sprintkit.tui.screens.ballot import BallotChangedScreen, BallotScreen
from sprintkit.tui.screens.base import SCREEN_CSS, SubScreen
from sprintkit.tui.screens.export import ExportScreen
from sprintkit.tui.screens.help import HelpScreen
from sprintkit.tui.screens.history import HistoryScreen
from sprintkit.tui.screens.initiative import InitiativeScreen
from sprintkit.tui.screens.people import ParticipantsScreen
from sprintkit.tui.screens.scoring import ScoreDialog
from sprintkit.tui.screens.voices import VoicesScreen

__all__ = [
    "SCREEN_CSS", "BallotChangedScreen", "BallotScreen", "ExportScreen", "HelpScreen",
    "HistoryScreen", "InitiativeScreen", "ParticipantsScreen", "ScoreDialog", "SubScreen",
    "VoicesScreen",
]
