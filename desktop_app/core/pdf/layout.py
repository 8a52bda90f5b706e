"""One page's characters with their boxes, grouped into line segments.

A :class:`PageLayout` holds, for each character of a page that maps to a
canonical offset and has a box: the offset, the box (page points, top-left
origin, the page as shown) and the line it belongs to (PDFium's lines, or
OCR's), in reading order; and the line segments those characters form.
Everything geometric in :mod:`desktop_app.core.pdf.geometry` is computed
over it. Columns are numpy arrays: a page of 3,000 characters is laid out
in well under a millisecond and takes about 100 kB.

A line runs along x, or along y when the page (or the text on it) is turned
a quarter: its first and last characters tell. Within a line, neighbours
stay in one segment while they overlap across the line (by at least half the
smaller box) and sit close along it (a gap of at most :data:`GAP_FACTOR`
line heights, about one em). A wider gap — a column gutter in a PDF whose
content runs row by row — starts a new segment, so no rectangle ever spans
two columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from desktop_app.core.pdf.pagemap import Box, MappedPage

GAP_FACTOR = 0.9
"""Widest gap between neighbours on one segment, in line heights (about 1 em)."""

MIN_OVERLAP = 0.5
"""How much two boxes must overlap across the line, as a share of the smaller one."""


class PageLayout:
    """The positioned characters of one page, in reading order.

    Attributes:
        page: The page in the page map.
        offsets: Canonical offset of each positioned character, ascending.
        boxes: Their boxes, one row ``x0, y0, x1, y1`` each.
        segment_of: For each character, the index of its line segment.
        first, last: Each segment's first and last character (layout positions).
        segment_boxes: Each segment's union box.
        vertical: Whether each segment runs down (or up) the page as shown.
        forward: Whether reading runs towards larger coordinates on it.
    """

    def __init__(
        self, page: MappedPage, offsets: np.ndarray, boxes: np.ndarray, lines: np.ndarray
    ) -> None:
        self.page = page
        self.offsets = offsets.astype(np.int32)
        self.boxes = boxes.astype(np.float32).reshape(-1, 4)
        count = len(self.offsets)
        if count == 0:
            self.segment_of = np.zeros(0, dtype=np.int32)
            self.first = self.last = np.zeros(0, dtype=np.int32)
            self.segment_boxes = np.zeros((0, 4))
            self.vertical = self.forward = np.zeros(0, dtype=bool)
            return
        x0, y0, x1, y1 = self.boxes.T
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        new_line = np.ones(count, dtype=bool)
        new_line[1:] = lines[1:] != lines[:-1]
        line_of = np.cumsum(new_line) - 1
        line_first = np.flatnonzero(new_line)
        line_last = np.append(line_first[1:] - 1, count - 1)
        line_vertical = np.abs(cy[line_last] - cy[line_first]) > np.abs(
            cx[line_last] - cx[line_first]
        )
        vertical = line_vertical[line_of]
        # Along the line (a) and across it (c), per character.
        a0, a1 = np.where(vertical, y0, x0), np.where(vertical, y1, x1)
        c0, c1 = np.where(vertical, x0, y0), np.where(vertical, x1, y1)
        overlap = np.minimum(c1[1:], c1[:-1]) - np.maximum(c0[1:], c0[:-1])
        thin = np.minimum(c1[1:] - c0[1:], c1[:-1] - c0[:-1])
        thick = np.maximum(c1[1:] - c0[1:], c1[:-1] - c0[:-1])
        gap = np.maximum(a0[1:] - a1[:-1], a0[:-1] - a1[1:])
        apart = (overlap < MIN_OVERLAP * thin) | (gap > GAP_FACTOR * thick)
        starts = new_line.copy()
        starts[1:] |= apart
        self.segment_of = (np.cumsum(starts) - 1).astype(np.int32)
        self.first = np.flatnonzero(starts).astype(np.int32)
        self.last = np.append(self.first[1:] - 1, count - 1).astype(np.int32)
        self.segment_boxes = np.stack(
            [
                np.minimum.reduceat(x0, self.first),
                np.minimum.reduceat(y0, self.first),
                np.maximum.reduceat(x1, self.first),
                np.maximum.reduceat(y1, self.first),
            ],
            axis=1,
        )
        self.vertical = vertical[self.first]
        centre = np.where(vertical, cy, cx)
        self.forward = centre[self.first] <= centre[self.last]

    @classmethod
    def from_arrays(
        cls,
        page: MappedPage,
        offsets: np.ndarray,
        boxes: np.ndarray,
        segment_of: np.ndarray,
        first: np.ndarray,
        last: np.ndarray,
        segment_boxes: np.ndarray,
        vertical: np.ndarray,
        forward: np.ndarray,
    ) -> PageLayout:
        """A layout from arrays computed before (kept in the layout cache)."""
        made = cls.__new__(cls)
        made.page = page
        made.offsets, made.boxes, made.segment_of = offsets, boxes, segment_of
        made.first, made.last, made.segment_boxes = first, last, segment_boxes
        made.vertical, made.forward = vertical, forward
        return made

    def __len__(self) -> int:
        return len(self.offsets)

    @property
    def nbytes(self) -> int:
        """Memory the layout's arrays take."""
        arrays = (self.offsets, self.boxes, self.segment_of, self.first, self.last)
        return sum(a.nbytes for a in arrays) + self.segment_boxes.nbytes + 2 * len(self.first)

    def position(self, offset: int) -> int:
        """The layout position of the first character at or after ``offset``."""
        return int(np.searchsorted(self.offsets, offset, side="left"))

    def rects(self, start: int, end: int) -> list[Box]:
        """One rectangle per line segment for the characters in ``[start, end)``.

        A segment covered in part gets the extent of its covered characters
        along the line and the whole segment's extent across it, so every
        rectangle on a line has the line's height.
        """
        lo, hi = self.offsets.searchsorted((start, end), side="left").tolist()
        if lo >= hi:
            return []
        first, last, boxes, _ = self._segment_rows
        s_lo, s_hi = int(self.segment_of[lo]), int(self.segment_of[hi - 1])
        # Whole segments as they are; only the two ends may be covered in part.
        rects = boxes[s_lo : s_hi + 1]
        if lo != first[s_lo]:
            rects[0] = self._part(s_lo, lo, min(last[s_lo], hi - 1))
        if hi - 1 != last[s_hi]:
            rects[-1] = self._part(s_hi, max(first[s_hi], lo), hi - 1)
        return rects

    @cached_property
    def _segment_rows(self) -> tuple[list[int], list[int], list[Box], list[bool]]:
        """Each segment's first and last character, box and direction, as Python lists.

        :meth:`rects` runs once per highlight and page; indexing a list is
        several times quicker than reading a NumPy scalar, and a page has
        only tens of segments.
        """
        boxes: list[Box] = [(b[0], b[1], b[2], b[3]) for b in self.segment_boxes.tolist()]
        return self.first.tolist(), self.last.tolist(), boxes, self.vertical.tolist()

    def _part(self, segment: int, i: int, last: int) -> Box:
        """The rectangle of characters ``i..last`` of one segment."""
        _, _, boxes, vertical_of = self._segment_rows
        x0, y0, x1, y1 = boxes[segment]
        vertical = vertical_of[segment]
        start, stop = (self.boxes[i : last + 1, k] for k in ((1, 3) if vertical else (0, 2)))
        if last - i < 32:  # a highlight's end on a line: Python's min beats a NumPy call
            low, high = min(start.tolist()), max(stop.tolist())
        else:
            low, high = float(start.min()), float(stop.max())
        return (x0, low, x1, high) if vertical else (low, y0, high, y1)

    def nearest(self, x: float, y: float) -> int | None:
        """The layout position of the character nearest to ``(x, y)``, if any.

        The nearest line segment first (distance to its box, distance across
        the line weighing more), then its character nearest along the line,
        so a point in a margin picks the end of the line beside it.
        """
        if not len(self.first):
            return None
        s = int(np.argmin(_distances(self.segment_boxes, x, y, self.vertical)))
        first, last = int(self.first[s]), int(self.last[s])
        chars = self.boxes[first : last + 1].copy()
        across = [0, 2] if self.vertical[s] else [1, 3]
        chars[:, across] = self.segment_boxes[s, across]
        return first + int(np.argmin(_distances(chars, x, y, self.vertical[s])))

    def caret(self, x: float, y: float) -> int | None:
        """The canonical offset of the gap nearest ``(x, y)``: before or after a character."""
        i = self.nearest(x, y)
        if i is None:
            return None
        s = int(self.segment_of[i])
        x0, y0, x1, y1 = self.boxes[i]
        point, middle = (y, (y0 + y1) / 2) if self.vertical[s] else (x, (x0 + x1) / 2)
        after = point > middle if self.forward[s] else point < middle
        return int(self.offsets[i]) + (1 if after else 0)

    def line_span(self, i: int) -> tuple[int, int]:
        """Canonical ``(first, last + 1)`` offsets of the segment holding position ``i``."""
        s = int(self.segment_of[i])
        return int(self.offsets[self.first[s]]), int(self.offsets[self.last[s]]) + 1

    def inside(self, polygons: Sequence[Sequence[tuple[float, float]]]) -> list[int]:
        """Offsets of the characters whose box centre lies inside any polygon, in order."""
        if not len(self.offsets):
            return []
        cx = (self.boxes[:, 0] + self.boxes[:, 2]) / 2
        cy = (self.boxes[:, 1] + self.boxes[:, 3]) / 2
        hit = np.zeros(len(cx), dtype=bool)
        for polygon in polygons:
            xs = [p[0] for p in polygon]
            ys = [p[1] for p in polygon]
            candidates = (cx >= min(xs)) & (cx <= max(xs)) & (cy >= min(ys)) & (cy <= max(ys))
            if not _axis_aligned(polygon):
                for i in np.flatnonzero(candidates & ~hit):
                    candidates[i] = _contains(polygon, float(cx[i]), float(cy[i]))
            hit |= candidates
        return [int(o) for o in self.offsets[hit]]


