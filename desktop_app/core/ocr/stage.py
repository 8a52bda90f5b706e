"""The OCR step of importing: which pages, read them, rebuild the document.

Runs after the importer (:func:`guarded.import_file_guarded`) in the
import's extraction thread. Images are read page by page; a PDF's pages are
read when they have no usable text layer (``auto``), always, or never. The
recognised words replace those pages' text; the other pages keep theirs.
When Tesseract or a language pack is missing the document still imports,
with a warning that names what to install.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.language import detect_language
from desktop_app.core.ocr.marks import OCR_WARNING_PREFIX, pages_text
from desktop_app.core.ocr.pages import OcrSettings, PageOutcome, PageRenderer, read_pages
from desktop_app.core.ocr.tesseract import (
    DEFAULT_PAGE_TIMEOUT_S,
    debian_package,
    find_tesseract,
    install_hint,
    installed_languages,
)
from desktop_app.core.ocr.textlayer import judge
from desktop_app.core.ocr.title import ocr_title
from desktop_app.core.ocr.words import OcrPage, add_page_words
from desktop_app.core.pdf.pagemap import CharRuns, MappedPage, PageMap, ocr_page_from_words
from desktop_app.core.types import Block, ImportedDocument

PageProgress = Callable[[int, int], None]


class OcrMode(StrEnum):
    """When pages are read by OCR."""

    AUTO = "auto"
    """Pages without a usable text layer (none, or garbage)."""
    ALWAYS = "always"
    NEVER = "never"


@dataclass(frozen=True)
class OcrOptions:
    """The user's OCR choices for an import."""

    mode: OcrMode = OcrMode.AUTO
    languages: str | None = None
    """Tesseract codes joined by ``+``; None: each page's script decides (OSD)."""
    page_timeout_s: float = DEFAULT_PAGE_TIMEOUT_S
    workers: int | None = None


@dataclass
class OcrResult:
    """A document after its OCR step, with the words of its OCR'd pages."""

    document: ImportedDocument
    pages: list[OcrPage] = field(default_factory=list)


@dataclass
class _Plan:
    ocr: list[int]
    replacements: dict[int, str]
    reasons: dict[int, str]


