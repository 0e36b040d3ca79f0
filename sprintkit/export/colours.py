"""Colour contrast as WCAG 2 defines it, for the report's own palette."""

from __future__ import annotations


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    code = colour.lstrip("#")
    if len(code) == 3:
        code = "".join(ch * 2 for ch in code)
    r, g, b = (int(code[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(fore: str, back: str) -> float:
    """The contrast ratio of two colours, 1 to 21; 4.5 is the floor for text."""
    a, b = sorted((luminance(fore), luminance(back)), reverse=True)
    return (a + 0.05) / (b + 0.05)
