"""The page view: a PDF document's pages as printed, scrolled continuously.

Only the pages in view (and one either side) are drawn, by the
:class:`~desktop_app.ui.pages.loader.PageLoader` off the GUI thread, into a
cache bounded in megabytes; until a page arrives its old image (scaled) or a
blank sheet stands in. Pages are drawn at the screen's device pixel ratio, so
print stays sharp on HiDPI screens. Highlights, the selection and find
matches are painted over the page from the page map geometry; mouse and
keys are handled by :class:`~desktop_app.ui.pages.selection.PageSelection`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from desktop_app.core.pdf.render import MAX_DPI, MIN_DPI
from desktop_app.core.types import Annotation
from desktop_app.ui.pages.cache import PageImageCache
from desktop_app.ui.pages.geometry_view import (
    PageStrip,
    clamp_zoom,
    fit_page_zoom,
    fit_width_zoom,
    step_zoom,
)
from desktop_app.ui.pages.loader import HighlightBoxes, PageLoader
from desktop_app.ui.pages.selection import PageSelection
from desktop_app.ui.pages.tiles import Tile, Tiles, page_budget
from desktop_app.ui.reader.widgets import HighlightToolbar

if TYPE_CHECKING:
    from desktop_app.core.pdf.geometry import DocumentGeometry
    from desktop_app.core.pdf.pages import DocumentPages

Box = tuple[float, float, float, float]
FLASH_MS = 1200
_ids = itertools.count(1)


class PageView(QAbstractScrollArea):
    """Pages of one PDF document with their highlights.

    Signals:
        highlight_requested(int, int, str): keys 1–6 over a selection (start, end, colour).
        note_requested(), tags_requested(): N / T: a note or tags for the newest highlight.
        annotation_clicked(int): a highlight on the page was clicked.
        page_changed(int): the page at the top third of the view changed (0-based).
        zoom_changed(float): the zoom changed (1.0 = 100 %).
    """

    highlight_requested = Signal(int, int, str)
    note_requested = Signal()
    tags_requested = Signal()
    annotation_clicked = Signal(int)
    page_changed = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None, *, cache_bytes: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setAccessibleName("Pages")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.pages: DocumentPages | None = None
        self.cache = PageImageCache() if cache_bytes is None else PageImageCache(cache_bytes)
        self.loader = PageLoader(self)
        self.loader.rendered.connect(self._on_rendered)
        self.loader.render_failed.connect(self._on_render_failed)
        self.loader.boxes_ready.connect(self._on_boxes)
        self.loader.tile_rendered.connect(self._on_tile)
        self.zoom = 1.0
        self.fit: str | None = "width"
        self.message: str | None = None
        self.failures: dict[int, str] = {}
        self.boxes: dict[int, HighlightBoxes] = {}
        self.measured: set[int] = set()
        self.find_spans: list[tuple[int, int]] = []
        self.find_current = -1
        self._sizes: list[tuple[float, float]] = []
        self._strip = PageStrip((), 1.0, 1.0)
        self._tops: list[float] = []
        self._annotations: list[Annotation] = []
        self._generation = 0
        self._boxes_generation = 0
        self._in_flight: set[tuple[int, int]] = set()
        self._asked_boxes: set[int] = set()
        self._find_cache: dict[int, list[list[Box]]] = {}
        self._target: tuple[int, int, bool] | None = None
        self._flash: int | None = None
        self.invert_pages = False  # dark pages: colours inverted when painted
        self.tiles = Tiles()
        self._current_page = -1
        self._request_timer = QTimer(self, singleShot=True, interval=0)
        self._request_timer.timeout.connect(self._request_visible)
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self.toolbar = HighlightToolbar(self.viewport())
        self.selection = PageSelection(self)
        self.toolbar.color_chosen.connect(self.selection.highlight)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    # --- content ---

    def set_pages(self, pages: DocumentPages, annotations: Sequence[Annotation]) -> None:
        """Show ``pages`` from the first page, with ``annotations`` drawn on them."""
        self._reset()
        self.pages = pages
        self._sizes = [(p.width, p.height) for p in pages.pages]
        self._annotations = list(annotations)
        self.message = None if self._sizes else "This PDF has no pages to show."
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._schedule()

    def show_message(self, message: str) -> None:
        """Show ``message`` instead of pages (no PDF, original missing, still opening)."""
        self._reset()
        self.message = message
        self._relayout()

    def _reset(self) -> None:
        self._generation = next(_ids)
        self._boxes_generation = next(_ids)
        self.loader.wanted.replace(set())
        if self.pages is not None:
            self.loader.keep_layouts(self.pages)  # the pages measured, for the next opening
        self.pages = None
        self._sizes = []
        self.cache.clear()
        self.tiles.clear()
        self.failures.clear()
        self.boxes.clear()
        self.measured.clear()
        self._in_flight.clear()
        self._asked_boxes.clear()
        self._find_cache.clear()
        self.find_spans, self.find_current = [], -1
        self._target = None
        self._flash = None
        self._current_page = -1
        self.selection.clear()

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        """Highlights changed: measure them again (old rectangles stay until then)."""
        self._annotations = list(annotations)
        self._boxes_generation = next(_ids)
        self._asked_boxes.clear()
        self._schedule()

    @property
    def geometry_(self) -> DocumentGeometry | None:
        """Geometry of the shown document, once a page has been measured (never waits)."""
        if self.pages is None or not self.measured:
            return None
        return self.pages.geometry

    def page_count(self) -> int:
        """How many pages are shown."""
        return len(self._sizes)

    # --- zoom ---

    def set_zoom(self, zoom: float, fit: str | None = None) -> None:
        """Zoom to ``zoom`` (50–400 %), or fit ``"width"`` / ``"page"``; the place stays in view."""
        index, y = self.position()
        self.fit = fit
        self.zoom = clamp_zoom(zoom)
        self._relayout()
        self.set_position(index, y)
        self.zoom_changed.emit(self.zoom)

    def zoom_by(self, steps: int) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+wheel: a step along the zoom ladder."""
        self.set_zoom(step_zoom(self.zoom, steps))

    def fit_width(self) -> None:
        """Zoom so the widest page fills the view's width."""
        self.set_zoom(fit_width_zoom(self._sizes, self._usable_width()), "width")

    def fit_page(self) -> None:
        """Zoom so the current page fits the view whole."""
        index = max(0, self.current_page())
        zoom = fit_page_zoom(
            self._sizes,
            self._usable_width(),
            self.viewport().height(),
            min(index, len(self._sizes) - 1),
        )
        self.set_zoom(zoom, "page")

    def _usable_width(self) -> float:
        bar = self.verticalScrollBar()
        return float(self.viewport().width() + (0 if bar.isVisible() else -bar.sizeHint().width()))

    def dpi(self) -> int:
        """The resolution pages are drawn at: the zoom times the screen's pixel ratio."""
        wanted = self.zoom * 96.0 * self.devicePixelRatioF()
        return round(max(MIN_DPI, min(MAX_DPI, wanted)))

    # --- places ---

    def current_page(self) -> int:
        """The page at the top third of the view (0-based), -1 with no pages."""
        if not self._sizes:
            return -1
        y = self.verticalScrollBar().value() + self.viewport().height() / 3
        return self._strip.page_at(y, self._tops)

    def position(self) -> tuple[int, float]:
        """``(page, y in points)`` at the top of the view."""
        if not self._sizes:
            return (0, 0.0)
        y = self.verticalScrollBar().value()
        index = self._strip.page_at(y, self._tops)
        return index, (y - self._tops[index]) / self._strip.scale

    def set_position(self, index: int, y: float = 0.0, *, third: bool = False) -> None:
        """Scroll so point ``y`` of page ``index`` is at the top (or a third down)."""
        if not self._sizes:
            return
        index = max(0, min(index, len(self._sizes) - 1))
        target = self._tops[index] + y * self._strip.scale
        if third:
            target -= self.viewport().height() / 3
        self.verticalScrollBar().setValue(round(max(0.0, target)))

    def scroll_to_span(
        self, start: int, end: int, *, flash_id: int | None = None, third: bool = True
    ) -> None:
        """Bring offsets ``start..end`` into view (a third down, or at the top); flash ``flash_id``.

        Until the page has been measured the place is estimated from the offset's share
        of the page's text, then corrected when the measure arrives.
        """
        if self.pages is None:
            return
        page = self.pages.page_map.page_at(start)
        if page is None:
            pages = self.pages.page_map.pages_between(start, max(end, start + 1))
            if not pages:
                return
            page = pages[0]
        self._flash = flash_id
        if flash_id is not None:
            self._flash_timer.start()
        if not self._place_span(page.index, start, end, third):
            share = (start - page.text_start) / max(1, page.text_end - page.text_start)
            self.set_position(page.index, share * page.height, third=third)
            self._target = (start, end, third)
        self.viewport().update()

    def _place_span(self, index: int, start: int, end: int, third: bool) -> bool:
        geometry = self.geometry_
        if geometry is None or index not in self.measured:
            return False
        rects = geometry.page_rects(index, [(start, max(end, start + 1))])[0]
        if not rects:
            return False
        self.set_position(index, min(r[1] for r in rects), third=third)
        self._target = None
        return True

    def _end_flash(self) -> None:
        self._flash = None
        self.viewport().update()

    # --- find marks ---

    def set_find(self, spans: Sequence[tuple[int, int]], current: int = -1) -> None:
        """Mark ``spans`` (find matches or search terms); bring match ``current`` into view."""
        self.find_spans = list(spans)
        self.find_current = current
        self._find_cache.clear()
        if 0 <= current < len(self.find_spans):
            self.scroll_to_span(*self.find_spans[current])
        self.viewport().update()

    def find_rects(self, index: int) -> list[list[Box]]:
        """Rectangles of each find match on page ``index`` (measured pages only)."""
        geometry = self.geometry_
        if geometry is None or index not in self.measured or self.pages is None:
            return []
        cached = self._find_cache.get(index)
        if cached is None:
            page = self.pages.pages[index]
            spans = [s for s in self.find_spans if s[0] < page.text_end and page.text_start < s[1]]
            cached = geometry.page_rects(index, spans) if spans else []
            self._find_cache[index] = cached
        return cached

    # --- loading ---

    def _schedule(self) -> None:
        self._request_timer.start()

    def visible_pages(self) -> range:
        """The pages overlapping the view."""
        top = self.verticalScrollBar().value()
        return self._strip.visible(top, top + self.viewport().height(), self._tops)

    def _request_visible(self) -> None:
        pages = self.pages
        if pages is None or not self._sizes:
            return
        shown = self.visible_pages()
        near = range(max(0, shown.start - 1), min(len(self._sizes), shown.stop + 1))
        dpi = self.dpi()
        self.loader.wanted.replace({(self._generation, i, dpi) for i in near})
        for index in [*shown, *(i for i in near if i not in shown)]:
            key = (index, dpi)
            if (
                index not in self.failures
                and key not in self._in_flight
                and self.cache.get(key) is None
            ):
                self._in_flight.add(key)
                priority = 2 if index in shown else 1
                budget = page_budget(self._sizes[index], dpi)  # a backdrop under tiles
                self.loader.render(self._generation, pages, index, dpi, priority, budget)
        area = QRectF(self.viewport().rect())  # far zoomed in: sharp tiles (ui/pages/tiles.py)
        tiles = self.tiles.to_draw(shown, dpi, self._sizes, self.page_rect, area)
        self.loader.wanted_tiles.replace(self.tiles.pending(self._generation))  # before any job
        for index, box in tiles:
            self.loader.render_tile(self._generation, pages, index, dpi, box)
        if pages.problem is not None:
            return
        for index in shown:
            if index not in self._asked_boxes:
                self._asked_boxes.add(index)
                self.loader.measure(self._boxes_generation, pages, index, self._annotations)

    def _on_tile(self, generation: int, index: int, tile: Tile) -> None:
        if generation == self._generation:
            self.tiles.put(index, tile)
            self.viewport().update()

    def _on_rendered(self, generation: int, index: int, dpi: int, image: QImage) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard((index, dpi))
        on_screen = {(i, self.dpi()) for i in self.visible_pages()}  # never dropped for others
        self.cache.put((index, dpi), image, keep=on_screen)
        self.viewport().update()

    def _on_render_failed(self, generation: int, index: int, dpi: int, reason: str) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard((index, dpi))
        if reason:  # "" is a skipped job: asked again when the page is back in view
            self.failures[index] = reason
            self.viewport().update()

    def _on_boxes(self, generation: int, index: int, boxes: object) -> None:
        if generation != self._boxes_generation:
            return
        self.boxes[index] = boxes  # type: ignore[assignment]
        self.measured.add(index)
        self._find_cache.pop(index, None)
        self.selection.forget_rects()
        target = self._target
        if target is not None and self._place_span(index, *target):
            self._target = None
        self.viewport().update()

    def shut_down(self) -> None:
        """Stop drawing for good (the window closes, the library with it)."""
        self._request_timer.stop()
        self.loader.shut_down()
        if self.pages is not None:
            self.pages.keep_layouts()  # at most a few pages: kept at once

    # --- layout and painting ---

    def _relayout(self) -> None:
        viewport = self.viewport()
        if self.fit == "width":
            self.zoom = fit_width_zoom(self._sizes, self._usable_width())
        elif self.fit == "page":
            index = max(0, min(self._current_page, len(self._sizes) - 1))
            self.zoom = fit_page_zoom(self._sizes, self._usable_width(), viewport.height(), index)
        self._strip = PageStrip(tuple(self._sizes), self.zoom, float(viewport.width()))
        self._tops = self._strip.tops
        self.verticalScrollBar().setRange(0, max(0, round(self._strip.height) - viewport.height()))
        self.verticalScrollBar().setPageStep(viewport.height())
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setRange(0, max(0, round(self._strip.width) - viewport.width()))
        self.horizontalScrollBar().setPageStep(viewport.width())
        self.selection.forget_rects()
        self.toolbar.hide()
        self.viewport().update()
        self._schedule()

    def page_rect(self, index: int) -> QRectF:
        """Page ``index``'s rectangle in viewport coordinates."""
        width, height = self._sizes[index]
        scale = self._strip.scale
        return QRectF(
            self._strip.left(index) - self.horizontalScrollBar().value(),
            self._tops[index] - self.verticalScrollBar().value(),
            width * scale,
            height * scale,
        )

    def to_page(self, point: QPointF) -> tuple[int, float, float] | None:
        """The page and the point on it (points, top-left origin) under a viewport point."""
        if not self._sizes:
            return None
        index = self._strip.page_at(point.y() + self.verticalScrollBar().value(), self._tops)
        rect = self.page_rect(index)
        scale = self._strip.scale
        return index, (point.x() - rect.left()) / scale, (point.y() - rect.top()) / scale

    def paintEvent(self, event: QPaintEvent) -> None:
        from desktop_app.ui.pages.painting import paint_view

        painter = QPainter(self.viewport())
        try:
            paint_view(self, painter, event.rect())
        finally:
            painter.end()

    def highlight_path(self, rect: QRectF, boxes: Sequence[Box]) -> QPainterPath:
        """The union of ``boxes`` (page points) on a page drawn at ``rect``."""
        scale = self._strip.scale
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        left, top = rect.left(), rect.top()
        for x0, y0, x1, y1 in boxes:
            path.addRect(left + x0 * scale, top + y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale)
        return path

    # --- Qt events ---

    def _on_scrolled(self, _value: int) -> None:
        self.toolbar.hide()
        self.viewport().update()
        self._schedule()
        page = self.current_page()
        if page != self._current_page:
            self._current_page = page
            self.page_changed.emit(page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        index, y = self.position()
        self._relayout()
        self.set_position(index, y)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = 1 if event.angleDelta().y() > 0 else -1 if event.angleDelta().y() < 0 else 0
            if steps:
                self.zoom_by(steps)
            event.accept()
            return
        super().wheelEvent(event)

    def event(self, event: QEvent) -> bool:
        # Ctrl+= / Ctrl+- / Ctrl+0 zoom the page here rather than the window's text size.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.selection.wants_key(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.selection.key_pressed(event):
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        self.selection.pressed(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.selection.moved(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.selection.released(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.selection.double_clicked(event)
