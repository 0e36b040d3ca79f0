"""A ``pybabel extract`` method that reads the English catalog.

The program names its messages by symbolic ids (``tui:home.title``) through
small wrappers, so the ids cannot be found by scanning the code for calls.
English is their source: this method hands every English message to the
template, its English text as a comment for translators, beside whatever
``_()`` and ``ngettext()`` calls the Python, Jinja2 and JavaScript scanners find.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any


def extract_catalog(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                    options: Any) -> Iterator[tuple[int | None, str, Any, list[str]]]:
    from babel.messages.pofile import read_po

    for message in read_po(fileobj):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        comments = [f"English: {form}" for form in forms]
        if isinstance(message.id, tuple):
            yield message.lineno, "ngettext", message.id, comments
        else:
            yield message.lineno, "gettext", message.id, comments
