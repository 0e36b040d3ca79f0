"""Registers the report formats; imported by ``sprintkit.export`` on first use."""

from __future__ import annotations

from sprintkit.export import register
from sprintkit.export.html import render_html, render_pdf
from sprintkit.export.text import render_csv, render_markdown

register("pdf", ".pdf", render_pdf)
register("html", ".html", render_html)
register("md", ".md", render_markdown)
register("csv", ".csv", render_csv)
