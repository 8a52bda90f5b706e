"""Drawing PDF pages, and measuring their characters, in a helper process.

A hostile PDF can make PDFium crash or loop; the window must survive it.
:class:`PageRenderer` sends each request to a long-lived helper process
(:mod:`render_worker`, through :class:`~desktop_app.core.helper_process.HelperProcess`)
that keeps recent documents open, so the next page of the same document
costs only its drawing. A request that takes longer than its time limit
kills the helper; one that crashes it is reported; either way the caller
gets :class:`RenderFailed` with a reason fit for the placeholder the page
view shows, and the next request starts a fresh helper.

Pixels come back as :class:`~desktop_app.core.pdf.render_types.RenderedPage`
(RGB, with :attr:`~RenderedPage.byte_size` for a cache bounded in megabytes).
"""

from __future__ import annotations

import atexit
import math
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import SourcebookError
from desktop_app.core.helper_process import HelperFailed, HelperProcess
from desktop_app.core.pdf.pagemap import Box

if TYPE_CHECKING:
    import numpy as np
from desktop_app.core.pdf.render_types import (
    CHAR_FIELDS,
    MAX_RENDER_PIXELS,
    RenderedPage,
    RenderRequest,
)

DEFAULT_TIMEOUT_S = 10.0
"""Per-page time limit: a page that takes longer gets a placeholder."""

MEMORY_LIMIT_BYTES = 3 * 1024 * 1024 * 1024
"""Address-space limit of the helper (3 GiB; POSIX only)."""

MIN_DPI = 18.0
MAX_DPI = 1200.0


class RenderFailed(SourcebookError):
    """A page could not be drawn or measured; ``reason`` says why, fit for a placeholder."""

    def __init__(self, page: int, reason: str) -> None:
        self.page = page
        self.reason = reason
        super().__init__(f"page {page + 1}: {reason}")


_WHY = {
    "start": "the page renderer could not start",
    "timeout": "this page took longer than {:g} s to draw; the file may be damaged",
    "crash": "drawing this page crashed the PDF engine; the file may be damaged",
}


class PageRenderer:
    """Draws pages and reads character boxes in one helper process.

    Safe to use from several threads (requests are served one at a time);
    create more than one for parallel drawing.

    Args:
        timeout_s: Time limit per request.
        memory_limit: Address-space limit of the helper (POSIX).
        start_method: How the helper is started (the platform's default).
    """

    def __init__(
        self,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        memory_limit: int | None = MEMORY_LIMIT_BYTES,
        start_method: str | None = None,
    ) -> None:
        from desktop_app.core.pdf.render_worker import main

        self.timeout_s = timeout_s
        self.helper = HelperProcess(
            main, name="sourcebook-render", memory_limit=memory_limit, start_method=start_method
        )

    def render(
        self,
        path: Path | str,
        page: int,
        *,
        dpi: float = 96.0,
        clip: Box | None = None,
        draw_forms: bool = True,
        draw_annotations: bool = True,
        max_pixels: int = MAX_RENDER_PIXELS,
    ) -> RenderedPage:
        """Draw page ``page`` (0-based) of the PDF at ``path`` at ``dpi``.

        Raises:
            RenderFailed: the page cannot be drawn (damaged, too slow, crashed).
        """
        if not MIN_DPI <= dpi <= MAX_DPI or not math.isfinite(dpi):
            raise ValueError(f"dpi must lie between {MIN_DPI:g} and {MAX_DPI:g}")
        request = RenderRequest(
            str(path), page, dpi / 72.0, clip, draw_forms, draw_annotations, max_pixels
        )
        result = self._request("render", request, page)
        assert isinstance(result, RenderedPage)
        return result

    def char_boxes(self, path: Path | str, page: int) -> np.ndarray:
        """Every PDFium character of page ``page``: its box and its line, by character index.

        One float32 row ``x0, y0, x1, y1, line`` per character: PDFium's loose
        character box (the font's full height) in page points of the page as
        shown, top-left origin, ``x0`` NaN for a character without one; and
        the number of PDFium's line breaks before it.

        Raises:
            RenderFailed: the page cannot be read.
        """
        import numpy as np

        packed = self._request("boxes", (str(path), page), page)
        assert isinstance(packed, bytes)
        return np.frombuffer(packed, dtype=np.float32).reshape(-1, CHAR_FIELDS)

    def _request(self, operation: str, argument: object, page: int) -> object:
        try:
            status, payload = self.helper.request(operation, argument, timeout_s=self.timeout_s)
        except HelperFailed as failed:
            raise RenderFailed(page, _WHY[failed.kind].format(self.timeout_s)) from None
        if status == "ok":
            return payload
        if status == "failed":
            raise RenderFailed(page, str(payload))
        raise RenderFailed(page, f"this page cannot be drawn ({payload})")

    def forget(self) -> None:
        """Close the documents the helper keeps open (when the page view closes)."""
        self._request("forget", None, 0)

    def close(self) -> None:
        """Stop the helper (it starts again on the next request)."""
        self.helper.close()


_default: PageRenderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> PageRenderer:
    """The process-wide renderer (started on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = PageRenderer()
        return _default


def shutdown_renderer() -> None:
    """Stop the process-wide renderer, if one runs (safe to call at any time)."""
    with _default_lock:
        renderer = _default
    if renderer is not None:
        renderer.close()


atexit.register(shutdown_renderer)
