"""Small dialogs: one line, a form, yes or no, discard, paste, pick, toggles, text."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Static

from sprintkit.tui import keymap
from sprintkit.tui.format import literal
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import AsksForChanges, Done, Refused, Wanted
from sprintkit.tui.widgets.bindings import localize_bindings
from sprintkit.tui.widgets.rows import Row, RowList

# Shared by every dialog; the app adds it to its own (unscoped) CSS.
DIALOG_CSS = """
ModalScreen { align: center middle; background: $background 60%; }
.dialog { width: 72; max-width: 95%; height: auto; max-height: 90%;
    border: thick $primary; background: $surface; padding: 0 1; }
.dialog .title { text-style: bold; width: 100%; padding: 0 0 1 0; }
.dialog .hint { color: $text-muted; width: 100%; }
.dialog Input { border: none; height: 1; padding: 0 1; margin: 0 0 1 0;
    background: $boost; }
.dialog Input:focus { background: $primary 25%; }
.dialog RowList { height: auto; max-height: 16; min-height: 3; }
/* A long form (the roadmap's details) scrolls on a small terminal rather than
   hiding the fields that do not fit. */
FormScreen .dialog { overflow-y: auto; }
/* Short fields that belong together (a metric's numbers) share one line. */
FormScreen .form-row { height: auto; }
FormScreen .form-cell { width: 1fr; height: auto; padding: 0 1 0 0; }
FormScreen .form-note { margin: 0 0 1 0; }
FormToggle { border: none; padding: 0; margin: 0 0 1 0; height: 1; background: $surface; }
FormToggle:focus { background: $primary 25%; }
"""


class DismissOnce:
    """Mixed into every dialog: only the first dismiss counts.

    Keys pressed quickly (Enter, Enter, Enter) can queue several "submitted"
    messages before the dialog closes; a second dismiss would pop whatever
    screen is on top by then, or fail on an empty stack.
    """

    def dismiss(self, result=None):  # type: ignore[no-untyped-def]
        if self.__dict__.get("_dismissed") or not self.is_active:  # type: ignore[attr-defined]
            return AwaitComplete.nothing()
        self.__dict__["_dismissed"] = True
        return super().dismiss(result)  # type: ignore[misc]


class LineInput(Input):
    """A one-line field that keeps all of a pasted text, its lines joined by spaces.

    Textual's own field keeps only the first line of a paste and drops the rest.
    """

    def _on_paste(self, event) -> None:
        event.stop()
        event.prevent_default()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)


class PromptScreen(DismissOnce, ModalScreen[str | None]):
    """Ask for one line of text. Enter saves, Escape cancels."""

    BINDINGS = keymap.bindings('prompt')

    def __init__(self, title: str, value: str = "", *, hint: str = "",
                 suggestions: Iterable[str] = (), allow_empty: bool = False) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.value = value
        self.hint = hint
        self.suggestions = list(suggestions)
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            suggester = (SuggestFromList(self.suggestions, case_sensitive=False)
                         if self.suggestions else None)
            # The cursor at the end and nothing selected: a first key adds, never replaces.
            yield LineInput(self.value, suggester=suggester, id="prompt-input",
                        select_on_focus=False)
            yield Label(self.hint or tr("dialog.enter_esc"), classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value or self.allow_empty:
            self.dismiss(value)
        else:
            self.notify(tr("dialog.empty"), severity="warning", timeout=3)

    def action_cancel(self) -> None:
        ask_before_discarding(self, self.query_one(Input).value.strip() != self.value.strip())


class FormToggle(Checkbox, inherit_bindings=False):
    """A yes-or-no field of a form: Space flips it; Enter goes on as in the
    form's text fields (it never flips it, so Enter pressed through the form
    changes nothing)."""

    BINDINGS = [Binding("space", "toggle_button", show=False),
                Binding("enter", "submit", show=False)]

    @dataclass
    class Submitted(Message):
        toggle: FormToggle

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802
        # Unticked, an empty box: Textual's dimmed cross reads as ticked on a projector.
        return "X" if self.value else " "

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))


TICKED = "1"


class FormScreen(AsksForChanges, DismissOnce, ModalScreen[dict | None]):
    """Several labelled one-line fields.

    Enter moves to the next field while a later one is still empty and saves
    otherwise, so a form that comes filled in (say, a voting round's budget)
    is saved by a single Enter, and pressing Enter several times quickly never
    leaves the form open. Ctrl+S saves from any field.
    """

    BINDINGS = keymap.bindings('form')
    AUTO_FOCUS = ""  # see on_mount

    def __init__(self, title: str, fields: Sequence[tuple[str, str, str]], *,
                 suggestions: dict[str, list[str]] | None = None, hint: str = "",
                 required: Iterable[str] = (),
                 check: Callable[[dict[str, str]], str | None] | None = None,
                 optional: Iterable[str] = (), toggles: Iterable[str] = (),
                 rows: Iterable[Sequence[str]] = (), notes: dict[str, str] | None = None,
                 submit: Callable[[dict[str, str]], Wanted] | None = None) -> None:
        """``fields``: (name, label, value). ``check`` returns a message when the
        values cannot be saved; the form then stays open. Enter does not stop
        at an empty ``optional`` field (Tab reaches it), so a form that grew
        extra fields still saves with the Enters it took before.

        ``toggles`` are yes-or-no fields, a checkbox: their value is ``TICKED``
        or ``""``. Each of ``rows`` names fields drawn side by side, where the
        first of them comes in ``fields``. ``notes`` are help texts drawn under
        a field (under the row it is in), where they are read: on a small
        screen the hint at the bottom is scrolled out of sight.

        With ``submit`` the form saves what it was given itself: it posts the
        change ``submit`` makes of the values and closes once that is saved; a
        refusal is shown and the form stays open with what was typed. (Without
        it the form closes with the values, and the caller posts the change.)"""
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.fields = list(fields)
        self.suggestions = suggestions or {}
        self.hint = hint
        self.required = list(required)
        self.check = check
        self.optional = {f"field-{name}" for name in optional}
        self.toggles = set(toggles)
        self.rows = [list(row) for row in rows]
        self.notes = notes or {}
        self.submit = submit
        self._saving: tuple[Wanted, dict[str, str]] | None = None

    def compose(self) -> ComposeResult:
        row_of = {name: row for row in self.rows for name in row}
        drawn: set[str] = set()
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            for name, _, _ in self.fields:
                if name in drawn:
                    continue
                row = row_of.get(name)
                if row is None:
                    yield from self._field(name)
                else:
                    drawn.update(row)
                    with Horizontal(classes="form-row"):
                        for cell in row:
                            with Vertical(classes="form-cell"):
                                yield from self._field(cell)
                for cell in row or [name]:
                    if cell in self.notes:
                        yield Label(literal(self.notes[cell]), classes="hint form-note")
            yield Label(self.hint or tr("dialog.form_hint"), classes="hint")

    def on_mount(self) -> None:
        # Focused the usual way, the first field would be scrolled to the
        # middle of the dialog, taking the title (what the form is for) and
        # the field's own label out of sight; it is near the top anyway.
        first = next((w for w in self.query("Input, FormToggle") if w.focusable), None)
        if first is not None:
            self.set_focus(first, scroll_visible=False)

    def _field(self, name: str) -> ComposeResult:
        label, value = next((lb, v) for n, lb, v in self.fields if n == name)
        if name in self.toggles:
            yield FormToggle(literal(label), bool(value), id=f"field-{name}")
            return
        yield Label(label)
        options = self.suggestions.get(name)
        suggester = SuggestFromList(options, case_sensitive=False) if options else None
        yield LineInput(value, id=f"field-{name}", suggester=suggester,
                        select_on_focus=False)

    def values(self) -> dict[str, str]:
        return {name: (TICKED if self.query_one(f"#field-{name}", FormToggle).value else "")
                if name in self.toggles
                else self.query_one(f"#field-{name}", Input).value.strip()
                for name, _, _ in self.fields}

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self._after(event.input)

    @on(FormToggle.Submitted)
    def _next_after_toggle(self, event: FormToggle.Submitted) -> None:
        event.stop()
        self._after(event.toggle)

    def _after(self, field: Input | FormToggle) -> None:
        # In the order they are drawn, which is the order Tab takes.
        fields = [w for w in self.query("Input, FormToggle")
                  if isinstance(w, Input | FormToggle)]
        later = fields[fields.index(field) + 1:]
        empty = [i for i in later if isinstance(i, Input) and not i.value.strip()
                 and i.id not in self.optional]
        if empty:
            empty[0].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        values = self.values()
        labels = {name: label for name, label, _ in self.fields}
        for name in self.required:
            if not values.get(name):
                self.notify(tr("dialog.required", field=labels.get(name, name)),
                            severity="warning")
                self.query_one(f"#field-{name}").focus()
                return
        if self.check is not None:
            problem = self.check(values)
            if problem:
                self.notify(problem, severity="error")
                return
        if self.submit is None:
            self.dismiss(values)
        elif self._saving is None:  # a second Enter before the first is answered
            wanted = self.submit(values)
            wanted.shown_in_place = True
            self._saving = (wanted, values)
            self.post_message(wanted)

    @on(Done)
    def _saved(self, event: Done) -> None:
        if self._saving is not None and event.wanted is self._saving[0]:
            self.dismiss(self._saving[1])

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        if self._saving is not None and event.wanted is self._saving[0]:
            self._saving = None
            if event.reason:
                self.notify(event.reason, severity="error")

    def action_cancel(self) -> None:
        ask_before_discarding(self, self.values() != {
            name: (TICKED if value else "") if name in self.toggles else value.strip()
            for name, _, value in self.fields})


class ConfirmScreen(DismissOnce, ModalScreen[bool]):
    BINDINGS = keymap.bindings('confirm')

    def __init__(self, message: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.message), classes="title")
            yield Label(tr("dialog.yes_no"), classes="hint")

    def on_key(self, event) -> None:
        # The answer's own first letter works too: k(yllä) / e(i) in Finnish.
        answers = {tr("dialog.yes_key"): True, tr("dialog.no_key"): False}
        if event.character in answers and event.character not in ("y", "n"):
            event.stop()
            self.dismiss(answers[event.character])
        elif event.is_printable and event.character not in ("y", "n"):
            # Typed ahead, perhaps meant for a field: not an answer, and said so.
            event.stop()
            self.notify(tr("dialog.yes_no"), title=tr("dialog.not_an_answer"),
                        severity="warning", timeout=3)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


def ask_before_discarding(screen: ModalScreen, changed: bool) -> None:
    """Close ``screen`` without saving, asking first when something was typed in it."""
    if not changed:
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(DiscardScreen(), answered)


class DiscardScreen(DismissOnce, ModalScreen[bool]):
    """"Throw away what was typed?" — Esc again throws it away, Enter goes back to it.

    It opens in the middle of typing, so letters never answer it (they were
    meant for the form); they are dropped, and the screen says so.
    """

    def __init__(self, message: str = "", hint: str = "") -> None:
        super().__init__()
        self.message = message
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.message or tr("dialog.discard"), classes="title")
            yield Label(self.hint or tr("dialog.discard_hint"), classes="hint")

    def on_key(self, event) -> None:
        event.stop()
        if event.key == "escape":
            self.dismiss(True)
        elif event.key == "enter":
            self.dismiss(False)
        else:
            self.notify(tr("dialog.discard_keys"), severity="warning", timeout=3)


class PasteScreen(DismissOnce, ModalScreen[tuple[bool, str]]):
    """A paste of several lines into the note field: one note per line, or one note.

    Enter makes a note of each line. Any other key keeps the paste as one note
    with its line breaks; a character typed to get here is handed back (as the
    second value) to start the next note, so no key is lost either way.
    """

    DEFAULT_CSS = """
    PasteScreen #paste-lines { height: auto; max-height: 12; }
    PasteScreen .warn { color: $warning; text-style: bold; }
    """
    SCROLL_KEYS = ("up", "down", "pageup", "pagedown", "home", "end")

    def __init__(self, lines: Sequence[str], refused: Sequence[tuple[str, list[str]]]) -> None:
        super().__init__()
        self.lines = list(lines)
        self.refused = list(refused)

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        body = Text()
        for number, line in enumerate(self.lines, start=1):
            body.append(f"{number:>3}  ", style="dim")
            body.append(line + "\n")
        with Vertical(classes="dialog"):
            yield Label(tr("paste.title", n=len(self.lines)), classes="title")
            with VerticalScroll(id="paste-lines"):
                yield Static(body)
            if self.refused:
                problems = Text(tr("paste.refused", n=len(self.refused)) + "\n",
                                style="bold")
                for line, reasons in self.refused:
                    problems.append(f"  {line}\n", style="bold")
                    for reason in reasons:
                        problems.append(f"    {reason}\n")
                yield Static(problems, classes="warn", id="paste-refused")
            yield Label(tr("paste.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#paste-lines").focus()

    def on_key(self, event) -> None:
        if event.key in self.SCROLL_KEYS:
            return  # the list of lines scrolls
        event.stop()
        event.prevent_default()
        if event.key == "enter":
            self.dismiss((True, ""))
        else:
            typed = event.character if event.is_printable and event.key != "escape" else ""
            self.dismiss((False, typed or ""))


class PickScreen(DismissOnce, ModalScreen[Hashable | None]):
    """Pick one item; typing filters the list."""

    BINDINGS = keymap.bindings('pick')

    def __init__(self, title: str, options: Sequence[tuple[Hashable, str]], *,
                 current: Hashable | None = None, hint: str = "") -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.options = list(options)
        self.current = current
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            yield Input(placeholder=tr("dialog.filter"), id="pick-filter")
            yield RowList(empty=tr("dialog.no_match"), id="pick-list")
            yield Label(self.hint or tr("dialog.pick_hint"), classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        if self.current is not None:
            self.query_one(RowList).select_key(self.current)

    def _fill(self, needle: str) -> None:
        needle = needle.strip().lower()

        def rank(label: str) -> int | None:
            """Names that start with the text first, then words that do, then anywhere."""
            text = label.lower().lstrip("✓ ")
            if text.startswith(needle):
                return 0
            if any(word.startswith(needle) for word in text.replace("(", " ").split()):
                return 1
            return 2 if needle in text else None

        ranked = [(r, i) for i, (_, label) in enumerate(self.options)
                  if (r := rank(label)) is not None]
        ranked.sort()
        rows = [Row(self.options[i][0], Text(self.options[i][1])) for _, i in ranked]
        self.query_one(RowList).set_rows(rows, keep=False)

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submit(self) -> None:
        rows = self.query_one(RowList)
        if rows.rows:
            self.dismiss(rows.current_key)

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        self.dismiss(event.key)

    def action_move(self, delta: int) -> None:
        self.query_one(RowList).cursor += delta

    def action_cancel(self) -> None:
        self.dismiss(None)


class TogglesScreen(DismissOnce, ModalScreen[list | None]):
    """Switch several items on or off: digits or space toggle, Enter keeps the choice."""

    BINDINGS = keymap.bindings('toggles')

    def __init__(self, title: str, options: Sequence[tuple[Hashable, str]],
                 chosen: Iterable[Hashable]) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.options = list(options)
        self.chosen = list(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            yield RowList(id="toggle-list")
            yield Label(tr("dialog.toggle_hint"), classes="hint")

    def on_mount(self) -> None:
        self._draw()
        self.query_one(RowList).focus()

    def _draw(self) -> None:
        rows = []
        for number, (key, label) in enumerate(self.options, start=1):
            mark = "[x]" if key in self.chosen else "[ ]"
            rows.append(Row(key, Text(f"{number if number < 10 else ' '} {mark} {label}")))
        self.query_one(RowList).set_rows(rows)

    def _flip(self, key: Hashable) -> None:
        if key in self.chosen:
            self.chosen.remove(key)
        else:
            self.chosen.append(key)
        self._draw()

    def action_toggle_choice(self) -> None:
        key = self.query_one(RowList).current_key
        if key is not None:
            self._flip(key)

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.options):
                self._flip(self.options[index][0])
                event.stop()

    def action_done(self) -> None:
        order = [key for key, _ in self.options]
        self.dismiss(sorted(self.chosen, key=order.index))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(DismissOnce, ModalScreen[str | None]):
    """Edit text over several lines: Ctrl+S saves, Esc cancels."""

    BINDINGS = keymap.bindings('text')
    DEFAULT_CSS = """
    TextScreen TextArea { height: 10; }
    """

    def __init__(self, title: str, value: str = "", *, hint: str = "") -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            if self.hint:
                yield Label(Text(self.hint), classes="hint")
            yield TextArea(self.value, id="text-area", soft_wrap=True)
            yield Label(tr("dialog.text_hint"), classes="hint")

    def on_mount(self) -> None:
        from textual.widgets import TextArea

        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        from textual.widgets import TextArea

        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        from textual.widgets import TextArea

        ask_before_discarding(self, self.query_one(TextArea).text.strip() != self.value.strip())
