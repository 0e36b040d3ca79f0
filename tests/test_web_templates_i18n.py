"""The phone page's templates speak through jinja2.ext.i18n: the catalog's
words in the workshop's language, values escaped, plurals by ngettext, and
every id they use extracted by Babel and known to the catalog."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import extract_from_dir
from markupsafe import escape

from sprintkit import i18n
from sprintkit.web.labels import gettext_callables

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "sprintkit" / "web" / "templates"


def _env(language: str, *, autoescape: bool = True) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"],
                             undefined=jinja2.StrictUndefined)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        *gettext_callables(language), newstyle=True)
    return env


def _render(source: str, language: str = "en", **context: object) -> str:
    return _env(language).from_string(source).render(**context)


def test_a_placeholder_is_filled_and_escaped():
    hostile = "<script>alert('x')</script> & {name} %s %(n)s"
    assert _render("{{ _('web:hello', name=who) }}", who=hostile) == \
        "Hi, &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; {name} %s %(n)s"
    assert _render("{{ _('web:hello', name=who) }}", "fi", who="Anni") == "Hei, Anni"


def test_the_catalogs_own_text_is_escaped_as_before():
    # "facilitator's" was escaped by autoescape when the page wrote the whole
    # line, so the bytes of every page stay as they were
    english = i18n.message("en", "web:footer")
    assert "'" in english
    assert _render("{{ _('web:footer') }}") == str(escape(english))
    plain = _env("en", autoescape=False).from_string("{{ _('web:hello', name='<Bo>') }}")
    assert plain.render() == i18n.message("en", "web:hello", name="<Bo>")


def test_a_count_picks_the_plural_form_in_each_language():
    template = "{{ ngettext('web:voters', 'web:voters {n}', n) }}"
    assert [_render(template, n=n) for n in (1, 2)] == ["1 voter", "2 voters"]
    assert [_render(template, "fi", n=n) for n in (1, 3)] == \
        [i18n.message("fi", "web:voters", n=1), i18n.message("fi", "web:voters", n=3)]
    assert _render(template, "fi", n=1) != _render(template, "fi", n=3)


def test_a_client_side_format_string_keeps_its_placeholders():
    # the script fills {left} and {budget} itself as dots are spent
    source = "{{ _('web:dots_left', left='{left}', budget='{budget}') }}"
    assert _render(source) == "{left} of {budget} left"


def test_an_unknown_id_fails_loudly():
    with pytest.raises(KeyError):
        _render("{{ _('web:no_such_text') }}")


def test_templates_use_gettext_only():
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert "t('" not in source.replace("_('", "").replace("ngettext('", ""), path.name


def test_babel_extracts_every_template_id_and_the_catalog_knows_it():
    method_map = [("**.html", "jinja2")]
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(TEMPLATES), method_map, options_map=options):
        found.setdefault(message if isinstance(message, str) else message[0], filename)
    assert len(found) > 40
    assert {m for m in found if not i18n.has(m)} == set()
    # the page's own words, and the status words every part shares
    assert all(m.startswith(("web:", "status:")) for m in found)
    # the template names its plural with the catalog's own plural id
    assert found["web:voters"] == "room.html"
    pot = (ROOT / "sprintkit/i18n/locale/sprintkit.pot").read_text(encoding="utf-8")
    assert "#: sprintkit/web/templates/room.html" in pot
