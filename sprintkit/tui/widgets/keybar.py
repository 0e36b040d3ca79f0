"""The footer line of keys."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from sprintkit.tui.labels import tr


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
