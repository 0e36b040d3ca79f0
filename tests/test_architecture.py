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
