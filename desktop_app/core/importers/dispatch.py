"""The one entry point: check the file, choose the importer by content, finish.

Finishing is shared by all formats: a title always (the file stem as last
resort), a language when the text says it clearly, and a check that the
document holds some text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.builder import NOTES_HEADINGS
from desktop_app.core.importers.language import detect_language
from desktop_app.core.importers.sniff import sniff
from desktop_app.core.types import Block, BlockKind, DocumentMetadata, ImportedDocument

HEAD_BYTES = 8192
NO_TEXT_WARNING = "holds no text; it cannot be searched or highlighted"

FORMATS = ("pdf", "html", "docx", "epub", "odt", "rtf", "txt", "md", "image")
"""Every ``ImportedDocument.kind`` an importer can produce."""

HEAVY_FORMATS = frozenset({"pdf", "docx", "epub", "odt", "rtf", "html", "image"})
"""Formats whose parsers run native code or can be slow on hostile input;
:mod:`guarded` runs these in a worker process. Plain text stays in-process."""


def read_checked(path: Path) -> tuple[int, bytes]:
    """Check that ``path`` is a readable, non-empty file within the size limit.

    Returns:
        ``(size_in_bytes, first_bytes)``.

    Raises:
        ImportFailed: naming the problem in plain words.
    """
    from desktop_app.core.importers import limits

    try:
        if not path.exists():
            raise ImportFailed(path, "no such file")
        if not path.is_file():
            raise ImportFailed(path, "not a regular file")
        size = path.stat().st_size
        if size == 0:
            raise ImportFailed(path, "empty file (0 bytes)")
        if size > limits.MAX_FILE_BYTES:
            limit = limits.MAX_FILE_BYTES // (1024 * 1024)
            raise ImportFailed(
                path, f"too large: {size / 1048576:.0f} MB (the limit is {limit} MB)"
            )
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except PermissionError:
        raise ImportFailed(path, "cannot be read: permission denied") from None
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read: {exc.strerror or exc}") from None
    return size, head


def detect_format(path: Path) -> str:
    """Check ``path`` and return its format (one of :data:`FORMATS`).

    Raises:
        ImportFailed: for unreadable, empty, too large or unknown files.
    """
    _size, head = read_checked(path)
    return sniff(path, head)


def import_any(path: Path) -> ImportedDocument:
    """Import ``path`` in this process, whatever its format.

    Raises:
        ImportFailed: with a reason fit to show, for any file that cannot be read.
    """
    return import_as(path, detect_format(path))


def import_as(path: Path, kind: str) -> ImportedDocument:
    """Import ``path`` as format ``kind`` (already sniffed) and finish it.

    Raises:
        ImportFailed: also when a parser chokes on damaged input in a way it
            does not report itself (third-party parsers raise many types).
    """
    return finish(path, _run_importer(path, kind))


def _run_importer(path: Path, kind: str) -> ImportedDocument:
    try:
        return _IMPORTERS[kind](path)
    except ImportFailed:
        raise
    except MemoryError:
        raise ImportFailed(path, "too large to read in the memory allowed") from None
    except RecursionError:
        raise ImportFailed(path, f"damaged {kind.upper()} file: nested too deeply") from None
    except Exception as exc:
        detail = str(exc).strip() or type(exc).__name__
        raise ImportFailed(path, f"damaged {kind.upper()} file: {detail[:200]}") from exc


def finish(path: Path, document: ImportedDocument) -> ImportedDocument:
    """Shared last steps: NFC check, title fallback, language, empty check.

    Raises:
        ImportFailed: for a text file with nothing but whitespace.
    """
    if not unicodedata.is_normalized("NFC", document.text):  # builders normalise already
        raise AssertionError(f"importer for {document.kind} produced non-NFC text")
    meta = document.metadata
    _tidy_fields(meta)
    if not meta.title:
        meta.title = fallback_title(document.text, document.blocks, path.name)
    if not document.text.strip():
        if document.kind in ("txt", "md"):
            raise ImportFailed(path, "empty: the file holds only whitespace")
        if not any(w.startswith("holds no text") for w in document.warnings):
            document.warnings.append(NO_TEXT_WARNING)
    if not meta.language:
        meta.language = detect_language(document.text)
    return document


def read_metadata(path: Path, *, file_stem: str) -> DocumentMetadata:
    """Metadata as an import of ``path`` sets it, before the title fallback.

    For a PDF only the first pages are read. ``file_stem`` is the name the
    file was imported under (a stored original is named by its hash).
    Used to recompute titles of earlier imports (:mod:`core.retitle`).

    Raises:
        ImportFailed: for a file that cannot be read.
    """
    kind = detect_format(path)
    if kind == "pdf":
        from desktop_app.core.importers.pdf import read_metadata as read_pdf_metadata

        meta = read_pdf_metadata(path, file_stem=file_stem)
    else:
        meta = _run_importer(path, kind).metadata
    _tidy_fields(meta)
    return meta


def _tidy_fields(meta: DocumentMetadata) -> None:
    for field in ("title", "source", "author", "url"):
        value = getattr(meta, field)
        if value is not None:
            value = unicodedata.normalize("NFC", " ".join(str(value).split())) or None
            setattr(meta, field, value)


def fallback_title(text: str, blocks: Sequence[Block], file_name: str) -> str:
    """The title of a document that names none: its first heading, else the
    file name (its opening words when the name is only an identifier)."""
    stem = unicodedata.normalize("NFC", PurePath(file_name).stem)
    return (
        _first_heading(text, blocks)
        or (_opening_words(text) if _looks_like_an_id(stem) else None)
        or stem
        or file_name
    )


TITLE_WORDS_MAX = 90
"""Characters of the opening sentence used as a title when nothing better exists."""


def _looks_like_an_id(stem: str) -> bool:
    """A file name no reader would call a title: "000_6bd1b63bc5bb6051", "doc12345"."""
    letters = sum(c.isalpha() for c in stem)
    digits = sum(c.isdigit() for c in stem)
    return " " not in stem and digits > letters


def _opening_words(text: str) -> str | None:
    """The text's first sentence, cut at a word near :data:`TITLE_WORDS_MAX` characters."""
    first = " ".join(text.strip().split("\n", 1)[0].split())
    if not first:
        return None
    for end in (". ", "? ", "! ", "। "):
        cut = first.find(end)
        if 0 < cut < TITLE_WORDS_MAX:
            return first[: cut + 1]
    if len(first) <= TITLE_WORDS_MAX:
        return first
    return first[:TITLE_WORDS_MAX].rsplit(" ", 1)[0] + "…"


