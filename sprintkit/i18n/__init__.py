"""One translation catalog for every screen, page and export.

Catalogs are gettext ``.mo`` files under ``locale/<language>/LC_MESSAGES``;
English is a catalog like the others. Message ids are symbolic and name the
part of the program that shows them: ``tui:<key>``, ``web:<key>``,
``export:<key>``, ``room:<key>``. A message that agrees with a count is a real
gettext plural whose ``msgid_plural`` ends in the placeholder it follows
(``tui:quit.held {n}``). A message with several counts keeps each counted
phrase in a plural message of its own, ``<msgid>#<name>__<i>``, and names it
as ``{<name>__<i>}``.

Which language: workshop screens, phone pages and exports follow the
workshop's language; the home screen and the command line follow the user's
locale (:func:`user_language`). Babel (dates, numbers, lists) is imported on
first use only, so the terminal UI starts as fast as before.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import struct
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path

DOMAIN = "sprintkit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT = "en"

# The CLDR locale whose dates and numbers a language's workshops use, where it
# is not the language code itself. English workshops here are run in Europe:
# "22 November 2026", not the American order.
BABEL_LOCALES: dict[str, str] = {"en": "en_GB"}

_COUNT = re.compile(r"\{(\w+)\}$")
_FRAGMENT = re.compile(r"\{(\w+?)__(\d+)\}")


class Catalog:
    """One language's compiled catalog: its texts, and which count each plural follows."""

    def __init__(self, language: str, path: Path) -> None:
        data = path.read_bytes()
        self.language = language
        self.translations = gettext.GNUTranslations(io.BytesIO(data))
        self.ids: set[str] = set()
        self.counts: dict[str, tuple[str, str]] = {}
        for original in _originals(data):
            msgid, _, plural = original.partition("\0")
            if not msgid:
                continue
            self.ids.add(msgid)
            if plural:
                match = _COUNT.search(plural)
                self.counts[msgid] = (plural, match.group(1) if match else "n")

    def text(self, msgid: str, values: Mapping[str, object]) -> str:
        """The message in the form its count asks for, placeholders not yet filled."""
        if msgid in self.counts:
            plural, name = self.counts[msgid]
            count = values.get(name, 2)
            return self.translations.ngettext(msgid, plural, count if isinstance(count, int)
                                              else 2)
        return self.translations.gettext(msgid)


def _originals(data: bytes) -> Iterator[str]:
    """The message ids of a ``.mo`` file, plural ones as ``msgid\\0msgid_plural``
    (GNUTranslations keeps only the first, and the second names the count)."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    count, originals = struct.unpack(order + "II", data[8:16])
    for i in range(count):
        length, offset = struct.unpack(order + "II", data[originals + 8 * i:originals + 8 * i + 8])
        yield data[offset:offset + length].decode("utf-8")


@cache
def languages() -> tuple[str, ...]:
    """Every language that has a compiled catalog, English first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return tuple(sorted(found, key=lambda code: code != DEFAULT))


def supported(language: str) -> str:
    """``language`` if there is a catalog for it, else English."""
    return language if language in languages() else DEFAULT


