"""The roadmap form opens at its top: the title (which item it is for) and
the focused first field are on screen at 120x40 and at 80x24."""

from __future__ import annotations

import pytest
from test_swedish_screens import screen_lines
from test_tui_metric import _open_form, _placed

from sprintkit.tui.app import SprintkitApp


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_roadmap_form_opens_with_its_title_and_first_field_visible(db, svc, size):
    wid, _ = _placed(svc)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        form = await _open_form(pilot)
        await pilot.pause()
        dialog = form.query_one(".dialog")
        assert dialog.scroll_y == 0
        lines = screen_lines(app.export_screenshot())
        text = "\n".join(lines)
        title = form.query_one(".dialog .title")
        assert str(title.render()) == "Stay signed in"
        assert dialog.content_region.contains_region(title.region)
        focused = app.focused
        assert focused is not None and focused.id == "field-owner"
        assert form.fields[0][1] == "Owner" and "Owner" in text  # its label
        # the focused field lies inside the dialog's visible part
        assert dialog.content_region.contains_region(focused.region)
