"""Geometry on the page, through the page map, in both directions.

:class:`DocumentGeometry` answers the page view's questions (docs/PAGEMAP.md):

* offsets → rectangles per page (:meth:`~DocumentGeometry.rects`), one per
  line segment, in page points, top-left origin;
* a point → the nearest character (:meth:`~DocumentGeometry.offset_at`), the
  caret between characters (:meth:`~DocumentGeometry.caret_at`), the word
  and the line there (double- and triple-click);
* two points → the text between them in reading order
  (:meth:`~DocumentGeometry.span_between`), across pages too;
* rectangles or quads → the characters whose box centre lies inside
  (:meth:`~DocumentGeometry.spans_inside`, for imported QuadPoints).

Every span it returns is canonical ``(start, end)`` offsets, trimmed of
white space — exactly what the text view selects for the same characters,
so ``Library.annotate(doc_id, start, end)`` gives both views the same anchor.

Character boxes of PDF pages come from a :data:`BoxSource` (normally the
render helper process, so PDFium never runs on a document in the caller);
OCR pages carry their word boxes in the map. Page layouts are cached within
a memory budget (:data:`LAYOUT_CACHE_BYTES`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import regex

from desktop_app.core.pdf.layout import PageLayout, empty_layout, ocr_layout, pdfium_layout
from desktop_app.core.pdf.pagemap import Box, MappedPage, PageMap

BoxSource = Callable[[int], np.ndarray]
"""Given a 0-based page index, each PDFium character's ``x0, y0, x1, y1, line`` row."""


class KeptLayouts(Protocol):
    """Where measured page layouts are kept between openings (``layout_cache.LayoutCache``)."""

    def load(self) -> dict[int, bytes]:
        """The layouts kept for the document, by page index, still encoded."""
        ...

    def decode(self, index: int, data: bytes) -> PageLayout | None:
        """One kept layout, or None when it does not read back."""
        ...

    def save(self, layouts: dict[int, PageLayout]) -> None:
        """Keep newly measured layouts."""
        ...


SAVE_EVERY = 4
"""Newly measured pages are kept in batches of this many (a write each)."""

LAYOUT_CACHE_BYTES = 32 * 1024 * 1024
"""Memory for page layouts (about 25 bytes a character: a 350-page book fits)."""

_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}\p{Pc}]")

Span = tuple[int, int]


