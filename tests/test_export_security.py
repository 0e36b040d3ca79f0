"""Workshop text is hostile: it must print as text, fetch nothing and embed nothing."""

from __future__ import annotations

import io
import re
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader
from test_export_data import build, new_service

from sprintkit.export import ExportOptions, render
from sprintkit.export.html import html_to_pdf, url_fetcher


class _Canary(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Canary.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def canary():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Canary.hits.clear()
    yield server.server_address[1], _Canary.hits
    server.shutdown()
    server.server_close()


def hostile(port: int) -> list[str]:
    base = f"http://127.0.0.1:{port}"
    return [
        f"<img src={base}/img>",
        f'<link rel="stylesheet" href="{base}/css">',
        f"<style>body {{ background: url({base}/bg) }}</style>",
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        f'<div style="background-image: url({base}/inline)">styled</div>',
        f"<svg><image href='{base}/svg'/></svg>",
        f"<iframe src='{base}/frame'></iframe><script>alert(1)</script>",
        f"@import url({base}/import); {{{{ 7*7 }}}}",
    ]


@pytest.fixture(scope="module")
def hostile_workshop(canary):
    port, _hits = canary
    service = new_service()
    texts = hostile(port)
    wid = build(service, "en", initiatives=3, notes=6, extra_notes=tuple(texts),
                name=f"<b>Sprint</b> <img src=http://127.0.0.1:{port}/name>")
    ws = service.workshop(wid)
    service.update_workshop(wid, organisation=f"<link href=http://127.0.0.1:{port}/org>",
                            facilitator="<script>x()</script>")
    service.add_participant(wid, f"<img src=http://127.0.0.1:{port}/p>", "<i>role</i>")
    item = service.create_initiative(wid, f"<img src=http://127.0.0.1:{port}/title>",
                                     description=texts[2])
    phase = service.playbook(wid).phases[0].id
    service.set_roadmap(wid, item.id, phase=phase, owner=texts[3][:120],
                        metric=f"url({'http'}://127.0.0.1:{port}/metric)",
                        target="=HYPERLINK(\"http://x\")",
                        contributors=[f"<img src=http://127.0.0.1:{port}/c>"])
    return service, ws.id, texts


@pytest.fixture(scope="module")
def hostile_pdf(hostile_workshop):
    service, wid, _texts = hostile_workshop
    fetcher = url_fetcher()
    data = render(service.snapshot(wid), "pdf", ExportOptions(extra={"url_fetcher": fetcher}))
    return data, fetcher


def _flat(text: str) -> str:
    return "".join(text.split())


def test_hostile_text_prints_literally_in_the_pdf(hostile_workshop, hostile_pdf, canary):
    data, _fetcher = hostile_pdf
    reader = PdfReader(io.BytesIO(data))
    text = _flat("\n".join(p.extract_text() for p in reader.pages))
    _service, _wid, texts = hostile_workshop
    for probe in texts:
        assert _flat(probe) in text, probe
    assert _flat("<a rel=\"attachment\" href=\"file:///etc/passwd\">") in text


def test_nothing_is_fetched(hostile_pdf, canary):
    _data, fetcher = hostile_pdf
    _port, hits = canary
    assert hits == []
    assert fetcher.refused == []  # escaped text never even asks


def _embedded_anything(reader: PdfReader) -> list[str]:
    found = []
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("EmbeddedFiles")
    if "/AF" in root:
        found.append("AF")
    if reader.attachments:
        found.append("attachments")
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") in ("/FileAttachment", "/Link"):
                found.append(str(annot.get("/Subtype")))
    return found


def test_no_file_is_embedded_and_no_link_is_made(hostile_pdf):
    data, _fetcher = hostile_pdf
    assert _embedded_anything(PdfReader(io.BytesIO(data))) == []


def test_fetcher_refuses_even_raw_markup(canary, tmp_path):
    """Defence in depth: unescaped markup still cannot fetch or attach anything."""
    port, hits = canary
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    html = (f"<html><head><link rel='stylesheet' href='http://127.0.0.1:{port}/l.css'>"
            f"<link rel='attachment' href='{secret.as_uri()}'></head><body>"
            f"<img src='http://127.0.0.1:{port}/i.png'>"
            f"<a rel='attachment' href='{secret.as_uri()}'>file</a>"
            f"<img src='{secret.as_uri()}'>"
            "<img src='data:image/svg+xml,<svg xmlns=\"http://www.w3.org/2000/svg\"/>'>"
            "<p>body</p></body></html>")
    css = f"@import url(http://127.0.0.1:{port}/i.css); body {{ background: " \
          f"url(http://127.0.0.1:{port}/bg.png) }}"
    fetcher = url_fetcher()
    data = html_to_pdf(html, [css], fetcher=fetcher)
    assert hits == []
    assert any("127.0.0.1" in url for url in fetcher.refused)
    assert any(url.startswith("file:") for url in fetcher.refused)
    reader = PdfReader(io.BytesIO(data))
    assert [x for x in _embedded_anything(reader) if x != "/Link"] == []
    assert b"top secret" not in data


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
                self.urls.append(value or "")
            if value and "url(" in value:
                self.urls.append(value)


def test_html_is_self_contained_and_escaped(hostile_workshop, canary):
    service, wid, texts = hostile_workshop
    html = render(service.snapshot(wid), "html").decode("utf-8")
    parser = _Attributes()
    parser.feed(html)
    assert parser.urls == []
    for tag in ("img", "link", "script", "iframe", "a", "image", "object", "embed"):
        assert tag not in parser.tags, tag
    assert parser.tags.count("style") == 1  # our own inline stylesheet only
    assert "&lt;img src=http://127.0.0.1:" in html
    assert "url(" not in html.split("</style>", 1)[1].replace("url(http://127.0.0.1", "")
    assert "{{" in html and "49" not in html.split("7*7")[1][:20]  # no template injection


def test_markdown_and_csv_keep_hostile_text_inert(hostile_workshop):
    service, wid, _texts = hostile_workshop
    snap = service.snapshot(wid)
    md = render(snap, "md").decode("utf-8")
    assert not re.search(r"(?<!\\)<", md)  # every < is escaped
    assert "\\<img src=http://127.0.0.1:" in md
    csv_text = render(snap, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text


def test_control_characters_in_notes_leave_the_pdf_text_readable():
    service = new_service()
    note = "Terminal\x1b[31m colours and a bell\x07 pasted into a note\x0b end"
    wid = build(service, notes=4, extra_notes=(note,))
    html = render(service.snapshot(wid), "html").decode()
    assert "colours and a bell pasted into a note end" in html
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)
    pdf = render(service.snapshot(wid), "pdf", ExportOptions())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Terminal[31m colours and a bell pasted into a note end" in " ".join(text.split())
