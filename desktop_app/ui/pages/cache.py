"""Drawn pages kept for repainting, bounded in megabytes (least recently used go first)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection

from PySide6.QtGui import QImage

DEFAULT_CACHE_BYTES = 128 * 1024 * 1024
"""Room for about 20 pages of A4 at 150 % on a HiDPI screen, many times what is in
view; at 256 MB a scroll through a 352-page book grew the process by 446 MB."""

PageKey = tuple[int, int]
"""``(page index, dpi rounded)``."""


class PageImageCache:
    """Page images by ``(index, dpi)``, at most ``limit_bytes`` of pixels.

    The page being drawn at a new zoom keeps showing its old image (scaled)
    until the sharp one arrives: :meth:`any_for` finds it.
    """

    def __init__(self, limit_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.limit_bytes = limit_bytes
        self.bytes = 0
        self._images: OrderedDict[PageKey, QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._images)

    def get(self, key: PageKey) -> QImage | None:
        """The image for ``key`` (and mark it recently used), or None."""
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def any_for(self, index: int) -> QImage | None:
        """Some image of page ``index`` at any resolution (the latest stored), or None."""
        for (page, _dpi), image in reversed(self._images.items()):
            if page == index:
                return image
        return None

    def put(self, key: PageKey, image: QImage, keep: Collection[PageKey] = ()) -> None:
        """Keep ``image``; drop the least recently used beyond the limit.

        Never the newest, nor a key in ``keep`` (the pages in view: a page on
        screen dropped for its neighbours, drawn after it, would stay blank
        until the next scroll). So the cache holds at most the limit plus the
        pages in view.
        """
        old = self._images.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._images[key] = image
        self.bytes += image.sizeInBytes()
        if self.bytes <= self.limit_bytes:
            return
        for candidate in [k for k in self._images if k != key and k not in keep]:
            self.bytes -= self._images.pop(candidate).sizeInBytes()
            if self.bytes <= self.limit_bytes:
                break

    def clear(self) -> None:
        """Forget every image (another document was opened)."""
        self._images.clear()
        self.bytes = 0
