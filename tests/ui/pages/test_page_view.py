"""The page view over real PDFs: drawn pages, zoom, toggling views at the same place."""

from __future__ import annotations

from pathlib import Path

from tests.core.pdf.samples import many_pages, pages_with_text
from tests.ui.pages.helpers import darkest, open_pdf, page_point, pixel, show_pages


def test_a_pdf_page_is_drawn_as_printed_in_the_page_view(qtbot, make_window, tmp_path: Path):
    path = tmp_path / "report.pdf"
    placed = pages_with_text(path, ["Recruiters promised jobs abroad", None])
    window = make_window()
    open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    assert window.page_controller.pane.isVisible()
    assert not window.reader.view.isVisible()
    assert view.page_count() == 2
    # Print on the line, white paper beside it, the window's background between pages.
    line = placed[0]
    x0, y0 = page_point(view, 0, line.x, line.baseline - 9)
    x1, y1 = page_point(view, 0, line.x + 60, line.baseline)
    qtbot.waitUntil(lambda: darkest(view, x0, y0, x1, y1) < 100)
    assert pixel(view, *page_point(view, 0, 500, 200)).value() > 245
    gap = view.page_rect(0).left() - 4
    assert pixel(view, gap, 100).name() != "#ffffff"


def test_only_pages_in_view_are_drawn_and_the_cache_stays_bounded(qtbot, make_window, tmp_path):
    path = tmp_path / "long.pdf"
    many_pages(path, 60)
    window = make_window()
    open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    qtbot.waitUntil(lambda: not view._in_flight, timeout=20_000)
    drawn = {index for index, _dpi in view.cache._images}
    assert drawn and max(drawn) < 10, drawn
    view.cache.limit_bytes = 3 * view.cache.bytes // len(view.cache)  # room for ~3 pages
    bar = view.verticalScrollBar()
    for step in range(1, 8):
        bar.setValue(bar.maximum() * step // 8)
        qtbot.waitUntil(
            lambda: view.visible_pages().start in {i for i, _ in view.cache._images}, timeout=20_000
        )
    assert view.cache.bytes <= view.cache.limit_bytes + max(
        image.sizeInBytes() for image in view.cache._images.values()
    )


def test_zoom_steps_fit_and_ctrl_keys(qtbot, make_window, tmp_path):
    from PySide6.QtCore import Qt

    path = tmp_path / "zoom.pdf"
    pages_with_text(path, ["Zoom me", "Second page"])
    window = make_window()
    open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    assert view.fit == "width"
    width_fit = view.page_rect(0).width()
    assert abs(width_fit - (view.viewport().width() - 24)) < 30
    view.set_zoom(1.0)
    assert abs(view.page_rect(0).width() - 600 * 96 / 72) < 1
    text_size = window.preferences.text_size
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 1.1
    assert window.preferences.text_size == text_size  # the page zoomed, not the text
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 0.9
    for _ in range(20):
        view.zoom_by(-1)
    assert view.zoom == 0.5
    for _ in range(20):
        view.zoom_by(1)
    assert view.zoom == 4.0
    view.fit_page()
    assert view.page_rect(0).height() <= view.viewport().height()
    # Drawn at the zoom times the screen's pixel ratio (sharp on HiDPI).
    assert view.dpi() == round(view.zoom * 96 * view.devicePixelRatioF())


def test_pages_measured_in_the_view_are_kept_when_another_document_opens(
    qtbot, make_window, tmp_path
):
    from desktop_app.core.pdf.layout_cache import LayoutCache

    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    many_pages(first, 3)
    pages_with_text(second, ["Another report"])
    window = make_window()
    first_id = open_pdf(qtbot, window, first)
    show_pages(qtbot, window)
    page_map = window.page_controller.pages.page_map
    cache = window.library.paths.layout_cache

    def kept() -> list[int]:
        return sorted(LayoutCache(cache, page_map.sha256, page_map).load())

    assert kept() == []  # fewer than a batch measured: not written yet
    second_id = open_pdf(qtbot, window, second)
    assert second_id != first_id
    qtbot.waitUntil(lambda: 0 in kept(), timeout=10_000)


def test_far_zoomed_in_the_part_in_view_is_drawn_at_full_resolution(qtbot, make_window, tmp_path):
    """Far zoomed in, the whole page is a quick backdrop and a sharp tile is painted over it."""
    from desktop_app.ui.pages.loader import PageLoader
    from desktop_app.ui.pages.tiles import BACKDROP_PIXELS
    from tests.ui.pages.helpers import darkest, zoomed_on_a_big_page

    path = tmp_path / "poster.pdf"
    view = zoomed_on_a_big_page(
        qtbot, make_window(), path, (2_000.0, 2_800.0), "Small print on a large page", (60, 120)
    )
    view.set_position(0, 80)
    dpi = view.dpi()
    qtbot.waitUntil(lambda: (0, dpi) in view.cache._images, timeout=30_000)
    whole = view.cache.get((0, dpi))
    assert whole.width() * whole.height() <= BACKDROP_PIXELS  # the whole page: a quick backdrop
    qtbot.waitUntil(lambda: 0 in view.tiles.by_page, timeout=30_000)
    tile = view.tiles.by_page[0]
    x0, y0, x1, y1 = tile.box
    assert tile.dpi == dpi
    assert abs(tile.image.width() - (x1 - x0) * dpi / 72) <= 2  # full resolution
    assert x0 <= 60 and y0 <= 110 <= y1
    # The small print shows, painted from the tile.
    left, top = page_point(view, 0, 60, 108)
    right, bottom = page_point(view, 0, 90, 121)
    qtbot.waitUntil(lambda: darkest(view, left, top, right, bottom) < 80)
    view.set_zoom(1.0)
    qtbot.waitUntil(lambda: not view.tiles.by_page, timeout=5_000)  # none needed at 100 %
    # A tile scrolled past before its turn (no longer wanted) is skipped, not drawn.
    loader = PageLoader()
    drawn: list[tuple[float, ...]] = []
    loader.tile_rendered.connect(lambda _generation, _index, tile: drawn.append(tile.box))
    stale, current = (0.0, 0.0, 50.0, 50.0), (0.0, 0.0, 60.0, 60.0)
    loader.wanted_tiles.replace({(1, 0, dpi, current)})
    loader.render_tile(1, view.pages, 0, dpi, stale)
    loader.render_tile(1, view.pages, 0, dpi, current)
    qtbot.waitUntil(lambda: bool(drawn), timeout=10_000)
    loader.pool.waitForDone(10_000)
    qtbot.wait(50)
    assert drawn == [current]
