"""The review step: a summary of the whole workshop."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sprintkit import analysis
from sprintkit.tui.labels import tr
from sprintkit.tui.steps.base import Pane
from sprintkit.tui.widgets import (
    Intro,
)


class ReviewPane(Pane):
    DEFAULT_CSS = """
    ReviewPane #review { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        with VerticalScroll(id="review-scroll", can_focus=True):
            yield Static("", id="review")

    def focus_default(self) -> None:
        self.query_one("#review-scroll").focus()

    def reload(self) -> None:
        snap = self.service.snapshot(self.workshop_id)
        book = snap.playbook
        out = Text()

        def heading(key: str, **kw) -> None:
            out.append("\n" + tr(key, **kw) + "\n", style="bold")

        if self.section.prompts:
            heading("review.checklist")
            for prompt in self.section.prompts:
                out.append(f"  □ {prompt}\n")
        heading("review.counts")
        out.append(tr("review.counts.line", notes=len(snap.notes), items=len(snap.initiatives),
                      people=len(snap.participants), rounds=len(snap.rounds)) + "\n")
        issues = analysis.readiness(snap.initiatives)
        heading("review.readiness")
        if issues:
            for issue in issues:
                missing = ", ".join(tr("roadmap.missing." + m) for m in issue.missing)
                out.append(f"  ! {issue.title}: {missing}\n", style="red")
        else:
            out.append("  " + tr("review.ready") + "\n")
        heading("review.roadmap")
        for phase in book.phases:
            placed = snap.roadmap()[phase.id]
            out.append(f"  {phase.title} ({phase.horizon}): {len(placed)}\n")
            for item in placed:
                out.append(f"    – {item.title}", style="bold")
                out.append(f"  {item.owner or '–'} · {item.metric or '–'}"
                           f"{' → ' + item.target if item.target else ''}\n", style="dim")
        votes = [v for v in snap.votes]
        balance = analysis.voice_balance(book, snap.participants, snap.notes, votes)
        heading("review.voices")
        if balance.unheard_roles:
            out.append("  " + tr("voices.unheard_roles", roles=", ".join(
                r or tr("vote.no_role") for r in balance.unheard_roles)) + "\n", style="red")
        else:
            out.append("  " + tr("voices.all_heard") + "\n")
        lenses = analysis.lens_balance(book, snap.notes)
        if lenses:
            heading("review.lenses")
            titles = book.tag_titles()
            for lens in book.lenses:
                counts = lenses.get(lens.id, {})
                out.append(f"  {lens.title}: " + ", ".join(
                    f"{titles[t]} {n}" for t, n in counts.items()) + "\n")
        out.append("\n" + tr("review.export_hint") + "\n", style="italic")
        self.query_one("#review", Static).update(out)