def apply_ocr(
    path: Path,
    imported: ImportedDocument,
    options: OcrOptions,
    *,
    progress: PageProgress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> OcrResult:
    """Run the OCR step on an imported document (see the module docstring).

    Raises:
        Cancelled: when ``cancel()`` turned true (nothing is kept).
    """
    if imported.kind not in ("pdf", "image"):
        return OcrResult(imported)
    plan = _plan(imported, options)
    if not plan.ocr:
        if plan.replacements:
            return OcrResult(_rebuild(imported, {}, plan.replacements, []))
        return OcrResult(imported)
    warnings: list[str] = []
    executable = find_tesseract()
    if executable is None:
        warnings.append(
            f"{pages_text(plan.ocr)} could not be read by OCR: Tesseract is not installed; "
            + install_hint(["tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-osd"])
        )
        return OcrResult(_rebuild(imported, {}, plan.replacements, warnings))
    installed = installed_languages(executable)
    languages = _usable_languages(options.languages, installed, warnings)
    if options.languages and not languages:
        return OcrResult(_rebuild(imported, {}, plan.replacements, warnings))
    if languages is None and "osd" not in installed:
        warnings.append(
            "the script of each page cannot be detected, so pages are read as English "
            "and turned pages stay unread; " + install_hint(["tesseract-ocr-osd"])
        )
    settings = OcrSettings(languages, options.page_timeout_s, options.workers)
    renderer = PageRenderer(imported.kind, path)
    try:
        outcomes = read_pages(
            executable,
            installed,
            renderer,
            plan.ocr,
            settings,
            progress=progress,
            cancel=cancel,
        )
    finally:
        renderer.close()
    warnings.extend(_outcome_warnings(outcomes))
    pages: list[OcrPage] = []
    document = _rebuild(imported, outcomes, plan.replacements, warnings, pages)
    if document.metadata.title in (None, path.stem) and pages:
        document.metadata.title = ocr_title(document.text, pages[0]) or document.metadata.title
    return OcrResult(document, pages)


def _plan(imported: ImportedDocument, options: OcrOptions) -> _Plan:
    count = len(imported.page_starts)
    if imported.kind == "image":
        return _Plan([] if options.mode is OcrMode.NEVER else list(range(count)), {}, {})
    ocr: list[int] = []
    replacements: dict[int, str] = {}
    reasons: dict[int, str] = {}
    for index in range(count):
        text = _page_text(imported, index)
        unmapped = imported.unmapped[index] if index < len(imported.unmapped) else 0.0
        verdict = judge(text, unmapped=unmapped, languages=options.languages)
        if verdict.replacement is not None:
            replacements[index] = verdict.replacement
        if options.mode is OcrMode.ALWAYS or (options.mode is OcrMode.AUTO and verdict.ocr):
            ocr.append(index)
            reasons[index] = verdict.reason
    return _Plan(ocr, replacements, reasons)


def _page_range(imported: ImportedDocument, index: int) -> tuple[int, int]:
    starts = imported.page_starts
    end = starts[index + 1] if index + 1 < len(starts) else len(imported.text)
    return starts[index], end


def _page_text(imported: ImportedDocument, index: int) -> str:
    start, end = _page_range(imported, index)
    return imported.text[start:end]


def _page_blocks(imported: ImportedDocument, index: int) -> list[Block]:
    start, end = _page_range(imported, index)
    return [b for b in imported.blocks if start <= b.start < end or (b.start == start == end)]


def _usable_languages(
    requested: str | None, installed: frozenset[str], warnings: list[str]
) -> str | None:
    """The requested languages that are installed; warns about the others."""
    if requested is None:
        return None
    wanted = [code.strip() for code in requested.split("+") if code.strip()]
    missing = [code for code in wanted if code not in installed]
    if missing:
        packages = [debian_package(code) for code in missing]
        warnings.append(
            f"OCR language pack(s) not installed: {', '.join(missing)}; " + install_hint(packages)
        )
    usable = [code for code in wanted if code in installed]
    return "+".join(usable) if usable else ""


def _outcome_warnings(outcomes: dict[int, PageOutcome]) -> list[str]:
    warnings: list[str] = []
    failed = sorted(i for i, o in outcomes.items() if o.failure)
    if failed:
        first = outcomes[failed[0]].failure
        warnings.append(f"OCR failed on {pages_text(failed)} (the rest was read): {first}")
    missing: dict[str, list[int]] = {}
    for index, outcome in sorted(outcomes.items()):
        if outcome.missing_language:
            missing.setdefault(outcome.missing_language, []).append(index)
    for language, indexes in missing.items():
        verb = "needs" if len(indexes) == 1 else "need"
        warnings.append(
            f"{pages_text(indexes)} {verb} the OCR language '{language}', which is not "
            "installed; " + install_hint([debian_package(language)])
        )
    return warnings


def _rebuild(
    imported: ImportedDocument,
    outcomes: dict[int, PageOutcome],
    replacements: dict[int, str],
    warnings: list[str],
    pages: list[OcrPage] | None = None,
) -> ImportedDocument:
    """The document with OCR'd pages' words and converted pages in place."""
    builder = TextBuilder()
    read: list[int] = []
    languages: set[str] = set()
    mapped: list[MappedPage] = []
    for index in range(len(imported.page_starts)):
        builder.start_page()
        page_start = builder.page_starts[-1]
        outcome = outcomes.get(index)
        if outcome is not None and outcome.page is not None and outcome.rows:
            words = add_page_words(builder, outcome.rows, scale=72 / outcome.page.dpi)
            read.append(index)
            languages.add(outcome.languages)
            page = OcrPage(
                index,
                outcome.page.width,
                outcome.page.height,
                min(page_start, builder.length),
                builder.length,
                tuple(words),
                outcome.languages,
                outcome.rotation,
            )
            if pages is not None:
                pages.append(page)
            mapped.append(_ocr_mapped(page, _old_page(imported, index)))
            continue
        if index in replacements:
            for paragraph in replacements[index].split("\n\n"):
                builder.add(paragraph)
            shift = None  # new text: PDFium's characters no longer line up with it
        else:
            for block in _page_blocks(imported, index):
                builder.add(
                    imported.text[block.start : block.end], block.kind, block.level, clean=False
                )
            shift = min(page_start, builder.length) - imported.page_starts[index]
        old = _old_page(imported, index)
        if old is not None:
            mapped.append(_moved(old, min(page_start, builder.length), builder.length, shift))
    text = builder.text
    kept = [w for w in imported.warnings if not (text.strip() and w.startswith("holds no text"))]
    notes: list[str] = []
    if read:
        notes.append(
            f"{OCR_WARNING_PREFIX} {pages_text(read)} read by OCR (Tesseract, "
            f"{', '.join(sorted(languages))}); the text may hold recognition errors"
        )
    if replacements:
        notes.append(
            f"{pages_text(sorted(replacements))} converted from legacy Bengali (Bijoy) encoding"
        )
    metadata = imported.metadata
    if text.strip() and not metadata.language:
        metadata.language = detect_language(text)
    assert unicodedata.is_normalized("NFC", text)
    return ImportedDocument(
        text,
        builder.blocks,
        imported.kind,
        metadata,
        page_starts=builder.page_starts_clamped(),
        warnings=[*kept, *notes, *warnings],
        unmapped=imported.unmapped,
        page_map=_new_map(imported, mapped),
    )


def _old_page(imported: ImportedDocument, index: int) -> MappedPage | None:
    old = imported.page_map
    return old.pages[index] if old is not None and index < len(old.pages) else None


def _ocr_mapped(page: OcrPage, old: MappedPage | None) -> MappedPage:
    """The page map's page for an OCR'd page (its label and turn kept from the PDF)."""
    mapped = ocr_page_from_words(
        page.index,
        page.words,
        size=(page.width, page.height),
        text_start=page.text_start,
        text_end=page.text_end,
        label=old.label if old is not None else None,
    )
    # Boxes are on the page as shown; keep the PDF's /Rotate for what it says.
    return dataclasses.replace(mapped, rotation=old.rotation) if old is not None else mapped


def _moved(old: MappedPage, start: int, end: int, shift: int | None) -> MappedPage:
    """A page whose text was kept, at its new place; ``shift`` None: its text changed."""
    runs = None
    if shift is not None and old.runs is not None:
        runs = CharRuns(tuple(s + shift for s in old.runs.starts), old.runs.chars, old.runs.lengths)
    return MappedPage(
        old.index, start, end, old.width, old.height, old.rotation, old.label, runs=runs
    )


def _new_map(imported: ImportedDocument, mapped: list[MappedPage]) -> PageMap | None:
    """The rebuilt page map, or None when the importer made none (or pages went missing)."""
    old = imported.page_map
    if old is None or len(mapped) != len(old.pages):
        return None
    return PageMap(tuple(mapped), old.outline)


def import_with_ocr(
    path: Path,
    options: OcrOptions,
    *,
    progress: PageProgress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> OcrResult:
    """Import ``path`` (guarded, as every import) and run the OCR step on it.

    Raises:
        ImportFailed: for a file that cannot be read.
        Cancelled: when ``cancel()`` turned true.
    """
    from desktop_app.core.importers.guarded import import_file_guarded

    imported = import_file_guarded(path)
    return apply_ocr(path, imported, options, progress=progress, cancel=cancel)
