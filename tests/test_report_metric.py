"""A measurable metric's target in the roadmap report: written from its
numbers, with the unit and the baseline, in the language's decimal sign, not
as the bare number the facilitator typed."""

from __future__ import annotations

import pytest
from test_tui_snapshots import build

from sprintkit.export import ExportOptions, render


@pytest.mark.parametrize(("lang", "shown"), [
    ("en", "75.5\u00a0% (from 62\u00a0%)"),
    ("fi", "75,5\u00a0% (lähtötaso 62\u00a0%)"),
    ("sv", "75,5\u00a0% (utgångsläge 62\u00a0%)"),
])
def test_a_numeric_target_carries_its_unit_and_baseline(tmp_path, lang, shown):
    svc, wid = build(tmp_path / f"{lang}.db", lang, "roadmap")
    first = svc.initiatives(wid)[0].id
    svc.set_roadmap(wid, first, baseline="62", target="75,5", unit="%")
    markdown = render(svc.snapshot(wid), "md", ExportOptions()).decode()
    html = render(svc.snapshot(wid), "html", ExportOptions()).decode()
    # Markdown escapes the decimal point and writes plain spaces; the words are the same.
    assert shown.replace(".", "\\.").replace("\u00a0", " ") in markdown
    assert shown in html


def test_a_target_in_words_is_printed_as_typed(tmp_path):
    svc, wid = build(tmp_path / "en.db", "en", "roadmap")
    first = svc.initiatives(wid)[0].id
    svc.set_roadmap(wid, first, target="Half of today's waiting time")
    html = render(svc.snapshot(wid), "html", ExportOptions()).decode()
    assert "Half of today&#39;s waiting time" in html
