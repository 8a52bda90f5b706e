"""Pages are drawn in a helper process that hostile files cannot take the caller down with."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.helper_process import HelperFailed
from desktop_app.core.importers.pdf import import_pdf
from desktop_app.core.pdf.geometry import DocumentGeometry
from desktop_app.core.pdf.render import PageRenderer, RenderFailed
from desktop_app.core.pdf.render_types import RenderedPage
from tests.core.pdf.conftest import ink
from tests.core.pdf.samples import many_pages, new_pdf, pages_with_text, rotate


def test_a_page_is_drawn_at_the_resolution_asked(tmp_path: Path, renderer: PageRenderer) -> None:
    path = tmp_path / "one.pdf"
    pages_with_text(path, ["Drawn at 150 dpi."])
    image = renderer.render(path, 0, dpi=150)
    assert (image.width, image.height) == (math.ceil(600 * 150 / 72), math.ceil(800 * 150 / 72))
    assert image.byte_size == image.stride * image.height >= 3 * image.width * image.height
    assert image.to_image().size == (image.width, image.height)
    assert ink(image, (0, 0, image.width, image.height)) > 0


def test_a_clipped_tile_holds_that_part_of_the_page(tmp_path: Path, renderer: PageRenderer) -> None:
    path = tmp_path / "one.pdf"
    pages_with_text(path, ["Text at the top left."])  # printed at (60, 120)
    tile = renderer.render(path, 0, dpi=144, clip=(50, 100, 250, 130))
    assert (tile.width, tile.height) == (400, 60)
    assert tile.origin == (50, 100) and tile.to_point(0, 0) == (50, 100)
    assert ink(tile, (0, 0, tile.width, tile.height)) > 0
    empty = renderer.render(path, 0, dpi=144, clip=(300, 500, 400, 600))
    assert ink(empty, (0, 0, empty.width, empty.height)) == 0


def _pixels(drawn: RenderedPage) -> np.ndarray:
    rows = np.frombuffer(drawn.pixels, np.uint8).reshape(drawn.height, drawn.stride)
    return rows[:, : drawn.width * 3].reshape(drawn.height, drawn.width, 3).astype(int)


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_a_tile_of_a_turned_page_is_that_part_of_the_whole_page(
    tmp_path: Path, renderer: PageRenderer, degrees: int
) -> None:
    """Tiles (a page zoomed far in) take their area in points of the page as shown."""
    path = tmp_path / "turned.pdf"
    pages_with_text(path, ["Text at the top left of a turned page, long enough to see."])
    if degrees:
        rotate(path, {0: degrees})
    whole = _pixels(renderer.render(path, 0, dpi=144))
    height, width = whole.shape[0] / 2, whole.shape[1] / 2  # points
    inked = 0
    areas = [(0, 0, width / 2, height / 2), (width / 3, height / 4, width, height / 2)]
    for clip in [*areas, (0, height / 2, width, height)]:
        tile = _pixels(renderer.render(path, 0, dpi=144, clip=clip))
        x0, y0 = round(clip[0] * 2), round(clip[1] * 2)
        same = whole[y0 : y0 + tile.shape[0], x0 : x0 + tile.shape[1]]
        assert same.shape == tile.shape
        assert np.abs(same - tile).mean() < 2  # the same pixels, up to rounding at the edge
        inked += int((tile < 128).sum())
    assert inked > 0  # the text lies in one of the areas, wherever the turn put it


def test_a_hanging_helper_is_killed_at_the_time_limit_and_the_next_page_draws(
    tmp_path: Path,
) -> None:
    path = tmp_path / "one.pdf"
    pages_with_text(path, ["After the hang."])
    renderer = PageRenderer(timeout_s=0.5)
    try:
        renderer.render(path, 0, dpi=72)
        started = renderer.helper.restarts
        with pytest.raises(HelperFailed):
            renderer.helper.request("sleep", 30, timeout_s=0.5)
        assert not renderer.helper.running
        assert isinstance(renderer.render(path, 0, dpi=72), RenderedPage)
        assert renderer.helper.restarts == started + 1
    finally:
        renderer.close()


def test_a_crash_while_drawing_gives_a_reason_and_the_next_page_draws(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "one.pdf"
    pages_with_text(path, ["After the crash."])
    with pytest.raises(RenderFailed, match="crashed"):
        renderer._request("crash", None, 0)
    assert renderer.render(path, 0, dpi=72).width == 600


def test_damaged_missing_and_out_of_range_pages_fail_with_a_reason(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF")
    with pytest.raises(RenderFailed, match="cannot be opened"):
        renderer.render(damaged, 0, dpi=72)
    with pytest.raises(RenderFailed, match="cannot be read"):
        renderer.render(tmp_path / "gone.pdf", 0, dpi=72)
    good = tmp_path / "good.pdf"
    pages_with_text(good, ["One page only."])
    with pytest.raises(RenderFailed, match="no page 2"):
        renderer.render(good, 1, dpi=72)
    with pytest.raises(ValueError):
        renderer.render(good, 0, dpi=0)


def test_a_file_replaced_on_disk_is_opened_afresh(tmp_path: Path, renderer: PageRenderer) -> None:
    path = tmp_path / "doc.pdf"
    pages_with_text(path, ["First version."])
    assert renderer.render(path, 0, dpi=72).height == 800
    pdf = new_pdf((300.0, 300.0))
    pdf.add_page()
    pdf.text(20, 40, "Second version, smaller page.")
    pdf.output(str(path))
    assert renderer.render(path, 0, dpi=72).height == 300


def test_a_huge_page_is_drawn_within_the_pixel_budget(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "huge.pdf"
    pdf = new_pdf((10_000.0, 10_000.0))
    pdf.add_page()
    pdf.text(5000, 5000, "In the middle of a very large page.")
    pdf.output(str(path))
    doc = import_pdf(path)
    image = renderer.render(path, 0, dpi=150, max_pixels=4_000_000)
    assert image.width * image.height <= 4_000_000
    assert image.dpi < 150
    geometry = DocumentGeometry(doc.page_map, doc.text, lambda i: renderer.char_boxes(path, i))  # type: ignore[arg-type]
    [box] = geometry.rects(doc.text.index("middle"), doc.text.index("middle") + 6)[0]
    assert 5000 < box[0] < box[2] < 5200


def test_a_thousand_page_pdf_imports_maps_and_draws_its_last_page(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "long.pdf"
    many_pages(path, 1000)
    doc = import_pdf(path)
    assert doc.page_map is not None and len(doc.page_map) == 1000
    geometry = DocumentGeometry(doc.page_map, doc.text, lambda i: renderer.char_boxes(path, i))
    start = doc.text.index("Page 1000 of")
    assert list(geometry.rects(start, start + 9)) == [999]
    assert renderer.render(path, 999, dpi=96).width == 400


@pytest.mark.corpus
def test_the_helper_survives_every_malformed_corpus_pdf(corpus_dir: Path) -> None:
    """Each bad PDF either draws or fails with a reason; none takes the caller down."""
    renderer = PageRenderer(timeout_s=10)
    outcomes: dict[str, str] = {}
    try:
        for path in sorted((corpus_dir / "pdf_bad").glob("*.pdf")):
            try:
                image = renderer.render(path, 0, dpi=72)
                renderer.char_boxes(path, 0)
                outcomes[path.name] = f"drawn {image.width}x{image.height}"
            except RenderFailed as failed:
                assert failed.reason, path.name
                outcomes[path.name] = failed.reason
        good = corpus_dir / "pdf_good" / "pdfjs__tracemonkey.pdf"
        assert renderer.render(good, 0, dpi=72).width > 0  # still serving after them all
    finally:
        renderer.close()
    assert len(outcomes) == len(list((corpus_dir / "pdf_bad").glob("*.pdf")))
    assert any(o.startswith("drawn") for o in outcomes.values())
    assert any(not o.startswith("drawn") for o in outcomes.values())
