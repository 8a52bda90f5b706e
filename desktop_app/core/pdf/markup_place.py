"""Quads that hold exactly the highlighted characters.

The page map's rule for what a shape holds (``DocumentGeometry.spans_inside``,
and any viewer's) is: every character whose box centre lies inside it. A
highlight's rectangles are its line segments at the font's full height, and
on a line of large type (a form's "Income Tax Return", a heading) that
height reaches into the small print just above or below, whose centres then
lie inside too: read back, the highlight would take that print with it.

:func:`holding_exactly` narrows each rectangle across its line, just enough
that no other character's centre lies inside while every highlighted one's
still does (the edge goes just past the other character's centre, so the
highlight keeps as much of its height as it can); the same along the line,
for a neighbour whose loose box reaches over (a wide space). Where another character sits among the
highlighted ones (a symbol drawn over the line) nothing can part them, and
the rectangle keeps that side.
"""

from __future__ import annotations

import numpy as np

from desktop_app.core.pdf.layout import PageLayout
from desktop_app.core.pdf.pagemap import Box


def holding_exactly(layout: PageLayout, boxes: list[Box], start: int, end: int) -> list[Box]:
    """``boxes`` (one page's rectangles of the span ``[start, end)``), each narrowed across
    its line so that the characters whose centres it holds are the span's own."""
    if not len(layout.offsets):
        return boxes
    cx = (layout.boxes[:, 0] + layout.boxes[:, 2]) / 2
    cy = (layout.boxes[:, 1] + layout.boxes[:, 3]) / 2
    own = (layout.offsets >= start) & (layout.offsets < end)
    return [_narrowed(layout, box, cx, cy, own) for box in boxes]


def _narrowed(layout: PageLayout, box: Box, cx: np.ndarray, cy: np.ndarray, own: np.ndarray) -> Box:
    x0, y0, x1, y1 = box
    inside = (cx >= x0) & (cx <= x1) & (cy >= y0) & (cy <= y1)
    mine, others = inside & own, inside & ~own
    if not mine.any() or not others.any():
        return box
    # Across the line: y for a line running along x, x for one running down the page.
    vertical = bool(layout.vertical[layout.segment_of[np.flatnonzero(mine)[0]]])
    across, along = (cx, cy) if vertical else (cy, cx)
    across_low, across_high = (x0, x1) if vertical else (y0, y1)
    along_low, along_high = (y0, y1) if vertical else (x0, x1)
    across_first, across_last = float(across[mine].min()), float(across[mine].max())
    along_first, along_last = float(along[mine].min()), float(along[mine].max())
    for across_at, along_at in zip(across[others], along[others], strict=True):
        if across_at < across_first:  # on a line before
            across_low = max(across_low, _past(float(across_at), across_first))
        elif across_at > across_last:
            across_high = min(across_high, _past(float(across_at), across_last))
        elif along_at < along_first:  # on the line, just before the span
            along_low = max(along_low, _past(float(along_at), along_first))
        elif along_at > along_last:
            along_high = min(along_high, _past(float(along_at), along_last))
    if vertical:
        return (across_low, along_low, across_high, along_high)
    return (along_low, across_low, along_high, across_high)


MARGIN = 0.5
"""Points kept between a narrowed edge and the other character's centre (rounding in files)."""


def _past(other: float, own: float) -> float:
    """An edge just past ``other``'s centre towards ``own``'s: the span keeps all it can."""
    gap = own - other
    step = min(abs(gap) / 2, max(MARGIN, abs(gap) / 10))
    return other + step if gap > 0 else other - step
