"""Every text the terminal UI shows, from the translation catalog.

The UI follows the open workshop's language; the home screen follows the
user's locale (see :func:`sprintkit.i18n.user_language`). Keys are stable ids,
``tui:<key>`` in the catalog; ``tr(key, **values)`` formats the text in the
current language.
"""

from __future__ import annotations

from sprintkit import i18n

# Read-only views of the catalog, by language and key.
LABELS = i18n.tables("tui")
EN = LABELS["en"]
FI = LABELS["fi"]

_current = {"language": "en"}


def ui_language() -> str:
    """The language of screens that belong to no workshop (the home screen)."""
    return i18n.user_language()


def set_language(language: str) -> None:
    _current["language"] = i18n.supported(language)


def language() -> str:
    return _current["language"]


class _Translate:
    @property
    def language(self) -> str:
        return _current["language"]

    def __call__(self, key: str, **values: object) -> str:
        msgid = f"tui:{key}"
        if not i18n.has(msgid):
            return key
        return i18n.message(_current["language"], msgid, **values)

    def has(self, key: str) -> bool:
        return i18n.has(f"tui:{key}")


tr = _Translate()


def error_text(exc: Exception) -> str:
    """What the service refused, in the current language when there are words for it."""
    key = getattr(exc, "key", None)
    if not key or not tr.has(f"error.{key}"):
        return str(exc)
    values = dict(getattr(exc, "params", {}))
    field = values.get("field")
    if isinstance(field, str) and tr.has(f"field.{field}"):
        values["field"] = tr(f"field.{field}")
    return tr(f"error.{key}", **values)
