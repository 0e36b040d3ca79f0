"""Screens opened from a workshop: people, voices, history, export, help, ballots."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import sys
from collections.abc import Hashable
from datetime import datetime
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Label, ProgressBar, Static

from sprintkit import analysis
from sprintkit.errors import BallotChanged, SprintkitError
from sprintkit.tui.format import event_text, literal, note_row_text, person_label
from sprintkit.tui.labels import error_text, tr
from sprintkit.tui.widgets import (
    ConfirmScreen,
    DismissOnce,
    FormScreen,
    KeyBar,
    PickScreen,
    PromptScreen,
    Row,
    RowList,
    TextScreen,
    localize_bindings,
)

SCREEN_CSS = """
.screen-title { text-style: bold; color: $primary; padding: 0 1; width: 100%; }
.screen-hint { color: $text-muted; padding: 0 1; width: 100%; height: auto; }
.detail { height: auto; max-height: 4; padding: 0 1; background: $panel; }
"""


class SubScreen(DismissOnce, Screen):
    """A full screen over the workshop; Escape goes back."""

    DEFAULT_CSS = SCREEN_CSS
    BINDINGS = [Binding("escape", "back", "key.back")]

    def __init__(self, workshop_id: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop_id = workshop_id

    @property
    def service(self):
        return self.app.service

    def action_back(self) -> None:
        self.dismiss(None)

    def on_mount(self) -> None:
        self.reload()
        lists = self.query(RowList)
        if lists:
            lists.first().focus()

    def reload(self) -> None:
        pass


# -------------------------------------------------------------- participants


class ParticipantsScreen(SubScreen):
    BINDINGS = [
        Binding("a", "add", "key.add"),
        Binding("enter,r", "edit", "key.edit"),
        Binding("d,delete", "remove", "key.remove"),
        Binding("i", "import_csv", "key.import_csv"),
    ]

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
                person = self.app.act(self.service.add_participant, self.workshop_id,
                                      values["name"], values["role"])
                if person is not None:
                    self.query_one(RowList).select_key(person.id)
                    self.action_add()  # ready for the next person

        self.app.push_screen(FormScreen(tr("people.add"), fields,
                                        suggestions={"role": self._roles()},
                                        hint=tr("people.add_hint"), required=["name"]),
                             saved)

    def action_edit(self) -> None:
        key = self.query_one(RowList).current_key
        if key is None:
            return
        person = self.people[int(key)]  # type: ignore[arg-type]
        fields = [("name", tr("people.name"), person.name),
                  ("role", tr("people.role"), person.role)]

        def saved(values: dict | None) -> None:
            if values:
                self.app.act(self.service.update_participant, self.workshop_id, person.id,
                             name=values["name"], role=values["role"])

        self.app.push_screen(FormScreen(tr("people.edit"), fields,
                                        suggestions={"role": self._roles()},
                                        required=["name"]), saved)

    def action_remove(self) -> None:
        key = self.query_one(RowList).current_key
        if key is None:
            return
        person = self.people[int(key)]  # type: ignore[arg-type]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.act(self.service.remove_participant, self.workshop_id, person.id,
                             done=tr("people.removed", name=person.name))

        self.app.push_screen(ConfirmScreen(tr("people.confirm_remove", name=person.name)),
                             confirmed)

    def action_import_csv(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.import_file(Path(path).expanduser())

        self.app.push_screen(PromptScreen(tr("people.import"), hint=tr("people.import_hint")),
                             chosen)

    @work(thread=True, exclusive=True, group="import")
    def import_file(self, path: Path) -> None:
        try:
            result = self.service.import_participants_csv(self.workshop_id, path)
        except SprintkitError as exc:
            self.app.call_from_thread(self.notify, error_text(exc), severity="error",
                                      timeout=8, markup=False)
            return
        done = tr("people.imported", n=len(result.added))
        if result.skipped:
            done += " · " + tr("people.import_skipped", n=len(result.skipped))
        self.app.call_from_thread(self.notify, done, markup=False)
        self.app.call_from_thread(self.app.reload_all)


# -------------------------------------------------------------------- voices


class VoicesScreen(SubScreen):
    DEFAULT_CSS = SCREEN_CSS + """
    VoicesScreen #voices { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("voices.title"), classes="screen-title")
        with VerticalScroll(id="voices-scroll", can_focus=True):
            yield Static("", id="voices")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#voices-scroll").focus()

    def reload(self) -> None:
        balance = self.service.voice_balance(self.workshop_id)
        book = self.service.playbook(self.workshop_id)
        titles = {s.id: s.title for s in book.sections}
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        table.add_column(tr("voices.role"))
        for number, _sid in enumerate(balance.sections, start=1):
            table.add_column(f"{number}", justify="right")
        table.add_column(tr("voices.dots"), justify="right")
        for role in balance.roles:
            cells = []
            for sid in balance.sections:
                count = balance.notes.get(sid, {}).get(role, 0)
                cells.append(Text(str(count), style="bold red" if not count else ""))
            table.add_row(Text(role or tr("vote.no_role")), *cells,
                          str(balance.dots.get(role, 0)))
        table.add_row(Text(tr("anonymous"), style="italic"),
                      *[str(balance.anonymous_notes.get(s, 0)) for s in balance.sections], "")
        legend = Text()
        for number, sid in enumerate(balance.sections, start=1):
            legend.append(f"{number} = {titles.get(sid, sid)}   ", style="dim")
        summary = Text()
        if balance.unheard_roles:
            summary.append(tr("voices.unheard_roles", roles=", ".join(
                r or tr("vote.no_role") for r in balance.unheard_roles)) + "\n", style="bold red")
        else:
            summary.append(tr("voices.all_heard") + "\n", style="bold green")
        if balance.unheard_participants:
            summary.append(tr("voices.unheard_people",
                              names=", ".join(balance.unheard_participants)) + "\n",
                           style="red")
        for sid in balance.sections:
            silent = balance.silent_by_section.get(sid, [])
            if silent and len(silent) < len(balance.roles):
                summary.append(tr("voices.silent_in", section=titles.get(sid, sid),
                                  roles=", ".join(r or tr("vote.no_role") for r in silent))
                               + "\n", style="dim")
        lenses = analysis.lens_balance(book, self.service.notes(self.workshop_id))
        tag_titles = book.tag_titles()
        for lens in book.lenses:
            counts = lenses.get(lens.id, {})
            summary.append(f"{lens.title}: ", style="bold")
            summary.append(", ".join(f"{tag_titles[t]} {n}" for t, n in counts.items()) + "\n")
        from rich.console import Group

        self.summary = summary
        if not balance.roles:
            body = Group(Text(tr("voices.no_people"), style="italic"), summary)
        else:
            body = Group(table, legend, Text(""), summary)
        self.query_one("#voices", Static).update(body)


