"""Reusable widgets: a fast line-based list, the timebox bar and small dialogs."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from sprintkit.tui.format import literal
from sprintkit.tui.labels import tr


def localize_bindings(node) -> None:
    """Swap each binding's description (a label key) for text in the current language.

    The label keys are kept on the node, so calling this again after the
    language changed (the app's own keys, when a workshop opens) translates
    them afresh instead of looking up already translated text.
    """
    mapping = node._bindings.key_to_bindings
    originals = node.__dict__.get("_label_bindings")
    if originals is None:
        originals = {key: list(items) for key, items in mapping.items()}
        node.__dict__["_label_bindings"] = originals
    for key, items in originals.items():
        mapping[key] = [replace(b, description=tr(b.description)) if b.description else b
                        for b in items]


@dataclass
class Row:
    """One row; ``text`` may be a function, called only when the row is first drawn."""

    key: Hashable
    text: Text | Callable[[], Text]

    def resolve(self) -> Text:
        if callable(self.text):
            self.text = self.text()
        return self.text


class RowList(ScrollView, can_focus=True):
    """A list drawn line by line (no widget per row): stays fast with thousands of rows."""

    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", show=False),
    ]
    COMPONENT_CLASSES = {"rowlist--cursor", "rowlist--cursor-blur", "rowlist--empty"}
    DEFAULT_CSS = """
    RowList { height: 1fr; background: $surface; }
    RowList > .rowlist--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    RowList > .rowlist--cursor-blur { background: $block-cursor-blurred-background; }
    RowList > .rowlist--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        def __init__(self, rowlist: RowList, key: Hashable | None) -> None:
            super().__init__()
            self.rowlist = rowlist
            self.key = key

        @property
        def control(self) -> RowList:
            return self.rowlist

    class Selected(Highlighted):
        pass

    def __init__(self, *, empty: str = "", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Every list's keys show in the footer in the workshop's language.
        localize_bindings(self)
        self.rows: list[Row] = []
        self._index: dict[Hashable, int] = {}
        self.empty = empty
        self._strips: dict[tuple[int, int, int], Strip] = {}
        self._base: Style | None = None

    # ------------------------------------------------------------------ data
    def set_rows(self, rows: Sequence[Row], *, keep: bool = True,
                 select: Hashable | None = None) -> None:
        old = self.current_key if keep else None
        rows = list(rows)
        if select is None and keep and self._same(rows):
            return  # nothing changed: keep the drawn lines
        self._strips.clear()
        self.rows = rows
        self._index = {row.key: i for i, row in enumerate(self.rows)}
        # Rows are cut to the list's width, so there is nothing to scroll sideways.
        # A virtual width of 0 also keeps a resize from changing the virtual size,
        # which would lay out and draw the list once more after every resize.
        self.virtual_size = Size(0, len(self.rows))
        target = select if select is not None else old
        if target is not None and target in self._index:
            self.cursor = self._index[target]
        else:
            self.cursor = min(self.cursor, max(len(self.rows) - 1, 0))
        self.refresh()

    def _same(self, rows: list[Row]) -> bool:
        if len(rows) != len(self.rows):
            return False
        for new, old in zip(rows, self.rows, strict=True):
            if new.key != old.key or callable(new.text) or callable(old.text) \
                    or new.text != old.text:
                return False
        return True

    def update_row(self, key: Hashable, text: Text) -> None:
        index = self._index.get(key)
        if index is not None:
            self.rows[index] = Row(key, text)
            for flag in (0, 1, 2):
                self._strips.pop((index, self.size.width, flag), None)
            self.refresh_line(index)

    def refresh_line(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    @property
    def current_key(self) -> Hashable | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].key
        return None

    def select_key(self, key: Hashable) -> None:
        if key in self._index:
            self.cursor = self._index[key]

    def row_keys(self) -> list[Hashable]:
        return [r.key for r in self.rows]

    # ---------------------------------------------------------------- cursor
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        scrolled = False
        if self.rows:
            top = self.scroll_offset.y
            height = max(self.size.height, 1)
            if new < top:
                self.scroll_to(y=new, animate=False, immediate=True)
                scrolled = True
            elif new >= top + height:
                self.scroll_to(y=new - height + 1, animate=False, immediate=True)
                scrolled = True
        if scrolled:
            self.refresh()
        else:  # only the two rows that changed are drawn again
            self.refresh_line(old)
            self.refresh_line(new)
        self.post_message(self.Highlighted(self, self.current_key))

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(self.size.height - 1, 1)

    def action_jump(self, where: int) -> None:
        self.cursor = 0 if where == 0 else len(self.rows) - 1

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.current_key))

    def on_click(self, event) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            self.cursor = index

    def on_resize(self) -> None:
        self._strips.clear()

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    # ---------------------------------------------------------------- render
    def notify_style_update(self) -> None:
        self._strips.clear()
        self._base = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = self.scroll_offset.y + y
        flag = 0 if index != self.cursor else (1 if self.has_focus else 2)
        key = (index, width, flag)
        strip = self._strips.get(key)
        if strip is None:
            if self._base is None:
                self._base = self.rich_style
            strip = self._render_row(index, width, self._base)
            if len(self._strips) > 4000:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def _render_row(self, index: int, width: int, base: Style) -> Strip:
        if not self.rows:
            if index == 0 and self.empty:
                style = self.get_component_rich_style("rowlist--empty")
                text = Text(self.empty, style=style)
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(list(text.render(self.app.console)), width).apply_style(base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        full = self.rows[index].resolve()
        # Cut long rows before measuring: grapheme splitting costs per character.
        text = full[: width + 8] if len(full) > width + 8 else full.copy()
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [s for s in text.render(self.app.console) if s.text != "\n"]
        strip = Strip(segments, width)
        if index == self.cursor:
            cls = "rowlist--cursor" if self.has_focus else "rowlist--cursor-blur"
            style = self.get_component_rich_style(cls)
            # The cursor colours win over the row's own colours.
            strip = Strip([Segment(s.text, (s.style or Style()) + style) for s in strip], width)
        return strip.apply_style(base)


class TimerBar(Static):
    """The section's timebox: never blocks anything, just shows the time left."""

    DEFAULT_CSS = """
    TimerBar { height: 1; padding: 0 1; background: $panel; }
    TimerBar.-running { background: $primary 30%; }
    TimerBar.-over { background: $error; color: $text; text-style: bold; }
    """

    def __init__(self, timers: dict, section_id: str, minutes: int, *,
                 clock: Callable[[], float] = time.time,
                 save: Callable[[str, dict | None], object] | None = None) -> None:
        super().__init__()
        self.timers = timers
        self.section_id = section_id
        self.minutes = minutes
        # Wall-clock time: a saved timer that was running keeps running across
        # a restart of the app.
        self.clock = clock
        self.save = save
        self._alerted = False

    @property
    def running(self) -> bool:
        return self.timers.get(self.section_id, {}).get("since") is not None

    @property
    def state(self) -> dict:
        return self.timers.setdefault(self.section_id, {
            "elapsed": 0.0, "since": None, "extra": 0, "alerted": False})

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def elapsed(self) -> float:
        st = self.state
        running = max(self.clock() - st["since"], 0.0) if st["since"] is not None else 0.0
        return st["elapsed"] + running

    def total(self) -> int:
        return (self.minutes + self.state["extra"]) * 60

    def toggle(self) -> bool:
        st = self.state
        if st["since"] is None:
            st["since"] = self.clock()
        else:
            st["elapsed"] += max(self.clock() - st["since"], 0.0)
            st["since"] = None
        self._save()
        self.tick()
        return st["since"] is not None

    def extend(self, minutes: int = 5) -> None:
        self.state["extra"] += minutes
        self.state["alerted"] = False
        self._save()
        self.tick()

    def reset(self) -> None:
        self.timers.pop(self.section_id, None)
        if self.save is not None:
            self.save(self.section_id, None)
        self.tick()

    def _save(self) -> None:
        if self.save is not None:
            self.save(self.section_id, self.state)

    @staticmethod
    def _mmss(seconds: float) -> str:
        seconds = int(seconds)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    def tick(self) -> None:
        st = self.state
        running = st["since"] is not None
        if not self.minutes and not st["extra"]:
            self.update(Text(tr("timer.none"), style="dim"), layout=False)
            return
        left = self.total() - self.elapsed()
        over = left <= 0
        self.set_class(running and not over, "-running")
        self.set_class(over, "-over")
        if over:
            label = tr("timer.up", over=self._mmss(-left))
            if not st["alerted"]:
                st["alerted"] = True
                self._save()  # reopening must not ring the bell again
                self.app.bell()
                self.app.notify(tr("timer.up.toast"), severity="warning", timeout=8)
        else:
            label = tr("timer.left", left=self._mmss(left), total=self._mmss(self.total()))
        state = tr("timer.running") if running else tr("timer.paused")
        self.update(Text.assemble(("⏱ ", ""), (label, "bold"), "  ", (state, "italic"),
                                  "  ", (tr("timer.keys"), "dim")), layout=False)


# ---------------------------------------------------------------- dialogs

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

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

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


class FormScreen(DismissOnce, ModalScreen[dict | None]):
    """Several labelled one-line fields.

    Enter moves to the next field while a later one is still empty and saves
    otherwise, so a form that comes filled in (say, a voting round's budget)
    is saved by a single Enter, and pressing Enter several times quickly never
    leaves the form open. Ctrl+S saves from any field.
    """

    BINDINGS = [Binding("escape", "cancel", "key.cancel"),
                Binding("ctrl+s", "save", "key.save")]

    def __init__(self, title: str, fields: Sequence[tuple[str, str, str]], *,
                 suggestions: dict[str, list[str]] | None = None, hint: str = "",
                 required: Iterable[str] = (),
                 check: Callable[[dict[str, str]], str | None] | None = None) -> None:
        """``fields``: (name, label, value). ``check`` returns a message when the
        values cannot be saved; the form then stays open."""
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.fields = list(fields)
        self.suggestions = suggestions or {}
        self.hint = hint
        self.required = list(required)
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            for name, label, value in self.fields:
                yield Label(label)
                options = self.suggestions.get(name)
                suggester = SuggestFromList(options, case_sensitive=False) if options else None
                yield LineInput(value, id=f"field-{name}", suggester=suggester,
                            select_on_focus=False)
            yield Label(self.hint or tr("dialog.form_hint"), classes="hint")

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#field-{name}", Input).value.strip()
                for name, _, _ in self.fields}

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        later = inputs[index + 1:]
        empty = [i for i in later if not i.value.strip()]
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
                self.query_one(f"#field-{name}", Input).focus()
                return
        if self.check is not None:
            problem = self.check(values)
            if problem:
                self.notify(problem, severity="error")
                return
        self.dismiss(values)

    def action_cancel(self) -> None:
        ask_before_discarding(self, self.values() != {name: value.strip()
                                                      for name, _, value in self.fields})


