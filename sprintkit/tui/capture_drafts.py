"""Drafts in the capture step: what was typed and not saved survives the process.

Mixed into the capture step's pane. A line held aside is written as it is
held, under a key of its own, and deleted once saved or thrown away; the
field's text is written after a pause in typing and cleared when Enter takes
the line. A workshop opened by a later run gets both back as held lines.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from sprintkit.service.drafts import TYPING
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import DropHeld, HoldLine, KeepTyping, TakeUpTyping, Wanted

# How long typing must pause before the field's text is written down: long
# enough that a burst of keys is one write, short enough that little is lost.
TYPING_PAUSE_S = 1.0

# Where a step's writes of its drafts go: posted as messages, or, as the app
# ends and would no longer handle them, run at once by the app.
Post = Callable[[Wanted], object]


def new_key() -> str:
    return uuid.uuid4().hex


class DraftKeeping:
    """The capture pane's side of keeping drafts."""

    _pause_timer: Any = None
    _typed_at = 0.0
    _typing_kept = ""  # what the database holds for this step's field

    if TYPE_CHECKING:
        app: Any
        service: Any
        workshop_id: int
        section: Any
        is_attached: bool

        @property
        def state(self) -> dict: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def post_message(self, message: Any) -> bool: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
        query: Any
        set_timer: Any

    def held_entry(self, raw: str, problems: list[str], post: Post | None = None) -> dict:
        """A line to hold aside, written down as it is held."""
        entry = {"section": self.section.id, "text": raw, "problems": problems,
                 "key": new_key()}
        (post or self.post_message)(HoldLine(self.workshop_id, entry["key"], self.section.id,
                                             raw, problems))
        return entry

    def drop_held(self, entry: dict) -> None:
        self.post_message(DropHeld(self.workshop_id, entry["key"]))

    def read_drafts(self) -> None:
        """Once per workshop and run: bring back what an earlier run held aside,
        and the note it was typing when it ended, as a held line of its own."""
        state = self.state
        if state.get("drafts_read"):
            return
        state["drafts_read"] = True
        drafts = self.service.drafts(self.workshop_id)
        # A field's text is not put back in the field, where the next keys
        # would run into it unseen: held, it is looked at before it is saved.
        keys = {d.id: new_key() for d in drafts if d.kind == TYPING or d.key is None}
        state.setdefault("held", []).extend(
            {"section": d.section_id, "text": d.text, "problems": list(d.problems),
             "key": keys.get(d.id) or d.key} for d in drafts)
        if keys:
            self.post_message(TakeUpTyping(self.workshop_id, keys))
        if typed := sum(d.kind == TYPING for d in drafts):
            self.notify(tr("capture.draft_back", n=typed),
                        title=tr("capture.draft_back_title"), severity="warning", timeout=12)

    # By name, not by ``@on``: a mixin is no message pump of its own.
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "note-input":
            return
        # One timer for a run of keys, not one write per key: each key only
        # moves the moment the timer looks for a pause.
        self._typed_at = monotonic()
        if self._pause_timer is None:
            self._pause_timer = self.set_timer(TYPING_PAUSE_S, self._typing_paused)

    def _typing_paused(self) -> None:
        self._pause_timer = None
        wait = self._typed_at + TYPING_PAUSE_S - monotonic()
        if wait > 0.05:
            self._pause_timer = self.set_timer(wait, self._typing_paused)
            return
        self._keep_typing()

    def _keep_typing(self) -> None:
        if not self.is_attached:
            return
        text = self.query_one("#note-input", Input).value
        if text != self._typing_kept:
            self._typing_kept = text
            self.post_message(KeepTyping(self.workshop_id, self.section.id, text))

    def forget_typing(self, post: Post | None = None) -> None:
        if self._typing_kept:
            self._typing_kept = ""
            (post or self.post_message)(KeepTyping(self.workshop_id, self.section.id, ""))

    def on_unmount(self) -> None:
        # The step goes away with keys typed since the last pause: keep them.
        if self._pause_timer is not None:
            self._pause_timer.stop()
            self._pause_timer = None
            fields = self.query("#note-input").results(Input)
            text = next((f.value for f in fields), self._typing_kept)
            if text != self._typing_kept:
                self.app.post_message(KeepTyping(self.workshop_id, self.section.id, text))
