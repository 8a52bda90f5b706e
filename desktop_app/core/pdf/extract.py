"""Recording the page map while the PDF importer reads each page.

The importer opens each page with :func:`read_page`, builds its canonical
paragraphs as it always did, and hands them to :class:`PageMapRecorder`,
which aligns them with PDFium's text of the page (:mod:`textmap`) while the
page is still open. Only runs are recorded; character boxes are read later,
when a page is shown.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.core.importers.builder import BLOCK_SEPARATOR
from desktop_app.core.pdf.pagemap import CharRuns, MappedPage, PageMap
from desktop_app.core.pdf.pdfium_read import page_label, page_text, read_outline
from desktop_app.core.pdf.textmap import align_page, to_char_indices

DEFAULT_PAGE_SIZE = (612.0, 792.0)
"""US Letter, for a page PDFium cannot even measure."""


@dataclass(frozen=True)
class PageReading:
    """One open page: PDFium's text of it and what the page map records about it."""

    index: int
    raw: str
    """The page's text as ``FPDFText_GetText`` returns it."""
    char_count: int
    width: float
    height: float
    rotation: int
    textpage: Any

    def char_index(self, text_index: int) -> int:
        """``FPDFText_GetCharIndexFromTextIndex`` on this page."""
        import pypdfium2.raw as pdfium_c

        return int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(self.textpage, text_index))


@contextlib.contextmanager
def read_page(document: Any, index: int) -> Iterator[PageReading]:
    """Open page ``index`` and its text page for the duration of the block.

    Raises:
        pypdfium2.PdfiumError: when PDFium cannot load the page or its text.
    """
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            width, height = page.get_size()
            yield PageReading(
                index=index,
                raw=page_text(textpage),
                char_count=textpage.count_chars(),
                width=float(width),
                height=float(height),
                rotation=_rotation(page),
                textpage=textpage,
            )
        finally:
            textpage.close()
    finally:
        page.close()


def _rotation(page: Any) -> int:
    try:
        return int(page.get_rotation()) % 360
    except Exception:  # a /Rotate that is not a multiple of 90: PDFium ignores it too
        return 0


class PageMapRecorder:
    """Collects the page map of one PDF while its pages are imported in order."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self._pages: list[MappedPage] = []
        # The /PageLabels tree must cover page 0; the last page catches sloppy
        # files whose labels start later. Without labels, skip 1 call a page.
        last = len(document) - 1
        self._labelled = page_label(document, 0) is not None or (
            last > 0 and page_label(document, last) is not None
        )

    def add(self, reading: PageReading, paragraphs: Sequence[str], text_start: int) -> None:
        """Record a page whose paragraphs (NFC, non-empty) start at ``text_start``."""
        runs = None
        text_end = text_start
        if paragraphs:
            canonical = BLOCK_SEPARATOR.join(paragraphs)
            triples = align_page(reading.raw, canonical, text_start)
            if len(reading.raw) != reading.char_count:
                triples = to_char_indices(triples, reading.char_index)
            runs = CharRuns.from_ordered(triples)
            text_end = text_start + len(canonical)
        self._pages.append(
            MappedPage(
                index=reading.index,
                text_start=text_start,
                text_end=text_end,
                width=reading.width,
                height=reading.height,
                rotation=reading.rotation,
                label=self._label(reading.index),
                runs=runs,
            )
        )

    def add_unreadable(self, index: int, text_start: int) -> None:
        """Record a page PDFium could not read: it maps nothing."""
        try:
            width, height = self.document.get_page_size(index)
        except Exception:
            width, height = DEFAULT_PAGE_SIZE
        self._pages.append(
            MappedPage(
                index,
                text_start,
                text_start,
                float(width),
                float(height),
                label=self._label(index),
            )
        )

    def _label(self, index: int) -> str | None:
        return page_label(self.document, index) if self._labelled else None

    def finish(self, text_length: int) -> PageMap:
        """The page map; page ranges are clamped to the final text length."""
        pages = tuple(
            _clamped(page, text_length) if page.text_start > text_length else page
            for page in self._pages
        )
        return PageMap(pages, read_outline(self.document))


def _clamped(page: MappedPage, length: int) -> MappedPage:
    return MappedPage(
        page.index, length, length, page.width, page.height, page.rotation, page.label, page.runs
    )
