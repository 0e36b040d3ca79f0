"""Rows of stored records are keyed by id, and a key that is not one is refused."""

from __future__ import annotations

import pytest

from sprintkit.tui.widgets.rows import row_id


def test_a_record_row_gives_its_id():
    assert row_id(42) == 42


@pytest.mark.parametrize("key", ["42", "3:facilitator", None, 4.0])
def test_a_key_that_is_not_an_id_is_refused(key):
    with pytest.raises(TypeError, match="not a record id"):
        row_id(key)