class ConfirmScreen(DismissOnce, ModalScreen[bool]):
    BINDINGS = [Binding("y,enter", "answer(True)", "key.yes"),
                Binding("n,escape", "answer(False)", "key.no")]

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

    BINDINGS = [Binding("escape", "cancel", "key.cancel"),
                Binding("up", "move(-1)", show=False, priority=True),
                Binding("down", "move(1)", show=False, priority=True)]

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

    BINDINGS = [Binding("escape", "cancel", "key.cancel"),
                Binding("space", "toggle", "key.toggle"),
                Binding("enter", "done", "key.done", priority=True)]

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

    def action_toggle(self) -> None:
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


class KeyBar(Static):
    """The footer: the keys that work here, drawn as one line of text.

    Textual's ``Footer`` builds a widget per key and rebuilds them on every
    focus change, which costs more than drawing the whole step; this does not.
    """

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $foreground; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self._draw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        seen: set[str] = set()
        text = Text(no_wrap=True, overflow="ellipsis")
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            text.append(f" {key} ", style="bold reverse" if enabled else "dim reverse")
            text.append(f" {binding.description} ", style="" if enabled else "dim")
        palette = Text.assemble((" ^p ", "bold reverse"), (f" {tr('key.palette')} ", ""))
        width = self.size.width or self.app.size.width
        room = max(width - palette.cell_len, 0)
        text.truncate(room, overflow="ellipsis", pad=True)
        self.update(text + palette, layout=False)


