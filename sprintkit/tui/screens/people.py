"""The people screen: add, edit, import and remove participants."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Header, Label

from sprintkit.tui import keymap
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import (
    AddParticipant,
    Done,
    EditParticipant,
    ImportParticipants,
    RemoveParticipant,
)
from sprintkit.tui.screens.base import SubScreen
from sprintkit.tui.widgets import (
    ConfirmScreen,
    FormScreen,
    KeyBar,
    PromptScreen,
    Row,
    RowList,
)
from sprintkit.tui.widgets.rows import row_id


class ParticipantsScreen(SubScreen):
    BINDINGS = keymap.bindings('people')

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("people.title"), classes="screen-title")
        yield RowList(empty=tr("people.empty"), id="people")
        yield Label(tr("people.hint"), classes="screen-hint")
        yield KeyBar()

    def reload(self) -> None:
        people = self.service.participants(self.workshop_id)
        counts: dict[int, int] = {}
        for note in self.service.notes(self.workshop_id):
            if note.participant_id is not None:
                counts[note.participant_id] = counts.get(note.participant_id, 0) + 1
        wide = min(max((len(p.name) for p in people), default=0), 28)
        role_wide = min(max((len(p.role) for p in people), default=0), 28)
        rows = [Row(p.id, Text.assemble(
                    " ", (p.name.ljust(wide), "bold"), "  ", (p.role or "–").ljust(role_wide),
                    (f"  {tr('people.notes', n=counts.get(p.id, 0))}",
                     "bold red" if not counts.get(p.id) else "dim")))
                for p in people]
        self.people = {p.id: p for p in people}
        self.query_one(RowList).set_rows(rows)

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_edit()

    def _roles(self) -> list[str]:
        return sorted({p.role for p in self.people.values() if p.role})

    def action_add(self) -> None:
        fields = [("name", tr("people.name"), ""), ("role", tr("people.role"), "")]

        def saved(values: dict | None) -> None:
            if values and values["name"]:
                self.post_message(AddParticipant(self.workshop_id, values["name"],
                                                 values["role"]))

        self.app.push_screen(FormScreen(tr("people.add"), fields,
                                        suggestions={"role": self._roles()},
                                        hint=tr("people.add_hint"), required=["name"]),
                             saved)

    def action_edit(self) -> None:
        key = self.query_one(RowList).current_key
        if key is None:
            return
        person = self.people[row_id(key)]
        fields = [("name", tr("people.name"), person.name),
                  ("role", tr("people.role"), person.role)]

        def saved(values: dict | None) -> None:
            if values:
                self.post_message(EditParticipant(self.workshop_id, person.id,
                                                  values["name"], values["role"]))

        self.app.push_screen(FormScreen(tr("people.edit"), fields,
                                        suggestions={"role": self._roles()},
                                        required=["name"]), saved)

    def action_remove(self) -> None:
        key = self.query_one(RowList).current_key
        if key is None:
            return
        person = self.people[row_id(key)]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.post_message(RemoveParticipant(self.workshop_id, person.id))

        self.app.push_screen(ConfirmScreen(tr("people.confirm_remove", name=person.name)),
                             confirmed)

    def action_import_csv(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.post_message(ImportParticipants(self.workshop_id,
                                                     Path(path).expanduser()))

        self.app.push_screen(PromptScreen(tr("people.import"), hint=tr("people.import_hint")),
                             chosen)

    @on(Done)
    def _saved(self, event: Done) -> None:
        if isinstance(event.wanted, AddParticipant):
            self.query_one(RowList).select_key(event.result.id)
            self.action_add()  # ready for the next person
