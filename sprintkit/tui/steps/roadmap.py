"""The roadmap step: initiatives placed in phases."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from sprintkit import analysis, i18n
from sprintkit.models import Initiative
from sprintkit.tui import keymap
from sprintkit.tui.format import person_label
from sprintkit.tui.labels import language, tr
from sprintkit.tui.messages import Done, MoveInPhase, PlaceInitiative
from sprintkit.tui.steps.base import Pane
from sprintkit.tui.widgets import (
    FormScreen,
    PickScreen,
    PromptScreen,
    Row,
    RowList,
    TogglesScreen,
)
from sprintkit.tui.widgets.checks import check_day
from sprintkit.tui.widgets.rows import row_id

UNPLACED = "__unplaced__"


class RoadmapPane(Pane):
    BINDINGS = keymap.bindings('roadmap')
    DEFAULT_CSS = """
    RoadmapPane #board { height: 1fr; }
    RoadmapPane .phase { width: 1fr; border-right: solid $primary; }
    RoadmapPane .phase.-current { width: 2fr; }
    RoadmapPane #detail { height: auto; min-height: 3; max-height: 5; }
    RoadmapPane .phase RowList { height: 1fr; scrollbar-size-vertical: 0; }
    RoadmapPane .column-title { height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        self.book = self.service.playbook(self.workshop_id)
        with Horizontal(id="board"):
            for column, (title, note) in self._titles().items():
                with Vertical(classes="phase"):
                    yield Label(self._heading(title, note), classes="column-title",
                                id=f"title-{column}")
                    yield RowList(empty="–", id=f"col-{column}")
        yield Static("", classes="detail", id="detail")
        yield Static("", classes="warn", id="readiness")

    def _titles(self) -> dict[str, tuple[str, str]]:
        titles = {UNPLACED: (tr("roadmap.unplaced"), tr("roadmap.backlog"))}
        titles.update({p.id: (p.title, p.horizon) for p in self.book.phases})
        return titles

    @staticmethod
    def _heading(title: str, note: str, count: int | None = None) -> Text:
        # Two lines whatever the width, so the columns' lists start level. The
        # count stands in for a scrollbar, which five narrow columns cannot spare
        # (and which would lay the board out a second time as it first appears).
        text = Text.assemble(title, "\n", (note, "dim"), no_wrap=True, overflow="ellipsis")
        if count is not None:
            text.append(f" · {count}", style="bold")
        return text

    @property
    def columns(self) -> list[str]:
        return [UNPLACED, *[p.id for p in self.book.phases]]

    def focus_default(self) -> None:
        # Start in the first phase that has something in it.
        lists = [self.query_one(f"#col-{column}", RowList) for column in self.columns]
        target = next((lst for lst in lists if lst.rows), lists[0])
        # Widen it now, not when the focus event arrives: that would lay out and
        # draw the whole board a second time just after it was first drawn.
        self._widen(target)
        target.focus()

    def _widen(self, current: RowList) -> None:
        for column in self.columns:
            lst = self.query_one(f"#col-{column}", RowList)
            if lst.parent is not None:
                lst.parent.set_class(current is lst, "-current")

    def reload(self) -> None:
        items = self.service.initiatives(self.workshop_id)
        self.items = {i.id: i for i in items}
        issues = {r.initiative_id: r for r in analysis.readiness(items)}
        self.issues = issues
        titles = self._titles()
        board: dict[str, list[Initiative]] = {c: [] for c in self.columns}
        for item in sorted(items, key=lambda i: (i.position, i.id)):
            board[item.phase if item.phase in board else UNPLACED].append(item)
        unplaced = board[UNPLACED]
        rnd = self.service.current_round(self.workshop_id)
        if rnd is not None and rnd.status == "revealed":
            # A revealed round is closed: its votes change only by merges and undo.
            key = (rnd.id, len(items), tuple(sorted(self.items)))
            if getattr(self, "_rank", (None, None))[0] != key:
                self._rank = (key, self.service.dot_totals(rnd.id))
            dots = self._rank[1]
            # The tally's order: most dots first, ties in the order they were created.
            unplaced.sort(key=lambda i: (-dots.get(i.id, 0), i.id))
        for column, column_items in board.items():
            rows = []
            for item in column_items:
                text = Text()
                if item.id in issues:
                    text.append("! ", style="bold red")
                text.append(item.title)
                if item.owner:
                    text.append(f" · {item.owner}", style="dim")
                rows.append(Row(item.id, text))
            self.query_one(f"#col-{column}", RowList).set_rows(rows)
            title, note = titles[column]
            self.query_one(f"#title-{column}", Label).update(
                self._heading(title, note, len(rows)), layout=False)
        warn = self.query_one("#readiness", Static)
        if issues:
            names = "; ".join(
                f"{r.title} ({', '.join(tr('roadmap.missing.' + m) for m in r.missing)})"
                for r in issues.values())
            warn.update(Text(tr("roadmap.not_ready", n=len(issues), items=names)))
        else:
            warn.update("")
        self._draw_detail()

    def _current(self) -> tuple[str, RowList] | None:
        # This screen's focus, not the app's: a form that saves by itself is
        # still on top when the board is redrawn from what it saved.
        focused = self.screen.focused
        if isinstance(focused, RowList) and focused.id and focused.id.startswith("col-"):
            return focused.id[4:], focused
        return None

    def _item(self) -> Initiative | None:
        current = self._current()
        if current is None or current[1].current_key is None:
            return None
        return self.items.get(row_id(current[1].current_key))

    def _draw_detail(self) -> None:
        item = self._item()
        detail = self.query_one("#detail", Static)
        if item is None:
            detail.update(Text(tr("roadmap.hint"), style="dim"), layout=False)
            return
        dash = "–"
        text = Text.assemble(
            (item.title, "bold"),
            ("  " + tr("roadmap.carried_from", source=item.carried_from), "dim italic")
            if item.carried_from else "", "\n",
            (tr("roadmap.owner") + ": ", "dim"), item.owner or dash, "  ",
            (tr("roadmap.metric") + ": ", "dim"), item.metric or dash, "  ",
            (tr("roadmap.target") + ": ", "dim"), self._target(item) or dash, "  ",
            (tr("roadmap.contributors") + ": ", "dim"), ", ".join(item.contributors) or dash)
        # A third line only when there is something to say, so the board keeps its height.
        if item.milestone or item.milestone_due or item.ask:
            text.append("\n")
            text.append(tr("roadmap.milestone") + ": ", "dim")
            text.append(item.milestone or dash)
            if item.milestone_due:
                text.append(f" ({item.milestone_due})")
            if item.ask:
                text.append("  ")
                text.append(tr("roadmap.ask") + ": ", "dim")
                text.append(item.ask)
        detail.update(text, layout=False)

    @on(RowList.Highlighted)
    def _highlighted(self) -> None:
        self._draw_detail()

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_details()

    def on_descendant_focus(self) -> None:
        # The column being worked in gets twice the width, so its titles show in full.
        current = self._current()
        if current is not None:
            self._widen(current[1])
        self._draw_detail()

    @on(Done)
    def _saved(self, event: Done) -> None:
        wanted = event.wanted
        if isinstance(wanted, MoveInPhase) or (
                isinstance(wanted, PlaceInitiative) and "phase" in wanted.values):
            # The moved initiative stays under the cursor, in the column it went to.
            phase = event.result.phase
            column = phase if phase in self.columns else UNPLACED
            target = self.query_one(f"#col-{column}", RowList)
            if isinstance(wanted, PlaceInitiative):
                target.focus()
            target.select_key(wanted.initiative_id)

    def action_column(self, delta: int) -> None:
        current = self._current()
        if current is None:
            return
        index = self.columns.index(current[0]) + delta
        if 0 <= index < len(self.columns):
            self.query_one(f"#col-{self.columns[index]}", RowList).focus()

    def action_phase(self, delta: int) -> None:
        current = self._current()
        item = self._item()
        if current is None or item is None:
            return
        index = self.columns.index(current[0]) + delta
        if not 0 <= index < len(self.columns):
            return
        column = self.columns[index]
        phase = None if column == UNPLACED else column
        self.post_message(PlaceInitiative(self.workshop_id, item.id, {"phase": phase}))

    def action_order(self, delta: int) -> None:
        current = self._current()
        item = self._item()
        if current is None or item is None or current[0] == UNPLACED:
            return
        self.post_message(MoveInPhase(self.workshop_id, item.id, delta))

    def action_details(self) -> None:
        item = self._item()
        if item is None:
            return
        names = [p.name for p in self.service.participants(self.workshop_id)]
        parts = self._parts()
        part = self.book.section(item.part) if item.part else None
        fields = [("owner", tr("roadmap.owner"), item.owner),
                  ("metric", tr("roadmap.metric"), item.metric),
                  ("baseline", tr("roadmap.baseline"), self._number(item.baseline)),
                  ("target", tr("roadmap.target"), item.target),
                  ("unit", tr("roadmap.unit"), item.unit),
                  ("lower", tr("roadmap.lower_is_better"),
                   "yes" if item.lower_is_better else ""),
                  ("contributors", tr("roadmap.contributors_hint"),
                   ", ".join(item.contributors)),
                  ("milestone", tr("roadmap.milestone"), item.milestone),
                  ("due", tr("roadmap.due"), item.milestone_due or ""),
                  ("ask", tr("roadmap.ask"), item.ask),
                  ("part", tr("roadmap.part"), part.title if part else "")]
        due_ok = check_day({"due": "due"})

        def check(values: dict[str, str]) -> str | None:
            if values["part"] and self._part_id(values["part"], parts) is None:
                return tr("roadmap.part_unknown", value=values["part"][:40],
                          parts=", ".join(parts.values()))
            return due_ok(values)

        def place(values: dict[str, str]) -> PlaceInitiative:
            contributors = [c.strip() for c in values["contributors"].split(",") if c.strip()]
            return PlaceInitiative(self.workshop_id, item.id, {
                "owner": values["owner"], "metric": values["metric"],
                **_metric_values(values), "unit": values["unit"],
                "contributors": contributors,
                "milestone": values["milestone"], "milestone_due": values["due"] or None,
                "ask": values["ask"],
                "part": self._part_id(values["part"], parts) if values["part"] else None})

        # The form saves it and stays open on a refusal (a target that is no
        # number beside a baseline, a name too long), so what was typed is kept.
        self.app.push_screen(FormScreen(item.title, fields, check=check, submit=place,
                                        optional=["baseline", "unit", "milestone", "due",
                                                  "ask", "part"],
                                        toggles=["lower"],
                                        rows=[("baseline", "target", "unit")],
                                        notes={"baseline": tr("roadmap.metric_hint")},
                                        hint=tr("roadmap.form_hint"),
                                        suggestions={"owner": names, "contributors": names,
                                                     "part": list(parts.values())}))

    @classmethod
    def _target(cls, item: Initiative) -> str:
        if item.baseline is None or item.target_value is None:
            return item.target
        unit = f" {item.unit}" if item.unit else ""
        key = "roadmap.target_numbers_lower" if item.lower_is_better else "roadmap.target_numbers"
        return tr(key, target=cls._number(item.target_value) + unit,
                  baseline=cls._number(item.baseline) + unit)

    @staticmethod
    def _number(value: float | None) -> str:
        # As it would be typed: no trailing zeros, the language's decimal sign.
        return "" if value is None else i18n.format_number(value, language(), most=6)

    def _parts(self) -> dict[str, str]:
        """The parts an initiative can improve, id -> title: the playbook report's
        parts, or every step that collects notes when the playbook names none."""
        ids = self.book.report.parts or [s.id for s in self.book.capture_sections()]
        return {sid: section.title for sid in ids
                if (section := self.book.section(sid)) is not None}

    @staticmethod
    def _part_id(text: str, parts: dict[str, str]) -> str | None:
        wanted = text.strip().casefold()
        return next((sid for sid, title in parts.items()
                     if wanted in (sid.casefold(), title.casefold())), None)

    def action_contributors(self) -> None:
        item = self._item()
        if item is None:
            return
        names = [p.name for p in self.service.participants(self.workshop_id)]
        # People named by hand (not participants) stay in the list too.
        options = [(n, n) for n in names] + [(n, n) for n in item.contributors
                                             if n not in names]

        def chosen(picked: list | None) -> None:
            if picked is not None:
                self.post_message(PlaceInitiative(self.workshop_id, item.id, {
                    "contributors": [str(p) for p in picked]}))

        self.app.push_screen(TogglesScreen(tr("roadmap.pick_contributors", title=item.title),
                                           options, item.contributors), chosen)

    def action_owner(self) -> None:
        item = self._item()
        if item is None:
            return
        people = self.service.participants(self.workshop_id)
        options: list[tuple[Hashable, str]] = [(p.name, person_label(p)) for p in people]
        options.append(("__other__", tr("roadmap.owner_other")))

        def picked(key: Hashable | None) -> None:
            if key == "__other__":
                def named(name: str | None) -> None:
                    if name is not None:
                        self.post_message(PlaceInitiative(self.workshop_id, item.id,
                                                          {"owner": name}))

                self.app.push_screen(PromptScreen(tr("roadmap.owner_name"), item.owner), named)
            elif key is not None:
                self.post_message(PlaceInitiative(self.workshop_id, item.id,
                                                  {"owner": str(key)}))

        self.app.push_screen(PickScreen(tr("roadmap.pick_owner", title=item.title), options),
                             picked)


def _metric_values(values: dict[str, str]) -> dict[str, Any]:
    """The form's metric fields as ``set_roadmap`` takes them; the service
    checks them (``progress.metric_numbers``). An empty baseline makes the
    metric words again. Unticked, the direction follows the numbers (as the
    command line without ``--lower-is-better``); without numbers it is not
    lower-is-better."""
    baseline = values["baseline"]
    return {"baseline": baseline, "target": values["target"],
            "lower_is_better": True if values["lower"] else (None if baseline else False)}
