"""Whose voices were heard: notes and votes by role."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, Static

from sprintkit import analysis
from sprintkit.tui.labels import tr
from sprintkit.tui.screens.base import SCREEN_CSS, SubScreen
from sprintkit.tui.widgets import (
    KeyBar,
)


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
        if balance.evidence_notes:
            # The customers' voice, apart from the people in the room.
            table.add_row(Text(tr("voices.evidence"), style="italic"),
                          *[str(balance.evidence_notes.get(s, 0)) for s in balance.sections], "")
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
