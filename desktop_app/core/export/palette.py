"""Highlight colours in and out of PDFs: the palette's RGB, and the nearest palette colour.

Other programs colour highlights freely (Acrobat's yellow is ``1 0.82 0``,
Zotero's red ``#ff6666``); a Sourcebook highlight has one of six colours.
An incoming colour becomes the palette colour nearest to it as the eye
sees it: distance in CIELAB (ΔE 1976), which matches hues better than
distance in RGB does. A grey (no hue to match) becomes yellow, the colour a
viewer draws a highlight in when it names none.
"""

from __future__ import annotations

import math

from desktop_app.core.types import COLORS, HIGHLIGHT_RGB

DEFAULT_COLOR = "yellow"
"""The colour of an incoming highlight that names none (as viewers draw it)."""


def rgb_of(color: str | None) -> tuple[int, int, int]:
    """The RGB (0-255) a palette colour is written with in a PDF's ``/C``."""
    return HIGHLIGHT_RGB.get(color or DEFAULT_COLOR, HIGHLIGHT_RGB[DEFAULT_COLOR])


def _linear(channel: float) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB (D65) to CIELAB."""
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


_PALETTE_LAB = {name: _lab(HIGHLIGHT_RGB[name]) for name in COLORS}

GREY_CHROMA = 12.0
"""Below this CIELAB chroma a colour is grey: it has no hue to match."""


def nearest_color(rgb: tuple[int, int, int] | None) -> str:
    """The palette colour nearest ``rgb`` (0-255 each); yellow when there is none."""
    if rgb is None:
        return DEFAULT_COLOR
    lab = _lab(tuple(max(0, min(255, int(c))) for c in rgb))  # type: ignore[arg-type]
    if math.hypot(lab[1], lab[2]) < GREY_CHROMA:
        return DEFAULT_COLOR
    return min(COLORS, key=lambda name: math.dist(lab, _PALETTE_LAB[name]))