def _distances(boxes: np.ndarray, x: float, y: float, vertical: np.ndarray | bool) -> np.ndarray:
    dx = np.maximum(np.maximum(boxes[:, 0] - x, 0.0), x - boxes[:, 2])
    dy = np.maximum(np.maximum(boxes[:, 1] - y, 0.0), y - boxes[:, 3])
    # Distance across the line weighs more: a point beside a line belongs to it.
    # Where boxes of neighbouring lines overlap, the line whose middle is
    # nearer wins (the small second term only decides between equals).
    across = np.where(
        vertical, x - (boxes[:, 0] + boxes[:, 2]) / 2, y - (boxes[:, 1] + boxes[:, 3]) / 2
    )
    outside = np.where(vertical, 4.0 * dx * dx + dy * dy, dx * dx + 4.0 * dy * dy)
    return outside + 1e-3 * across * across


def _axis_aligned(polygon: Sequence[tuple[float, float]]) -> bool:
    return len(polygon) == 4 and len({p[0] for p in polygon}) == 2 == len({p[1] for p in polygon})


def _contains(polygon: Sequence[tuple[float, float]], x: float, y: float) -> bool:
    """Even-odd rule for a polygon given by its corners in order around it."""
    inside = False
    j = len(polygon) - 1
    for i in range(len(polygon)):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def empty_layout(page: MappedPage) -> PageLayout:
    """The layout of a page without positioned text."""
    return PageLayout(page, np.zeros(0), np.zeros((0, 4)), np.zeros(0))


