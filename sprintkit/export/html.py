"""The report as HTML (self-contained file) and as PDF (the same HTML through WeasyPrint).

Security: every value from a workshop is hostile text. Jinja2 autoescapes it,
and WeasyPrint gets a URL fetcher that serves only our bundled assets and
``data:`` URLs, on every ``HTML`` and ``CSS`` object, with no attachments.
WeasyPrint is imported inside the PDF function only, so the CLI starts fast.
"""

from __future__ import annotations

import gc
import mimetypes
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from sprintkit.errors import InvalidInput
from sprintkit.export import template_i18n
from sprintkit.export.report import Report, build_report, shorten
from sprintkit.export.svg import matrix_svg

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"
ASSETS_URL = ASSETS.as_uri() + "/"

PAPER = {"a4": ("A4", "297mm"), "letter": ("letter", "279.4mm")}


def nl2br(text: str) -> Markup:
    """Escaped text whose line breaks survive (cheaper to lay out than pre-wrap)."""
    return Markup("<br/>").join(escape(line) for line in text.splitlines())


@lru_cache(maxsize=4)
def _environment(language: str) -> Environment:
    """One environment per workshop language, its gettext bound to that language."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False,
                      extensions=["jinja2.ext.i18n"])
    gettext, ngettext = template_i18n.callables(language)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["shorten"] = shorten
    env.filters["nl2br"] = nl2br
    return env


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _css_string(text: str) -> str:
    """A CSS string body for our own labels (never for workshop text)."""
    return "".join(c if c.isalnum() or c in " .,:-–/()+" else f"\\{ord(c):x} " for c in text)


def print_css(report: Report, paper: str) -> str:
    size, height = PAPER[paper]
    t = report.t
    css = _asset("print.css")
    for key, value in (("size", size), ("height", height), ("page", _css_string(t["page"])),
                       ("of", _css_string(t["of"])),
                       ("kind", _css_string(report.kind))):
        css = css.replace("{{ " + key + " }}", value)
    return css


# Template indentation before a block-level tag never shows, yet the HTML parser
# and WeasyPrint still make (and then throw away) a node for every run of it.
# Only ASCII whitespace: a no-break space in workshop text stays.
_GAP_BEFORE_BLOCK = re.compile(
    r"[ \t\r\n]+(?=</?(?:html|head|meta|title|body|section|article|div|figure|p|h[1-6]"
    r"|ul|li|table|thead|tbody|tfoot|tr|th|td)[ \t\r\n/>])")


_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def render_report_html(report: Report, medium: str, evidence: Any = None) -> str:
    author = " · ".join(x for x in (report.facilitator, report.organisation) if x)
    # Our own stylesheet, inlined as is (Markup: it is not workshop text).
    css = Markup("".join(_asset(name) for name in _sheets(report) + ["screen.css"])) \
        if medium == "screen" else ""
    html = _environment(report.language).get_template("report.html.j2").render(
        r=report, medium=medium, css=css, author=author,
        created=date.today().isoformat(), matrix=matrix_svg(report), evidence=evidence)
    # Control characters (pasted terminal colours, a stray bell) show as nothing
    # anywhere, but scramble a PDF's text layer: search and copy break.
    html = _CONTROL_CHARS.sub("", html)
    # The HTML file keeps its indentation for whoever reads its source.
    return _GAP_BEFORE_BLOCK.sub("", html) if medium == "print" else html


def _sheets(report: Report) -> list[str]:
    # The progress page's rules only in a report that has the page, so a
    # report without check-ins stays exactly what it was.
    return ["report.css"] + (["progress_page.css"] if report.progress is not None else [])


def render_html(snapshot: Any, options: Any) -> bytes:
    report = build_report(snapshot, strict=options.strict, full=options.full)
    return render_report_html(report, "screen", _evidence(snapshot, report)).encode("utf-8")


def _evidence(snapshot: Any, report: Report) -> Any:
    """The customer evidence behind each initiative, when the workshop has any."""
    from sprintkit.export.evidence import evidence_marks

    marks = evidence_marks(snapshot, report)
    return marks if marks.views else None


# -------------------------------------------------------------------- PDF


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundledOnlyFetcher(URLFetcher):
        """Serves files under assets/ and data: URLs; refuses everything else."""

        def __init__(self) -> None:
            super().__init__(timeout=1, allowed_protocols=("data", "file"),
                             allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(ASSETS) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(f"refused to load {url[:80]!r}: reports use bundled assets only")

    return BundledOnlyFetcher


def url_fetcher() -> Any:
    return _fetcher_class()()


_pause_lock = threading.Lock()
_pauses = 0
_resume_gc = False


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a PDF renders; one cheap sweep after.

    A render allocates a few hundred thousand long-lived objects (boxes, styles,
    text layouts). Each allocation burst triggers collections that walk all of
    them and free nothing, about an eighth of the render time. The cycles a
    render leaves behind are all still in the youngest generation afterwards,
    so one collection of that generation frees them at a fraction of the cost.
    Renders may overlap in threads: the last one out restores the collector.
    """
    global _pauses, _resume_gc
    with _pause_lock:
        if _pauses == 0:
            _resume_gc = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0:
                gc.collect(0)
                if _resume_gc:
                    gc.enable()


