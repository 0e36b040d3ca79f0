"""The dot-voting step."""

from __future__ import annotations

from collections.abc import Hashable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from sprintkit.models import Participant, Section
from sprintkit.tui import keymap
from sprintkit.tui.format import person_label
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import ChangeBudget, CloseRound, OpenRound, RevealRound
from sprintkit.tui.screens.ballot import BallotScreen
from sprintkit.tui.steps.base import BAR, Pane
from sprintkit.tui.widgets import (
    ConfirmScreen,
    FormScreen,
    Intro,
    PickScreen,
    Row,
    RowList,
)


class VotePane(Pane):
    BINDINGS = keymap.bindings('vote')
    DEFAULT_CSS = """
    VotePane #vote-status { padding: 0 1; background: $panel; height: auto; }
    VotePane #vote-list { height: 1fr; }
    """

    def __init__(self, workshop_id: int, section: Section) -> None:
        super().__init__(workshop_id, section)
        self.by_role = False

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        yield Static("", id="vote-status")
        yield RowList(id="vote-list")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        rnd = getattr(self, "round", None)
        status = rnd.status if rnd else None
        allowed = {
            "open_round": status != "open",
            "ballot": status == "open",
            "budget": status == "open",
            "close_round": status == "open",
            "reveal": status == "closed",
            # An anonymous round never shows who voted for what, not even by role.
            "by_role": rnd is not None and status == "revealed" and not rnd.anonymous,
        }
        return allowed.get(action, True)

    def reload(self) -> None:
        self.round = self.service.current_round(self.workshop_id)
        people = self.service.participants(self.workshop_id)
        status = self.query_one("#vote-status", Static)
        rows: list[Row] = []
        rnd = self.round
        if rnd is None:
            status.update(Text(tr("vote.none"), style="bold"))
        else:
            kind = tr("vote.anonymous") if rnd.anonymous else tr("vote.named")
            head = tr("vote.round", n=rnd.number, status=tr(f"vote.status.{rnd.status}"),
                      dots=rnd.dots_per_person, max=rnd.max_per_item, kind=kind)
            voters = self.service.voters(rnd.id)
            line = Text.assemble((head, "bold"), "\n",
                                 (tr("vote.voted", n=len(voters), total=len(people)), "bold"))
            if rnd.status == "open":
                line.append("  " + tr("vote.open_hint"), style="dim")
                for person in people:
                    mark = "✓" if person.id in voters else "·"
                    rows.append(Row(person.id, Text.assemble(
                        (f" {mark} ", "bold green" if person.id in voters else "dim"),
                        person_label(person))))
            elif rnd.status == "closed":
                line.append("  " + tr("vote.closed_hint"), style="dim")
            else:
                rows = self._result_rows(people)
            if rnd.status != "open" and rnd.over_budget:
                line.append("\n" + tr(f"vote.rule.{rnd.over_budget}", budget=rnd.dots_per_person),
                            style="italic")
            status.update(line)
        self.query_one("#vote-list", RowList).set_rows(rows)
        self.refresh_bindings()

    def _result_rows(self, people: list[Participant]) -> list[Row]:
        tally = self.service.tally(self.workshop_id)
        top = max((row.dots for row in tally), default=0) or 1
        full = max(6, min(20, (self.size.width - 40) // 2)) if self.size.width else 20
        rows: list[Row] = []
        for row in tally:
            width = round(row.dots / top * full)
            rows.append(Row(row.initiative_id, Text.assemble(
                (f"{row.rank:>3}. ", "bold"), (BAR * width, "bold blue"),
                (" " * (full + 1 - width)), (f"{row.dots:>3} ", "bold"), row.title,
                (f"  ({tr('vote.voters', n=row.voters)})", "dim"))))
            if self.by_role and row.by_role:
                for role, dots in row.by_role.items():
                    rows.append(Row(f"{row.initiative_id}:{role}", Text.assemble(
                        "       ", ("▪" * dots, "magenta"), f" {dots} ",
                        (role or tr("vote.no_role"), "italic"))))
        return rows

    def action_open_round(self) -> None:
        book = self.service.playbook(self.workshop_id)
        fields = [("dots", tr("vote.form.dots"), str(book.voting.dots_per_person)),
                  ("max", tr("vote.form.max"), str(book.voting.max_per_item)),
                  ("anonymous", tr("vote.form.anonymous"), tr("no"))]

        def saved(values: dict | None) -> None:
            if values is None:
                return
            dots, most = int(values["dots"]), int(values["max"])
            anonymous = values["anonymous"].strip().lower()[:1] in ("y", "k", "1", "x")
            self.post_message(OpenRound(self.workshop_id, dots, most, anonymous))

        self.app.push_screen(FormScreen(tr("vote.form.title"), fields, check=_budget_problem),
                             saved)

    def action_budget(self) -> None:
        rnd = self.round
        if rnd is None:
            return
        fields = [("dots", tr("vote.form.dots"), str(rnd.dots_per_person)),
                  ("max", tr("vote.form.max"), str(rnd.max_per_item))]

        def saved(values: dict | None) -> None:
            if values is None:
                return
            dots, most = int(values["dots"]), int(values["max"])
            self.post_message(ChangeBudget(self.workshop_id, dots, most))

        self.app.push_screen(FormScreen(tr("vote.budget_title"), fields,
                                        check=_budget_problem), saved)

    def action_close_round(self) -> None:
        over = self.service.over_budget(self.workshop_id)
        if over:
            self._close_over_budget(over)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.post_message(CloseRound(self.workshop_id))

        self.app.push_screen(ConfirmScreen(tr("vote.confirm_close")), confirmed)

    def _close_over_budget(self, over: list[tuple[Participant, int]]) -> None:
        """The budget was lowered below what some had cast: closing needs a rule."""
        # Read afresh: the budget may have changed elsewhere since the pane drew.
        rnd = self.service.current_round(self.workshop_id)
        budget = rnd.dots_per_person if rnd else 0
        names = ", ".join(f"{p.name} ({dots})" for p, dots in over)
        options: list[tuple[Hashable, str]] = [
            ("trim", tr("vote.over.trim", budget=budget)),
            ("keep", tr("vote.over.keep"))]

        def picked(rule: Hashable | None) -> None:
            if rule in ("trim", "keep"):
                self.post_message(CloseRound(self.workshop_id, str(rule)))

        # Text, not markup: the names are typed by people.
        self.app.push_screen(PickScreen(
            Text(tr("vote.over.title", budget=budget, names=names)),  # type: ignore[arg-type]
            options, hint=tr("vote.over.hint")), picked)

    def action_reveal(self) -> None:
        self.post_message(RevealRound(self.workshop_id))

    def action_by_role(self) -> None:
        self.by_role = not self.by_role
        self.reload()

    def action_ballot(self) -> None:
        self.app.push_screen(BallotScreen(self.workshop_id))


def _budget_problem(values: dict[str, str]) -> str | None:
    """Why a round's dots cannot be saved, or None when they can."""
    try:
        dots, most = int(values["dots"]), int(values["max"])
    except ValueError:
        return tr("vote.form.numbers")
    if dots < 1 or most < 1:
        return tr("vote.form.numbers")
    return None