def _first_heading(text: str, blocks: Sequence[Block]) -> str | None:
    for block in blocks[:50]:
        if block.kind is BlockKind.HEADING:
            heading = " ".join(text[block.start : block.end].split())
            if heading in NOTES_HEADINGS:  # added by importers, not the author's
                continue
            return heading[:200] or None
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read: {exc.strerror or exc}") from None


def _pdf(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.pdf import import_pdf

    return import_pdf(path)


def _image(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.image import import_image

    return import_image(path)


def _txt(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.textfile import import_text

    return import_text(path, _read_bytes(path))


def _md(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.markdown import import_markdown

    return import_markdown(path, _read_bytes(path))


def _html(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.html import import_html

    return import_html(path, _read_bytes(path))


def _docx(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.docx import import_docx

    return import_docx(path)


def _epub(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.epub import import_epub

    return import_epub(path)


def _odt(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.odt import import_odt

    return import_odt(path)


def _rtf(path: Path) -> ImportedDocument:
    from desktop_app.core.importers.rtf import import_rtf

    return import_rtf(path, _read_bytes(path))


_IMPORTERS: dict[str, Callable[[Path], ImportedDocument]] = {
    "pdf": _pdf,
    "html": _html,
    "docx": _docx,
    "epub": _epub,
    "odt": _odt,
    "rtf": _rtf,
    "txt": _txt,
    "md": _md,
    "image": _image,
}
