"""Words on the phone page, from the translation catalog (``web:<key>``).

The page follows the workshop's language. A count message takes ``n``.
"""

from __future__ import annotations

from collections.abc import Callable

from sprintkit import i18n

# A read-only view of the catalog, by language and key.
LABELS = i18n.tables("web")


def translator(language: str) -> Callable[..., str]:
    """``t(key, **values)``; a key with a plural takes ``n``."""
    language = i18n.supported(language)

    def t(key: str, **values: object) -> str:
        msgid = f"web:{key}"
        if not i18n.has(msgid):
            raise KeyError(key)
        return i18n.message(language, msgid, **values)

    return t
