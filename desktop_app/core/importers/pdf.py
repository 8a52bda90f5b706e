"""PDF through pypdfium2: text per page, paragraphs, page starts, metadata.

PDFium gives each page's text as lines. Paragraphs are recovered cheaply
from the lines alone (no character boxes, to stay faster than pdftotext):
a blank line ends a paragraph, and so does a line clearly shorter than the
page's usual line length (more readily when it ends a sentence); a line
starting with a bullet starts one. Words hyphenated at a line end are
joined. A paragraph never spans two pages, so page starts fall on block
starts. Title, author and outlet come from :mod:`pdf_title` (the first
page's layout weighed against the metadata).

While a page is open, its paragraphs are aligned with PDFium's characters
(:mod:`desktop_app.core.pdf.extract`): the document's page map, with page
sizes, printed page labels and the outline, comes with the import.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.pdf_title import document_metadata
from desktop_app.core.ocr.textlayer import unmapped_share
from desktop_app.core.pdf.extract import PageMapRecorder, read_page
from desktop_app.core.types import DocumentMetadata, ImportedDocument

NO_TEXT_WARNING = "holds no text (it may be a scanned image); it cannot be searched or highlighted"
ENCRYPTED_REASON = "encrypted: open it in a PDF reader and save an unprotected copy"

_PDFIUM_PASSWORD_ERROR = 4
# PDFium is not thread-safe; imports outside the worker process may run in
# GUI threads, so all PDFium calls in this process go through one lock.
_pdfium_lock = threading.Lock()

# Fonts without a Unicode map come out as C0 controls; drop them (keep
# U+0002, PDFium's soft-hyphen mark, which paragraphs() removes).
_CONTROLS = re.compile("[\x00\x01\x03-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]+")
_BULLET = re.compile(r"^(?:[•·▪■◦●○\-–—*]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_SENTENCE_END = (".", "!", "?", ":", '"', "”", "’", ")", "।", "。", "！", "？")


def import_pdf(path: Path) -> ImportedDocument:
    """Import a PDF file.

    Raises:
        ImportFailed: for an encrypted or damaged PDF.
    """
    with _pdfium_lock:
        return _import_locked(path)


def _import_locked(path: Path) -> ImportedDocument:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
            raise ImportFailed(path, ENCRYPTED_REASON) from None
        raise ImportFailed(path, f"damaged PDF: it cannot be opened ({exc})") from None
    try:
        builder = TextBuilder()
        warnings: list[str] = []
        unreadable: list[int] = []
        count = len(document)
        if count == 0:
            raise ImportFailed(path, "damaged PDF: it has no pages")
        recorder = PageMapRecorder(document)
        unmapped = [0.0] * count  # for OCR: pages whose fonts map no Unicode
        for index in range(count):
            builder.start_page()
            try:
                with read_page(document, index) as page:
                    unmapped[index] = unmapped_share(page.textpage)
                    lines = [line.strip() for line in _page_text(page.raw).split("\n")]
                    added = _add_paragraphs(builder, lines)
                    recorder.add(page, added, builder.page_starts[-1])
            except pdfium.PdfiumError:
                unreadable.append(index + 1)
                recorder.add_unreadable(index, builder.page_starts[-1])
                continue
        metadata = document_metadata(document, file_stem=path.stem)
        page_map = recorder.finish(builder.length)
    finally:
        document.close()
    if unreadable:
        pages = ", ".join(str(number) for number in unreadable[:10])
        warnings.append(f"page(s) {pages} could not be read")
    if not builder.text.strip():
        warnings.append(NO_TEXT_WARNING)
    return ImportedDocument(
        builder.text,
        builder.blocks,
        "pdf",
        metadata,
        page_starts=builder.page_starts_clamped(),
        warnings=warnings,
        page_map=page_map,
        unmapped=unmapped,
    )


def read_metadata(path: Path, *, file_stem: str) -> DocumentMetadata:
    """Title, author, outlet and date as :func:`import_pdf` sets them, without the text.

    Raises:
        ImportFailed: for a PDF that cannot be opened.
    """
    import pypdfium2 as pdfium

    with _pdfium_lock:
        try:
            document = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            raise ImportFailed(path, f"cannot be opened ({exc})") from None
        try:
            return document_metadata(document, file_stem=file_stem)
        finally:
            document.close()


def _add_paragraphs(builder: TextBuilder, lines: list[str]) -> list[str]:
    """Add a page's paragraphs as blocks; return them as added (NFC, non-empty)."""
    added = []
    for paragraph in paragraphs(lines):
        text = unicodedata.normalize("NFC", paragraph)
        if text:
            builder.add(text, clean=False)
            added.append(text)
    return added


def _page_text(text: str) -> str:
    """PDFium's text of a page with its line breaks as ``\\n`` and no controls."""
    # PDFium marks soft hyphens at line ends with U+0002; drop the controls.
    text = text.replace("\x02\r\n", "\x02").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text.replace("\x0c", "\n"))


def paragraphs(lines: list[str]) -> list[str]:
    """Group a page's stripped lines into paragraphs (see the module docstring)."""
    nonblank = [len(line) for line in lines if line]
    if not nonblank:
        return []
    typical = sorted(nonblank)[int(len(nonblank) * 0.75)]
    result: list[str] = []
    current = ""
    previous = ""
    for line in lines:
        if not line:
            if current:
                result.append(current)
            current = previous = ""
            continue
        if current and _breaks(previous, line, typical):
            result.append(current)
            current = ""
        current = _join(current, line) if current else line
        previous = line
    if current:
        result.append(current)
    return [" ".join(p.replace("\x02", "").split()) for p in result]


def _breaks(previous: str, line: str, typical: int) -> bool:
    if _BULLET.match(line):
        return True
    length = len(previous)
    if length < 0.55 * typical:
        return True
    return length < 0.85 * typical and previous.endswith(_SENTENCE_END)


def _join(current: str, line: str) -> str:
    if current.endswith("\x02"):
        return current[:-1] + line
    if current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].islower():
        return current[:-1] + line
    return current + " " + line
