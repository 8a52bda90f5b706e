"""Which characters a PDF annotation's quads hold.

The page map's rule (``DocumentGeometry.spans_inside``) takes every
character whose box centre lies inside a shape. A highlight's quad is the
height of its line, and on a line of large type (a form's "Income Tax
Return", a heading) that height reaches into the small print just above or
below, whose centres then lie inside too. So a character counts here only
when, besides its centre lying inside the quad, its box spans at least
:data:`MIN_ACROSS` of the quad's height (its extent across the line): the
quad's own line does, a sliver of the neighbouring line does not, and a
superscript (about 60 % of its line) still does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from desktop_app.core.pdf.layout import PageLayout
from desktop_app.core.pdf.markup_types import Polygon

MIN_ACROSS = 0.45
"""Share of a quad's extent across its line that a character's box must span."""

Span = tuple[int, int]


def offsets_under(layout: PageLayout, polygons: Sequence[Polygon]) -> list[int]:
    """Canonical offsets of the characters the quads hold, ascending."""
    if not len(layout.offsets):
        return []
    found: set[int] = set()
    for polygon in polygons:
        inside = layout.inside([polygon])
        if not inside:
            continue
        xs = [p[0] for p in polygon]
        ys = [p[1] for p in polygon]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        # Across the line is the quad's short side (a line segment is longer than high).
        low, high, axis = (min(ys), max(ys), 1) if width >= height else (min(xs), max(xs), 0)
        extent = high - low
        rows = np.searchsorted(layout.offsets, inside)
        boxes = layout.boxes[rows]
        overlap = np.minimum(boxes[:, axis + 2], high) - np.maximum(boxes[:, axis], low)
        keep = overlap >= MIN_ACROSS * extent
        found.update(int(o) for o, k in zip(inside, keep, strict=True) if k)
    return sorted(found)


def spans_under(layout: PageLayout, text: str, polygons: Sequence[Polygon]) -> list[Span]:
    """The characters the quads hold as canonical spans, joined across white space."""
    spans: list[Span] = []
    for offset in offsets_under(layout, polygons):
        if spans and not text[spans[-1][1] : offset].strip():
            spans[-1] = (spans[-1][0], offset + 1)
        else:
            spans.append((offset, offset + 1))
    return spans
