"""Shared steps for page-view tests: import a real PDF, open it, wait for its pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor

from tests.ui.conftest import wait_import


def open_pdf(qtbot: Any, window: Any, path: Path) -> int:
    """Import ``path``, open it, and return its document id."""
    results = wait_import(qtbot, window, [path])
    doc_id = next(r.doc_id for r in results if getattr(r, "doc_id", None))
    window.open_document(doc_id)
    return doc_id


def show_pages(qtbot: Any, window: Any) -> Any:
    """Switch to the page view and wait until its first page is drawn and measured."""
    controller = window.page_controller
    controller.set_mode("page")
    view = controller.view
    qtbot.waitUntil(lambda: controller.pages is not None, timeout=20_000)
    qtbot.waitUntil(lambda: len(view.cache) > 0, timeout=20_000)
    if controller.pages.problem is None:
        qtbot.waitUntil(lambda: 0 in view.measured, timeout=20_000)
    return view


def zoomed_on_a_big_page(
    qtbot: Any, window: Any, path: Path, size: tuple[float, float], text: str, at: tuple[int, int]
) -> Any:
    """A one-page PDF of ``size`` points with ``text`` at ``at``, in the page view at 400 %."""
    from tests.core.pdf.samples import new_pdf

    pdf = new_pdf(size)
    pdf.add_page()
    pdf.text(*at, text)
    pdf.output(str(path))
    open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    view.set_zoom(4.0)
    return view


def pixel(view: Any, x: float, y: float) -> QColor:
    """The colour the view shows at viewport point ``(x, y)``."""
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(x * ratio), round(y * ratio))


def darkest(view: Any, x0: float, y0: float, x1: float, y1: float) -> int:
    """The darkest value (0–255) the view shows in a viewport rectangle."""
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return min(
        image.pixelColor(x, y).value()
        for x in range(round(x0 * ratio), round(x1 * ratio))
        for y in range(round(y0 * ratio), round(y1 * ratio))
    )


def page_point(view: Any, index: int, x: float, y: float) -> tuple[float, float]:
    """Viewport coordinates of point ``(x, y)`` (page points) on page ``index``."""
    rect = view.page_rect(index)
    scale = rect.width() / view.pages.pages[index].width
    return rect.left() + x * scale, rect.top() + y * scale
