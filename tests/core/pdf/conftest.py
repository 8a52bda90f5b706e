"""Fixtures for the page-map tests: one render helper per module, ink measurements."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.pdf.render import PageRenderer, shutdown_renderer
from desktop_app.core.pdf.render_types import RenderedPage


@pytest.fixture(scope="module")
def renderer() -> Iterator[PageRenderer]:
    """A private render helper, stopped after the module's tests."""
    private = PageRenderer()
    try:
        yield private
    finally:
        private.close()


@pytest.fixture(autouse=True, scope="module")
def _stop_shared_helpers() -> Iterator[None]:
    """Stop the process-wide render and import helpers the Library started."""
    yield
    shutdown_renderer()
    shutdown_worker()


def ink(image: RenderedPage, box: tuple[int, int, int, int], threshold: int = 128) -> int:
    """How many pixels of ``box`` (pixels, x1/y1 exclusive) are dark print."""
    picture = image.to_image().convert("L")
    x0, y0, x1, y1 = box
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(image.width, x1), min(image.height, y1)
    if x1 <= x0 or y1 <= y0:
        return 0
    return sum(picture.crop((x0, y0, x1, y1)).histogram()[:threshold])


def ink_box(image: RenderedPage, area: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The bounding box of the dark pixels within ``area`` (pixels)."""
    picture = image.to_image().convert("L").crop(area)
    dark = picture.point(lambda v: 255 if v < 128 else 0)
    bbox = dark.getbbox()
    assert bbox is not None, "no print in the area"
    return (area[0] + bbox[0], area[1] + bbox[1], area[0] + bbox[2], area[1] + bbox[3])
