"""The home screen: every workshop in the database; create, open, rename, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Label, Static

from sprintkit.tui import keymap
from sprintkit.tui.labels import language, tr
from sprintkit.tui.messages import (
    AsksForChanges,
    CreateWorkshop,
    DeleteWorkshop,
    Done,
    EditWorkshop,
    Refused,
    RenameWorkshop,
)
from sprintkit.tui.roles import ShowsWorkshopData
from sprintkit.tui.widgets import (
    ConfirmScreen,
    DismissOnce,
    FormScreen,
    KeyBar,
    LineInput,
    PromptScreen,
    Row,
    RowList,
    ask_before_discarding,
    localize_bindings,
)
from sprintkit.tui.widgets.checks import check_day
from sprintkit.tui.widgets.rows import row_id

if TYPE_CHECKING:
    from textual import getters

    from sprintkit.tui.host import HostApp


class HomeScreen(AsksForChanges, ShowsWorkshopData, Screen):
    if TYPE_CHECKING:
        app = getters.app(HostApp)

    DEFAULT_CSS = """
    HomeScreen #home-title { padding: 1 1 0 1; text-style: bold; color: $primary; }
    HomeScreen #home-hint { padding: 0 1 1 1; color: $text-muted; }
    HomeScreen RowList { margin: 0 1; border: round $primary; }
    """
    BINDINGS = keymap.bindings('home')

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("home.title"), id="home-title")
        yield Label(tr("home.hint"), id="home-hint")
        yield RowList(empty=tr("home.empty"), id="workshops")
        yield KeyBar()

    def on_mount(self) -> None:
        self._header()
        self.reload()
        self.query_one(RowList).focus()

    def on_screen_resume(self) -> None:
        self._header()

    def _header(self) -> None:
        # A workshop shows its own name in the header; back here, none is open.
        self.app.title = self.app.TITLE or ""
        self.app.sub_title = tr("home.subtitle")

    def reload(self) -> None:
        rows = []
        for ws in self.app.reads.list_workshops():
            text = Text.assemble(
                (f"{ws.id:>3}  ", "dim"), (ws.name, "bold"),
                (f"  {ws.playbook_id} · {ws.language}", ""),
                (f"  {ws.updated_at[:16].replace('T', ' ')}", "dim"))
            rows.append(Row(ws.id, text))
        self.query_one(RowList).set_rows(rows)

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        if event.key is not None:
            self.app.open_workshop(row_id(event.key))

    def action_open(self) -> None:
        key = self.query_one(RowList).current_key
        if key is not None:
            self.app.open_workshop(row_id(key))

    def action_new(self) -> None:
        def created(workshop_id: int | None) -> None:
            if workshop_id is not None:
                self.reload()
                self.query_one(RowList).select_key(workshop_id)
                self.app.open_workshop(workshop_id)

        self.app.push_screen(NewWorkshopScreen(), created)

    def action_rename(self) -> None:
        key = self.query_one(RowList).current_key
        if key is None:
            return
        ws = self.app.reads.workshop(row_id(key))

        def renamed(name: str | None) -> None:
            if name:
                self.post_message(RenameWorkshop(ws.id, name))

        self.app.push_screen(PromptScreen(tr("home.rename", name=ws.name), ws.name), renamed)

    def action_details(self) -> None:
        key = self.query_one(RowList).current_key
        if key is None:
            return
        ws = self.app.reads.workshop(row_id(key))
        fields = [("organisation", tr("new.organisation"), ws.organisation),
                  ("facilitator", tr("new.facilitator"), ws.facilitator),
                  ("held_on", tr("new.held_on"), ws.held_on),
                  ("headline", tr("new.headline"), ws.headline)]
        names = [name for name, _, _ in fields]

        def saved(values: dict | None) -> None:
            if values is not None and [values[n] for n in names] != \
                    [getattr(ws, n) for n in names]:
                self.post_message(EditWorkshop(ws.id, {n: values[n] for n in names}))

        self.app.push_screen(FormScreen(tr("home.details", name=ws.name), fields,
                                        required=["held_on"],
                                        check=check_day({"held_on": "date"})), saved)

    def action_delete(self) -> None:
        key = self.query_one(RowList).current_key
        if key is None:
            return
        ws = self.app.reads.workshop(row_id(key))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.post_message(DeleteWorkshop(ws.id))

        self.app.push_screen(ConfirmScreen(tr("home.confirm_delete", name=ws.name)), confirmed)


# Broken playbook files named in the new-workshop screen's notice; the rest
# are counted ('sprintkit playbook list' names them all).
SKIPPED_SHOWN = 3


class NewWorkshopScreen(AsksForChanges, DismissOnce, ModalScreen[int | None]):
    """Name the workshop and pick a playbook in a language."""

    if TYPE_CHECKING:
        app = getters.app(HostApp)

    DEFAULT_CSS = """
    NewWorkshopScreen RowList { max-height: 10; }
    """
    BINDINGS = keymap.bindings('new-workshop')

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self.books: list = []
        self.creating = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr("new.title"), classes="title")
            yield Label(tr("new.name"))
            yield LineInput(id="new-name")
            yield Label(tr("new.organisation"))
            yield LineInput(id="new-organisation")
            yield Label(tr("new.facilitator"))
            yield LineInput(id="new-facilitator")
            yield Label(tr("new.playbook"))
            yield RowList(empty=tr("new.loading"), id="new-playbook")
            yield Static(tr("new.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#new-name", Input).focus()
        self.load_playbooks()

    @work(thread=True, exclusive=True)
    def load_playbooks(self) -> None:
        from sprintkit.playbooks import discover

        skipped: list[str] = []
        found = discover(on_skip=skipped.append)
        self.app.call_from_thread(self._show_playbooks, found, skipped)

    def _show_playbooks(self, found: list, skipped: list[str]) -> None:
        if skipped:
            # One notice for all of them, so a folder of drafts cannot bury the
            # screen; the problems quote the files, so never read as markup.
            lines = skipped[:SKIPPED_SHOWN]
            if len(skipped) > SKIPPED_SHOWN:
                lines.append(tr("new.skipped_more", count=len(skipped) - SKIPPED_SHOWN))
            self.notify("\n".join(lines), title=tr("new.skipped", count=len(skipped)),
                        severity="warning", timeout=15, markup=False)
        self.books = [book for _, book in found]
        rows = [Row(index, Text.assemble((book.title, "bold"),
                                         f"  ({book.id}, {book.language})"))
                for index, book in enumerate(self.books)]
        rowlist = self.query_one("#new-playbook", RowList)
        rowlist.empty = tr("new.no_playbooks")
        # Start on the service sprint in the screen's language (the playbook this
        # tool is for), else on any playbook in that language.
        same = [i for i, book in enumerate(self.books) if book.language == language()]
        sprint = [i for i in same if self.books[i].id == "service-sprint"]
        start = next(iter(sprint or same), None)
        rowlist.set_rows(rows, select=start)

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        # Enter goes on to the next field; the playbook must be picked, not assumed.
        order = ["new-name", "new-organisation", "new-facilitator"]
        index = order.index(event.input.id) if event.input.id in order else len(order) - 1
        if index + 1 < len(order):
            self.query_one(f"#{order[index + 1]}", Input).focus()
        else:
            self.query_one("#new-playbook", RowList).focus()

    @on(RowList.Selected)
    def _picked(self) -> None:
        self.action_create()

    def action_create(self) -> None:
        name = self.query_one("#new-name", Input).value.strip()
        if not name:
            self.notify(tr("new.need_name"), severity="warning")
            self.query_one("#new-name", Input).focus()
            return
        key = self.query_one("#new-playbook", RowList).current_key
        if key is None or not self.books:
            self.notify(tr("new.need_playbook"), severity="warning")
            return
        book = self.books[row_id(key)]
        organisation = self.query_one("#new-organisation", Input).value.strip()
        facilitator = self.query_one("#new-facilitator", Input).value.strip()
        if not self.creating:  # a second Enter before the first is saved
            self.creating = True
            self.post_message(CreateWorkshop(name, book, organisation, facilitator))

    @on(Done)
    def _created(self, event: Done) -> None:
        if isinstance(event.wanted, CreateWorkshop):
            self.dismiss(event.result.id)

    @on(Refused)
    def _refused(self) -> None:
        self.creating = False

    def action_cancel(self) -> None:
        ask_before_discarding(self, any(field.value.strip() for field in self.query(Input)))
