"""Words on the phone page, from the translation catalog (``web:<key>``).

The page follows the workshop's language. The templates ask for their words
through ``jinja2.ext.i18n`` (``_('web:hello', name=x)``, and ``ngettext`` for
a text that agrees with a count), so Babel extracts them from the templates
like any gettext call. The phone page's script carries no words of its own:
it reads them from attributes the templates fill (``data-offline``,
``data-fmt``...). Python code of the page uses :func:`translator`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import jinja2
from markupsafe import escape

from sprintkit import i18n

# A read-only view of the catalog, by language and key.
LABELS = i18n.tables("web")

_BRACES = re.compile(r"\{\{|\}\}|\{(\w+)\}|%")
_COUNT = re.compile(r"\{(\w+)\}$")


def translator(language: str) -> Callable[..., str]:
    """``t(key, **values)``; a key with a plural takes ``n``."""
    language = i18n.supported(language)

    def t(key: str, **values: object) -> str:
        msgid = f"web:{key}"
        if not i18n.has(msgid):
            raise KeyError(key)
        return i18n.message(language, msgid, **values)

    return t


def _percent(text: str, count: str | None = None) -> str:
    """A catalog text as the %-format Jinja's newstyle gettext fills: ``{name}``
    becomes ``%(name)s``, the count's placeholder ``%(num)s``, a ``%`` ``%%``."""
    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if token == "%":
            return "%%"
        name = match.group(1)
        return "%(num)s" if name == count else f"%({name})s"

    return _BRACES.sub(swap, text)


def _known(msgid: str) -> None:
    if not i18n.has(msgid):
        # a mistyped id in a template must fail the tests, not show the id to phones
        raise KeyError(msgid)


def gettext_callables(language: str) -> tuple[Callable[..., str], Callable[..., str]]:
    """``gettext`` and ``ngettext`` in one language, for
    ``Environment.install_gettext_callables(..., newstyle=True)``.

    Jinja marks the text safe and fills in the values with ``%``, escaping each
    one; so the catalog's own text is escaped here first, exactly as autoescape
    escaped the whole line before."""
    language = i18n.supported(language)

    @jinja2.pass_eval_context
    def gettext(eval_ctx: jinja2.nodes.EvalContext, msgid: str) -> str:
        _known(msgid)
        text = i18n.raw(language, msgid)
        return _percent(str(escape(text)) if eval_ctx.autoescape else text)

    @jinja2.pass_eval_context
    def ngettext(eval_ctx: jinja2.nodes.EvalContext, singular: str, plural: str,
                 n: int) -> str:
        _known(singular)
        match = _COUNT.search(plural)
        count = match.group(1) if match else "n"
        text = i18n.raw(language, singular, {count: n})
        return _percent(str(escape(text)) if eval_ctx.autoescape else text, count)

    return gettext, ngettext
