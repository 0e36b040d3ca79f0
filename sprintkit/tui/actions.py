"""Runs the service operations asked for by screens and steps, and words their errors.

Screens and steps post ``Wanted`` messages (``sprintkit.tui.messages``); the app
hands each to ``Actions.handle``, which runs the handler registered for its
type below. Every change to a workshop made from the TUI goes through here, so
a refused change is shown the same way everywhere and the screens are redrawn
from what was saved.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sprintkit import i18n
from sprintkit.errors import SprintkitError
from sprintkit.tui import messages as m
from sprintkit.tui.labels import error_text, language, tr

if TYPE_CHECKING:
    from sprintkit.service import WorkshopService

W = TypeVar("W", bound=m.Wanted)


@dataclass
class Saved:
    """What a handler did: the service's result, the toast to show, whether to redraw."""

    result: Any = None
    done: str | None = None
    reload: bool = True
    # How long the toast stays; None: Textual's default, for news that takes a read.
    done_timeout: float | None = 3


Handler = Callable[["WorkshopService", Any], Saved]
HANDLERS: dict[type[m.Wanted], Handler] = {}


def handles(kind: type[W]) -> Callable[[Callable[[WorkshopService, W], Saved]],
                                       Callable[[WorkshopService, W], Saved]]:
    def register(fn: Callable[[WorkshopService, W], Saved]) -> Callable[[WorkshopService, W], Saved]:
        HANDLERS[kind] = fn
        return fn

    return register


