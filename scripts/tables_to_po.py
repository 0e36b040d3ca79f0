"""Turn texts written in the old label notations into gettext catalogs.

Each input is a JSON object mapping ``"<table>:<key>"`` (``tui``, ``web``,
``export``, ``room``) to a string written the way that key's Finnish text was
written before the catalog existed:

- ``tui``: ``{n|one|other}`` picks a word by the count ``n``;
- ``export``: ``{n:# one|# other}`` does the same, ``#`` standing for the number;
- ``web``: a count message is a pair ``["{n} one", "{n} others"]`` on ``n``;
- ``room``: plain format strings.

English and Finnish come from the frozen old tables; more languages from
files given as ``code=path``:

    python scripts/tables_to_po.py sv=sv.json

writes every ``sprintkit/i18n/locale/<code>/LC_MESSAGES/sprintkit.po`` and
its ``.mo``. A message has the same shape in every catalog, as gettext's
template needs: plain; a plural on one count (``msgid_plural`` is the id and
that count's placeholder), also where a language needs one form only; or,
when the languages together count several things in it, a sentence naming a
counted phrase per count, ``{<name>__<i>}``, each a plural message
``<msgid>#<name>__<i>`` (a language that does not use one gives it as the bare
number). Regenerate the template afterwards with ``pybabel extract``.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "sprintkit" / "i18n" / "locale"
DOMAIN = "sprintkit"
TABLES = ("tui", "web", "export", "room")
OLD_TABLES = ROOT / "tests" / "fixtures" / "old_tables.json"
# A fixed date keeps regenerated catalogs identical when nothing changed.
STAMP = datetime(2026, 12, 1, tzinfo=UTC)

_TUI = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")
_PHRASE = re.compile(r"\{(\w+__\d+)\}")
_EXPORT = re.compile(r"\{(\w+):([^{}|]*)\|([^{}]*)\}")


class NotationError(ValueError):
    pass


def _field(name: str) -> str:
    return "{" + name + "}"


def _constructs(table: str, text: str) -> list[tuple[re.Match[str], str, str, str]]:
    """Each counted phrase: (match, count name, singular, plural)."""
    if table == "tui":
        return [(m, m[1], m[2], m[3]) for m in _TUI.finditer(text)]
    if table == "export":
        return [(m, m[1], m[2].replace("#", _field(m[1])), m[3].replace("#", _field(m[1])))
                for m in _EXPORT.finditer(text)]
    return []


def _parse(msgid: str, text: object) -> tuple[str, list[tuple[str, str, str]]]:
    """A text as its sentence, counted phrases replaced by ``{name__i}``, and
    the phrases themselves: (name, singular, plural)."""
    table = msgid.split(":", 1)[0]
    if table not in TABLES:
        raise NotationError(f"{msgid}: the table must be one of {', '.join(TABLES)}")
    if isinstance(text, list):
        if len(text) != 2 or not all(isinstance(t, str) for t in text):
            raise NotationError(f"{msgid}: a count pair is [singular, plural]")
        return _field("n__1"), [("n", text[0], text[1])]
    if not isinstance(text, str):
        raise NotationError(f"{msgid}: expected a string, got {type(text).__name__}")
    parts: list[str] = []
    phrases: list[tuple[str, str, str]] = []
    seen: dict[str, int] = {}
    last = 0
    for match, name, one, other in _constructs(table, text):
        seen[name] = seen.get(name, 0) + 1
        parts += [text[last:match.start()], _field(f"{name}__{seen[name]}")]
        last = match.end()
        phrases.append((name, one, other))
    return "".join(parts) + text[last:], phrases


def _phrase_ids(phrases: list[tuple[str, str, str]]) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    out = []
    for name, _, _ in phrases:
        seen[name] = seen.get(name, 0) + 1
        out.append((name, seen[name]))
    return out


def shapes(sources: dict[str, dict[str, object]]) -> dict[str, list[tuple[str, int]]]:
    """Each English message's counted phrases, over every language (in order of
    first use)."""
    out: dict[str, list[tuple[str, int]]] = {}
    english = sources["en"]
    for texts in sources.values():
        for msgid, text in texts.items():
            if msgid not in english:
                raise NotationError(f"{msgid}: English has no such message")
            found = out.setdefault(msgid, [])
            for part in _phrase_ids(_parse(msgid, text)[1]):
                if part not in found:
                    found.append(part)
    return out


def entries(msgid: str, text: object, shape: list[tuple[str, int]]
            ) -> list[tuple[str, str | tuple[str, str], str | None]]:
    """The catalog messages for one text: (msgid, string or two forms, msgid_plural)."""
    sentence, phrases = _parse(msgid, text)
    mine = dict(zip(_phrase_ids(phrases), phrases, strict=True))
    names = list(dict.fromkeys(name for name, _ in shape))
    if not names:
        return [(msgid, sentence, None)]
    if len(names) == 1:
        # One count: the whole message is the plural, each counted phrase in its form.
        forms = tuple(_PHRASE.sub(partial(_form, mine, form), sentence) for form in (0, 1))
        return [(msgid, (forms[0], forms[1]), msgid + " " + _field(names[0]))]
    out: list[tuple[str, str | tuple[str, str], str | None]] = [(msgid, sentence, None)]
    for name, index in shape:
        part = f"{msgid}#{name}__{index}"
        _, one, other = mine.get((name, index), (name, _field(name), _field(name)))
        out.append((part, (one, other), part + " " + _field(name)))
    return out


def _form(mine: dict[tuple[str, int], tuple[str, str, str]], form: int,
          match: re.Match[str]) -> str:
    """The singular (0) or plural (1) of the counted phrase ``match`` names."""
    name, index = match[1].rsplit("__", 1)
    return mine[name, int(index)][1 + form]


def build(language: str, texts: dict[str, object],
          shape: dict[str, list[tuple[str, int]]]) -> Catalog:
    book = Catalog(locale=language, domain=DOMAIN, project="sprintkit", version="0.1",
                   copyright_holder="sprintkit contributors",
                   creation_date=STAMP, revision_date=STAMP, fuzzy=False)
    if book.num_plurals != 2:
        raise NotationError(f"{language}: the old notations have two forms, the language "
                            f"{book.num_plurals}; write its .po by hand")
    for msgid, text in texts.items():
        for one_id, string, plural in entries(msgid, text, shape[msgid]):
            book.add((one_id, plural) if plural else one_id, string)
    return book


def build_all(sources: dict[str, dict[str, object]]) -> dict[str, Catalog]:
    shape = shapes(sources)
    return {language: build(language, texts, shape) for language, texts in sources.items()}


def po_bytes(book: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, book, width=100, omit_header=False)
    return out.getvalue()


def mo_bytes(po: bytes) -> bytes:
    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po)))
    return out.getvalue()


def write(language: str, book: Catalog) -> Path:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = po_bytes(book)
    (folder / f"{DOMAIN}.po").write_bytes(po)
    (folder / f"{DOMAIN}.mo").write_bytes(mo_bytes(po))
    return folder / f"{DOMAIN}.po"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("extra", nargs="*", metavar="CODE=JSON",
                        help='a language\'s {"<table>:<key>": "text"} file')
    parser.add_argument("--tables", type=Path, default=OLD_TABLES,
                        help="the frozen English and Finnish tables")
    args = parser.parse_args(argv)
    try:
        sources = json.loads(args.tables.read_text(encoding="utf-8"))
        for item in args.extra:
            code, _, path = item.partition("=")
            if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", code) or not path:
                raise NotationError(f"{item}: give a language code and a file, like sv=sv.json")
            try:
                texts = json.loads(Path(path).read_text(encoding="utf-8"))
                if not isinstance(texts, dict):
                    raise NotationError("the file must hold one JSON object")
                sources[code] = texts
                books = build_all(sources)
            except (OSError, ValueError) as exc:
                raise NotationError(f"{path}: {exc}") from None
        books = build_all(sources)
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for language, book in books.items():
        print(write(language, book))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
