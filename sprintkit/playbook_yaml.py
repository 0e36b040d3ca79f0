"""Read a playbook's YAML within fixed bounds.

A playbook is a file someone else may have written, dropped into a folder that
``sprintkit playbook list``, ``new`` and the terminal UI read on their own. So
reading one must end quickly and in little memory whatever the file holds:
the size is capped before the text is read, nesting depth and aliases are
counted while the document is composed (before any Python object exists), and
every failure of the YAML layer, including the few PyYAML lets escape as
``ValueError`` or ``OverflowError``, becomes one ``PlaybookError`` line.

It also refuses what plain ``safe_load`` silently accepts: a key given twice
(the last one would win) and YAML 1.1 booleans such as ``yes``/``no``/``on``,
which no playbook field takes and which an author almost always meant as text.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, Protocol

import yaml

from sprintkit.errors import PlaybookError

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_ALIASES = 100
# Values (scalars, lists, mappings) in the document once every alias is
# expanded; the bundled playbooks hold about 150.
MAX_VALUES = 20_000
# How much of a value or key a message shows: enough to recognise it.
SHOWN_CHARS = 80

_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def printable(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` safe for a one-line message: control and other unprintable
    characters escaped, cut to about ``limit`` characters."""
    out = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text[:limit + 1])
    return out if len(out) <= limit and len(text) <= limit else out[:limit - 1] + "…"


def shown(value: Any) -> str:
    """A value as a message quotes it: its repr, cut to about 80 characters."""
    if isinstance(value, str):
        text = repr(value[:SHOWN_CHARS + 1])
        short = len(value) <= SHOWN_CHARS and len(text) <= SHOWN_CHARS
        return text if short else text[:SHOWN_CHARS - 1] + "…"
    if isinstance(value, (dict, list, tuple, set)):
        return type(value).__name__
    return printable(repr(value))


class _Place(Protocol):
    """Where in the text a problem is: PyYAML's pure-Python and C parsers
    each have their own mark class, and a message needs only the line."""

    @property
    def line(self) -> int: ...


