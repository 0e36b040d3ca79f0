"""Changes the screens and steps ask for, posted up to the app as messages.

A screen, step or dialog never runs a service operation itself: it posts a
``Wanted`` message that says what the facilitator wants, with the ids and
values it needs, and the app hands every such message to ``Actions``, which
runs it, words a refusal in the workshop's language and redraws what shows
workshop data (the app takes every subclass with one ``@on(Wanted)``). A
sender that needs the outcome (to select what was made, or move on to the next
row) handles the ``Done`` message sent back to it, and ``Refused`` when it was
not saved (a dialog can show the reason in place of a toast).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.message import Message
from textual.message_pump import MessagePump

from sprintkit.errors import BallotChanged, SprintkitError
from sprintkit.tui.roles import RunsChanges

if TYPE_CHECKING:
    from sprintkit.models import Playbook


class Wanted(Message):
    """A change asked for; see the module's docstring."""

    # Run in a worker thread, for changes that read files and may take a while.
    in_background: ClassVar[bool] = False

    # Set by the first ``AsksForChanges`` that posts it (see there).
    _origin: MessagePump | None = None

    # Set by a sender that shows every refusal itself (a form that stays open).
    shown_in_place: bool = False

    def refused_here(self, error: SprintkitError) -> bool:
        """Whether the sender shows this refusal itself, worded in ``Refused.reason``,
        in place of a toast (a dialog that shows it beside the field)."""
        return self.shown_in_place

    @property
    def origin(self) -> MessagePump | None:
        """The screen or step that asked: where ``Done`` and ``Refused`` go."""
        return self._origin


@dataclass
class Done(Message, bubble=False):
    """Back to the sender: ``wanted`` was saved; ``result`` is what the service returned."""

    wanted: Wanted
    result: Any = None


@dataclass
class Refused(Message, bubble=False):
    """Back to the sender: ``wanted`` was not saved. ``reason`` is worded when
    the sender shows it (``refused_here``); otherwise it was shown as a toast."""

    wanted: Wanted
    reason: str = field(default="")
    error: Exception | None = None


class AsksForChanges(MessagePump):
    """A screen or step that posts ``Wanted`` messages and hears back about them.

    Textual's own note of a message's sender is whoever was running when it was
    made, which for an action started by a key is the app, not the step: so
    the step marks itself as the origin as it posts.
    """

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Wanted) and message._origin is None:
            message._origin = self
            app = self.app
            if isinstance(app, RunsChanges):
                app.asked(message)
        return super().post_message(message)

    # Runs after the subclass's own handlers of the answer (Textual walks the
    # classes from the most derived): whatever they opened or focused is done.
    @on(Done)
    @on(Refused)
    def _answered(self, message: Done | Refused) -> None:
        app = self.app
        if isinstance(app, RunsChanges):
            app.answered(message.wanted)


@dataclass
class ReadFailed(Message):
    """A screen could not read what it shows (the file busy or broken): the app says so."""

    error: Exception


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


@dataclass
class CastBallot(Wanted):
    """One person's dots, saved only if their stored dots are still ``expected``."""

    workshop_id: int
    participant_id: int
    dots: dict[int, int]
    expected: dict[int, int]

    def refused_here(self, error: SprintkitError) -> bool:
        # The ballot shows the dots stored meanwhile beside the ones just given.
        return isinstance(error, BallotChanged)

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


# --------------------------------------------------------------- workshops
@dataclass
class CreateWorkshop(Wanted):
    """``Done.result`` is the new workshop."""

    name: str
    playbook: Playbook
    organisation: str = ""
    facilitator: str = ""


@dataclass
class RenameWorkshop(Wanted):
    workshop_id: int
    name: str


@dataclass
class EditWorkshop(Wanted):
    """Details to set (``update_workshop``'s keywords: organisation, facilitator…)."""

    workshop_id: int
    values: dict[str, Any]


@dataclass
class DeleteWorkshop(Wanted):
    workshop_id: int



@dataclass
class KeepExportFolder(Wanted):
    """The folder this workshop's exports go to, offered again next time."""

    workshop_id: int
    folder: str


