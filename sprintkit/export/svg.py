"""Inline SVG charts for the reports: the roadmap timeline and the impact/effort matrix.

SVG has no automatic line wrapping, so titles are wrapped here with a rough
estimate of glyph widths. Every piece of user text goes through ``escape``.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from sprintkit.export.report import PhaseView, Report

FONT = "DejaVu Sans, Liberation Sans, sans-serif"
INK = "#1d2a38"
MUTED = "#5f6b76"
RULE = "#d5dbe1"
WARN = "#a8561c"
PHASE_COLOURS = ("#1f3a5f", "#2f5d80", "#4a7fa3", "#6f9dbd", "#8fb2c9", "#a9c3d4")
QUADRANT_FILL = {"quick-win": "#e6f0ec", "big-bet": "#e7edf4",
                 "fill-in": "#f3f4f5", "money-pit": "#f7ece4"}
QUADRANT_INK = {"quick-win": "#2e6b57", "big-bet": "#1f3a5f",
                "fill-in": "#5f6b76", "money-pit": "#a8561c"}

WIDTH = 680


def phase_colour(index: int) -> str:
    return PHASE_COLOURS[min(index, len(PHASE_COLOURS) - 1)]


def _char_width(ch: str) -> float:
    if ch in "ilI.,:;'!|()[]jft ":
        return 0.32
    if unicodedata.east_asian_width(ch) in "WF" or ord(ch) > 0x2FFF:
        return 1.05
    if ch.isupper() or ch in "mwMW@%":
        return 0.74
    return 0.58


@lru_cache(maxsize=2)
def _font(bold: bool) -> Any:
    """DejaVu Sans metrics through Pillow (a WeasyPrint dependency), if it is there."""
    try:
        from PIL import ImageFont

        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", 100)
    except Exception:  # no Pillow or no DejaVu: fall back to an estimate
        return None


def text_width(text: str, size: float, bold: bool = False) -> float:
    font = _font(bold)
    if font is not None and text.isascii():
        return font.getlength(text) * size / 100
    return sum(_char_width(c) for c in text) * size * (1.1 if bold else 1.0)


def wrap(text: str, size: float, width: float, max_lines: int,
         bold: bool = False) -> list[str]:
    """Greedy word wrap by measured width; the last line ends in … when cut."""
    def fits(value: str) -> bool:
        return text_width(value, size, bold) <= width

    words = " ".join(text.split()).split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        while not fits(word):  # a very long word: hard-split it
            take = 1
            while take < len(word) and fits(word[: take + 1]):
                take += 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:take])
            word = word[take:]
            if len(lines) > max_lines:
                break
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
        else:
            lines.append(line)
            line = word
        if len(lines) > max_lines:
            break
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines or [""]


def _text(x: float, y: float, content: str, *, size: float, fill: str = INK,
          weight: str = "normal", anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
            f'font-weight="{weight}" text-anchor="{anchor}">{escape(content)}</text>')


# ----------------------------------------------------------------- roadmap
#
# WeasyPrint draws SVG text glyph by glyph: no bidi, no shaping (Arabic and
# Hebrew would come out wrong) and slow for hundreds of labels. So the
# timeline's drawing (chevrons with the playbook's phase names) is SVG, and
# the initiative cards under it are HTML cells, which wrap, break across
# pages and repeat the SVG header on every page.


def phase_headers(report: Report) -> list[Markup]:
    """One chevron per roadmap phase, each sized for its column of the timeline."""
    phases = report.phases
    if not phases:
        return []
    width = (WIDTH - 10 * (len(phases) - 1)) / len(phases)
    return [_phase_header(phase, width, 50, report) for phase in phases]


def _phase_header(phase: PhaseView, width: float, height: float, report: Report) -> Markup:
    tip = 9
    colour = phase_colour(phase.index)
    points = (f"0,0 {width - tip:.1f},0 {width:.1f},{height / 2:.1f} "
              f"{width - tip:.1f},{height:.1f} 0,{height:.1f}")
    if phase.index > 0:
        points += f" {tip:.1f},{height / 2:.1f}"
    title = wrap(phase.title, 10.5, width - 2 * tip - 8, 1, bold=True)[0]
    left = tip + 6 if phase.index > 0 else 8
    horizon = f"{phase.horizon} · {report.fmt('initiative_count', count=len(phase.items))}"
    body = "".join([
        f'<polygon points="{points}" fill="{colour}"/>',
        _text(left, 21, title, size=10.5, fill="#ffffff", weight="bold"),
        _text(left, 37, wrap(horizon, 8.4, width - 2 * tip - 8, 1)[0], size=8.4,
              fill="#e4ebf2"),
    ])
    return _svg(width, height, body, "phase-chevron")


def _svg(width: float, height: float, body: str, role: str) -> Markup:
    return Markup(
        f'<svg class="chart {role}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'font-family="{FONT}">{body}</svg>')


# ------------------------------------------------------------------ matrix


def matrix_svg(report: Report) -> Markup | None:
    items = report.scored
    if not items:
        return None
    t = report.t
    size = 420
    left, top = 46, 10
    plot = size - left - 10

    def px(effort: float) -> float:
        return left + (effort - 1) / 4 * plot

    def py(impact: float) -> float:
        return top + (5 - impact) / 4 * plot

    mid_x, mid_y = px(3), py(3)
    parts = []
    quads = {"quick-win": (left, top, mid_x - left, mid_y - top),
             "big-bet": (mid_x, top, left + plot - mid_x, mid_y - top),
             "fill-in": (left, mid_y, mid_x - left, top + plot - mid_y),
             "money-pit": (mid_x, mid_y, left + plot - mid_x, top + plot - mid_y)}
    for name, (x, y, w, h) in quads.items():
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                     f'fill="{QUADRANT_FILL[name]}"/>')
        anchor_x = x + 6 if name in ("quick-win", "fill-in") else x + w - 6
        anchor = "start" if name in ("quick-win", "fill-in") else "end"
        label_y = y + 14 if name in ("quick-win", "big-bet") else y + h - 7
        parts.append(_text(anchor_x, label_y, t[name].upper(), size=7.4,
                           fill=QUADRANT_INK[name], weight="bold", anchor=anchor))
    for value in range(1, 6):
        parts.append(_text(px(value), top + plot + 14, str(value), size=8.5, fill=MUTED,
                           anchor="middle"))
        parts.append(_text(left - 7, py(value) + 3, str(value), size=8.5, fill=MUTED,
                           anchor="end"))
    parts.append(f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="none" '
                 f'stroke="{RULE}"/>')
    parts.append(f'<line x1="{mid_x:.1f}" y1="{top}" x2="{mid_x:.1f}" y2="{top + plot}" '
                 f'stroke="#b7c1cb" stroke-dasharray="3 3"/>')
    parts.append(f'<line x1="{left}" y1="{mid_y:.1f}" x2="{left + plot}" y2="{mid_y:.1f}" '
                 f'stroke="#b7c1cb" stroke-dasharray="3 3"/>')
    parts.append(_text(left + plot / 2, top + plot + 30, f"{t['effort']} →", size=9,
                       fill=INK, weight="bold", anchor="middle"))
    parts.append(f'<text x="12" y="{top + plot / 2:.1f}" font-size="9" fill="{INK}" '
                 f'font-weight="bold" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + plot / 2:.1f})">'
                 f'{escape(t["impact"])} →</text>')
    radius = 8 if len(items) <= 40 else 6
    font = 7 if len(items) <= 40 else 5.4
    # Items with (nearly) the same scores are fanned out around their point.
    slots: dict[tuple[float, float], int] = {}
    for item in items:
        assert item.score is not None
        key = (round(item.score.effort * 4) / 4, round(item.score.impact * 4) / 4)
        n = slots.get(key, 0)
        slots[key] = n + 1
        x, y = px(item.score.effort), py(item.score.impact)
        if n:
            ring = 1 + (n - 1) // 6
            angle = (n - 1) % 6 * 60 + ring * 30
            x += math.cos(math.radians(angle)) * radius * 2.1 * ring
            y += math.sin(math.radians(angle)) * radius * 2.1 * ring
        x = min(max(x, left + radius), left + plot - radius)
        y = min(max(y, top + radius), top + plot - radius)
        colour = QUADRANT_INK[item.score.quadrant]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}" '
                     f'stroke="#ffffff" stroke-width="1"/>')
        parts.append(_text(x, y + font * 0.36, str(item.number), size=font, fill="#ffffff",
                           weight="bold", anchor="middle"))
    return _svg(size, top + plot + 36, "".join(parts), "matrix")
