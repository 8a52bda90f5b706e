"""The page image cache: bounded in bytes, never dropping a page on screen."""

from __future__ import annotations

from PySide6.QtGui import QImage

from desktop_app.ui.pages.cache import PageImageCache


def _page() -> QImage:
    return QImage(100, 100, QImage.Format.Format_RGB888)


def test_the_least_recently_used_go_first_beyond_the_limit() -> None:
    size = _page().sizeInBytes()
    cache = PageImageCache(limit_bytes=3 * size)
    for index in range(3):
        cache.put((index, 96), _page())
    assert cache.get((0, 96)) is not None  # used again: now the most recent
    cache.put((3, 96), _page())
    assert sorted(cache._images) == [(0, 96), (2, 96), (3, 96)]
    assert cache.bytes == 3 * size


def test_pages_on_screen_stay_when_their_neighbours_arrive_after_them() -> None:
    """Drawn in view first, neighbours next: the neighbours must not push out what is shown."""
    size = _page().sizeInBytes()
    cache = PageImageCache(limit_bytes=3 * size)
    on_screen = {(10, 96), (11, 96)}
    for key in [(10, 96), (11, 96), (9, 96), (12, 96)]:  # no paint in between to refresh them
        cache.put(key, _page(), keep=on_screen)
    assert on_screen <= set(cache._images)
    assert (12, 96) in cache._images  # the newest stays too
    assert cache.bytes <= 3 * size
    # Pages in view larger than the limit: they all stay, and only they.
    cache.put((13, 96), _page(), keep={(10, 96), (11, 96), (12, 96), (13, 96)})
    assert set(cache._images) == {(10, 96), (11, 96), (12, 96), (13, 96)}