class DocumentGeometry:
    """Questions about where text is on a document's pages.

    Args:
        page_map: The document's page map.
        text: The document's canonical text.
        boxes: Where character boxes of PDFium pages come from (not needed
            for documents whose pages are all OCR or empty).
        cache_bytes: Memory for cached page layouts; the least recently
            used go first.
        kept: Layouts measured in earlier openings: read in one query now,
            each decoded when its page is first asked for. Pages measured
            from PDFium boxes are kept there too (in batches of
            :data:`SAVE_EVERY`, and by :meth:`keep_measured`).
    """

    def __init__(
        self,
        page_map: PageMap,
        text: str,
        boxes: BoxSource | None = None,
        *,
        cache_bytes: int = LAYOUT_CACHE_BYTES,
        kept: KeptLayouts | None = None,
    ) -> None:
        self.page_map = page_map
        self.text = text
        self._boxes = boxes
        self._cache: OrderedDict[int, PageLayout] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached_bytes = 0
        self._lock = threading.Lock()
        self._kept = kept
        self._measured: dict[int, PageLayout] = {}
        self._encoded: dict[int, bytes] = kept.load() if kept is not None else {}

    # Layouts ---------------------------------------------------------------

    def layout(self, index: int) -> PageLayout:
        """The layout of page ``index`` (0-based), computed once and cached.

        Raises:
            IndexError: for a page the document does not have.
        """
        with self._lock:
            cached = self._cache.get(index)
            if cached is not None:
                self._cache.move_to_end(index)
                return cached
            encoded = self._encoded.get(index)
        page = self.page_map.pages[index]
        built = None
        if encoded is not None and self._kept is not None:
            built = self._kept.decode(index, encoded)
            if built is None:  # measured again below, and kept in its place
                with self._lock:
                    self._encoded.pop(index, None)
        measured = built is None
        if built is None:
            built = self._build(page)
        with self._lock:
            self._remember(index, built)
            kept = self._kept is not None and self._boxes is not None
            if measured and kept and page.source == "pdfium":
                self._measured[index] = built
            due = len(self._measured) >= SAVE_EVERY
        if due:
            self.keep_measured()
        return built

    def _remember(self, index: int, built: PageLayout) -> None:
        """Cache a layout within the memory budget (the caller holds the lock or owns self)."""
        if index not in self._cache:
            self._cache[index] = built
            self._cached_bytes += built.nbytes
        while self._cached_bytes > self._cache_bytes and len(self._cache) > 1:
            _index, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= dropped.nbytes

    def keep_measured(self) -> None:
        """Keep the pages measured since the last time (call off the GUI thread)."""
        with self._lock:
            measured, self._measured = self._measured, {}
        if measured and self._kept is not None:
            self._kept.save(measured)

    def forget_layouts(self) -> None:
        """Drop every cached page layout (they are measured again when needed)."""
        with self._lock:
            self._cache.clear()
            self._cached_bytes = 0

    def _build(self, page: MappedPage) -> PageLayout:
        if page.source == "ocr":
            return ocr_layout(page)
        if page.source == "pdfium" and self._boxes is not None:
            return pdfium_layout(page, self._boxes(page.index))
        return empty_layout(page)

    # Offsets → rectangles --------------------------------------------------

    def rects(self, start: int, end: int) -> dict[int, list[Box]]:
        """Rectangles covering ``[start, end)``, by 0-based page index (pages in order)."""
        found: dict[int, list[Box]] = {}
        for page in self.page_map.pages_between(start, end):
            boxes = self.layout(page.index).rects(start, end)
            if boxes:
                found[page.index] = boxes
        return found

    def page_rects(self, index: int, spans: Sequence[Span]) -> list[list[Box]]:
        """For one page, the rectangles of each span (empty where it is not on the page)."""
        layout = self.layout(index)
        return [layout.rects(start, end) for start, end in spans]

    # Points → offsets ------------------------------------------------------

    def offset_at(self, index: int, x: float, y: float) -> int | None:
        """The canonical offset of the character nearest ``(x, y)`` on page ``index``."""
        layout = self.layout(index)
        i = layout.nearest(x, y)
        return None if i is None else int(layout.offsets[i])

    def caret_at(self, index: int, x: float, y: float) -> int | None:
        """The canonical offset of the caret position nearest ``(x, y)``."""
        return self.layout(index).caret(x, y)

    def word_at(self, index: int, x: float, y: float) -> Span | None:
        """The word under ``(x, y)`` (a double-click), as a canonical span."""
        offset = self.offset_at(index, x, y)
        if offset is None:
            return None
        text = self.text
        if not _WORD_CHAR.match(text, offset):
            return _trimmed(text, offset, offset + 1)
        start, end = offset, offset + 1
        while start > 0 and _WORD_CHAR.match(text, start - 1):
            start -= 1
        while end < len(text) and _WORD_CHAR.match(text, end):
            end += 1
        return start, end

    def line_at(self, index: int, x: float, y: float) -> Span | None:
        """The line segment under ``(x, y)`` (a triple-click), as a canonical span."""
        layout = self.layout(index)
        i = layout.nearest(x, y)
        if i is None:
            return None
        return _trimmed(self.text, *layout.line_span(i))

    def span_between(
        self, index_a: int, xa: float, ya: float, index_b: int, xb: float, yb: float
    ) -> Span | None:
        """The text between two points (a drag), in reading order, possibly across pages.

        Returns None when the points fall in the same gap or on pages without text.
        """
        a = self.caret_at(index_a, xa, ya)
        b = self.caret_at(index_b, xb, yb)
        if a is None or b is None or a == b:
            return None
        return _trimmed(self.text, min(a, b), max(a, b))

    def extend(self, span: Span, index: int, x: float, y: float) -> Span | None:
        """A selection ``span`` extended to ``(x, y)`` (shift-click)."""
        caret = self.caret_at(index, x, y)
        if caret is None:
            return span
        return _trimmed(self.text, min(span[0], caret), max(span[1], caret))

    # Rectangles → offsets --------------------------------------------------

    def spans_inside(
        self, index: int, shapes: Sequence[Box | Sequence[tuple[float, float]]]
    ) -> list[Span]:
        """Canonical spans of the characters whose box centre lies inside any shape.

        Each shape is a rectangle ``(x0, y0, x1, y1)`` or a polygon given by its
        corners in order around it, in page points, top-left origin. Characters
        next to each other in the text (or separated only by white space) are
        joined into one span.
        """
        polygons = [_as_polygon(shape) for shape in shapes]
        offsets = self.layout(index).inside(polygons)
        spans: list[Span] = []
        for offset in offsets:
            if spans and not self.text[spans[-1][1] : offset].strip():
                spans[-1] = (spans[-1][0], offset + 1)
            else:
                spans.append((offset, offset + 1))
        return spans


def _as_polygon(shape: Box | Sequence[tuple[float, float]]) -> Sequence[tuple[float, float]]:
    if len(shape) == 4 and all(isinstance(v, int | float) for v in shape):
        x0, y0, x1, y1 = (float(v) for v in shape)  # type: ignore[arg-type]
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return shape  # type: ignore[return-value]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