class TextScreen(DismissOnce, ModalScreen[str | None]):
    """Edit text over several lines: Ctrl+S saves, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel"),
                Binding("ctrl+s", "save", "key.save", priority=True)]
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


class Intro(Static):
    """A step's introduction in the lines it may use; never cut without saying so.

    When the text needs more lines than the screen gives it, the last line
    ends in "…" and names the key that shows the whole text (``IntroScreen``).
    """

    def __init__(self, text: str) -> None:
        super().__init__(classes="intro")
        self.full = text.strip()
        self.cut = False
        self._fitted: tuple[int, int] | None = None

    def on_mount(self) -> None:
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    @property
    def limit(self) -> int:
        """Four lines; two on a short screen, where the lists need the room."""
        return 2 if self.screen.has_class("-short") else 4

    def _width(self) -> int:
        if self.content_size.width:
            return self.content_size.width
        # Not laid out yet: guess from the nearest ancestor that is. A wrong guess
        # costs a second layout and draw of the whole step as soon as it shows.
        outer = next((node.size.width for node in self.ancestors
                      if isinstance(node, Widget) and node.size.width), self.app.size.width)
        return max(outer - self.styles.gutter.width, 20)

    def fit(self) -> None:
        width = self._width()
        if self._fitted == (width, self.limit):
            return
        self._fitted = (width, self.limit)
        lines = Text(self.full).wrap(self.app.console, width)
        self.cut = len(lines) > self.limit
        self.styles.height = min(len(lines), self.limit) or 1
        if not self.cut:
            self.update(Text(self.full))
            return
        marker = Text.assemble(("… ", ""), (tr("intro.more"), "bold"))
        shown = Text("\n").join(lines[: self.limit - 1]) if self.limit > 1 else Text()
        last = lines[self.limit - 1].copy()
        last.rstrip()
        last.truncate(max(width - marker.cell_len, 1))
        last.rstrip()
        if self.limit > 1:
            shown.append("\n")
        shown.append_text(last)
        shown.append_text(marker)
        self.update(shown)


class IntroScreen(DismissOnce, ModalScreen[None]):
    """A step's whole introduction (and its questions), scrollable."""

    DEFAULT_CSS = """
    IntroScreen .dialog { height: auto; max-height: 90%; }
    IntroScreen VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS = [Binding("escape,enter,q,i,ctrl+o", "close", "key.close")]

    def __init__(self, title: str, text: str, prompts: Sequence[str] = ()) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.text = text
        self.prompts = list(prompts)

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        body = Text(self.text.strip())
        if self.prompts:
            body.append("\n\n" + tr("intro.questions") + "\n", style="bold")
            for prompt in self.prompts:
                body.append(f"  • {prompt}\n")
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            with VerticalScroll(can_focus=True, id="intro-scroll"):
                yield Static(body, id="intro-text")
            yield Label(tr("intro.close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#intro-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
