"""Carrying a fresh page map over to a document's stored text, which may differ.

A document imported before page maps existed keeps its stored canonical
text (annotations are anchored in it). Its map is computed by reading the
original again; when today's importer makes a slightly different text, the
map's offsets are moved onto the stored text page by page, along the
``equal`` stretches of rapidfuzz's alignment (``Indel.opcodes``). Characters
that differ map to nothing, so a highlight there is drawn a little shorter,
never at a wrong place.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Indel

from desktop_app.core.pdf.pagemap import CharRuns, MappedPage, PageMap

MAX_WHOLE_TEXT = 20_000
"""Longest text aligned in one piece when its pages cannot be paired."""


def realign(
    page_map: PageMap, new_text: str, old_text: str, old_page_starts: Sequence[int]
) -> PageMap:
    """``page_map`` (made for ``new_text``) with its offsets moved onto ``old_text``.

    Args:
        page_map: The map a fresh import produced.
        new_text: The text that import produced.
        old_text: The stored text the map must describe.
        old_page_starts: Where each page starts in ``old_text``.
    """
    if new_text == old_text:
        return page_map
    pages = page_map.pages
    if len(old_page_starts) == len(pages):
        bounds = [
            (start, old_page_starts[i + 1] if i + 1 < len(pages) else len(old_text))
            for i, start in enumerate(old_page_starts)
        ]
        moved = tuple(
            _moved(page, new_text, old_text, lo, hi)
            for page, (lo, hi) in zip(pages, bounds, strict=True)
        )
    elif max(len(new_text), len(old_text)) <= MAX_WHOLE_TEXT:
        moved = _moved_whole(pages, new_text, old_text)
    else:  # pages cannot be paired and the text is too long to align at once
        moved = tuple(_unmapped(page, len(old_text)) for page in pages)
    return PageMap(moved, page_map.outline, page_map.sha256)


def _moved(page: MappedPage, new_text: str, old_text: str, lo: int, hi: int) -> MappedPage:
    """One page moved onto ``old_text[lo:hi]``."""
    old_end = lo + len(old_text[lo:hi].rstrip())
    runs = None
    if page.runs is not None:
        blocks = _equal_blocks(new_text[page.text_start : page.text_end], old_text[lo:old_end])
        runs = _translate(page.runs, blocks, page.text_start, lo)
    return _with(page, lo, max(lo, old_end), runs)


def _moved_whole(
    pages: Sequence[MappedPage], new_text: str, old_text: str
) -> tuple[MappedPage, ...]:
    blocks = _equal_blocks(new_text, old_text)
    moved = []
    for page in pages:
        start = _translate_offset(page.text_start, blocks, len(old_text))
        end = max(start, _translate_offset(page.text_end, blocks, len(old_text)))
        runs = _translate(page.runs, blocks, 0, 0) if page.runs is not None else None
        moved.append(_with(page, start, end, runs))
    return tuple(moved)


def _equal_blocks(new: str, old: str) -> list[tuple[int, int, int]]:
    """``(new_start, old_start, length)`` of the stretches the two texts share."""
    return [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in Indel.opcodes(new, old)
        if op.tag == "equal"
    ]


def _translate(
    runs: CharRuns, blocks: list[tuple[int, int, int]], new_base: int, old_base: int
) -> CharRuns:
    triples = []
    for offset, char, length in runs.triples():
        lo, hi = offset - new_base, offset - new_base + length
        for new_start, old_start, size in blocks:
            a, b = max(lo, new_start), min(hi, new_start + size)
            if a < b:
                triples.append((old_base + old_start + a - new_start, char + a - lo, b - a))
    return CharRuns.from_triples(triples)


def _translate_offset(offset: int, blocks: list[tuple[int, int, int]], limit: int) -> int:
    for new_start, old_start, size in blocks:
        if new_start <= offset < new_start + size:
            return old_start + offset - new_start
        if new_start > offset:
            return min(old_start, limit)
    return limit


def _with(page: MappedPage, start: int, end: int, runs: CharRuns | None) -> MappedPage:
    return MappedPage(
        page.index, start, end, page.width, page.height, page.rotation, page.label, runs, page.words
    )


def _unmapped(page: MappedPage, length: int) -> MappedPage:
    return _with(page, length, length, None)
