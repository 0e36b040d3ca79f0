"""Runs the service operations asked for by screens and steps, and words their errors.

Screens and steps post ``Wanted`` messages (``sprintkit.tui.messages``); the app
hands each to ``Actions.handle``, which runs the handler registered for its
type below. Every change to a workshop made from the TUI goes through here, so
a refused change is shown the same way everywhere and the screens are redrawn
from what was saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sprintkit.errors import SprintkitError
from sprintkit.tui import messages as m
from sprintkit.tui.labels import error_text, tr

if TYPE_CHECKING:
    from sprintkit.service import WorkshopService

T = TypeVar("T")
W = TypeVar("W", bound=m.Wanted)


@dataclass
class Saved:
    """What a handler did: the service's result, the toast to show, whether to redraw."""

    result: Any = None
    done: str | None = None
    reload: bool = True


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


class Actions:
    def __init__(self, app: Host, service: WorkshopService) -> None:
        self.app = app
        self.service = service

    def handle(self, wanted: m.Wanted) -> None:
        """Run the change a screen asked for, then answer its sender."""
        handler = HANDLERS[type(wanted)]
        origin = wanted.origin
        try:
            saved = handler(self.service, wanted)
        except (SprintkitError, sqlite3.Error) as exc:
            if wanted.refused_in_place and origin is not None and isinstance(exc, SprintkitError):
                origin.post_message(m.Refused(wanted, error_text(exc)))
            else:
                self.report(exc)
            return
        if saved.done:
            self.app.notify(saved.done, timeout=3)
        if saved.reload:
            self.app.reload_all()
        if origin is not None:
            origin.post_message(m.Done(wanted, saved.result))

    def run(self, fn: Callable[..., T], *args: Any, done: str | None = None,
            reload: bool = True, **kwargs: Any) -> T | None:
        """Run one service operation; on a user error show it and return None.

        The service commits before it returns, so the UI only shows what is saved.
        """
        try:
            result = fn(*args, **kwargs)
        except (SprintkitError, sqlite3.Error) as exc:
            self.report(exc)
            return None
        if done:
            self.app.notify(done, timeout=3)
        if reload:
            self.app.reload_all()
        return result

    def attempt(self, fn: Callable[..., Any], *args: Any, done: str | None = None,
                reload: bool = True, **kwargs: Any) -> bool:
        """``run`` for operations that return nothing: True when it was done."""
        finished: list[bool] = []

        def call() -> None:
            fn(*args, **kwargs)
            finished.append(True)

        self.run(call, done=done, reload=reload)
        return bool(finished)

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