@dataclass
class GoToSection(Wanted):
    """Where the team is, for reopening the workshop there."""

    workshop_id: int
    section_id: str


@dataclass
class KeepTimebox(Wanted):
    """A step's timer as it stands (``state`` None: reset)."""

    workshop_id: int
    section_id: str
    state: dict[str, Any] | None

# ------------------------------------------------------------------ people
@dataclass
class AddParticipant(Wanted):
    """``Done.result`` is the new participant."""

    workshop_id: int
    name: str
    role: str = ""


@dataclass
class EditParticipant(Wanted):
    workshop_id: int
    participant_id: int
    name: str
    role: str


@dataclass
class RemoveParticipant(Wanted):
    workshop_id: int
    participant_id: int


@dataclass
class ImportParticipants(Wanted):
    """A CSV file of people; read off the UI thread, as a big file takes a while."""

    in_background: ClassVar[bool] = True

    workshop_id: int
    path: Path


# ------------------------------------------------------------------- notes
@dataclass
class AddNote(Wanted):
    """A note typed in a capture step; ``typed`` is the line as typed, for the
    step to hold aside if the note is refused."""

    workshop_id: int
    section_id: str
    text: str
    participant_id: int | None
    lenses: list[str]
    prompt_index: int | None
    typed: str = ""


@dataclass
class EditNote(Wanted):
    """Note fields to set (``edit_note``'s keywords: text, participant, lenses)."""

    workshop_id: int
    note_id: int
    values: dict[str, Any]


@dataclass
class DeleteNote(Wanted):
    workshop_id: int
    note_id: int


@dataclass
class MoveNote(Wanted):
    workshop_id: int
    note_id: int
    section_id: str


@dataclass
class HoldLine(Wanted):
    """A line a capture step holds aside, to keep across a restart."""

    workshop_id: int
    key: str
    section_id: str
    text: str
    problems: list[str]


@dataclass
class DropHeld(Wanted):
    """A held line was saved or thrown away."""

    workshop_id: int
    key: str


@dataclass
class TakeUpTyping(Wanted):
    """Field texts an earlier run kept are held lines now: row id to key."""

    workshop_id: int
    keys: dict[int, str]


@dataclass
class KeepTyping(Wanted):
    """What a capture step's field holds after a pause in typing; empty clears it."""

    workshop_id: int
    section_id: str
    text: str


# --------------------------------------------------------- customer evidence
@dataclass
class ImportEvidence(Wanted):
    """A feedback export to import as evidence notes; read off the UI thread,
    as reading and folding a large export takes seconds."""

    in_background: ClassVar[bool] = True

    workshop_id: int
    path: Path
    options: Any  # sprintkit.service.evidence.EvidenceOptions


@dataclass
class UnfoldEvidence(Wanted):
    workshop_id: int
    note_id: int


@dataclass
class AcceptLensSuggestion(Wanted):
    workshop_id: int
    note_id: int


@dataclass
class DismissLensSuggestion(Wanted):
    """Drop a note's suggested lens without tagging the note with it."""

    workshop_id: int
    note_id: int


@dataclass
class PreviewEvidence(Wanted):
    """What importing a file would do (the dry run): writes nothing. The
    import dialog shows a refusal in place of its preview."""

    in_background: ClassVar[bool] = True

    workshop_id: int
    path: Path
    options: Any  # sprintkit.service.evidence.EvidenceOptions

    def refused_here(self, error: SprintkitError) -> bool:
        return True

# --------------------------------------------------------------- follow-up
@dataclass
class SetStatus(Wanted):
    """A roadmap item's status at a check-in (planned, on-track, at-risk…)."""

    workshop_id: int
    initiative_id: int
    status: str
    note: str = ""


@dataclass
class AddReading(Wanted):
    """A metric reading as typed; ``on`` empty: today."""

    workshop_id: int
    initiative_id: int
    value: str
    on: str
    note: str = ""


@dataclass
class WriteNextStep(Wanted):
    """An item's next step; ``due`` empty: no due date."""

    workshop_id: int
    initiative_id: int
    next_step: str
    due: str = ""
    note: str = ""
