"""Route each key only after the key before it has had its effect.

Textual hands every key to the widget that has the focus when the key is read,
and runs ordinary key bindings only once the key has travelled back up to the
app. A burst of keys (fast typing, a script, ``tmux send-keys``) is read in one
go, so every key of the burst is handed to the same widget before the first
Enter has moved the focus or opened a dialog: a form's name and role run
together, and letters meant for a dialog run as commands on the screen below.

``OrderedKeys`` makes the app hold the keys that follow a key which may move the
focus, until that key has been handled everywhere it goes and the focus has
stopped moving; only then is the next key handed on. Characters typed into a
text field cannot move the focus, so those go straight through, a run of them
in one piece; a key bound ahead of every widget (Ctrl+Z, Ctrl+Q), which acts
the moment the app reads it, first waits until those characters are taken.
"""

from __future__ import annotations

import sys
import time
from collections import deque

from textual import events
from textual.message import Message
from textual.widgets import Input

# How long a key may hold the ones behind it while its check-back is late (its
# handling is very slow, or its widget went away): the keys then go on regardless.
STUCK_S = 3.0
CHECK_S = 0.05
MAX_ROUNDS = 8
MAX_WAIT_ROUNDS = 64


class KeySettled(Message):
    """Sent down to the focused widget after a key; back at the app, the key is done."""

    def __init__(self, state: tuple) -> None:
        super().__init__()
        self.state = state


class OrderedKeys:
    """Mixed into the app, before ``App``: keys and pastes are delivered in order."""

    # Textual's own slot for the message its peek has read off the queue, not
    # a name of ours: a key taken from there must clear it, or Textual's reader
    # would hand the same key on a second time.
    _pending_message: Message | None

    def _key_gate(self) -> dict:
        gate = self.__dict__.get("_key_gate_state")
        if gate is None:
            gate = self.__dict__["_key_gate_state"] = {
                "pending": deque(), "token": None, "target": None, "since": 0.0,
                "rounds": 0}
        return gate

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._key_gate()["pending"].append(event)
            self._take_waiting_keys()
            await self._release_keys()
            return
        await super().on_event(event)  # type: ignore[misc]

    def _take_waiting_keys(self) -> None:
        """Move the keys right behind this one in the app's queue over to ours.

        Only keys at the head of the queue are taken, so nothing overtakes a
        message that came before it; a run of typed characters can then reach
        its field in one piece (see ``_run_of_characters``).
        """
        peek = getattr(self, "_peek_message", None)
        if peek is None:  # pragma: no cover - a Textual without it: keys one by one
            return
        pending = self._key_gate()["pending"]
        while True:
            waiting = peek()
            if not isinstance(waiting, (events.Key, events.Paste)) or waiting.is_forwarded:
                return
            self._pending_message = None  # taken, exactly as the queue's own reader does
            self._message_queue.task_done()  # type: ignore[attr-defined]
            pending.append(waiting)

    def keys_wait(self) -> bool:
        """True while the app still has work a key started that may move the focus."""
        return False

    def _route_state(self) -> tuple:
        app = self  # type: ignore[assignment]
        stack = app.screen_stack  # type: ignore[attr-defined]
        return (len(stack), id(stack[-1]) if stack else None, id(app.focused))  # type: ignore[attr-defined]

    @staticmethod
    def _stays_in_field(target: object, event: events.Event) -> bool:
        """True when the key can only change the text of the field it goes to."""
        # Only the dialogs that edit long text draw a TextArea, and they load it
        # themselves: until one has, no field can be one (and loading it with
        # the app would add to every start-up).
        text_area = sys.modules.get("textual.widgets._text_area")
        fields = (Input, text_area.TextArea) if text_area is not None else (Input,)
        if not isinstance(event, events.Key) or not isinstance(target, fields):
            return False
        return event.is_printable or event.key in getattr(target, "KEYS_KEPT", ())

    async def _release_keys(self) -> None:
        gate = self._key_gate()
        while gate["pending"] and gate["token"] is None:
            event = gate["pending"][0]
            target = self.focused or self.screen  # type: ignore[attr-defined]
            if self._stays_in_field(target, event):
                gate["pending"].popleft()
                gate["typed"] = True
                if isinstance(target, Input) and event.is_printable:  # type: ignore[union-attr]
                    event = self._run_of_characters(event, gate["pending"])  # type: ignore[arg-type]
                await super().on_event(event)  # type: ignore[misc]
                continue
            if gate.get("typed"):
                # Let the field take what was typed into it first: a key such as
                # Ctrl+Z or Ctrl+Q acts at once, before it reaches any widget.
                gate["typed"] = False
                gate["rounds"] = 1
                self._send_check()
                continue
            gate["pending"].popleft()
            await super().on_event(event)  # type: ignore[misc]
            gate["rounds"] = 0
            self._send_check()

    def _run_of_characters(self, first: events.Key, pending: deque) -> events.Key:
        """The characters waiting behind ``first``, as one key for a one-line field.

        A field inserts a key's whole ``character``: handing it a run of typed
        text at once spares it an update and a redraw per character, which is
        most of the cost of a burst. Keys that a binding acts on first are never
        merged.
        """
        if not pending or not isinstance(pending[0], events.Key):
            return first
        bound = {key for _, bindings in self.screen._binding_chain  # type: ignore[attr-defined]
                 for key, items in bindings.key_to_bindings.items()
                 if any(b.priority for b in items)}
        if first.key in bound:
            return first
        chars = [first.character or ""]
        while pending:
            nxt = pending[0]
            if not isinstance(nxt, events.Key) or nxt.is_forwarded or not nxt.is_printable \
                    or nxt.key in bound:
                break
            chars.append(pending.popleft().character)
        return first if len(chars) == 1 else events.Key(first.key, "".join(chars))

    def _send_check(self) -> None:
        gate = self._key_gate()
        target = self.focused or self.screen  # type: ignore[attr-defined]
        token = KeySettled(self._route_state())
        gate.update(token=token, target=target, since=time.monotonic())
        gate["rounds"] += 1
        if not target.post_message(token):  # closing already: nothing left to wait for
            self.post_message(token)  # type: ignore[attr-defined]
        self.set_timer(CHECK_S, lambda: self._check_stuck(token))  # type: ignore[attr-defined]

    def _check_stuck(self, token: KeySettled) -> None:
        gate = self._key_gate()
        if gate["token"] is not token:
            return
        target = gate["target"]
        if target.is_attached and time.monotonic() - gate["since"] < STUCK_S:
            self.set_timer(CHECK_S, lambda: self._check_stuck(token))  # type: ignore[attr-defined]
            return
        self._check_returned(token)

    async def on_key_settled(self, message: KeySettled) -> None:
        message.stop()
        self._check_returned(message)
        await self._release_keys()

    def _check_returned(self, token: KeySettled) -> None:
        gate = self._key_gate()
        if gate["token"] is not token:
            return
        gate["token"] = None
        # Done when a whole round went by without the focus or the screens moving;
        # the first round only carries the key itself, whose binding may post more.
        moved = self._route_state() != token.state
        # A change the key asked for is still on its way to the app: its answer
        # may move the focus yet (a form that opens again for the next person).
        waiting = self.keys_wait() and gate["rounds"] < MAX_WAIT_ROUNDS
        if waiting or ((moved or gate["rounds"] < 2) and gate["rounds"] < MAX_ROUNDS):
            self._send_check()
        elif gate["pending"]:
            self.call_later(self._release_keys)  # type: ignore[attr-defined]
