"""Fixed wording of the exports in each workshop language, and localised dates.

User text (names, notes, titles) never goes through here: only the words the
report itself prints around it. The words are ``export:<key>`` messages of the
translation catalog; a label that prints a count is a gettext plural. Fill
labels with :func:`fill`, never with ``str.format``, so counts pick the form.
"""

from __future__ import annotations

from sprintkit import i18n
from sprintkit.i18n import fill, format_date, to_date

__all__ = ["LABELS", "fill", "format_date", "labels", "to_date"]

# A read-only view of the catalog, by language and key.
LABELS = i18n.tables("export")


def labels(language: str) -> i18n.Table:
    """The labels of a language; English fills any gap."""
    return i18n.Table("export", language)
