"""The core never imports a UI or the PDF engine, so it stays fast and testable."""

from __future__ import annotations

import subprocess
import sys

CORE = ["sprintkit.models", "sprintkit.playbooks", "sprintkit.store", "sprintkit.service",
        "sprintkit.analysis", "sprintkit.archive", "sprintkit.export", "sprintkit.cli"]


def test_core_imports_no_ui_or_pdf_engine():
    code = (
        "import sys\n"
        f"for m in {CORE!r}: __import__(m)\n"
        "bad = [m for m in ('textual', 'aiohttp', 'weasyprint') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_opening_a_workshop_needs_no_validation_library(tmp_path):
    """Pydantic checks what comes from outside (playbook YAML, archives); reading
    our own database must not import it, since that import is a large part of
    the TUI's start-up."""
    db = tmp_path / "w.db"
    setup = (
        "from sprintkit.demo import build_demo\n"
        "from sprintkit.service import WorkshopService\n"
        "from sprintkit.store import Store\n"
        f"print(build_demo(WorkshopService(Store({str(db)!r}))))\n"
    )
    wid = subprocess.run([sys.executable, "-c", setup], capture_output=True, text=True,
                         check=True).stdout.split()[-1]
    code = (
        "import sys\n"
        "from sprintkit.service import WorkshopService\n"
        "from sprintkit.store import Store\n"
        f"s = WorkshopService(Store({str(db)!r}))\n"
        f"snap = s.snapshot({wid})\n"
        "assert snap.notes and snap.playbook.sections and snap.initiatives\n"
        "import sprintkit.tui.app, sprintkit.tui.workshop\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
