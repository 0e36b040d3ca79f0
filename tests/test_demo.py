"""The demo workshops are believable and the large one has the benchmark's size."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sprintkit import analysis
from sprintkit.demo import build_demo


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_demo_is_a_whole_sprint(service, language):
    wid = build_demo(service, language=language)
    snap = service.snapshot(wid)
    assert snap.workshop.language == language
    assert len({p.role for p in snap.participants}) >= 5
    for section in snap.playbook.capture_sections():
        assert len(snap.notes_in(section.id)) >= 5, section.id
    assert len(snap.initiatives) >= 6
    assert snap.latest_round().status == "revealed"
    rnd = snap.latest_round()
    for person in snap.participants:
        spent = service.dots_of(rnd.id, person.id)
        assert sum(spent.values()) <= rnd.dots_per_person
    board = snap.roadmap()
    placed = [i for items in board.values() for i in items]
    assert all(board[p.id] for p in snap.playbook.phases)
    assert sum(1 for i in placed if i.owner and i.metric) >= 5
    assert len(analysis.readiness(snap.initiatives)) == 1  # one left on purpose
    assert snap.scores


def test_large_demo_has_benchmark_size(service):
    snap = service.snapshot(build_demo(service, large=True))
    assert (len(snap.participants), len(snap.notes), len(snap.initiatives)) == (40, 2000, 150)
    assert sum(v.dots for v in snap.votes) == 5000


def test_python_dash_m_runs_the_cli(tmp_path):
    out = subprocess.run([sys.executable, "-m", "sprintkit", "--db", str(tmp_path / "d.db"),
                          "demo", "--lang", "fi"], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1].isdigit()
    assert "Traceback" not in out.stderr
