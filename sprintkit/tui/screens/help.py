"""The help screen: every key, grouped by where it works."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from sprintkit.tui import keymap
from sprintkit.tui.labels import tr
from sprintkit.tui.widgets import (
    DismissOnce,
    localize_bindings,
)


class HelpScreen(DismissOnce, ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen .dialog { width: 90; height: 90%; }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = keymap.bindings('help')

    def __init__(self, remapped: dict[str, str] | None = None,
                 active: Collection[str] = ()) -> None:
        super().__init__()
        localize_bindings(self)
        # The user's remapped keys, shown instead of the defaults.
        self.remapped = remapped or {}
        # Ids of the bindings that work where help was opened from.
        self.active = set(active)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr("help.title"), classes="title")
            with VerticalScroll(can_focus=True):
                yield Static(self._body())
            yield Label(tr("help.close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def _body(self) -> Text:
        out = Text()
        for title, areas in self._sections():
            out.append(tr(title) + "\n", style="bold underline")
            seen: set[str] = set()
            for area in areas:
                for binding in keymap.KEYMAP[area]:
                    if not binding.description:
                        continue
                    parts = self.remapped.get(binding.id or "", binding.key).split(",")
                    keys = ("1–9" if len(parts) > 5 and all(p.strip().isdigit() for p in parts)
                            else ", ".join(self._key(k) for k in parts))
                    if keys in seen:
                        continue
                    seen.add(keys)
                    out.append(f"  {keys:<21} ", style="bold")
                    out.append(tr(binding.description) + "\n")
            extra = f"{title}.extra"
            if tr.has(extra):
                out.append(tr(extra) + "\n", style="italic")
            out.append("\n")
        return out

    def _sections(self) -> list[tuple[str, list[str]]]:
        """The sections for the screen help was opened from first, then the rest.

        The app's own keys work everywhere, so they do not pull their section up."""
        def here(areas: list[str]) -> bool:
            return any(b.id in self.active for area in areas if area != "app"
                       for b in keymap.KEYMAP[area])

        first = [section for section in keymap.HELP if here(section[1])]
        return first + [section for section in keymap.HELP if section not in first]

    @staticmethod
    def _key(key: str) -> str:
        names = {"question_mark": "?", "less_than_sign": "<", "greater_than_sign": ">",
                 "plus": "+", "minus": "-", "space": "space", "escape": "esc",
                 "delete": "del"}
        key = key.strip()
        if key in names:
            return names[key]
        return key

    def action_close(self) -> None:
        self.dismiss(None)