@cache
def catalog(language: str) -> Catalog:
    language = supported(language)
    return Catalog(language, LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo")


def has(msgid: str) -> bool:
    """Whether English, and so the program, knows this message."""
    return msgid in catalog(DEFAULT).ids


def _find(language: str, msgid: str) -> Catalog | None:
    for book in (catalog(language), catalog(DEFAULT)):
        if msgid in book.ids:
            return book
    return None


def raw(language: str, msgid: str, values: Mapping[str, object] | None = None) -> str:
    """The message's text before its placeholders are filled (the id if unknown)."""
    book = _find(language, msgid)
    return book.text(msgid, values or {}) if book else msgid


def message(language: str, msgid: str, **values: object) -> str:
    """The message in ``language`` with its placeholders filled; a count picks
    the plural form. English fills a gap; an unknown id is shown as it is."""
    book = _find(language, msgid)
    if book is None:
        return msgid
    text = book.text(msgid, values)
    if not values:
        return text
    fragments = {}
    for name, index in _FRAGMENT.findall(text):
        part = f"{msgid}#{name}__{index}"
        fragments[f"{name}__{index}"] = message(book.language, part, **values)
    return text.format(**values, **fragments)


def ngettext(language: str, msgid: str, msgid_plural: str, n: int) -> str:
    """gettext's own plural lookup in one language's catalog."""
    return catalog(language).translations.ngettext(msgid, msgid_plural, n)


class Label(str):
    """A message's text that still knows its id, so it can be filled later
    with counts that pick the plural form (see :func:`fill`)."""

    msgid: str
    language: str

    def __new__(cls, text: str, msgid: str, language: str) -> Label:
        label = super().__new__(cls, text)
        label.msgid = msgid
        label.language = language
        return label


def fill(label: str, **values: object) -> str:
    """A label from :class:`Table` with its placeholders filled."""
    if isinstance(label, Label):
        return message(label.language, label.msgid, **values)
    return label.format(**values) if values else label


class Table(Mapping[str, Label]):
    """The messages of one part (``tui``, ``web``, ``export``, ``room``) in one
    language, looked up by their old keys."""

    def __init__(self, part: str, language: str) -> None:
        self.part = part
        self.language = supported(language)
        self.prefix = f"{part}:"

    def __getitem__(self, key: str) -> Label:
        msgid = self.prefix + key
        if not has(msgid):
            raise KeyError(key)
        return Label(raw(self.language, msgid), msgid, self.language)

    def __iter__(self) -> Iterator[str]:
        size = len(self.prefix)
        return iter(sorted(m[size:] for m in catalog(DEFAULT).ids
                           if m.startswith(self.prefix) and "#" not in m))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Tables(Mapping[str, Table]):
    """``tables("room")["fi"]["title"]``: one part's messages in every language."""

    def __init__(self, part: str) -> None:
        self.part = part

    def __getitem__(self, language: str) -> Table:
        if language not in languages():
            raise KeyError(language)
        return Table(self.part, language)

    def __iter__(self) -> Iterator[str]:
        return iter(languages())

    def __len__(self) -> int:
        return len(languages())


def tables(part: str) -> Tables:
    return Tables(part)


# Which language: the user's own (home screen, command line).
_USER_VARIABLES = ("SPRINTKIT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def user_language(environ: Mapping[str, str] | None = None) -> str:
    """The first language named by ``SPRINTKIT_LANG``, then by gettext's
    variables in gettext's order, that has a catalog; English otherwise.
    ``fi_FI.UTF-8`` names ``fi``; ``LANGUAGE`` may list several (``sv:fi``)."""
    env = os.environ if environ is None else environ
    known = languages()
    for variable in _USER_VARIABLES:
        for entry in env.get(variable, "").split(":"):
            code = re.split(r"[_.@-]", entry.strip(), maxsplit=1)[0].lower()
            if code in known:
                return code
    return DEFAULT


# Dates, numbers and lists come from Babel (CLDR), loaded on first use.
def babel_locale(language: str) -> str:
    return BABEL_LOCALES.get(language, language)


def to_date(value: str | date | datetime) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return date.fromisoformat(value[:10])


def format_date(value: str | date | datetime, language: str) -> str:
    """A date written out the long way: "22 November 2026", "22. marraskuuta 2026"."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(to_date(value), "long", locale=babel_locale(language))


def format_decimal(value: float, language: str, digits: int = 1) -> str:
    """A number with ``digits`` decimals and the language's decimal sign."""
    from decimal import Decimal

    from babel.numbers import format_decimal as babel_format_decimal

    # Python rounds first, so a figure is the same in every language; Babel
    # only writes it (its own rounding of halves differs from Python's).
    rounded = Decimal(f"{value:.{digits}f}")
    pattern = "0." + "0" * digits if digits else "0"
    return babel_format_decimal(rounded, pattern, locale=babel_locale(language))


def format_number(value: float, language: str, most: int = 2) -> str:
    """A number with at most ``most`` decimals, none when it is whole, and the
    language's decimal sign: "2", "1.5", "4,33"."""
    from decimal import Decimal

    from babel.numbers import format_decimal as babel_format_decimal

    rounded = Decimal(f"{value:.{most}f}")
    return babel_format_decimal(rounded, "0." + "#" * most, locale=babel_locale(language))


def status_word(language: str, status: str) -> str:
    """A roadmap item's status (on-track, blocked…) as every screen, page,
    report and history line words it: one catalog entry per status, so the
    follow-up view and the history can never call the same status two names."""
    msgid = f"status:{status}"
    return message(language, msgid) if has(msgid) else status


def quantity(value: float, unit: str, language: str, space: str = "\u00a0") -> str:
    """A number with its unit, the language's way: "62,5 %". A no-break space
    by default, so print never parts them; a terminal row passes a plain one."""
    text = format_number(value, language)
    return f"{text}{space}{unit}" if unit else text


def format_list(items: list[str], language: str) -> str:
    """Items joined the language's way: "a, b and c", "a, b ja c"."""
    from babel.lists import format_list as babel_format_list

    return babel_format_list(list(items), locale=babel_locale(language))


__all__ = ["BABEL_LOCALES", "Catalog", "Label", "Table", "fill", "format_date",
           "format_decimal", "format_list", "format_number", "has", "languages", "message", "ngettext",
           "raw", "supported", "tables", "user_language"]
