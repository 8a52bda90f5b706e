"""A PDF's title, author and outlet as printed on its first page.

The title is the most prominent text near the top of the first page: the
largest font size relative to the page's body text (bold breaks ties), one
to three lines of the same size set close together. Skipped on the way:
page numbers, running headers and footers (lines that recur on the next
pages), journal banners ("IEEE TRANSACTIONS ON …, VOL. X, NO. X"), web
addresses, notices ("Official - Subject to Final Review"), dates and
figure or table captions. A first page with almost no text (a cover with
only a logo, "This page intentionally left blank") hands over to page 2.

The printed title is then weighed against the metadata title with
:func:`titles.choose_title`; weaker evidence (a bold line at body size, a
running header naming the report, a standalone first line) is used only
when the metadata offers nothing. Author and outlet come from the page
when it names them: the byline right under the title, the journal named in
a banner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from desktop_app.core.dates import normalize_date
from desktop_app.core.importers import pdf_text_rules as rules
from desktop_app.core.importers.pdf_layout import PageLayout, Span, page_lines, read_layout
from desktop_app.core.importers.titles import (
    PrintedTitle,
    Strength,
    agree,
    choose_title,
    cut,
    join_lines,
    metadata_person,
    metadata_title,
    tidy,
)
from desktop_app.core.types import DocumentMetadata

TOP_FRACTION = 0.72
"""Titles start in the upper part of the page; lower text is never the title."""
STRONG_RATIO = 1.3
MEDIUM_RATIO = 1.12
MAX_TITLE_LINES = 3
MAX_RUNNERS_UP = 4
COVER_LETTERS = 40
"""A first page with fewer letters than this (outside boilerplate) is a cover."""
PAGES_FOR_RUNNING_HEADERS = 2


@dataclass(frozen=True)
class PrintedMetadata:
    """What the first pages print: title (with how sure), author, outlet."""

    title: PrintedTitle | None = None
    author: str | None = None
    source: str | None = None
    fallback: str | None = None
    """A running header or standalone first line: better than the file name only."""
    runners_up: tuple[str, ...] = ()
    """Other clearly prominent lines: the metadata may name one of them."""


def document_metadata(document: Any, *, file_stem: str) -> DocumentMetadata:
    """Title, author, outlet and date of an open ``pypdfium2.PdfDocument``.

    The caller holds PDFium's lock. ``file_stem`` is the file's name without
    extension (never a title by itself).
    """
    try:
        raw = document.get_metadata_dict(skip_empty=True)
    except Exception:  # a damaged information dictionary costs only the metadata
        raw = {}
    published = normalize_date(raw.get("CreationDate")) or normalize_date(raw.get("ModDate"))
    metadata = DocumentMetadata(author=tidy(raw.get("Author")) or None, published=published)
    _fill_metadata(document, metadata, raw, file_stem=file_stem)
    return metadata


def _fill_metadata(
    document: Any, metadata: DocumentMetadata, raw: dict[str, str], *, file_stem: str
) -> None:
    """Set ``metadata``'s title, author and outlet by the rules above.

    Args:
        document: An open ``pypdfium2.PdfDocument`` (the caller holds PDFium's lock).
        metadata: Filled from the PDF's information dictionary; changed in place.
        raw: That dictionary (``Title``, ``Author``, ``Creator``, ``Producer``).
        file_stem: The file's name without extension (never a title by itself).
    """
    meta_title = metadata_title(raw.get("Title"), file_stem=file_stem)
    for tool in (raw.get("Creator"), raw.get("Producer")):
        if meta_title and tool and tidy(tool).casefold() == meta_title.casefold():
            meta_title = None
    try:
        printed = read_printed(document)
    except Exception:  # layout is a nicety: the text import must go on
        printed = PrintedMetadata()
    title = printed.title
    if title and meta_title and not agree(title.text, meta_title):
        # A large series name or banner above the title: the metadata names the title.
        for other in printed.runners_up:
            if agree(other, meta_title):
                title = PrintedTitle(other, title.strength)
                break
    metadata.title = choose_title(title, meta_title) or printed.fallback
    if printed.author and not (metadata.author and _agrees(metadata.author, printed.author)):
        metadata.author = printed.author
    elif metadata.author:
        metadata.author = metadata_person(metadata.author)
    if printed.source and not metadata.source:
        metadata.source = printed.source


def read_printed(document: Any) -> PrintedMetadata:
    """Title, author and outlet from the layout of the first page (or two)."""
    count = len(document)
    if count == 0:
        return PrintedMetadata()
    result, cover = _read_page(read_layout(document, 0), _neighbours(document, 0))
    if result.title is None and cover and count > 1:
        following, _cover = _read_page(read_layout(document, 1), _neighbours(document, 1))
        return PrintedMetadata(
            following.title,
            following.author,
            result.source or following.source,
            result.fallback or following.fallback,
            following.runners_up,
        )
    return result


def _neighbours(document: Any, index: int) -> list[list[str]]:
    """Text lines of the pages after ``index`` (and the one before), for running headers."""
    pages = range(max(index - 1, 0), min(len(document), index + 1 + PAGES_FOR_RUNNING_HEADERS))
    return [page_lines(document, page) for page in pages if page != index]


def _read_page(layout: PageLayout, others: list[list[str]]) -> tuple[PrintedMetadata, bool]:
    """What the page prints, and whether it is a cover with next to no text."""
    running = rules.recurring_lines(others)
    kinds = rules.classify_page(layout, running)
    blocks = _title_blocks(layout, kinds)
    title = _as_title(layout, blocks[0]) if blocks else None
    author = _byline(layout, kinds, blocks[0]) if title else None
    fallback = (
        rules.running_name(layout, kinds)
        or _standalone_first_line(layout, kinds)
        or rules.caption(layout, kinds)
    )
    seconds = (_as_title(layout, block) for block in blocks[1:])
    runners_up = tuple(t.text for t in seconds if t and t.strength >= Strength.MEDIUM)
    printed = PrintedMetadata(title, author, rules.outlet(layout, kinds), fallback, runners_up)
    return printed, _is_cover(layout, kinds)


def _block_text(block: list[Span]) -> str:
    return rules.strip_numbering(join_lines([span.text for span in block]))


def _as_title(layout: PageLayout, block: list[Span]) -> PrintedTitle | None:
    """The block as a title, with how sure its size makes it, if it reads as one."""
    strength = _strength(layout, block[0])
    text = _block_text(block)
    shaped = rules.title_shaped(text)
    if strength is Strength.WEAK:
        shaped = shaped and rules.heading_shaped(text)
    return PrintedTitle(cut(text), strength) if strength > Strength.NONE and shaped else None


def _title_blocks(layout: PageLayout, kinds: list[str]) -> list[list[Span]]:
    """Candidate titles, most prominent first: a span and the same-size lines set with it."""
    candidates = [
        i
        for i, span in enumerate(layout.spans)
        if kinds[i] == rules.TEXT and layout.fraction(span) < TOP_FRACTION
    ]
    candidates.sort(key=lambda i: _prominence(layout, layout.spans[i]), reverse=True)
    blocks: list[list[Span]] = []
    used: set[int] = set()
    for start in candidates:
        if start in used:
            continue
        block = _grow(layout, kinds, start)
        used.update(block)
        blocks.append([layout.spans[i] for i in block])
        if len(blocks) > MAX_RUNNERS_UP:
            break
    return blocks


def _grow(layout: PageLayout, kinds: list[str], start: int) -> list[int]:
    """``start`` and the lines above and below that continue it."""
    block = [start]
    for step in (-1, 1):
        edge = start
        while len(block) < MAX_TITLE_LINES:
            following = _next_line(layout, edge, step)
            if following is None or kinds[following] != rules.TEXT:
                break
            if not _continues(layout.spans[edge], layout.spans[following]):
                break
            if step < 0:
                block.insert(0, following)
            else:
                block.append(following)
            edge = following
    return block


def _prominence(layout: PageLayout, span: Span) -> tuple[float, bool, float]:
    ratio = span.size / layout.body_size if layout.body_size else 1.0
    # Sizes within 5% count as equal; bold, then height on the page, decide.
    return (round(ratio / 0.05), span.bold and not layout.body_bold, -span.top)


def _strength(layout: PageLayout, span: Span) -> Strength:
    ratio = span.size / layout.body_size if layout.body_size else 1.0
    if ratio >= STRONG_RATIO:
        return Strength.STRONG
    if ratio >= MEDIUM_RATIO:
        return Strength.MEDIUM
    if ratio >= 0.95 and span.bold and not layout.body_bold and layout.fraction(span) < 0.4:
        return Strength.WEAK
    return Strength.NONE


def _next_line(layout: PageLayout, index: int, step: int) -> int | None:
    """The nearest span above (step -1) or below (+1) that overlaps horizontally."""
    span = layout.spans[index]
    others = range(index - 1, -1, -1) if step < 0 else range(index + 1, len(layout.spans))
    for other in others:
        candidate = layout.spans[other]
        same_line = abs(candidate.top - span.top) < 0.3 * span.size
        overlaps = candidate.left < span.right and span.left < candidate.right
        if not same_line and overlaps:
            return other
    return None


def _continues(previous: Span, line: Span) -> bool:
    """True when ``line`` continues the title ``previous`` belongs to."""
    if abs(line.size - previous.size) > 0.08 * previous.size or line.bold != previous.bold:
        return False
    gap = max(line.top - previous.bottom, previous.top - line.bottom)
    return gap <= 0.9 * previous.size


def _byline(layout: PageLayout, kinds: list[str], title: list[Span]) -> str | None:
    """Authors named on the line(s) right under the title, if they look like names."""
    last = title[-1]
    names: list[str] = []
    bottom = last.bottom
    for line in _lines_below(layout, kinds, last)[:3]:
        main = max(span.size for span in line)
        if main >= last.size * 0.95 or main < layout.body_size * 0.85:
            break
        if line[0].top - bottom > 2.5 * last.size:
            break
        # Footnote marks and affiliation numbers are set smaller: leave them out.
        text = " ".join(span.text for span in line if span.size >= 0.85 * main)
        name = rules.names_line(text)
        if name is None:
            break
        names.append(name)
        bottom = max(span.bottom for span in line)
    return metadata_person(", ".join(names)) if names else None


def _lines_below(layout: PageLayout, kinds: list[str], span: Span) -> list[list[Span]]:
    """The visual lines under ``span``, each as its spans left to right."""
    lines: list[list[Span]] = []
    for index, other in enumerate(layout.spans):
        if other.top < span.bottom - 1 or other.rotated:
            continue
        if kinds[index] not in (rules.TEXT, rules.OTHER):
            break
        if lines and abs(other.top - lines[-1][0].top) < 0.5 * max(other.size, 1.0):
            lines[-1].append(other)
        else:
            lines.append([other])
        if len(lines) > 4:
            break
    return [sorted(line, key=lambda s: s.left) for line in lines[:4]]


def _standalone_first_line(layout: PageLayout, kinds: list[str]) -> str | None:
    """The page's first line when it stands alone like a heading, or its first
    numbered heading ("5.4.8 Calculation of …"): the last guesses."""
    spans = [s for i, s in enumerate(layout.spans) if kinds[i] == rules.TEXT]
    for position, span in enumerate(spans):
        following = spans[position + 1] if position + 1 < len(spans) else None
        alone = following is None or following.top - span.bottom >= 0.5 * span.size
        numbered = rules.strip_numbering(span.text) != span.text.strip()
        if (position >= 3 and not numbered) or layout.fraction(span) > TOP_FRACTION:
            continue
        if alone and rules.heading_shaped(span.text):
            return cut(rules.strip_numbering(span.text))
    return None


def _is_cover(layout: PageLayout, kinds: list[str]) -> bool:
    letters = sum(
        rules.letters(span.text)
        for span, kind in zip(layout.spans, kinds, strict=True)
        if kind == rules.TEXT
    )
    return letters < COVER_LETTERS


def _agrees(first: str, second: str) -> bool:
    a = regex.sub(r"[^\p{L}]+", "", first.casefold())
    b = regex.sub(r"[^\p{L}]+", "", second.casefold())
    return bool(a) and bool(b) and (a in b or b in a)
