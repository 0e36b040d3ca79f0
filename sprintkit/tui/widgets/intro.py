"""A step's introduction, and the dialog that shows it whole."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Static

from sprintkit.tui import keymap
from sprintkit.tui.format import literal
from sprintkit.tui.labels import tr
from sprintkit.tui.widgets.bindings import localize_bindings
from sprintkit.tui.widgets.dialogs import DismissOnce


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
    BINDINGS = keymap.bindings('intro')

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
