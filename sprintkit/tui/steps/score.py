"""The impact/effort scoring step."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Static

from sprintkit import analysis, i18n
from sprintkit.models import Initiative
from sprintkit.tui import keymap
from sprintkit.tui.format import person_label
from sprintkit.tui.labels import language, tr
from sprintkit.tui.messages import Done, ScoreInitiative
from sprintkit.tui.screens.scoring import ScoreDialog
from sprintkit.tui.steps.base import Pane
from sprintkit.tui.widgets import (
    Intro,
    PickScreen,
    Row,
    RowList,
)
from sprintkit.tui.widgets.rows import row_id

QUADRANT_KEYS = {"quick-win": "score.quick_win", "big-bet": "score.big_bet",
                 "fill-in": "score.fill_in", "money-pit": "score.money_pit"}


def _mean(value: float | None) -> str:
    """A mean score as the workshop's language writes it ("4,33" in Swedish)."""
    return i18n.format_number(value or 0.0, language())


class ScoreList(RowList):
    BINDINGS = keymap.bindings('score-list')

    @dataclass
    class Score(Message):
        """Enter on an initiative: score it."""

        initiative_id: int

    def action_select(self) -> None:
        if self.current_key is not None:
            self.post_message(self.Score(row_id(self.current_key)))


class ScorePane(Pane):
    BINDINGS = keymap.bindings('score')
    DEFAULT_CSS = """
    ScorePane #score-status { padding: 0 1; background: $panel; height: auto; }
    ScorePane #matrix { grid-size: 2 2; height: 1fr; display: none; }
    ScorePane.-matrix #matrix { display: block; }
    ScorePane.-matrix #score-list { display: none; }
    ScorePane .quadrant { border: round $primary; padding: 0 1; height: 1fr;
        text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        yield Static("", id="score-status")
        yield ScoreList(empty=tr("score.empty"), id="score-list")
        with Grid(id="matrix") as grid:
            grid.can_focus = True
            for quadrant in ("quick-win", "big-bet", "fill-in", "money-pit"):
                yield Static("", classes="quadrant", id=f"q-{quadrant}")

    @property
    def state(self) -> dict:
        return self.app.ui.score_for(self.workshop_id)

    def reload(self) -> None:
        people = self.people()
        if self.state["scorer"] not in people:
            self.state["scorer"] = next(iter(people), None)
        self.people_map = people
        items = self.service.initiatives(self.workshop_id)
        self.items = {i.id: i for i in items}
        scores = self.service.scores(self.workshop_id)
        self.summaries = analysis.score_summaries(scores)
        mine = {s.initiative_id: s for s in scores
                if s.participant_id is not None and s.participant_id == self.state["scorer"]}
        order = self._order(items)
        rows = []
        for item in order:
            summary = self.summaries.get(item.id)
            own = mine.get(item.id)
            text = Text.assemble((item.title, "bold"))
            if summary and summary.group:
                # The group's score stands; the people's mean stays in sight beside it.
                text.append(f"  {tr('score.group', i=int(summary.impact), e=int(summary.effort))}",
                            style="bold")
                text.append(f"  {tr(QUADRANT_KEYS[summary.quadrant])}", style="italic")
                if summary.count:
                    text.append(f"  {tr('score.people', i=_mean(summary.people_impact), e=_mean(summary.people_effort), n=summary.count)}",
                                style="dim")
            elif summary:
                text.append(f"  {tr('score.avg', i=_mean(summary.impact), e=_mean(summary.effort), n=summary.count)}",
                            style="")
                text.append(f"  {tr(QUADRANT_KEYS[summary.quadrant])}", style="italic")
            else:
                text.append("  " + tr("score.unscored"), style="dim")
            if own:
                text.append(f"  {tr('score.mine', i=own.impact, e=own.effort)}", style="dim")
            rows.append(Row(item.id, text))
        self.query_one(ScoreList).set_rows(rows)
        scorer = people.get(self.state["scorer"])
        status = Text.assemble((tr("score.scorer") + ": ", "dim"),
                               (person_label(scorer) if scorer else tr("score.no_people"),
                                "bold"), "   ", (tr("score.hint"), "dim"))
        self.query_one("#score-status", Static).update(status)
        self._draw_matrix()

    def _order(self, items: list[Initiative]) -> list[Initiative]:
        rnd = self.service.current_round(self.workshop_id)
        if rnd is None or rnd.status != "revealed":
            return items
        rank = {row.initiative_id: i for i, row in enumerate(self.service.tally(self.workshop_id))}
        return sorted(items, key=lambda i: rank.get(i.id, len(rank)))

    def _draw_matrix(self) -> None:
        groups: dict[str, list[str]] = defaultdict(list)
        for iid, summary in self.summaries.items():
            if iid in self.items:
                groups[summary.quadrant].append(
                    f"{i18n.format_decimal(summary.impact, language())}/"
                    f"{i18n.format_decimal(summary.effort, language())}  "
                    f"{self.items[iid].title}")
        for quadrant, key in QUADRANT_KEYS.items():
            body = "\n".join(groups.get(quadrant, [])) or "–"
            self.query_one(f"#q-{quadrant}", Static).update(Text.assemble(
                (tr(key), "bold"), ("  " + tr(key + ".hint"), "dim"), "\n", body))

    def action_matrix(self) -> None:
        self.toggle_class("-matrix")
        if self.has_class("-matrix"):
            self.query_one("#matrix", Grid).focus()
        else:
            self.query_one(ScoreList).focus()

    def action_scorer(self) -> None:
        options = [(p.id, person_label(p)) for p in self.people_map.values()]
        if not options:
            self.notify(tr("score.no_people"), severity="warning")
            return

        def picked(key: Hashable | None) -> None:
            if key is not None:
                self.state["scorer"] = row_id(key)
                self.reload()

        self.app.push_screen(PickScreen(tr("score.pick_scorer"), options,
                                        current=self.state["scorer"]), picked)

    def score_item(self, item_id: int) -> None:
        scorer = self.state["scorer"]
        if scorer is None:
            self.notify(tr("score.no_people"), severity="warning")
            return
        item = self.items[item_id]
        def scored(values: tuple[int, int] | None) -> None:
            if values is not None:
                impact, effort = values
                self.post_message(ScoreInitiative(self.workshop_id, scorer, item_id,
                                                  impact, effort))

        self.app.push_screen(ScoreDialog(item.title, self.people_map[scorer].name), scored)

    def action_group_score(self) -> None:
        """The score the room agrees on together; it stands for the initiative."""
        key = self.query_one(ScoreList).current_key
        if key is None:
            return
        item = self.items[row_id(key)]

        def scored(values: tuple[int, int] | None) -> None:
            if values is not None:
                impact, effort = values
                self.post_message(ScoreInitiative(self.workshop_id, None, item.id,
                                                  impact, effort))

        self.app.push_screen(ScoreDialog(item.title, tr("score.the_group")), scored)

    @on(ScoreList.Score)
    def _list_score(self, event: ScoreList.Score) -> None:
        self.score_item(event.initiative_id)

    @on(Done)
    def _saved(self, event: Done) -> None:
        if isinstance(event.wanted, ScoreInitiative):  # on to the next initiative
            self.query_one(ScoreList).cursor += 1