# Rules of WeasyPrint's user-agent sheet that match every element: each one
# gives every element of the report a computed style for a pseudo-element it
# never has (footnote and note calls and markers, list markers outside lists).
_UNIVERSAL_PSEUDO_RULE = re.compile(
    r"^::(?:footnote-call|footnote-marker|note-call|note-marker|note-callback)\s*\{.*$",
    re.MULTILINE)


def _lean_user_agent_sheet() -> tuple[Any, Any] | None:
    """WeasyPrint's user-agent sheet without the rules above, and the sheet it replaces.

    The report has no footnotes or notes, and list markers only on list items;
    about 0.1 s of the typical workshop's PDF went into styles for them.
    """
    try:
        from weasyprint import CSS
        from weasyprint.css.counters import CounterStyle
        from weasyprint.html import UA, UA_STYLESHEET

        text, cut = _UNIVERSAL_PSEUDO_RULE.subn("", UA)
        text = text.replace("\n::marker {", "\nli::marker {", 1)
        if cut != 5 or "\nli::marker {" not in text:
            return None
        # A counter-style registry of its own: the stock sheet filled the shared one.
        return CSS(string=text, counter_style=CounterStyle()), UA_STYLESHEET
    except Exception:  # WeasyPrint changed inside: keep its own sheet
        return None


# HTML parsing implies the SVG namespace on inline <svg>; XML needs it spelt out.
_SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" '


def parse_own_markup(html: str) -> Any | None:
    """Our report's markup parsed as XML, or None if expat refuses it.

    The template writes well-formed markup (explicit tbody, self-closed void
    elements, numeric entities, workshop text escaped), so expat builds the
    very tree WeasyPrint's HTML5 parser would, some thirty times faster
    (0.15 s of the typical workshop's PDF). A test keeps the two trees equal.
    Text expat does not accept (a control character in a note, say) goes the
    usual way.
    """
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(html.replace("<svg ", _SVG_OPEN))
    except ElementTree.ParseError:
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"]:
        return None
    return root