class Host(Protocol):
    """What ``Actions`` needs of the app, without importing it."""

    def notify(self, message: str, *, title: str = ..., severity: Any = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...

    def reload_all(self) -> None: ...

    def run_worker(self, work: Callable[[], Any], *, thread: bool = ...,
                   group: str = ...) -> Any: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...


class Actions:
    def __init__(self, app: Host, service: WorkshopService) -> None:
        self.app = app
        self.service = service
        # Posted and not yet answered. Weak: a message dropped on its way (its
        # screen closed) must not leave the keys waiting for it.
        self._asked: weakref.WeakValueDictionary[int, m.Wanted] = weakref.WeakValueDictionary()
        self._one_at_a_time = threading.Lock()

    def asked(self, wanted: m.Wanted) -> None:
        self._asked[id(wanted)] = wanted

    def answered(self, wanted: m.Wanted) -> None:
        """The sender has taken the answer in (see ``AsksForChanges``)."""
        self._asked.pop(id(wanted), None)

    @property
    def waiting(self) -> bool:
        return bool(self._asked)

    def handle(self, wanted: m.Wanted) -> None:
        """Run the change a screen asked for, then answer its sender."""
        if wanted.in_background:
            self.app.run_worker(partial(self._in_thread, wanted), thread=True,
                                group="background-changes")
        else:
            self._answer(wanted, *self._run(wanted))

    def _in_thread(self, wanted: m.Wanted) -> None:
        # One at a time, as the UI thread's changes are: two files imported in
        # a row are both read, the first first.
        with self._one_at_a_time:
            outcome = self._run(wanted)
        self.app.call_from_thread(self._answer, wanted, *outcome)

    def _run(self, wanted: m.Wanted) -> tuple[Saved | None, Exception | None]:
        try:
            return HANDLERS[type(wanted)](self.service, wanted), None
        except (SprintkitError, sqlite3.Error) as exc:
            return None, exc

    def _answer(self, wanted: m.Wanted, saved: Saved | None, error: Exception | None) -> None:
        reply: m.Done | m.Refused
        if saved is None:
            assert isinstance(error, SprintkitError | sqlite3.Error)
            in_place = isinstance(error, SprintkitError) and wanted.refused_here(error)
            if not in_place:
                self.report(error)
            reply = m.Refused(wanted, error_text(error) if in_place else "", error)
        else:
            if saved.done:
                self.app.notify(saved.done, timeout=saved.done_timeout)
            if saved.reload:
                self.app.reload_all()
            reply = m.Done(wanted, saved.result)
        origin = wanted.origin
        if origin is None or not origin.post_message(reply):  # its screen has gone
            self.answered(wanted)

    def report(self, exc: SprintkitError | sqlite3.Error, *, title: str = "") -> None:
        """Show a refused or failed operation in the UI's language."""
        if isinstance(exc, sqlite3.Error):  # e.g. the file is locked by another program
            self.app.notify(tr("error.database", error=str(exc)), title=title,
                            severity="error", timeout=10)
        else:
            self.app.notify(error_text(exc), title=title, severity="error",
                            timeout=8 if title else 6)


# ------------------------------------------------------------------ voting
@handles(m.OpenRound)
def _open_round(service: WorkshopService, w: m.OpenRound) -> Saved:
    return Saved(service.open_round(w.workshop_id, dots=w.dots, max_per_item=w.max_per_item,
                                    anonymous=w.anonymous), tr("vote.opened"))


@handles(m.ChangeBudget)
def _change_budget(service: WorkshopService, w: m.ChangeBudget) -> Saved:
    return Saved(service.set_round_budget(w.workshop_id, dots=w.dots,
                                          max_per_item=w.max_per_item),
                 tr("vote.budget_changed"))


@handles(m.CloseRound)
def _close_round(service: WorkshopService, w: m.CloseRound) -> Saved:
    done = tr(f"vote.closed.{w.over_budget}") if w.over_budget else tr("vote.closed")
    return Saved(service.close_round(w.workshop_id, over_budget=w.over_budget), done)


@handles(m.RevealRound)
def _reveal_round(service: WorkshopService, w: m.RevealRound) -> Saved:
    return Saved(service.reveal_round(w.workshop_id), tr("vote.revealed"))


@handles(m.CastBallot)
def _cast_ballot(service: WorkshopService, w: m.CastBallot) -> Saved:
    return Saved(service.set_allocation(w.workshop_id, w.participant_id, w.dots,
                                        expected=w.expected))

# ----------------------------------------------------------------- scoring
@handles(m.ScoreInitiative)
def _score(service: WorkshopService, w: m.ScoreInitiative) -> Saved:
    return Saved(service.score(w.workshop_id, w.participant_id, w.initiative_id,
                               impact=w.impact, effort=w.effort))


# ------------------------------------------------------------- initiatives
@handles(m.CreateInitiative)
def _create_initiative(service: WorkshopService, w: m.CreateInitiative) -> Saved:
    item = service.create_initiative(w.workshop_id, w.title, note_ids=w.note_ids)
    return Saved(item, tr("group.created", title=w.title, n=len(w.note_ids)))


@handles(m.AddNotes)
def _add_notes(service: WorkshopService, w: m.AddNotes) -> Saved:
    item = service.add_notes_to_initiative(w.workshop_id, w.initiative_id, w.note_ids)
    return Saved(item, tr("group.added", title=item.title, n=len(w.note_ids)))


@handles(m.UngroupNotes)
def _ungroup_notes(service: WorkshopService, w: m.UngroupNotes) -> Saved:
    service.ungroup_notes(w.workshop_id, w.note_ids)
    return Saved(None, tr("group.ungrouped", n=len(w.note_ids)))


@handles(m.EditInitiative)
def _edit_initiative(service: WorkshopService, w: m.EditInitiative) -> Saved:
    return Saved(service.update_initiative(w.workshop_id, w.initiative_id, title=w.title,
                                           description=w.description))


@handles(m.MergeInitiatives)
def _merge_initiatives(service: WorkshopService, w: m.MergeInitiatives) -> Saved:
    item = service.merge_initiatives(w.workshop_id, w.target_id, w.others)
    return Saved(item, tr("group.merged", title=item.title))


@handles(m.SplitInitiative)
def _split_initiative(service: WorkshopService, w: m.SplitInitiative) -> Saved:
    item = service.split_initiative(w.workshop_id, w.initiative_id, w.note_ids, w.title)
    return Saved(item, tr("item.split_done", title=w.title))


@handles(m.DeleteInitiative)
def _delete_initiative(service: WorkshopService, w: m.DeleteInitiative) -> Saved:
    title = service.initiative(w.workshop_id, w.initiative_id).title
    service.delete_initiative(w.workshop_id, w.initiative_id)
    return Saved(None, tr("group.deleted", title=title))


# ----------------------------------------------------------------- roadmap
@handles(m.PlaceInitiative)
def _place_initiative(service: WorkshopService, w: m.PlaceInitiative) -> Saved:
    return Saved(service.set_roadmap(w.workshop_id, w.initiative_id, **w.values))


@handles(m.MoveInPhase)
def _move_in_phase(service: WorkshopService, w: m.MoveInPhase) -> Saved:
    return Saved(service.move_in_phase(w.workshop_id, w.initiative_id, w.delta))


# --------------------------------------------------------------- workshops
@handles(m.CreateWorkshop)
def _create_workshop(service: WorkshopService, w: m.CreateWorkshop) -> Saved:
    # Nothing open shows it yet: the sender opens it.
    return Saved(service.create_workshop(w.name, w.playbook, organisation=w.organisation,
                                         facilitator=w.facilitator), reload=False)


@handles(m.RenameWorkshop)
def _rename_workshop(service: WorkshopService, w: m.RenameWorkshop) -> Saved:
    return Saved(service.rename_workshop(w.workshop_id, w.name))


@handles(m.EditWorkshop)
def _edit_workshop(service: WorkshopService, w: m.EditWorkshop) -> Saved:
    ws = service.update_workshop(w.workshop_id, **w.values)
    return Saved(ws, tr("home.details_saved", name=ws.name))


@handles(m.DeleteWorkshop)
def _delete_workshop(service: WorkshopService, w: m.DeleteWorkshop) -> Saved:
    name = service.workshop(w.workshop_id).name
    service.delete_workshop(w.workshop_id)
    return Saved(None, tr("home.deleted", name=name))



@handles(m.KeepExportFolder)
def _keep_export_folder(service: WorkshopService, w: m.KeepExportFolder) -> Saved:
    service.set_export_folder(w.workshop_id, w.folder)
    return Saved(reload=False)


@handles(m.GoToSection)
def _go_to_section(service: WorkshopService, w: m.GoToSection) -> Saved:
    # Where the team is matters for reopening, but never blocks moving on.
    service.set_current_section(w.workshop_id, w.section_id)
    return Saved(reload=False)


@handles(m.KeepTimebox)
def _keep_timebox(service: WorkshopService, w: m.KeepTimebox) -> Saved:
    if w.state is None:
        service.reset_timebox(w.workshop_id, w.section_id)
    else:
        service.save_timebox(w.workshop_id, w.section_id, elapsed_s=w.state["elapsed"],
                             running_since=w.state["since"], extra_minutes=w.state["extra"],
                             alerted=w.state["alerted"])
    return Saved(reload=False)

# ------------------------------------------------------------------ people
@handles(m.AddParticipant)
def _add_participant(service: WorkshopService, w: m.AddParticipant) -> Saved:
    return Saved(service.add_participant(w.workshop_id, w.name, w.role))


@handles(m.EditParticipant)
def _edit_participant(service: WorkshopService, w: m.EditParticipant) -> Saved:
    return Saved(service.update_participant(w.workshop_id, w.participant_id, name=w.name,
                                            role=w.role))


@handles(m.RemoveParticipant)
def _remove_participant(service: WorkshopService, w: m.RemoveParticipant) -> Saved:
    name = service.participant(w.workshop_id, w.participant_id).name
    service.remove_participant(w.workshop_id, w.participant_id)
    return Saved(None, tr("people.removed", name=name))


@handles(m.ImportParticipants)
def _import_participants(service: WorkshopService, w: m.ImportParticipants) -> Saved:
    result = service.import_participants_csv(w.workshop_id, w.path)
    done = tr("people.imported", n=len(result.added))
    if result.skipped:
        done += " · " + tr("people.import_skipped", n=len(result.skipped))
    return Saved(result, done, done_timeout=None)


# ------------------------------------------------------------------- notes
@handles(m.AddNote)
def _add_note(service: WorkshopService, w: m.AddNote) -> Saved:
    # The step redraws its list once for a burst of notes (see CapturePane).
    return Saved(service.add_note(w.workshop_id, w.section_id, w.text,
                                  participant=w.participant_id, lenses=w.lenses,
                                  prompt_index=w.prompt_index), reload=False)


@handles(m.EditNote)
def _edit_note(service: WorkshopService, w: m.EditNote) -> Saved:
    return Saved(service.edit_note(w.workshop_id, w.note_id, **w.values))


@handles(m.DeleteNote)
def _delete_note(service: WorkshopService, w: m.DeleteNote) -> Saved:
    service.delete_note(w.workshop_id, w.note_id)
    return Saved(None, tr("capture.deleted"))


@handles(m.MoveNote)
def _move_note(service: WorkshopService, w: m.MoveNote) -> Saved:
    return Saved(service.move_note(w.workshop_id, w.note_id, w.section_id), tr("capture.moved"))


# The facilitator's scratch: no toast, no redraw, and nothing in the history.
@handles(m.HoldLine)
def _hold_line(service: WorkshopService, w: m.HoldLine) -> Saved:
    service.hold_line(w.workshop_id, w.key, w.section_id, w.text, w.problems)
    return Saved(reload=False)


@handles(m.DropHeld)
def _drop_held(service: WorkshopService, w: m.DropHeld) -> Saved:
    service.drop_held(w.workshop_id, w.key)
    return Saved(reload=False)


@handles(m.TakeUpTyping)
def _take_up_typing(service: WorkshopService, w: m.TakeUpTyping) -> Saved:
    service.take_up_typing(w.workshop_id, w.keys)
    return Saved(reload=False)


@handles(m.KeepTyping)
def _keep_typing(service: WorkshopService, w: m.KeepTyping) -> Saved:
    service.keep_typing(w.workshop_id, w.section_id, w.text)
    return Saved(reload=False)


# --------------------------------------------------------- customer evidence
@handles(m.ImportEvidence)
def _import_evidence(service: WorkshopService, w: m.ImportEvidence) -> Saved:
    result = service.import_evidence(w.workshop_id, w.path, w.options)
    done = (tr("capture.evidence_imported", n=len(result.plan.rows), source=result.plan.source)
            + " " + tr("capture.evidence_notes", n=len(result.note_ids)))
    return Saved(result, done, done_timeout=None)


@handles(m.UnfoldEvidence)
def _unfold_evidence(service: WorkshopService, w: m.UnfoldEvidence) -> Saved:
    notes = service.unfold_evidence(w.workshop_id, w.note_id)
    return Saved(notes, tr("capture.unfolded", n=len(notes)))


@handles(m.AcceptLensSuggestion)
def _accept_lens(service: WorkshopService, w: m.AcceptLensSuggestion) -> Saved:
    before = service.evidence_marks(w.workshop_id).get(w.note_id)
    note = service.accept_lens_suggestion(w.workshop_id, w.note_id)
    tag = before.suggested_lens if before is not None else None
    titles = service.playbook(w.workshop_id).tag_titles()
    return Saved(note, tr("capture.lens_accepted", tag=titles.get(tag, tag)) if tag else None)


@handles(m.DismissLensSuggestion)
def _dismiss_lens(service: WorkshopService, w: m.DismissLensSuggestion) -> Saved:
    before = service.evidence_marks(w.workshop_id).get(w.note_id)
    tag = before.suggested_lens if before is not None else None
    service.dismiss_lens_suggestion(w.workshop_id, w.note_id)
    if tag is None:
        # The service lets a second dismissal pass quietly; the room hears why
        # nothing changed, as it does for accepting.
        return Saved(None, tr("error.no_suggestion", note=w.note_id), reload=False)
    titles = service.playbook(w.workshop_id).tag_titles()
    return Saved(None, tr("capture.lens_dismissed", tag=titles.get(tag, tag)))


@handles(m.PreviewEvidence)
def _preview_evidence(service: WorkshopService, w: m.PreviewEvidence) -> Saved:
    return Saved(service.plan_evidence_import(w.workshop_id, w.path, w.options), reload=False)

# --------------------------------------------------------------- follow-up
@handles(m.SetStatus)
def _set_status(service: WorkshopService, w: m.SetStatus) -> Saved:
    return Saved(service.set_status(w.workshop_id, w.initiative_id, w.status, note=w.note),
                 tr("fu.saved_status", status=i18n.status_word(language(), w.status)))


@handles(m.AddReading)
def _add_reading(service: WorkshopService, w: m.AddReading) -> Saved:
    return Saved(service.add_reading(w.workshop_id, w.initiative_id, w.value, on=w.on or None,
                                     note=w.note), tr("fu.saved_reading"))


@handles(m.WriteNextStep)
def _write_next_step(service: WorkshopService, w: m.WriteNextStep) -> Saved:
    return Saved(service.set_next_step(w.workshop_id, w.initiative_id, w.next_step,
                                       due=w.due or None, note=w.note), tr("fu.saved_next"))
