"""RowList: a long list drawn only where it is seen."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sprintkit.tui import keymap
from sprintkit.tui.widgets.bindings import localize_bindings


@dataclass
class Row:
    """One row; ``text`` may be a function, called only when the row is first drawn."""

    key: Hashable
    text: Text | Callable[[], Text]

    def resolve(self) -> Text:
        if callable(self.text):
            self.text = self.text()
        return self.text


def row_id(key: Hashable) -> int:
    """The record id a row is keyed by.

    Lists of stored records key their rows by id; a list has no one key type,
    so the caller that knows its rows are records says so here.
    """
    if isinstance(key, int):
        return key
    raise TypeError(f"row key {key!r} is not a record id")


class RowList(ScrollView, can_focus=True):
    """A list drawn line by line (no widget per row): stays fast with thousands of rows."""

    BINDINGS = keymap.bindings('list')
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
