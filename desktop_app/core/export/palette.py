"""Highlight colours in and out of PDFs: the palette's RGB, and the nearest palette colour.

Out, a highlight's ``/C`` is the colour Sourcebook's page view multiplies the
page by (:func:`desktop_app.core.pdf.paint.tint`): on white paper the same
light colour as in the app, while print stays black.

Other programs colour highlights freely (Acrobat's yellow is ``1 0.82 0``,
Zotero's red ``#ff6666``); a Sourcebook highlight has one of six colours.
An incoming colour becomes the palette colour nearest to it as the eye sees
hue: distance in OKLab (Ottosson 2020, which unlike CIELAB keeps a pure blue
blue rather than purple), with lightness counted half, since a pale and a
deep marker of one hue are the same highlighter. A grey (no hue to match)
becomes yellow, the colour a viewer draws a highlight in when it names none.
"""

from __future__ import annotations

import math

from desktop_app.core.pdf.paint import tint
from desktop_app.core.types import COLORS, HIGHLIGHT_RGB

DEFAULT_COLOR = "yellow"
"""The colour of an incoming highlight that names none (as viewers draw it)."""

GREY_CHROMA = 0.03
"""Below this OKLab chroma a colour is grey: it has no hue to match."""

LIGHTNESS_WEIGHT = 0.5


def rgb_of(color: str | None) -> tuple[int, int, int]:
    """The RGB (0-255) a palette colour is written with in a PDF's ``/C``: its tint."""
    return tint(color if color in HIGHLIGHT_RGB else DEFAULT_COLOR)


def _linear(channel: float) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def oklab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB (0-255) as OKLab ``(L, a, b)``."""
    r, g, b = (_linear(c) for c in rgb)
    lms = (
        0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
        0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
        0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b,
    )
    l_, m_, s_ = (math.copysign(abs(v) ** (1 / 3), v) for v in lms)
    return (
        0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
        1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
        0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
    )


def _weighted(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    return (LIGHTNESS_WEIGHT * lab[0], lab[1], lab[2])


# Each colour is matched by its full colour and by its tint (a light marker, or our own /C).
_REFERENCES = [(name, _weighted(oklab(HIGHLIGHT_RGB[name]))) for name in COLORS] + [
    (name, _weighted(oklab(tint(name)))) for name in COLORS
]


def nearest_color(rgb: tuple[int, int, int] | None) -> str:
    """The palette colour nearest ``rgb`` (0-255 each); yellow when there is none or it is grey."""
    if rgb is None:
        return DEFAULT_COLOR
    lab = oklab(tuple(max(0, min(255, int(c))) for c in rgb))  # type: ignore[arg-type]
    if math.hypot(lab[1], lab[2]) < GREY_CHROMA:
        return DEFAULT_COLOR
    point = _weighted(lab)
    return min(_REFERENCES, key=lambda ref: math.dist(point, ref[1]))[0]
