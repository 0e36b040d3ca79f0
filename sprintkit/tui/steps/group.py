"""The group step: notes gathered into initiatives."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Static

from sprintkit.models import Initiative, Note, Section
from sprintkit.tui import keymap
from sprintkit.tui.evidence_filter import filter_name, filter_text, kept, next_filter
from sprintkit.tui.format import note_row_text, one_line
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import (
    AddNotes,
    CreateInitiative,
    DeleteInitiative,
    Done,
    EditInitiative,
    MergeInitiatives,
    UngroupNotes,
)
from sprintkit.tui.screens.initiative import InitiativeScreen
from sprintkit.tui.steps.base import Pane
from sprintkit.tui.widgets import (
    ConfirmScreen,
    Intro,
    PickScreen,
    PromptScreen,
    Row,
    RowList,
    TextScreen,
)
from sprintkit.tui.widgets.rows import row_id


class GroupNotes(RowList):
    BINDINGS = keymap.bindings('group-notes')

    @dataclass
    class Mark(Message):
        note_id: int

    class New(Message):
        """Make an initiative of the marked notes."""

    class Add(Message):
        """Add the marked notes to an initiative."""

    class Ungroup(Message):
        """Take the highlighted note out of its initiative."""

    def action_mark(self) -> None:
        if self.current_key is not None:
            self.post_message(self.Mark(row_id(self.current_key)))

    def action_select(self) -> None:
        self.action_mark()

    def action_new(self) -> None:
        self.post_message(self.New())

    def action_add(self) -> None:
        self.post_message(self.Add())

    def action_ungroup(self) -> None:
        self.post_message(self.Ungroup())


class GroupItems(RowList):
    BINDINGS = keymap.bindings('group-initiatives')

    # Each asks the pane to act on the highlighted (or marked) initiatives.
    class Open(Message):
        pass

    class Mark(Message):
        pass

    class Rename(Message):
        pass

    class Describe(Message):
        pass

    class Merge(Message):
        pass

    class Delete(Message):
        pass

    def action_select(self) -> None:
        self.post_message(self.Open())

    def action_mark(self) -> None:
        self.post_message(self.Mark())

    def action_rename(self) -> None:
        self.post_message(self.Rename())

    def action_describe(self) -> None:
        self.post_message(self.Describe())

    def action_merge(self) -> None:
        self.post_message(self.Merge())

    def action_delete(self) -> None:
        self.post_message(self.Delete())


class GroupPane(Pane):
    """Mark notes, then make an initiative of them or add them to one."""

    BINDINGS = keymap.bindings('group')
    DEFAULT_CSS = """
    GroupPane #group-columns { height: 1fr; }
    GroupPane #group-notes-box { width: 3fr; }
    GroupPane #group-items-box { width: 2fr; border-left: tall $primary; }
    """

    def __init__(self, workshop_id: int, section: Section) -> None:
        super().__init__(workshop_id, section)
        self.marked_notes: set[int] = set()
        self.marked_items: set[int] = set()
        self.show_all = False
        self.evidence_filter = "all"

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        with Horizontal(id="group-columns"):
            with Vertical(id="group-notes-box"):
                yield Label("", classes="column-title", id="group-notes-title")
                yield GroupNotes(empty=tr("group.no_notes"), id="group-notes")
            with Vertical(id="group-items-box"):
                yield Label(tr("group.initiatives"), classes="column-title")
                yield GroupItems(empty=tr("group.no_items"), id="group-items")
        yield Static("", classes="detail", id="detail")

    def setup(self) -> None:
        self.book = self.service.playbook(self.workshop_id)
        self.tag_titles = self.book.tag_titles()
        self.section_no = {s.id: i for i, s in enumerate(self.book.sections, start=1)}

    def reload(self) -> None:
        self.people_map = self.people()
        all_notes = self.service.notes(self.workshop_id)
        capture = {s.id for s in self.book.sections if s.kind == "capture"}
        self.items = {i.id: i for i in self.service.initiatives(self.workshop_id)}
        self.notes = {n.id: n for n in all_notes}
        self.marks = self.service.evidence_marks(self.workshop_id)
        listed = [n for n in all_notes if (self.show_all or n.initiative_id is None)
                  and (n.section_id in capture or n.initiative_id is None)]
        shown = kept(listed, self.marks, self.evidence_filter)
        # An empty list says why: no notes at all, the filter, or all grouped.
        self.query_one(GroupNotes).empty = (
            tr("group.no_notes_yet") if not all_notes
            else tr("group.filter_hides", n=len(listed)) if listed and not shown
            else tr("group.no_notes"))
        # A mark is the facilitator's choice, not the filter's: a note the
        # filter hides stays marked, and grouping takes it along.
        self.listed_notes = listed
        self.marked_notes &= {n.id for n in listed}
        self.marked_items &= set(self.items)
        self.shown_notes = shown
        self._draw_notes()
        self._draw_items()
        # Without show_all the list holds every loose note the filter lets through.
        title = tr("group.all_notes" if self.show_all else "group.loose_notes", n=len(shown))
        self.query_one("#group-notes-title", Label).update(
            Text.assemble(title, filter_text(self.evidence_filter)))
        self._draw_detail()

    def _note_text(self, note: Note) -> Text:
        suffix = ""
        if note.initiative_id is not None and note.initiative_id in self.items:
            suffix = f"  → {self.items[note.initiative_id].title}"
        return note_row_text(note, self.people_map, self.tag_titles,
                             marked=note.id in self.marked_notes,
                             prefix=f"{self.section_no.get(note.section_id, '?')}· ",
                             suffix=suffix, evidence=self.marks.get(note.id))

    def _draw_notes(self) -> None:
        rows = [Row(n.id, partial(self._note_text, n)) for n in self.shown_notes]
        self.query_one(GroupNotes).set_rows(rows)

    def _item_text(self, item: Initiative, counts: dict[int, int]) -> Text:
        # The note count first: a long title is cut at the end, on a narrow screen too.
        text = Text.assemble(("● " if item.id in self.marked_items else "  ", "bold"),
                             (f"{counts.get(item.id, 0):>3}  ", "dim"),
                             (item.title, "bold"))
        if item.carried_from:
            text.append("  " + tr("group.carried_from", source=item.carried_from), "dim italic")
        return text

    def _draw_items(self) -> None:
        counts = self.service.initiative_note_counts(self.workshop_id)
        self.counts = counts
        rows = [Row(i.id, self._item_text(i, counts)) for i in self.items.values()]
        self.query_one(GroupItems).set_rows(rows)

    def _draw_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        focused = self.app.focused
        if isinstance(focused, GroupItems) and focused.current_key in self.items:
            item = self.items[focused.current_key]  # type: ignore[index]
            detail.update(Text.assemble(
                (item.title, "bold"), (f" ({self.counts.get(item.id, 0)})", "dim"),
                ("  " + tr("group.carried_from", source=item.carried_from), "dim italic")
                if item.carried_from else "",
                ": ", item.description or Text(tr("group.no_description"), style="dim")),
                layout=False)
            return
        notes = self.query_one(GroupNotes)
        note = self.notes.get(row_id(notes.current_key)) if notes.current_key is not None else None
        marked = len(self.marked_notes)
        hidden = len(self.marked_notes - {n.id for n in self.shown_notes})
        head = "" if not marked else (tr("group.marked_hidden", n=marked, hidden=hidden)
                                      if hidden else tr("group.marked", n=marked)) + "  "
        if note is None:
            detail.update(Text(head + tr("group.hint"), style="dim"), layout=False)
        else:
            detail.update(Text.assemble((head, "bold"), one_line(note.text)), layout=False)

    @on(RowList.Highlighted)
    def _highlighted(self) -> None:
        self._draw_detail()

    def on_descendant_focus(self) -> None:
        self._draw_detail()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.reload()

    def action_filter(self) -> None:
        self.evidence_filter = next_filter(self.evidence_filter)
        self.reload()
        self.notify(filter_name(self.evidence_filter), timeout=2)

    # ----------------------------------------------------------- notes
    def mark_note(self, note_id: int) -> None:
        self.marked_notes ^= {note_id}
        notes = self.query_one(GroupNotes)
        notes.update_row(note_id, self._note_text(self.notes[note_id]))
        notes.cursor += 1
        self._draw_detail()

    def _chosen_notes(self) -> list[int]:
        if self.marked_notes:
            return [n.id for n in self.listed_notes if n.id in self.marked_notes]
        key = self.query_one(GroupNotes).current_key
        return [row_id(key)] if key is not None else []

    def new_initiative(self) -> None:
        chosen = self._chosen_notes()
        if not chosen:
            return
        suggestion = one_line(self.notes[chosen[0]].text)[:80]

        def titled(title: str | None) -> None:
            if title:
                self.post_message(CreateInitiative(self.workshop_id, title, chosen))

        self.app.push_screen(PromptScreen(tr("group.new_title", n=len(chosen)), suggestion,
                                          hint=tr("group.new_hint")), titled)

    def add_to_initiative(self) -> None:
        chosen = self._chosen_notes()
        if not chosen:
            return
        if not self.items:
            self.new_initiative()
            return
        options = [(i.id, i.title) for i in self.items.values()]
        current = self.query_one(GroupItems).current_key

        def picked(key: Hashable | None) -> None:
            if key is None:
                return
            self.post_message(AddNotes(self.workshop_id, row_id(key), chosen))

        self.app.push_screen(PickScreen(tr("group.add_to", n=len(chosen)), options,
                                        current=current), picked)

    def ungroup(self) -> None:
        chosen = [n for n in self._chosen_notes() if self.notes[n].initiative_id is not None]
        if chosen:
            self.post_message(UngroupNotes(self.workshop_id, chosen))
            self.marked_notes.clear()
            self.reload()

    # ----------------------------------------------------------- initiatives
    def _item(self) -> Initiative | None:
        key = self.query_one(GroupItems).current_key
        return self.items.get(row_id(key)) if key is not None else None

    def mark_item(self) -> None:
        item = self._item()
        if item is None:
            return
        self.marked_items ^= {item.id}
        items = self.query_one(GroupItems)
        items.update_row(item.id, self._item_text(item, self.counts))
        items.cursor += 1

    def open_item(self) -> None:
        item = self._item()
        if item is not None:
            self.app.push_screen(InitiativeScreen(self.workshop_id, item.id))

    def rename_item(self) -> None:
        item = self._item()
        if item is None:
            return

        def saved(title: str | None) -> None:
            if title and title != item.title:
                self.post_message(EditInitiative(self.workshop_id, item.id, title=title))

        self.app.push_screen(PromptScreen(tr("group.rename"), item.title), saved)

    def describe_item(self) -> None:
        item = self._item()
        if item is None:
            return

        def saved(text: str | None) -> None:
            if text is not None and text != item.description:
                self.post_message(EditInitiative(self.workshop_id, item.id,
                                                 description=text))

        self.app.push_screen(TextScreen(tr("group.describe", title=item.title),
                                        item.description), saved)

    def merge_items(self) -> None:
        target = self._item()
        others = [i for i in self.marked_items if target is None or i != target.id]
        if target is None or not others:
            self.notify(tr("group.merge_hint"), severity="warning", timeout=5)
            return
        names = ", ".join(self.items[i].title for i in others)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.post_message(MergeInitiatives(self.workshop_id, target.id, others))

        self.app.push_screen(ConfirmScreen(tr("group.confirm_merge", others=names,
                                              title=target.title)), confirmed)

    def delete_item(self) -> None:
        item = self._item()
        if item is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.post_message(DeleteInitiative(self.workshop_id, item.id))

        self.app.push_screen(ConfirmScreen(tr("group.confirm_delete", title=item.title)),
                             confirmed)

    # ------------------------------------------------------ asks from the lists
    @on(GroupNotes.Mark)
    def _notes_mark(self, event: GroupNotes.Mark) -> None:
        self.mark_note(event.note_id)

    @on(GroupNotes.New)
    def _notes_new(self) -> None:
        self.new_initiative()

    @on(GroupNotes.Add)
    def _notes_add(self) -> None:
        self.add_to_initiative()

    @on(GroupNotes.Ungroup)
    def _notes_ungroup(self) -> None:
        self.ungroup()

    @on(GroupItems.Open)
    def _items_open(self) -> None:
        self.open_item()

    @on(GroupItems.Mark)
    def _items_mark(self) -> None:
        self.mark_item()

    @on(GroupItems.Rename)
    def _items_rename(self) -> None:
        self.rename_item()

    @on(GroupItems.Describe)
    def _items_describe(self) -> None:
        self.describe_item()

    @on(GroupItems.Merge)
    def _items_merge(self) -> None:
        self.merge_items()

    @on(GroupItems.Delete)
    def _items_delete(self) -> None:
        self.delete_item()

    # -------------------------------------------------- what the app saved
    @on(Done)
    def _saved(self, event: Done) -> None:
        wanted = event.wanted
        if isinstance(wanted, CreateInitiative | AddNotes):
            self.marked_notes.clear()
            self.reload()
            if isinstance(wanted, CreateInitiative):
                self.query_one(GroupItems).select_key(event.result.id)
        elif isinstance(wanted, MergeInitiatives):
            self.marked_items.clear()
            self.reload()