# ------------------------------------------------------------------- history


class HistoryScreen(SubScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("history.title"), classes="screen-title")
        yield RowList(empty=tr("history.empty"), id="history")
        yield Label(tr("history.hint"), classes="screen-hint")
        yield KeyBar()

    def reload(self) -> None:
        rows = []
        # Which entry Ctrl+Z and Ctrl+Y would take back or redo, so the
        # facilitator can see the right one before pressing.
        next_undo = self.service.undo_target(self.workshop_id)
        next_redo = self.service.redo_target(self.workshop_id)
        for event in self.service.history(self.workshop_id, 300):
            try:
                at = datetime.fromisoformat(event.at).astimezone().strftime("%H:%M:%S")
            except ValueError:
                at = event.at[11:19]
            kind = {"do": "", "undo": tr("history.undo") + ": ",
                    "redo": tr("history.redo") + ": "}[event.kind]
            text = Text.assemble((f" {at}  ", "dim"), (kind, "bold"), event_text(event))
            if event.source != "local":
                text.append(f"  ({event.source})", style="dim")
            if event.kind == "do" and event.id == next_undo:
                text.append("  " + tr("history.next_undo"), style="bold yellow")
            elif event.kind == "do" and event.id == next_redo:
                text.append("  " + tr("history.next_redo"), style="bold cyan")
            rows.append(Row(event.id, text))
        self.query_one(RowList).set_rows(rows, keep=False)