class _Refused(Exception):
    """A limit or rule broken at a known place in the document."""

    def __init__(self, mark: _Place | None, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _BoundedLoader(yaml.SafeLoader):
    """``SafeLoader`` that counts depth, aliases and expanded values as it composes."""

    # Dates are read as text: a phase horizon such as 2026-06-01 is meant as
    # words, and an impossible date (2026-13-45) would otherwise fail deep in
    # the constructor.
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0
        self.aliases = 0
        self.values = 0
        self.expanded: dict[int, int] = {}

    def _count(self, n: int, mark: _Place | None) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise _Refused(mark, f"more than {MAX_VALUES:,} values once aliases are expanded")

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(event.start_mark, f"more than {MAX_ALIASES} aliases (*name)")
            node = super().compose_node(parent, index)
            if id(node) not in self.expanded:
                # Its anchor is still open: the value would contain itself.
                anchor = printable(event.anchor or "", 40)
                raise _Refused(event.start_mark, f"alias *{anchor} is used "
                               "inside the value it names")
            # An alias stands for a whole copy of its anchor's value.
            self._count(self.expanded[id(node)], event.start_mark)
            return node
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        before = self.values
        self._count(1, event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if getattr(event, "anchor", None) is not None:
            self.expanded[id(node)] = self.values - before
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            # For instance an integer with more digits than Python converts.
            raise _Refused(node.start_mark, f"cannot read this value ({printable(str(exc))})"
                           ) from None


def _first_rule_broken(root: yaml.Node) -> tuple[tuple[Any, ...], yaml.Mark, str] | None:
    """The first duplicate key or boolean in document order, with its path."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:  # an alias: its anchor was checked already
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _BOOL_TAG and not _yes_no_field(loc, node.value):
                return loc, node.start_mark, _bool_message(node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*loc, i)) for i, child in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            first_line: dict[tuple[str, str], int] = {}
            children: list[tuple[yaml.Node, tuple[Any, ...]]] = []
            for key, value in node.value:
                if key.tag == _MERGE_TAG:
                    children.append((value, loc))
                    continue
                if not isinstance(key, yaml.ScalarNode):
                    children.append((value, loc))
                    continue
                where = (*loc, key.value)
                if key.tag == _BOOL_TAG:
                    return where, key.start_mark, _bool_message(key.value)
                ident = (key.tag, key.value)
                if ident in first_line:
                    return where, key.start_mark, (
                        f"key '{printable(key.value)}' is given twice "
                        f"(first on line {first_line[ident]})")
                first_line[ident] = key.start_mark.line + 1
                children.append((value, where))
            stack.extend(reversed(children))
    return None


# The one yes/no field, and only spelled true or false: yes/no/on/off would be
# YAML 1.1 booleans that YAML 1.2 and most editors read as words.
_YES_NO_FIELDS = {("sections", "evidence")}


def _yes_no_field(loc: tuple[Any, ...], word: str) -> bool:
    return (len(loc) == 3 and (loc[0], loc[2]) in _YES_NO_FIELDS
            and word in ("true", "false"))


def _bool_message(word: str) -> str:
    truth = "true" if word.lower() in ("y", "yes", "true", "on") else "false"
    return (f"'{printable(word)}' is read as the yes/no value {truth}, which no playbook "
            f"field takes; put it in quotes if you mean the text")


def loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = printable(str(part), 40)
            out += f".{name}" if out else name
    return out or "(top level)"


def _reader_problem(exc: yaml.reader.ReaderError, text: str, where: str) -> PlaybookError:
    line = text.count("\n", 0, exc.position) + 1
    problem = str(exc).splitlines()[0]
    return PlaybookError(f"{where}:{line}: YAML syntax error: {printable(problem, 120)}")


def load_yaml(text: str, source: str) -> tuple[yaml.Node | None, Any]:
    """The composed root node (for line numbers) and the plain data it holds."""
    where = printable(source, 200)
    try:
        # The reader refuses unprintable characters in the raw text at once.
        loader = _BoundedLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, where) from None
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        broken = _first_rule_broken(root)
        if broken is not None:
            loc, mark, message = broken
            raise PlaybookError(f"{where}:{mark.line + 1}: {loc_text(loc)}: {message}")
        return root, loader.construct_document(root)
    except _Refused as exc:
        line = f":{exc.mark.line + 1}" if exc.mark is not None else ""
        raise PlaybookError(f"{where}{line}: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        at = exc.problem_mark or exc.context_mark
        line = f":{at.line + 1}" if at is not None else ""
        problem = exc.problem or exc.context or "cannot be read"
        raise PlaybookError(f"{where}{line}: YAML syntax error: {printable(problem, 120)}"
                            ) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, where) from None
    except (ValueError, OverflowError):
        # PyYAML turns an escape such as "\U00110000" into chr() unchecked.
        mark = loader.get_mark()
        raise PlaybookError(f"{where}:{mark.line + 1}: YAML syntax error: an escape stands "
                            "for no Unicode character (the highest is \\U0010FFFF)") from None
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0] if str(exc) else "cannot be read"
        raise PlaybookError(f"{where}: YAML syntax error: {printable(problem, 120)}") from None
    finally:
        loader.dispose()


def read_playbook_text(path: Path | str) -> str:
    """The file's text, refusing anything but a regular UTF-8 file of sane size.

    Only ``MAX_FILE_BYTES + 1`` bytes are ever read, so a huge file, or a device
    such as /dev/zero named by mistake, is refused at once."""
    path = Path(path)
    where = printable(str(path), 200)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PlaybookError(f"{where}: is a folder, not a playbook file")
        if not stat.S_ISREG(info.st_mode):
            raise PlaybookError(f"{where}: not a regular file")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PlaybookError(f"{where}: no such playbook file") from None
    except OSError as exc:
        raise PlaybookError(f"{where}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise PlaybookError(f"{where}: larger than {MAX_FILE_BYTES // 1024} KB, the limit for "
                            "a playbook file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PlaybookError(f"{where}: not UTF-8 text (save it as UTF-8)") from None
    # As reading in text mode did: line ends become "\n".
    return text.replace("\r\n", "\n").replace("\r", "\n")