@lru_cache(maxsize=1)
def _html_class() -> type:
    """WeasyPrint's HTML with the two shortcuts above for our own report.

    Both go through WeasyPrint internals, so each falls back to the stock
    behaviour when those are not as expected.
    """
    from weasyprint import HTML

    lean = _lean_user_agent_sheet()

    class ReportHTML(HTML):
        def __init__(self, *, string: str, tree: Any = None, **kwargs: Any) -> None:
            if tree is not None:
                # WeasyPrint sets up everything but the tree from a stub document.
                super().__init__(string="<html><head></head><body></body></html>", **kwargs)
                if self._adopt(tree):
                    return
            super().__init__(string=string, **kwargs)

        def _adopt(self, tree: Any) -> bool:
            if not (hasattr(self, "wrapper_element") and hasattr(self, "etree_element")):
                return False
            try:
                from cssselect2 import ElementWrapper

                wrapper = ElementWrapper.from_html_root(tree, content_language=None)
            except Exception:  # cssselect2 changed: parse the usual way
                return False
            self.wrapper_element = wrapper
            self.etree_element = wrapper.etree_element
            return True

        def _ua_stylesheets(self, *args: Any, **kwargs: Any) -> list[Any]:
            sheets = super()._ua_stylesheets(*args, **kwargs)
            if lean is None:
                return sheets
            sheet, stock = lean
            return [sheet if s is stock else s for s in sheets]

    return ReportHTML


@lru_cache(maxsize=1)
def _finnish_hyphenation() -> None:
    """Pyphen (WeasyPrint's hyphenation) has no Finnish patterns: without
    these, ``hyphens: auto`` leaves Finnish words to break anywhere, with no
    hyphen. Ours are the two rules of Finnish syllables (see the file)."""
    try:
        import pyphen
    except ImportError:
        return
    pyphen.LANGUAGES.setdefault("fi", ASSETS / "hyph_fi.dic")
    pyphen.LANGUAGES_LOWERCASE.setdefault("fi", "fi")


def html_to_pdf(html: str, stylesheets: list[str], *, fetcher: Any = None,
                pdf_variant: str | None = None, own_markup: bool = False,
                pdf_tags: bool = False) -> bytes:
    """WeasyPrint with our fetcher on every object and attachments switched off.

    ``own_markup``: the HTML comes from our report template, so it may be
    parsed as XML (see ``parse_own_markup``).
    """
    from weasyprint import CSS

    _finnish_hyphenation()
    fetcher = fetcher or url_fetcher()
    with _cyclic_gc_paused():
        css = [CSS(string=text, base_url=ASSETS_URL, url_fetcher=fetcher)
               for text in stylesheets]
        tree = parse_own_markup(html) if own_markup else None
        document = _html_class()(string=html, tree=tree, base_url=ASSETS_URL,
                                 url_fetcher=fetcher).render(stylesheets=css)
        # Tagged (a structure tree, figures with alt text) unless a variant
        # that sets its own tagging is asked for.
        pdf = document.write_pdf(pdf_variant=pdf_variant, pdf_tags=pdf_tags, attachments=[],
                                 attachment_relationships=[], custom_metadata=False)
        del document  # its cycles are swept as the pause ends
    return pdf


def render_pdf(snapshot: Any, options: Any) -> bytes:
    paper = (options.paper or "a4").lower()
    if paper not in PAPER:
        raise InvalidInput(f"paper '{options.paper}': use a4 or letter")
    variant = options.pdf_variant.lower() if options.pdf_variant else None
    if variant is not None:
        from weasyprint.pdf import VARIANTS

        known = sorted(v for v in VARIANTS if v.startswith(("pdf/a-", "pdf/ua-")))
        if variant not in known:
            raise InvalidInput(f"PDF variant '{options.pdf_variant}' is not supported "
                               f"(variants: {', '.join(known)})")
    report = build_report(snapshot, strict=options.strict, full=options.full)
    html = render_report_html(report, "print", _evidence(snapshot, report))
    # Tests pass their own instance to inspect what was refused; nothing else is
    # accepted, so no caller can widen what a render may load.
    fetcher = options.extra.get("url_fetcher")
    if not isinstance(fetcher, _fetcher_class()):
        fetcher = url_fetcher()
    return html_to_pdf(html, [*map(_asset, _sheets(report)), print_css(report, paper)],
                       fetcher=fetcher, pdf_variant=variant, own_markup=True, pdf_tags=True)
