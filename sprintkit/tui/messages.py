"""Changes the screens and steps ask for, posted up to the app as messages.

A screen, step or dialog never runs a service operation itself: it posts a
``Wanted`` message that says what the facilitator wants, with the ids and
values it needs, and the app hands every such message to ``Actions``, which
runs it, words a refusal in the workshop's language and redraws what shows
workshop data. A sender that needs the outcome (to select what was made, or
move on to the next row) handles the ``Done`` message sent back to it; a
dialog that shows a refusal in place of a toast handles ``Refused``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual.message import Message
from textual.message_pump import MessagePump


class Wanted(Message):
    """A change asked for; see the module's docstring."""

    # Refused here, the refusal goes back to the sender as ``Refused`` instead
    # of a toast (a dialog that shows it beside the field).
    refused_in_place: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Textual names a handler after each message class; every change is
        # handled by the app's one ``on_wanted``, which passes it to Actions.
        cls.handler_name = "on_wanted"

    # Set by the first ``AsksForChanges`` that posts it (see there).
    _origin: MessagePump | None = None

    @property
    def origin(self) -> MessagePump | None:
        """The screen or step that asked: where ``Done`` and ``Refused`` go."""
        return self._origin


Wanted.handler_name = "on_wanted"


class AsksForChanges(MessagePump):
    """A screen or step that posts ``Wanted`` messages and hears back about them.

    Textual's own note of a message's sender is whoever was running when it was
    made, which for an action started by a key is the app, not the step: so
    the step marks itself as the origin as it posts.
    """

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Wanted) and message._origin is None:
            message._origin = self
        return super().post_message(message)


@dataclass
class Done(Message, bubble=False):
    """Back to the sender: ``wanted`` was saved; ``result`` is what the service returned."""

    wanted: Wanted
    result: Any = None


@dataclass
class Refused(Message, bubble=False):
    """Back to a sender that shows refusals itself: the worded reason."""

    wanted: Wanted
    reason: str = field(default="")


# ------------------------------------------------------------------ voting
@dataclass
class OpenRound(Wanted):
    workshop_id: int
    dots: int
    max_per_item: int
    anonymous: bool


@dataclass
class ChangeBudget(Wanted):
    workshop_id: int
    dots: int
    max_per_item: int


@dataclass
class CloseRound(Wanted):
    """``over_budget`` ("trim" or "keep") when the budget was lowered below a ballot."""

    workshop_id: int
    over_budget: str | None = None


@dataclass
class RevealRound(Wanted):
    workshop_id: int


# ----------------------------------------------------------------- scoring
@dataclass
class ScoreInitiative(Wanted):
    """One person's score, or with ``participant_id`` None the group's."""

    workshop_id: int
    participant_id: int | None
    initiative_id: int
    impact: int
    effort: int


# ------------------------------------------------------------- initiatives
@dataclass
class CreateInitiative(Wanted):
    """A new initiative of ``note_ids``; ``Done.result`` is the initiative."""

    workshop_id: int
    title: str
    note_ids: list[int]


@dataclass
class AddNotes(Wanted):
    workshop_id: int
    initiative_id: int
    note_ids: list[int]


@dataclass
class UngroupNotes(Wanted):
    workshop_id: int
    note_ids: list[int]


@dataclass
class EditInitiative(Wanted):
    """A new title or description; None leaves it as it is."""

    workshop_id: int
    initiative_id: int
    title: str | None = None
    description: str | None = None


@dataclass
class MergeInitiatives(Wanted):
    workshop_id: int
    target_id: int
    others: list[int]


@dataclass
class SplitInitiative(Wanted):
    workshop_id: int
    initiative_id: int
    note_ids: list[int]
    title: str


@dataclass
class DeleteInitiative(Wanted):
    workshop_id: int
    initiative_id: int


# ----------------------------------------------------------------- roadmap
@dataclass
class PlaceInitiative(Wanted):
    """Roadmap fields to set (``set_roadmap``'s keywords: phase, owner, metric…)."""

    workshop_id: int
    initiative_id: int
    values: dict[str, Any]


@dataclass
class MoveInPhase(Wanted):
    workshop_id: int
    initiative_id: int
    delta: int
