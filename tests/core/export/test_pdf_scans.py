"""A scanned report (no text layer, read by Tesseract): its highlights go into the PDF over
the OCR words, and come back from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.export import ExportSpec
from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.library import Library
from desktop_app.core.ocr.stage import OcrOptions
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.render import shutdown_renderer
from tests.core.export.pdf_samples import pdfium_annotations
from tests.core.ocr.scans import image_pdf, need_tesseract, page_image

ENG = OcrOptions(languages="eng")


@pytest.fixture(autouse=True, scope="module")
def _stop_shared_helpers() -> Iterator[None]:
    yield
    shutdown_renderer()
    shutdown_worker()


def test_highlights_on_a_scan_are_written_over_its_words_and_come_back(tmp_path: Path) -> None:
    need_tesseract("eng")
    scan = image_pdf(tmp_path / "scan.pdf", [page_image()], dpi=150)
    out = tmp_path / "scan-with-highlights.pdf"
    with Library.open(LibraryPaths(tmp_path / "one")) as library:
        [result] = library.import_paths([scan], ocr=ENG)
        assert result.doc_id is not None
        mark = library.annotate_quote(
            result.doc_id, "brick kilns", color="orange", note="scan"
        ).annotation
        library.export(ExportSpec(format="pdf-annotated", doc_ids=[result.doc_id]), out)
        geometry = library.open_pages(result.doc_id).geometry
        assert geometry is not None
        [(x0, y0, x1, y1)] = geometry.rects(mark.start, mark.end)[0]
        assert y1 > y0
    [written] = pdfium_annotations(out)
    [quad] = written.quads
    height = 900 * 72 / 150  # the scan's page height in points
    assert quad[0] == pytest.approx(x0, abs=0.5) and quad[2] == pytest.approx(x1, abs=0.5)
    assert quad[1] == pytest.approx(height - y0, abs=0.5)  # top edge, user space
    with Library.open(LibraryPaths(tmp_path / "two")) as fresh:
        results = fresh.import_paths([out], ocr=ENG)
        fresh.import_annotations_from_pdfs(results)
        assert [(a.exact, a.color, a.note) for a in fresh.annotations()] == [
            ("brick kilns", "orange", "scan")
        ]


def test_ocr_reads_the_page_not_the_highlights_drawn_on_it(
    library: Library, tmp_path: Path
) -> None:
    """A PDF with highlights is read by OCR as its original is: annotations are not drawn."""
    from PIL import Image, ImageChops

    from desktop_app.core.ocr.render import RenderRequest, close_open_documents, render
    from tests.core.export.pdf_samples import TWO_LINES, report_pdf

    [result] = library.import_paths([report_pdf(tmp_path / "in" / "report.pdf")])
    assert result.doc_id is not None
    library.annotate_quote(result.doc_id, TWO_LINES, color="blue")
    annotated = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[result.doc_id]), annotated)
    images = []
    for source in (library.original_path(result.doc_id), annotated):
        out = tmp_path / f"{source.stem}.tif"
        render(RenderRequest("pdf", str(source), 0, str(out)))
        close_open_documents()
        images.append(Image.open(out).convert("L"))
    assert ImageChops.difference(*images).getbbox() is None
