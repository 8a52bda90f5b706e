"""PDF through pypdfium2: text per page, paragraphs, page starts, metadata.

PDFium gives each page's text as lines. Paragraphs are recovered cheaply
from the lines alone (no character boxes, to stay faster than pdftotext):
a blank line ends a paragraph, and so does a line clearly shorter than the
page's usual line length (more readily when it ends a sentence); a line
starting with a bullet starts one. Words hyphenated at a line end are
joined. A paragraph never spans two pages, so page starts fall on block
starts.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from desktop_app.core.dates import normalize_date
from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.ocr.textlayer import unmapped_share
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
_FILE_NAME_TITLE = re.compile(r"\.(?:pdf|docx?|txt|rtf|odt|indd|qxd|pptx?|xlsx?)$", re.I)
_WORD_PREFIX = re.compile(r"^Microsoft (?:Word|PowerPoint) - ", re.I)


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
        first_lines: list[str] = []
        count = len(document)
        if count == 0:
            raise ImportFailed(path, "damaged PDF: it has no pages")
        unmapped = [0.0] * count  # for OCR: pages whose fonts map no Unicode
        for index in range(count):
            builder.start_page()
            try:
                page_text = _page_text(document, index, unmapped)
            except pdfium.PdfiumError:
                unreadable.append(index + 1)
                continue
            lines = [line.strip() for line in page_text.split("\n")]
            if not first_lines:
                first_lines = [line for line in lines if line][:15]
            for paragraph in paragraphs(lines):
                builder.add(paragraph, clean=False)
        metadata = _metadata(document)
    finally:
        document.close()
    if unreadable:
        pages = ", ".join(str(number) for number in unreadable[:10])
        warnings.append(f"page(s) {pages} could not be read")
    if not builder.text.strip():
        warnings.append(NO_TEXT_WARNING)
    if not metadata.title:
        metadata.title = heading_like(first_lines)
    return ImportedDocument(
        builder.text,
        builder.blocks,
        "pdf",
        metadata,
        page_starts=builder.page_starts_clamped(),
        warnings=warnings,
        unmapped=unmapped,
    )


def _page_text(document: object, index: int, unmapped: list[float]) -> str:
    page = document[index]  # type: ignore[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range()
            unmapped[index] = unmapped_share(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
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


def _metadata(document: object) -> DocumentMetadata:
    try:
        raw = document.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
    except Exception:
        raw = {}
    title = _clean_title(raw.get("Title", ""))
    author = " ".join(str(raw.get("Author", "")).split()) or None
    published = normalize_date(raw.get("CreationDate")) or normalize_date(raw.get("ModDate"))
    return DocumentMetadata(title=title, author=author, published=published)


def _clean_title(value: str) -> str | None:
    title = " ".join(_WORD_PREFIX.sub("", str(value)).split())
    if len(title) < 3 or _FILE_NAME_TITLE.search(title) or title.lower() in ("untitled",):
        return None
    return title


def heading_like(lines: list[str]) -> str | None:
    """The first line that looks like a title (also used for OCR'd pages)."""
    for line in lines:
        words = line.split()
        letters = sum(ch.isalpha() for ch in line)
        if (
            2 <= len(words) <= 15
            and letters >= 0.6 * len(line.replace(" ", ""))
            and line[0].isupper()
            and not line.endswith((".", ",", ";"))
        ):
            if "://" in line or line.lower().startswith("www."):
                continue
            return " ".join(words)
    return None
