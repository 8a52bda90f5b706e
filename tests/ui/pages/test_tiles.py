"""Tiles for pages zoomed far in: which part of a page to draw sharp, and when again."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from desktop_app.core.pdf.render_types import MAX_RENDER_PIXELS
from desktop_app.ui.pages.tiles import (
    BACKDROP_PIXELS,
    TILE_FROM,
    Tile,
    Tiles,
    needs_tiles,
    page_budget,
    shown_box,
    tile_box,
)

A4 = (595.0, 842.0)


def test_only_a_page_drawn_past_sixteen_million_pixels_gets_tiles_and_a_backdrop() -> None:
    # The view draws 100 % at 96 dpi times the screen's pixel ratio.
    assert not needs_tiles(*A4, dpi=192)  # 200 % on a plain screen: 3.6 M pixels
    assert not needs_tiles(*A4, dpi=384)  # 400 % on a plain screen: 14 M pixels
    assert needs_tiles(*A4, dpi=432)  # 300 % at Windows' 150 % scaling: 18 M pixels
    assert needs_tiles(*A4, dpi=768)  # 400 % at pixel ratio 2: 57 M pixels
    assert page_budget(A4, 384) == MAX_RENDER_PIXELS
    assert page_budget(A4, 768) == BACKDROP_PIXELS < TILE_FROM


def test_a_tile_covers_what_is_shown_and_at_most_twice_it_each_way() -> None:
    for shown in [
        (100.0, 200.0, 250.0, 300.0),
        (0.0, 0.0, 150.0, 100.0),
        (401.3, 9.7, 590.0, 77.7),
    ]:
        box = tile_box(A4, shown)
        assert box[0] <= shown[0] and box[1] <= shown[1]
        assert shown[2] <= box[2] and shown[3] <= box[3]
        assert box[2] - box[0] <= 2 * (shown[2] - shown[0]) + 1e-9
        assert box[3] - box[1] <= 2 * (shown[3] - shown[1]) + 1e-9
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= A4[0] and box[3] <= A4[1]


def test_a_small_scroll_reuses_the_tile_a_long_one_asks_again() -> None:
    tiles = Tiles()
    shown = (100.0, 200.0, 250.0, 300.0)
    box = tiles.wanted(0, 576, A4, shown)
    assert box is not None
    assert tiles.wanted(0, 576, A4, shown) is None  # asked already: not twice
    tiles.put(0, Tile(576, box, QImage(4, 4, QImage.Format.Format_RGB888)))
    assert tiles.wanted(0, 576, A4, (100.0, 210.0, 250.0, 310.0)) is None  # still covered
    assert tiles.wanted(0, 576, A4, (100.0, 400.0, 250.0, 500.0)) is not None  # scrolled away
    assert tiles.wanted(0, 384, A4, shown) is not None  # another zoom


def test_a_scroll_supersedes_the_tile_asked_before_so_its_job_is_skipped() -> None:
    tiles = Tiles()
    first = tiles.wanted(0, 768, A4, (100.0, 200.0, 250.0, 300.0))
    later = tiles.wanted(0, 768, A4, (100.0, 600.0, 250.0, 700.0))
    assert first is not None and later is not None and first != later
    assert tiles.pending(3) == {(3, 0, 768, later)}  # the loader skips the first one
    tiles.put(0, Tile(768, first, QImage(4, 4, QImage.Format.Format_RGB888)))  # arrives late
    assert tiles.pending(3) == {(3, 0, 768, later)}  # still waiting for the one in view
    tiles.put(0, Tile(768, later, QImage(4, 4, QImage.Format.Format_RGB888)))
    assert tiles.pending(3) == set()
    tiles.wanted(1, 768, A4, (100.0, 0.0, 250.0, 50.0))
    tiles.keep_only(range(2, 4), 768)  # page 1 scrolled out of view: not drawn after all
    assert tiles.pending(3) == set()


def test_tiles_of_pages_out_of_view_or_at_another_zoom_are_forgotten() -> None:
    tiles = Tiles()
    image = QImage(4, 4, QImage.Format.Format_RGB888)
    tiles.put(0, Tile(576, (0.0, 0.0, 10.0, 10.0), image))
    tiles.put(1, Tile(576, (0.0, 0.0, 10.0, 10.0), image))
    tiles.put(2, Tile(384, (0.0, 0.0, 10.0, 10.0), image))
    tiles.keep_only(range(1, 3), 576)
    assert list(tiles.by_page) == [1]


def test_the_part_in_view_in_page_points() -> None:
    page = QRectF(-100.0, 50.0, 1190.0, 1684.0)  # A4 at 200 %, scrolled right
    seen = shown_box(page, QRectF(0.0, 0.0, 800.0, 600.0), A4)
    assert seen is not None
    assert [round(v, 3) for v in seen] == [50.0, 0.0, 450.0, 275.0]
    assert shown_box(page, QRectF(0.0, 2_000.0, 800.0, 600.0), A4) is None