# -------------------------------------------------------------------- export


class ExportScreen(SubScreen):
    BINDINGS = [Binding("enter", "export", "key.export_one"),
                Binding("a", "export_all", "key.export_all"),
                Binding("f", "folder", "key.folder")]
    DEFAULT_CSS = SCREEN_CSS + """
    ExportScreen #formats { height: auto; max-height: 8; margin: 0 1; border: round $primary; }
    ExportScreen ProgressBar { padding: 0 1; }
    ExportScreen #export-log { height: 1fr; padding: 0 1; }
    """

    def __init__(self, workshop_id: int) -> None:
        super().__init__(workshop_id)
        self.folder = Path()
        self.running = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("export.title"), classes="screen-title")
        yield Label("", classes="screen-hint", id="export-folder")
        yield RowList(empty=tr("export.loading"), id="formats")
        yield ProgressBar(total=None, show_eta=False, id="export-progress")
        yield VerticalScroll(Static("", id="export-log"))
        yield KeyBar()

    def on_mount(self) -> None:
        from sprintkit.paths import default_export_dir

        # The folder chosen for this workshop last time, else one that does not
        # depend on where sprintkit was started.
        chosen = self.service.export_folder(self.workshop_id)
        self.folder = Path(chosen).expanduser() if chosen else default_export_dir()
        self.query_one(ProgressBar).display = False
        self._draw_folder()
        self.query_one(RowList).focus()
        self.load_formats()
        self.log_lines: list[Text] = []

    def _draw_folder(self) -> None:
        self.query_one("#export-folder", Label).update(
            Text(tr("export.folder", folder=str(self.folder))))

    @work(thread=True, exclusive=True, group="formats")
    def load_formats(self) -> None:
        from sprintkit.export import available_formats

        formats = available_formats()
        self.app.call_from_thread(self._show_formats, formats)

    def _show_formats(self, formats: list[str]) -> None:
        # The roadmap PDF is what most exports are for: it comes first.
        formats = sorted(formats, key=lambda fmt: fmt != "pdf")
        rows = [Row(fmt, Text.assemble((f" {fmt.upper():<5}", "bold"), " ",
                                       (tr(f"export.about.{fmt}")
                                        if tr.has(f"export.about.{fmt}") else "", "dim")))
                for fmt in formats]
        self.query_one(RowList).set_rows(rows)

    def _log(self, text: Text) -> None:
        self.log_lines.append(text)
        self.query_one("#export-log", Static).update(Text("\n").join(self.log_lines[-50:]))

    def action_folder(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                folder = Path(path).expanduser()
                if folder.exists() and not folder.is_dir():
                    self.notify(tr("export.not_a_folder", folder=str(folder)),
                                severity="error", timeout=6)
                    return
                try:
                    # Kept in the database: the next start offers the same folder.
                    self.service.set_export_folder(self.workshop_id, str(folder))
                except SprintkitError as exc:
                    self.notify(error_text(exc), severity="error", timeout=6)
                    return
                self.folder = folder
                self._draw_folder()
                self.notify(tr("export.folder_kept", folder=str(folder)), timeout=4)

        self.app.push_screen(PromptScreen(tr("export.folder_prompt"), str(self.folder)),
                             chosen)

    @on(RowList.Selected, "#formats")
    def _chosen(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        fmt = self.query_one(RowList).current_key
        if fmt is not None:
            self.run_exports([str(fmt)])

    def action_export_all(self) -> None:
        formats = [str(k) for k in self.query_one(RowList).row_keys()]
        if formats:
            self.run_exports(formats)

    @work(exclusive=False, group="export")
    async def run_exports(self, formats: list[str]) -> None:
        bar = self.query_one(ProgressBar)
        self.running += 1
        bar.display = True
        try:
            for fmt in formats:
                self._log(Text(tr("export.working", fmt=fmt.upper()), style="italic"))
                ok, message = await self._export_one(fmt)
                if ok:
                    self._log(Text.assemble(("✓ ", "bold green"), (fmt.upper(), "bold"), "  ",
                                            message))
                    self.notify(tr("export.done", path=message), timeout=6)
                else:
                    self._log(Text.assemble(("✗ ", "bold red"), (fmt.upper(), "bold"), "  ",
                                            message))
                    self.notify(message, severity="error", timeout=8)
        finally:
            self.running -= 1
            bar.display = self.running > 0

    async def _export_one(self, fmt: str) -> tuple[bool, str]:
        """Render in a separate process (PDF rendering is heavy pure Python)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return False, f"{self.folder}: {exc.strerror}"
        db_path = getattr(self.app, "db_path", None)
        if db_path is None:  # an in-memory database: render in a thread instead
            return await asyncio.to_thread(self._export_in_thread, fmt)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sprintkit", "--db", str(db_path), "export",
            str(self.workshop_id), "--format", fmt, "-o", str(self.folder),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate()
        if proc.returncode == 0:
            lines = out.decode("utf-8", "replace").strip().splitlines()
            path = Path(lines[-1]) if lines else self.folder
            return True, str(path.resolve())
        text = err.decode("utf-8", "replace").strip().splitlines()
        return False, text[-1] if text else tr("export.failed", code=proc.returncode)

    def _export_in_thread(self, fmt: str) -> tuple[bool, str]:
        from sprintkit.export import export_to_file

        try:
            path = export_to_file(self.service.snapshot(self.workshop_id), fmt, self.folder)
        except SprintkitError as exc:
            return False, error_text(exc)
        return True, str(path)


# ----------------------------------------------------------------- initiative


class InitiativeScreen(SubScreen):
    """One initiative: its notes; split some off, take some out, rename, describe."""

    BINDINGS = [
        Binding("space", "mark", "key.mark"),
        Binding("s", "split", "key.split"),
        Binding("u", "ungroup", "key.ungroup"),
        Binding("r", "rename", "key.rename"),
        Binding("e", "describe", "key.describe"),
    ]

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
        return [int(key)] if key is not None else []  # type: ignore[arg-type]

    def action_mark(self) -> None:
        rows = self.query_one(RowList)
        key = rows.current_key
        if key is None:
            return
        self.marked ^= {int(key)}  # type: ignore[arg-type]
        rows.update_row(key, self.rows_for(self.notes[int(key)]))  # type: ignore[arg-type]
        rows.cursor += 1

    def action_split(self) -> None:
        chosen = self._chosen()
        if not chosen:
            return

        def titled(title: str | None) -> None:
            if title:
                done = self.app.act(self.service.split_initiative, self.workshop_id,
                                    self.initiative_id, chosen, title,
                                    done=tr("item.split_done", title=title))
                if done is not None:
                    self.marked.clear()
                    self.reload()

        self.app.push_screen(PromptScreen(tr("item.split_title", n=len(chosen))), titled)

    def action_ungroup(self) -> None:
        chosen = self._chosen()
        if chosen:
            self.app.act(self.service.ungroup_notes, self.workshop_id, chosen,
                         done=tr("group.ungrouped", n=len(chosen)))
            self.marked.clear()
            self.reload()

    def action_rename(self) -> None:
        def saved(title: str | None) -> None:
            if title:
                self.app.act(self.service.update_initiative, self.workshop_id,
                             self.initiative_id, title=title)

        self.app.push_screen(PromptScreen(tr("group.rename"), self.item.title), saved)

    def action_describe(self) -> None:
        def saved(text: str | None) -> None:
            if text is not None:
                self.app.act(self.service.update_initiative, self.workshop_id,
                             self.initiative_id, description=text)

        self.app.push_screen(TextScreen(tr("group.describe", title=self.item.title),
                                        self.item.description), saved)


# -------------------------------------------------------------------- ballot


class BallotScreen(Screen):
    """Pass the laptop: one person at a time spends their dots; nobody else's are shown."""

    DEFAULT_CSS = SCREEN_CSS + """
    BallotScreen #ballot-status { padding: 0 1; background: $panel; height: auto; }
    BallotScreen #ballot-voter { padding: 1 1 0 1; text-style: bold; color: $primary; }
    """
    BINDINGS = [
        Binding("right,plus,space", "dot(1)", "key.add_dot"),
        Binding("left,minus", "dot(-1)", "key.remove_dot"),
        Binding("ctrl+s", "confirm", "key.confirm"),
        Binding("escape", "cancel", "key.cancel"),
    ]

    def __init__(self, workshop_id: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop_id = workshop_id
        self.person = None
        self.alloc: dict[int, int] = {}
        # The person's stored dots when the ballot opened: confirming checks that
        # nothing (a phone, the command line) changed them meanwhile.
        self.base: dict[int, int] = {}
        self.asking = False
        self.items: list = []

    @property
    def service(self):
        return self.app.service

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="ballot-voter")
        yield Static("", id="ballot-status")
        yield RowList(id="ballot-list")
        yield Label(tr("ballot.hint"), classes="screen-hint")
        yield KeyBar()

    # How often an open ballot looks for dots another program (the command
    # line, a second screen) gave this person: the room reports its own phones.
    OUTSIDE_CHECK_S = 2.0

    def on_mount(self) -> None:
        self.pick_voter()
        self.set_interval(self.OUTSIDE_CHECK_S, self._outside_changes)

    def _outside_changes(self) -> None:
        if not self.is_current:
            return
        with contextlib.suppress(sqlite3.Error):  # busy for a moment: the next check will do
            self.reload()

    def reload(self) -> None:
        """Phones may vote meanwhile: update the count, keep this person's unsaved dots,
        and say so at once if this person's own stored dots changed."""
        self._draw_status()
        rnd = self._open_round()
        if rnd is None or self.person is None or self.asking:
            return
        stored = self.service.dots_of(rnd.id, self.person.id)
        if stored != self.base:
            self.show_changed(stored)

    def show_changed(self, stored: dict[int, int]) -> None:
        """The stored ballot moved on: show it beside this one, then start over from it."""
        if self.person is None:
            return
        self.asking = True
        self.items = self.service.initiatives(self.workshop_id)
        titles = {i.id: i.title for i in self.items}
        tried = {k: v for k, v in self.alloc.items() if v}

        def done(_: object) -> None:
            self.asking = False
            rnd = self._open_round()
            if rnd is None or self.person is None:
                return
            self.base = self.service.dots_of(rnd.id, self.person.id)
            self.alloc = dict(self.base)
            self._draw()

        self.app.push_screen(BallotChangedScreen(self.person.name, stored, tried, titles), done)

    def _open_round(self):
        rnd = self.service.current_round(self.workshop_id)
        return rnd if rnd is not None and rnd.status == "open" else None

    def pick_voter(self) -> None:
        rnd = self._open_round()
        if rnd is None:
            self.notify(tr("ballot.no_round"), severity="warning")
            self.dismiss(None)
            return
        self.person = None
        self.alloc = {}
        self.query_one(RowList).set_rows([])
        self.query_one("#ballot-voter", Label).update(tr("ballot.pass"))
        self._draw_status()
        voters = self.service.voters(rnd.id)
        options: list[tuple[Hashable, str]] = [
            (p.id, ("✓ " if p.id in voters else "  ") + person_label(p))
            for p in self.service.participants(self.workshop_id)]
        if not options:
            self.notify(tr("ballot.no_people"), severity="warning")
            self.dismiss(None)
            return

        def picked(key: Hashable | None) -> None:
            if key is None:
                self.dismiss(None)
            else:
                self.start(int(key))  # type: ignore[arg-type]

        self.app.push_screen(PickScreen(tr("ballot.who"), options,
                                        hint=tr("ballot.who_hint")), picked)

    def start(self, person_id: int) -> None:
        rnd = self._open_round()
        if rnd is None:
            self.dismiss(None)
            return
        self.person = self.service.participant(self.workshop_id, person_id)
        self.base = self.service.dots_of(rnd.id, person_id)
        self.alloc = dict(self.base)
        self.items = self.service.initiatives(self.workshop_id)
        self.query_one("#ballot-voter", Label).update(Text(tr("ballot.voter", name=self.person.name)))
        self._draw()
        self.query_one(RowList).focus()

    def _row(self, item, rnd) -> Text:
        mine = self.alloc.get(item.id, 0)
        dots = "●" * mine + "○" * (rnd.max_per_item - mine)
        return Text.assemble((f" {dots} ", "bold blue"), item.title)

    def _draw(self) -> None:
        rnd = self._open_round()
        if rnd is None or self.person is None:
            return
        self.query_one(RowList).set_rows([Row(i.id, self._row(i, rnd)) for i in self.items])
        self._draw_status()

    def _draw_status(self) -> None:
        rnd = self._open_round()
        status = self.query_one("#ballot-status", Static)
        if rnd is None:
            status.update(tr("ballot.no_round"))
            return
        voted = len(self.service.voters(rnd.id))
        total = len(self.service.participants(self.workshop_id))
        line = Text(tr("vote.voted", n=voted, total=total), style="dim")
        if self.person is not None:
            spent = sum(self.alloc.values())
            left = rnd.dots_per_person - spent
            # The budget can be lowered mid-round below what was already given.
            budget = tr("ballot.left", left=left, total=rnd.dots_per_person,
                        max=rnd.max_per_item) if left >= 0 else \
                tr("ballot.over", over=-left, total=rnd.dots_per_person)
            line = Text.assemble((budget, "bold"), "   ", line)
        status.update(line)

    def action_dot(self, delta: int) -> None:
        rnd = self._open_round()
        rows = self.query_one(RowList)
        if rnd is None or self.person is None or rows.current_key is None:
            return
        iid = int(rows.current_key)  # type: ignore[arg-type]
        current = self.alloc.get(iid, 0)
        new = current + delta
        spent = sum(self.alloc.values())
        if new < 0:
            return
        if delta > 0 and new > rnd.max_per_item:
            self.notify(tr("ballot.max", max=rnd.max_per_item), severity="warning", timeout=3)
            return
        if delta > 0 and spent + delta > rnd.dots_per_person:
            self.notify(tr("ballot.no_dots_left"), severity="warning", timeout=3)
            return
        self.alloc[iid] = new
        item = next(i for i in self.items if i.id == iid)
        rows.update_row(iid, self._row(item, rnd))
        self._draw_status()

    @on(RowList.Selected)
    def _enter(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        if self.person is None:
            return
        if self.asking:
            return
        person = self.person
        spent = sum(self.alloc.values())
        changed: list[dict[int, int]] = []

        def save() -> dict[int, int] | None:
            try:
                return self.service.set_allocation(
                    self.workshop_id, person.id, {k: v for k, v in self.alloc.items() if v},
                    expected=self.base)
            except BallotChanged as exc:
                changed.append(dict(exc.params.get("current") or {}))  # type: ignore[call-overload]
                return None

        self.asking = True  # the reload after saving must not ask on its own
        try:
            result = self.app.act(save)
        finally:
            self.asking = False
        if changed:
            self.show_changed(changed[0])
            return
        if result is None:
            return
        self.notify(tr("ballot.thanks", name=person.name, n=spent), timeout=4)
        self.pick_voter()

    def action_cancel(self) -> None:
        if self.person is None:
            self.dismiss(None)
        else:
            self.pick_voter()


class BallotChangedScreen(DismissOnce, ModalScreen[None]):
    """Someone's stored dots changed while their ballot was open.

    Opened by input, so it answers to Enter and Escape only: a letter typed
    on the ballot a moment too late must not pick anything here."""

    BINDINGS = [Binding("enter,escape", "close", "key.ballot_review")]
    DEFAULT_CSS = """
    BallotChangedScreen Label { width: 100%; }
    BallotChangedScreen #ballot-why, BallotChangedScreen #ballot-tried { margin: 0 0 1 0; }
    """

    def __init__(self, name: str, stored: dict[int, int], tried: dict[int, int],
                 titles: dict[int, str]) -> None:
        super().__init__()
        localize_bindings(self)
        self.voter = name
        self.stored = stored
        self.tried = tried
        self.titles = titles

    def _dots(self, ballot: dict[int, int]) -> Text:
        if not ballot:
            return Text("  " + tr("ballot.changed.none"), style="dim")
        lines = [Text.assemble(("  " + "●" * dots + " ", "bold blue"),
                               self.titles.get(iid, f"#{iid}"))
                 for iid, dots in sorted(ballot.items())]
        return Text("\n").join(lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(tr("ballot.changed.title", name=self.voter)), classes="title")
            yield Label(Text(tr("ballot.changed.why", name=self.voter)), id="ballot-why")
            yield Label(Text(tr("ballot.changed.stored"), style="bold"))
            yield Label(self._dots(self.stored), id="ballot-stored")
            yield Label(Text(tr("ballot.changed.yours"), style="bold"))
            yield Label(self._dots(self.tried), id="ballot-tried")
            yield Label(tr("ballot.changed.hint"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ScoreDialog(DismissOnce, ModalScreen[tuple[int, int] | None]):
    """Impact then effort, each one keypress from 1 to 5."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, title: str, scorer: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.title_text = title
        self.scorer = scorer
        self.impact: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="title")
            yield Label(Text(tr("score.as", name=self.scorer)), classes="hint")
            yield Label(tr("score.ask_impact"), id="score-ask")

    def on_key(self, event) -> None:
        if event.character and event.character in "12345":
            event.stop()
            value = int(event.character)
            if self.impact is None:
                self.impact = value
                self.query_one("#score-ask", Label).update(
                    tr("score.ask_effort", impact=value))
            else:
                self.dismiss((self.impact, value))

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------------- help


class HelpScreen(DismissOnce, ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen .dialog { width: 90; height: 90%; }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "key.close")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr("help.title"), classes="title")
            with VerticalScroll(can_focus=True):
                yield Static(self._body())
            yield Label(tr("help.close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def _body(self) -> Text:
        from sprintkit.tui import panes
        from sprintkit.tui.app import SprintkitApp
        from sprintkit.tui.home import HomeScreen
        from sprintkit.tui.workshop import WorkshopScreen

        areas = [
            ("help.everywhere", [SprintkitApp]),
            ("help.home", [HomeScreen]),
            ("help.workshop", [WorkshopScreen]),
            ("help.capture", [panes.CapturePane, panes.NoteList]),
            ("help.group", [panes.GroupPane, panes.GroupNotes, panes.GroupItems,
                            InitiativeScreen]),
            ("help.vote", [panes.VotePane, BallotScreen]),
            ("help.score", [panes.ScorePane, panes.ScoreList]),
            ("help.roadmap", [panes.RoadmapPane]),
            ("help.people", [ParticipantsScreen]),
            ("help.export", [ExportScreen]),
        ]
        out = Text()
        for title, classes in areas:
            out.append(tr(title) + "\n", style="bold underline")
            seen: set[str] = set()
            for cls in classes:
                for binding in cls.__dict__.get("BINDINGS", []):
                    if not isinstance(binding, Binding) or not binding.description:
                        continue
                    parts = binding.key.split(",")
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
