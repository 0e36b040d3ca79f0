"""The notes of a capture step, as a list whose single keys act on the highlighted note."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from sprintkit.tui import keymap
from sprintkit.tui.widgets.rows import RowList, row_id


class NoteList(RowList):
    """The notes of a capture step; single keys act on the highlighted note."""

    BINDINGS = keymap.bindings('capture-notes')

    # Asks of the pane around the list, about the highlighted note.
    @dataclass
    class Edit(Message):
        note_id: int

    @dataclass
    class Delete(Message):
        note_id: int

    @dataclass
    class Move(Message):
        note_id: int

    @dataclass
    class PickSpeaker(Message):
        note_id: int

    @dataclass
    class PickTags(Message):
        note_id: int

    @dataclass
    class ToggleTag(Message):
        note_id: int
        number: int

    class Leave(Message):
        """Back to the capture line."""

    def _key(self) -> int | None:
        key = self.current_key
        return row_id(key) if key is not None else None

    def action_select(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.Edit(key))

    def action_delete(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.Delete(key))

    def action_move(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.Move(key))

    def action_speaker(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.PickSpeaker(key))

    def action_tags(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.PickTags(key))

    def action_type(self) -> None:
        self.post_message(self.Leave())

    def action_cursor(self, delta: int) -> None:
        if delta > 0 and self.cursor >= len(self.rows) - 1:
            self.post_message(self.Leave())
            return
        super().action_cursor(delta)

    def on_key(self, event) -> None:
        if event.character and event.character in "123456789" and self._key() is not None:
            event.stop()
            self.post_message(self.ToggleTag(self._key(), int(event.character)))  # type: ignore[arg-type]

    # Customer evidence: unfold a folded note, accept or dismiss its suggested lens.
    @dataclass
    class Unfold(Message):
        note_id: int

    @dataclass
    class AcceptLens(Message):
        note_id: int

    @dataclass
    class DismissLens(Message):
        note_id: int

    def action_unfold(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.Unfold(key))

    def action_accept_lens(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.AcceptLens(key))

    def action_dismiss_lens(self) -> None:
        if (key := self._key()) is not None:
            self.post_message(self.DismissLens(key))
