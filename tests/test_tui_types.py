"""Where the TUI's types pin behaviour: record ids from row keys, renamed actions."""

from __future__ import annotations

import pytest

from sprintkit.tui.widgets.rows import row_id


def test_a_record_row_gives_its_id():
    assert row_id(42) == 42


@pytest.mark.parametrize("key", ["42", "3:facilitator", None, 4.0])
def test_a_key_that_is_not_an_id_is_refused(key):
    with pytest.raises(TypeError, match="not a record id"):
        row_id(key)


async def test_space_switches_the_item_under_the_cursor_in_a_toggles_dialog():
    from textual.app import App

    from sprintkit.tui.widgets import TogglesScreen

    results: list = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(TogglesScreen("Tags", [(1, "one"), (2, "two"), (3, "three")], [3]),
                             results.append)

    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("space", "down", "down", "space", "enter")
        await pilot.pause()
    assert results == [[1]]


async def test_enter_in_the_release_dialog_gives_the_participant_under_the_cursor():
    from textual.app import App

    from sprintkit.tui.screens.room import _ReleaseScreen

    results: list = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(_ReleaseScreen("Release", [(7, "Ann"), (12, "Bo [b]")]),
                             results.append)

    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
    assert results == [12]
