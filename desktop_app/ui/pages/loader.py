"""Drawing pages and measuring highlights off the GUI thread.

Each job is a one-shot :class:`QRunnable` given immutable input (the
:class:`DocumentPages`, a page index, a resolution, a snapshot of the
highlights); results come back as queued signals of a GUI-thread
:class:`PageLoader`. A job whose page scrolled out of view before it ran is
skipped: :class:`Wanted` is the thread-safe list of what the view still wants.
The render helper serves one request at a time, so one worker thread suffices
and keeps the visible pages first in line.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from desktop_app.core.pdf.render import RenderFailed
from desktop_app.core.pdf.render_types import MAX_RENDER_PIXELS, RenderedPage
from desktop_app.core.types import Annotation
from desktop_app.ui.pages.tiles import Box, Tile

if TYPE_CHECKING:
    from desktop_app.core.pdf.pages import DocumentPages

HighlightBoxes = list[tuple[int, str, list[tuple[float, float, float, float]]]]
"""``(annotation_id, color, boxes in page points)`` of each highlight on a page."""


class Wanted:
    """Keys the view still wants drawn (read by worker threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: set[object] = set()

    def replace(self, keys: set[object]) -> None:
        """Want exactly ``keys`` from now on."""
        with self._lock:
            self._keys = set(keys)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._keys


def _to_qimage(drawn: RenderedPage) -> QImage:
    """The helper's RGB pixels as a QImage that owns them (the bytes object goes away)."""
    return QImage(
        drawn.pixels, drawn.width, drawn.height, drawn.stride, QImage.Format.Format_RGB888
    ).copy()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        # The view may be gone by the time a queued job reports (the window closed).
        with contextlib.suppress(RuntimeError):
            self._work()


class PageLoader(QObject):
    """Queues page drawing and highlight measuring; reports on the GUI thread.

    Signals:
        rendered(int, int, int, QImage): generation, page index, dpi key, image.
        render_failed(int, int, int, str): generation, page index, dpi key, reason.
        boxes_ready(int, int, object): generation, page index, :data:`HighlightBoxes`.
        tile_rendered(int, int, object): generation, page index, :class:`Tile`.
    """

    rendered = Signal(int, int, int, QImage)
    tile_rendered = Signal(int, int, object)
    render_failed = Signal(int, int, int, str)
    boxes_ready = Signal(int, int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.wanted = Wanted()
        self.wanted_tiles = Wanted()
        """Tiles ``(generation, page, dpi, area)`` still wanted: others are skipped."""
        self.stopped = threading.Event()
        """Set when the window closes: no job may touch the library after that."""

    def render(
        self,
        generation: int,
        pages: DocumentPages,
        index: int,
        dpi: int,
        priority: int = 1,
        max_pixels: int = MAX_RENDER_PIXELS,
    ) -> None:
        """Draw page ``index`` at ``dpi`` unless it is no longer wanted when its turn comes.

        Higher ``priority`` runs first (pages in view before their neighbours);
        a page drawn with more than ``max_pixels`` is scaled down (a backdrop
        under tiles, see :mod:`desktop_app.ui.pages.tiles`).
        """
        if self.stopped.is_set():
            return
        key = (generation, index, dpi)
        wanted = self.wanted

        def work() -> None:
            if key not in wanted or self.stopped.is_set():
                self.render_failed.emit(generation, index, dpi, "")  # skipped: "" = retry later
                return
            try:
                image = _to_qimage(pages.render(index, dpi=float(dpi), max_pixels=max_pixels))
            except RenderFailed as failed:
                self.render_failed.emit(generation, index, dpi, failed.reason)
                return
            except Exception as exc:  # a bug or an odd file: a placeholder, never a crash
                self.render_failed.emit(
                    generation, index, dpi, f"this page cannot be drawn ({exc})"
                )
                return
            self.rendered.emit(generation, index, dpi, image)

        self.pool.start(_Job(work), priority)

    def measure(
        self,
        generation: int,
        pages: DocumentPages,
        index: int,
        annotations: Sequence[Annotation],
    ) -> None:
        """Measure the highlights on page ``index`` (and its layout, for selecting)."""
        if self.stopped.is_set():
            return
        snapshot = tuple(annotations)

        def work() -> None:
            if self.stopped.is_set():
                return
            try:
                geometry = pages.geometry
                if geometry is not None:
                    geometry.layout(index)  # selection on this page needs no more waiting
                boxes = pages.highlight_boxes(index, snapshot)
            except Exception:  # a page that cannot be measured shows no highlights
                boxes = []
            self.boxes_ready.emit(generation, index, boxes)

        self.pool.start(_Job(work), 0)

    def render_tile(
        self, generation: int, pages: DocumentPages, index: int, dpi: int, box: Box
    ) -> None:
        """Draw the ``box`` part of page ``index`` at ``dpi`` (a page zoomed far in).

        Skipped when its turn comes if it is no longer in :attr:`wanted_tiles`
        (scrolled past: a tile takes a few hundred milliseconds).
        """
        if self.stopped.is_set():
            return
        key = (generation, index, dpi, box)
        wanted = self.wanted_tiles

        def work() -> None:
            if key not in wanted or self.stopped.is_set():
                return
            try:
                image = _to_qimage(pages.render(index, dpi=float(dpi), clip=box))
            except Exception:  # the whole page, drawn softer, stays shown
                return
            self.tile_rendered.emit(generation, index, Tile(dpi, box, image))

        self.pool.start(_Job(work), 2)

    def keep_layouts(self, pages: DocumentPages) -> None:
        """Keep the pages measured so far for the next opening (after the queued jobs)."""
        if not self.stopped.is_set():
            self.pool.start(_Job(pages.keep_layouts), -1)

    def shut_down(self, timeout_ms: int = 5000) -> None:
        """Drop queued jobs, refuse new ones, and wait for the running one."""
        self.stopped.set()
        self.wanted.replace(set())
        self.pool.clear()
        self.pool.waitForDone(timeout_ms)
