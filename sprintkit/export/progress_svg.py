"""The progress report's chart: one item's readings against its baseline and target.

Drawn like the roadmap report's charts (``sprintkit.export.svg``): inline SVG,
every text through ``escape``, labels measured to fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from markupsafe import Markup, escape

from sprintkit import i18n, progress
from sprintkit.export.labels import fill
from sprintkit.export.svg import FONT, INK, MUTED, RULE, _text, text_width, wrap

WIDTH, HEIGHT = 350, 150
LEFT, RIGHT, TOP, BOTTOM = 8, 130, 12, 26
TARGET = "#2e6b57"
LINE = "#1f3a5f"
SIZE = 12.5  # about 10 pt at the width the report prints a chart


def _short_date(day: str, language: str) -> str:
    from babel.dates import format_date

    return format_date(date.fromisoformat(day), "medium", locale=i18n.babel_locale(language))


def reading_chart(entry: progress.ItemFollowUp, t: Mapping[str, str],
                  language: str) -> Markup | None:
    """The chart of a numeric item, None for one measured in words."""
    item = entry.initiative
    if not progress.is_numeric(item):
        return None
    assert item.baseline is not None and item.target_value is not None
    unit = f"\u00a0{item.unit}" if item.unit else ""
    points = [(r.on_date, r.value) for r in entry.readings if r.value is not None]
    values = [item.baseline, item.target_value, *(v for _, v in points)]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or 1.0
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    days = sorted({date.fromisoformat(d).toordinal() for d, _ in points})
    span = (days[-1] - days[0]) if len(days) > 1 else 0

    def x(day: str) -> float:
        if not span:
            return LEFT + plot_w / 2
        return LEFT + (date.fromisoformat(day).toordinal() - days[0]) / span * plot_w

    parts = [f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
             f'stroke="{RULE}"/>']
    # The two lines are named beside the plot, kept a line apart when close.
    base_y, goal_y = y(item.baseline), y(item.target_value)
    gap = SIZE + 1
    if abs(base_y - goal_y) < gap:
        middle = (base_y + goal_y) / 2
        lower = base_y > goal_y
        base_y, goal_y = (middle + gap / 2, middle - gap / 2) if lower else \
            (middle - gap / 2, middle + gap / 2)
    for value, label_y, colour, key, dash in (
            (item.baseline, base_y, MUTED, "progress.baseline", "4 3"),
            (item.target_value, goal_y, TARGET, "progress.target", "")):
        level = y(value)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{LEFT}" y1="{level:.1f}" x2="{LEFT + plot_w}" '
                     f'y2="{level:.1f}" stroke="{colour}" stroke-width="1.4"{dashes}/>')
        label = fill(t[key], value=i18n.format_number(value, language) + unit)
        label = wrap(label, SIZE, RIGHT - 6, 1)[0]
        parts.append(_text(LEFT + plot_w + 5, label_y + SIZE * 0.35, label, size=SIZE,
                           fill=colour))
    if points:
        line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{LINE}" '
                     f'stroke-width="2"/>')
        for d, v in points:
            parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" fill="{LINE}"/>')
        last_day, last = points[-1]
        label = i18n.format_number(last, language) + unit
        lx = x(last_day)
        anchor = "end" if lx + text_width(label, SIZE, True) + 6 > LEFT + plot_w else "start"
        above = y(last) - 6 if y(last) - 6 - SIZE > TOP else y(last) + SIZE + 4
        parts.append(_text(lx + (-4 if anchor == "end" else 6), above, label, size=SIZE,
                           fill=INK, weight="bold", anchor=anchor))
        first_day = points[0][0]
        parts.append(_text(LEFT, HEIGHT - 8, _short_date(first_day, language), size=SIZE,
                           fill=MUTED))
        if last_day != first_day:
            parts.append(_text(LEFT + plot_w, HEIGHT - 8, _short_date(last_day, language),
                               size=SIZE, fill=MUTED, anchor="end"))
    else:
        parts.append(_text(LEFT + plot_w / 2, TOP + plot_h / 2 + 4, t["progress.no_readings"],
                           size=SIZE, fill=MUTED, anchor="middle"))
    # The <title> is the chart's alternative text (in a tagged PDF too): the
    # readings themselves, for whoever cannot see the line.
    named = {"title": item.title, "baseline": i18n.format_number(item.baseline, language) + unit,
             "target": i18n.format_number(item.target_value, language) + unit}
    if points:
        alt = fill(t["progress.alt_chart"], readings=", ".join(
            f"{i18n.format_number(v, language)}{unit} ({_short_date(d, language)})"
            for d, v in points), **named)
    else:
        alt = fill(t["progress.alt_chart_empty"], **named)
    return Markup(
        f'<svg class="chart reading-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'font-family="{FONT}"><title>{escape(alt)}</title>{"".join(parts)}</svg>')