def ocr_layout(page: MappedPage) -> PageLayout:
    """The layout of an OCR page: each word's box shared evenly by its characters."""
    words = page.words or ()
    if not words:
        return empty_layout(page)
    counts = np.array([w.end - w.start for w in words])
    boxes = np.array([w.box for w in words], dtype=np.float64)
    word_of = np.repeat(np.arange(len(words)), counts)
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    step = (boxes[:, 2] - boxes[:, 0]) / counts
    left = boxes[word_of, 0] + k * step[word_of]
    chars = np.stack([left, boxes[word_of, 1], left + step[word_of], boxes[word_of, 3]], axis=1)
    offsets = np.repeat(np.array([w.start for w in words]), counts) + k
    lines = np.array([w.block * 100_000 + w.line for w in words])[word_of]
    return PageLayout(page, offsets, chars, lines)


def pdfium_layout(page: MappedPage, packed: np.ndarray) -> PageLayout:
    """The layout of a PDFium page from its characters' packed data (by char index).

    ``packed`` has one row ``x0, y0, x1, y1, line`` per PDFium character, x0
    NaN for a character without a box. Characters without a box (PDFium's
    generated spaces and line breaks have an empty one) are left out.
    """
    runs = page.runs
    if runs is None or not len(runs) or not len(packed):
        return empty_layout(page)
    lengths = np.asarray(runs.lengths, dtype=np.int64)
    before = np.cumsum(lengths) - lengths
    k = np.arange(lengths.sum()) - np.repeat(before, lengths)
    chars = np.repeat(np.asarray(runs.chars, dtype=np.int64), lengths) + k
    offsets = np.repeat(np.asarray(runs.starts, dtype=np.int64), lengths) + k
    known = chars < len(packed)
    chars, offsets = chars[known], offsets[known]
    rows = packed[chars]
    keep = np.isfinite(rows[:, 0]) & (rows[:, 2] > rows[:, 0]) & (rows[:, 3] > rows[:, 1])
    return PageLayout(page, offsets[keep], rows[keep, :4], rows[keep, 4])
