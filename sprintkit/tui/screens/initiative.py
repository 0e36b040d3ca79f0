"""One initiative: its notes and details."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Header, Label, Static

from sprintkit.errors import SprintkitError
from sprintkit.tui import keymap
from sprintkit.tui.format import note_row_text
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import Done, EditInitiative, SplitInitiative, UngroupNotes
from sprintkit.tui.screens.base import SubScreen
from sprintkit.tui.widgets import (
    KeyBar,
    PromptScreen,
    Row,
    RowList,
    TextScreen,
)
from sprintkit.tui.widgets.rows import row_id


class InitiativeScreen(SubScreen):
    """One initiative: its notes; split some off, take some out, rename, describe."""

    BINDINGS = keymap.bindings('initiative')

    def __init__(self, workshop_id: int, initiative_id: int) -> None:
        super().__init__(workshop_id)
        self.initiative_id = initiative_id
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", classes="screen-title", id="item-title")
        yield Static("", classes="screen-hint", id="item-description")
        yield RowList(empty=tr("item.no_notes"), id="item-notes")
        yield Label(tr("item.hint"), classes="screen-hint")
        yield KeyBar()

    def reload(self) -> None:
        try:
            self.item = self.service.initiative(self.workshop_id, self.initiative_id)
        except SprintkitError:
            self.dismiss(None)
            return
        book = self.service.playbook(self.workshop_id)
        people = {p.id: p for p in self.service.participants(self.workshop_id)}
        notes = [n for n in self.service.notes(self.workshop_id)
                 if n.initiative_id == self.initiative_id]
        self.notes = {n.id: n for n in notes}
        self.marked &= set(self.notes)
        titles = book.tag_titles()
        numbers = {s.id: i for i, s in enumerate(book.sections, start=1)}
        self.query_one("#item-title", Label).update(Text(self.item.title))
        self.query_one("#item-description", Static).update(
            Text(self.item.description or tr("group.no_description")))
        self.rows_for = lambda n: note_row_text(n, people, titles, marked=n.id in self.marked,
                                                prefix=f"{numbers.get(n.section_id, '?')}· ")
        self.query_one(RowList).set_rows([Row(n.id, self.rows_for(n)) for n in notes])

    def _chosen(self) -> list[int]:
        if self.marked:
            return sorted(self.marked)
        key = self.query_one(RowList).current_key
        return [row_id(key)] if key is not None else []

    def action_mark(self) -> None:
        rows = self.query_one(RowList)
        key = rows.current_key
        if key is None:
            return
        self.marked ^= {row_id(key)}
        rows.update_row(key, self.rows_for(self.notes[row_id(key)]))
        rows.cursor += 1

    def action_split(self) -> None:
        chosen = self._chosen()
        if not chosen:
            return

        def titled(title: str | None) -> None:
            if title:
                self.post_message(SplitInitiative(self.workshop_id, self.initiative_id,
                                                  chosen, title))

        self.app.push_screen(PromptScreen(tr("item.split_title", n=len(chosen))), titled)

    def action_ungroup(self) -> None:
        chosen = self._chosen()
        if chosen:
            self.post_message(UngroupNotes(self.workshop_id, chosen))
            self.marked.clear()
            self.reload()

    def action_rename(self) -> None:
        def saved(title: str | None) -> None:
            if title:
                self.post_message(EditInitiative(self.workshop_id, self.initiative_id,
                                                 title=title))

        self.app.push_screen(PromptScreen(tr("group.rename"), self.item.title), saved)

    def action_describe(self) -> None:
        def saved(text: str | None) -> None:
            if text is not None:
                self.post_message(EditInitiative(self.workshop_id, self.initiative_id,
                                                 description=text))

        self.app.push_screen(TextScreen(tr("group.describe", title=self.item.title),
                                        self.item.description), saved)

    @on(Done)
    def _saved(self, event: Done) -> None:
        if isinstance(event.wanted, SplitInitiative):
            self.marked.clear()
            self.reload()
