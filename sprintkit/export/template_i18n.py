"""The report templates' gettext: Jinja2's i18n extension bound to one language.

Templates call ``_("export:owner")``, ``_("export:people_mean", impact=...)``
and ``ngettext("export:dots", "export:dots {count}", n)``. The extension runs
in its *newstyle* mode: it escapes every value before putting it into the
message (values may be workshop text) and formats with ``%``. The catalog
writes placeholders as ``{name}``, so the callables here hand the extension
the message with ``{name}`` turned into ``%(name)s`` and any ``%`` doubled;
the counted placeholder of a plural becomes the extension's ``%(num)s``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sprintkit import i18n

_FIELD = re.compile(r"\{(\w+)\}")


def _percent_format(text: str, counted: str | None = None) -> str:
    text = text.replace("%", "%%")
    return _FIELD.sub(lambda m: "%(num)s" if m.group(1) == counted else f"%({m.group(1)})s",
                      text)


def callables(language: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """``gettext`` and ``ngettext`` for ``install_gettext_callables(..., newstyle=True)``."""

    def gettext(msgid: str) -> str:
        return _percent_format(i18n.raw(language, msgid))

    def ngettext(singular: str, plural: str, n: int) -> str:
        counted = i18n.catalog(i18n.DEFAULT).counts.get(singular, (plural, "count"))[1]
        return _percent_format(i18n.raw(language, singular, {counted: n}), counted)

    return gettext, ngettext
