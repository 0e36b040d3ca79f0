"""Inline SVG charts for the reports: the impact/effort matrix.

SVG has no automatic line wrapping, so titles are wrapped here with a rough
estimate of glyph widths. Every piece of user text goes through ``escape``.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from sprintkit.export.labels import fill
from sprintkit.export.report import Report

FONT = "DejaVu Sans, Liberation Sans, sans-serif"
INK = "#1d2a38"
MUTED = "#5f6b76"
RULE = "#d5dbe1"
WARN = "#9a4d15"
# Dark enough for white text on each (at least 4.5:1), and apart in hue; the
# phase letter tells them apart where colour does not (greyscale, colour blindness).
PHASE_COLOURS = ("#1f3a5f", "#2e6b57", "#8a4b0f", "#5b3f8c", "#6b5a16", "#4e5a66")
QUADRANT_FILL = {"quick-win": "#e6f0ec", "big-bet": "#e7edf4",
                 "fill-in": "#f3f4f5", "money-pit": "#f7ece4", "middle": "#ffffff"}
QUADRANT_INK = {"quick-win": "#2e6b57", "big-bet": "#1f3a5f",
                "fill-in": "#4e5a66", "money-pit": "#9a4d15", "middle": "#4e5a66"}



def phase_colour(index: int) -> str:
    return PHASE_COLOURS[index % len(PHASE_COLOURS)]


def phase_letter(index: int) -> str:
    return chr(ord("A") + index % 26)


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


def _svg(width: float, height: float, body: str, role: str, alt: str) -> Markup:
    # The <title> is the figure's alternative text in a tagged PDF.
    return Markup(
        f'<svg class="chart {role}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'font-family="{FONT}"><title>{escape(alt)}</title>{body}</svg>')


# ------------------------------------------------------------------ matrix


def matrix_svg(report: Report) -> Markup | None:
    """Impact over effort: one marker per scored initiative.

    The marker's letter and colour give its phase (a ring without a letter: not
    on the roadmap), its size the dots it got. The middle band (2.5-3.5 on
    either axis) is shaded and unnamed. Markers are pushed apart until none
    overlap, and always stay inside the frame.
    """
    items = report.scored
    if not items:
        return None
    t = report.t
    size = 460
    left, top = 46, 10
    plot = size - left - 10

    # Half a point of room beyond 1 and 5: markers at the ends stay clear of
    # the frame and of the quadrant names in its corners.
    def px(effort: float) -> float:
        return left + (effort - 0.5) / 5 * plot

    def py(impact: float) -> float:
        return top + (5.5 - impact) / 5 * plot

    parts = [f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="#ffffff"/>']
    low, high = 2.5, 3.5
    quads = {"quick-win": (px(0.5), py(5.5), px(low), py(high)),
             "big-bet": (px(high), py(5.5), px(5.5), py(high)),
             "fill-in": (px(0.5), py(low), px(low), py(0.5)),
             "money-pit": (px(high), py(low), px(5.5), py(0.5))}
    for name, (x1, y1, x2, y2) in quads.items():
        parts.append(f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" '
                     f'height="{y2 - y1:.1f}" fill="{QUADRANT_FILL[name]}"/>')
        right = name in ("big-bet", "money-pit")
        label_y = y1 + 14 if name in ("quick-win", "big-bet") else y2 - 7
        parts.append(_text(x2 - 6 if right else x1 + 6, label_y, t[name].upper(), size=8,
                           fill=QUADRANT_INK[name], weight="bold",
                           anchor="end" if right else "start"))
    for value in range(1, 6):
        parts.append(_text(px(value), top + plot + 14, str(value), size=8.5, fill=MUTED,
                           anchor="middle"))
        parts.append(_text(left - 7, py(value) + 3, str(value), size=8.5, fill=MUTED,
                           anchor="end"))
    parts.append(f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="none" '
                 f'stroke="{RULE}"/>')
    parts.append(_text(left + plot / 2, top + plot + 30, f"{t['effort']} →", size=9,
                       fill=INK, weight="bold", anchor="middle"))
    parts.append(f'<text x="12" y="{top + plot / 2:.1f}" font-size="9" fill="{INK}" '
                 f'font-weight="bold" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + plot / 2:.1f})">'
                 f'{escape(t["impact"])} →</text>')
    phase_index = {p.id: p.index for p in report.phases}
    most = max((i.dots for i in items), default=0) or 1
    small = len(items) > 40
    base = 7 if small else 9
    font = 7.5
    # [x, y, radius, half width, item, label]: pills as wide as their label needs.
    marks: list[list[Any]] = []
    for item in items:
        assert item.score is not None
        grow = math.sqrt(item.dots / most) if report.votes_state == "shown" else 0
        radius = base + (4 if small else 6) * grow
        index = phase_index.get(item.phase_id) if item.phase_id else None
        label = f"{phase_letter(index)}{item.number}" if index is not None else str(item.number)
        half = max(radius, text_width(label, font, bold=True) / 2 + 3)
        marks.append([px(item.score.effort), py(item.score.impact), radius, half, item, label])
    _spread(marks, left, top, plot)
    for x, y, radius, half, item, label in marks:
        index = phase_index.get(item.phase_id) if item.phase_id else None
        width = 2 * half
        if index is not None:
            parts.append(f'<rect x="{x - width / 2:.1f}" y="{y - radius:.1f}" '
                         f'width="{width:.1f}" height="{2 * radius:.1f}" rx="{radius:.1f}" '
                         f'fill="{phase_colour(index)}" stroke="#ffffff" stroke-width="1"/>')
            ink = "#ffffff"
        else:
            parts.append(f'<rect x="{x - width / 2:.1f}" y="{y - radius:.1f}" '
                         f'width="{width:.1f}" height="{2 * radius:.1f}" rx="{radius:.1f}" '
                         f'fill="#ffffff" stroke="{INK}" stroke-width="1"/>')
            ink = INK
        parts.append(_text(x, y + font * 0.36, label, size=font, fill=ink, weight="bold",
                           anchor="middle"))
    alt = fill(t["alt_matrix"], total=len(items))
    return _svg(size, top + plot + 36, "".join(parts), "matrix", alt)


def _spread(marks: list[list[Any]], left: float, top: float, plot: float,
            tries: int = 1200) -> None:
    """Place markers one by one where they overlap none placed before.

    Markers are pills (half width, radius). The biggest (most-voted) goes
    first, at its own spot; each next one at its spot if that is free, else
    at the nearest free place on a spiral around it, always inside the frame.
    The spiral's step keeps a marker close to its true position.
    """
    def inside(x: float, y: float, mark: list[Any]) -> tuple[float, float]:
        return (min(max(x, left + mark[3] + 1), left + plot - mark[3] - 1),
                min(max(y, top + mark[2] + 1), top + plot - mark[2] - 1))

    def free(x: float, y: float, mark: list[Any], placed: list[list[Any]]) -> bool:
        return all(abs(x - o[0]) >= mark[3] + o[3] + 0.5 or
                   abs(y - o[1]) >= mark[2] + o[2] + 0.5 for o in placed)

    placed: list[list[Any]] = []
    for mark in sorted(marks, key=lambda m: -m[2]):
        x0, y0 = mark[0], mark[1]
        x, y = inside(x0, y0, mark)
        for step in range(tries):
            if free(x, y, mark, placed):
                break
            angle = step * 0.62
            reach = 1.5 + step * 0.35
            x, y = inside(x0 + math.cos(angle) * reach * 1.4, y0 + math.sin(angle) * reach, mark)
        mark[0], mark[1] = x, y
        placed.append(mark)
