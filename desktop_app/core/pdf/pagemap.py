"""The page map: where each page's text lies in the canonical text, and back.

One contract for everything drawn on a PDF page (docs/PAGEMAP.md): per page,
the canonical offset range of its text, its size and rotation, its printed
label, and how canonical offsets map to things on the page:

* **pdfium** pages: runs of consecutive canonical offsets that map to
  consecutive PDFium character indices (:class:`CharRuns`). Boxes come from
  PDFium when needed (:mod:`desktop_app.core.pdf.geometry`).
* **ocr** pages: recognised words with their boxes (:class:`OcrWord`),
  stored, since the page holds no text PDFium could box.
* a page with neither maps nothing (a blank page, a figure).

Coordinates are page points (1/72 inch) of the page *as shown* (its
``/Rotate`` applied), origin at the top-left corner, y downwards. Offsets
are canonical code-point offsets, as everywhere in the core.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Box = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)`` in page points, top-left origin, ``x0 <= x1``, ``y0 <= y1``."""

PageSource = Literal["pdfium", "ocr", "none"]

FORMAT_VERSION = 1
"""Bumped when what the map means changes; older stored maps are then recomputed."""


@dataclass(frozen=True)
class CharRuns:
    """Canonical offsets ↔ PDFium character indices of one page, run-length encoded.

    Run ``i`` maps offsets ``starts[i] .. starts[i] + lengths[i] - 1`` to
    character indices ``chars[i] ..`` one for one. Runs are ordered and do
    not overlap, in both offsets and character indices (the canonical text
    follows PDFium's reading order). Offsets between runs (paragraph breaks,
    the space that joins two lines) map to no character.
    """

    starts: tuple[int, ...] = ()
    chars: tuple[int, ...] = ()
    lengths: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not len(self.starts) == len(self.chars) == len(self.lengths):
            raise ValueError("a page's runs need as many starts, chars and lengths")

    @classmethod
    def from_triples(cls, triples: Sequence[tuple[int, int, int]]) -> CharRuns:
        """Runs from ``(offset, char, length)`` triples; neighbours that continue merge."""
        starts: list[int] = []
        chars: list[int] = []
        lengths: list[int] = []
        for offset, char, length in sorted(triples):
            if length <= 0:
                continue
            if starts and offset < starts[-1] + lengths[-1]:
                continue  # overlaps the previous run: keep the first mapping
            if chars and char < chars[-1] + lengths[-1]:
                continue  # would run backwards in PDFium's order
            if starts and offset == starts[-1] + lengths[-1] and char == chars[-1] + lengths[-1]:
                lengths[-1] += length
                continue
            starts.append(offset)
            chars.append(char)
            lengths.append(length)
        return cls(tuple(starts), tuple(chars), tuple(lengths))

    @classmethod
    def from_ordered(cls, triples: Sequence[tuple[int, int, int]]) -> CharRuns:
        """Runs from triples already in order, not overlapping and not touching.

        What :func:`desktop_app.core.pdf.textmap.align_page` produces; use
        :meth:`from_triples` for triples of unknown order.
        """
        if not triples:
            return cls()
        starts, chars, lengths = zip(*triples, strict=True)
        return cls(starts, chars, lengths)

    def __len__(self) -> int:
        return len(self.starts)

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        # Pickled as packed integers: maps travel from the import worker, and
        # a book's tens of thousands of runs pickle five times faster so.
        return _unpack_runs, (self.packed(),)

    def packed(self) -> bytes:
        """The runs as native int32: every start, then every char, then every length."""
        return array("i", (*self.starts, *self.chars, *self.lengths)).tobytes()

    def triples(self) -> Iterator[tuple[int, int, int]]:
        """``(offset, char, length)`` of each run."""
        return zip(self.starts, self.chars, self.lengths, strict=True)

    def char_at(self, offset: int) -> int | None:
        """The PDFium character index of a canonical offset, if it maps to one."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.starts[i] + self.lengths[i]:
            return self.chars[i] + offset - self.starts[i]
        return None

    def offset_of(self, char: int) -> int | None:
        """The canonical offset of a PDFium character index, if it maps to one."""
        i = bisect.bisect_right(self.chars, char) - 1
        if i >= 0 and char < self.chars[i] + self.lengths[i]:
            return self.starts[i] + char - self.chars[i]
        return None

    def pieces(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """``(offset, char, length)`` pieces of the runs inside ``[start, end)``."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        while i < len(self.starts) and self.starts[i] < end:
            lo = max(start, self.starts[i])
            hi = min(end, self.starts[i] + self.lengths[i])
            if lo < hi:
                yield lo, self.chars[i] + lo - self.starts[i], hi - lo
            i += 1

    @property
    def mapped(self) -> int:
        """How many canonical offsets map to a character."""
        return sum(self.lengths)


def _unpack_runs(packed: bytes) -> CharRuns:
    values = array("i")
    values.frombytes(packed)
    n = len(values) // 3
    return CharRuns(tuple(values[:n]), tuple(values[n : 2 * n]), tuple(values[2 * n :]))


@dataclass(frozen=True)
class OcrWord:
    """A recognised word: its canonical span ``[start, end)`` and its box on the page.

    ``box`` is in page points, top-left origin, of the page as shown. ``line``
    and ``block`` number the word's line and block on its page (reading
    order); ``confidence`` is the recogniser's, 0-100.
    """

    text: str
    start: int
    end: int
    box: Box
    confidence: float = 0.0
    line: int = 0
    block: int = 0


class RecognizedWord(Protocol):
    """What OCR hands over for one word, before it has canonical offsets.

    ``box`` is ``(left, top, right, bottom)`` in pixels of the page image.
    """

    @property
    def text(self) -> str: ...

    @property
    def box(self) -> tuple[float, float, float, float]: ...

    @property
    def line(self) -> int: ...

    @property
    def block(self) -> int: ...

    @property
    def confidence(self) -> float: ...


@dataclass(frozen=True)
class MappedPage:
    """One physical page of a document in the page map.

    ``index`` is 0-based. ``[text_start, text_end)`` is the page's canonical
    text (empty when the page has none). ``width`` and ``height`` are the
    page's size in points as shown (``rotation``, clockwise degrees, already
    applied). ``label`` is the printed page label (``/PageLabels``), or None.
    """

    index: int
    text_start: int
    text_end: int
    width: float
    height: float
    rotation: int = 0
    label: str | None = None
    runs: CharRuns | None = None
    words: tuple[OcrWord, ...] | None = None

    @property
    def source(self) -> PageSource:
        """Where the page's boxes come from: PDFium, OCR words, or nowhere."""
        if self.words is not None:
            return "ocr"
        if self.runs is not None and len(self.runs):
            return "pdfium"
        return "none"

    @property
    def number(self) -> int:
        """The 1-based physical page number."""
        return self.index + 1

    @property
    def display_label(self) -> str:
        """The printed label, or the physical page number when there is none."""
        return self.label or str(self.number)


@dataclass(frozen=True)
class OutlineEntry:
    """One bookmark of the PDF's outline; ``page`` is 0-based, or None without a target."""

    title: str
    page: int | None
    level: int

    def to_json(self, labels: PageMap | None = None) -> dict[str, object]:
        """The shape printed by ``sourcebook show --outline``: 1-based page, level from 1."""
        data: dict[str, object] = {
            "title": self.title,
            "page": None if self.page is None else self.page + 1,
            "level": self.level,
        }
        if labels is not None and self.page is not None and self.page < len(labels.pages):
            data["label"] = labels.pages[self.page].display_label
        return data


@dataclass(frozen=True)
class PageMap:
    """A document's pages in the canonical text, with the file hash it was made from."""

    pages: tuple[MappedPage, ...]
    outline: tuple[OutlineEntry, ...] = ()
    sha256: str = ""
    """SHA-256 of the file the map was computed from ("" until stored)."""
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(p.text_start for p in self.pages))

    def with_sha256(self, sha256: str) -> PageMap:
        """The same map, marked as computed from the file with this hash."""
        return PageMap(self.pages, self.outline, sha256)

    def __len__(self) -> int:
        return len(self.pages)

    @property
    def has_labels(self) -> bool:
        """True when the PDF prints page labels (``/PageLabels``)."""
        return any(p.label for p in self.pages)

    def labels(self) -> list[str]:
        """The label to show for each page (the physical number where none is printed)."""
        return [p.display_label for p in self.pages]

    def page_at(self, offset: int) -> MappedPage | None:
        """The page whose text holds ``offset`` (the last page starting at or before it)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.pages[max(i, 0)] if self.pages else None

    def pages_between(self, start: int, end: int) -> list[MappedPage]:
        """Pages whose text overlaps ``[start, end)``, in order."""
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        last = bisect.bisect_left(self._starts, end)
        return [
            p
            for p in self.pages[first : max(last, first + 1)]
            if p.text_start < end and start < p.text_end and p.text_start < p.text_end
        ]

    def find_label(self, label: str) -> int | None:
        """The 0-based index of the page printed with ``label`` (first match), if any."""
        wanted = label.strip()
        for page in self.pages:
            if page.label is not None and page.label == wanted:
                return page.index
        wanted = wanted.casefold()
        for page in self.pages:
            if page.label is not None and page.label.casefold() == wanted:
                return page.index
        return None


MAX_PAGE_POINTS = 1_000_000.0
"""Larger page sides than any real PDF (PDF itself stops at 14,400 units)."""

_ROTATIONS = frozenset({0, 90, 180, 270})


def map_problem(page_map: PageMap, text_length: int) -> str | None:
    """Why ``page_map`` cannot describe a text of ``text_length``, or None when it can.

    A stored map is input like any other (a restored backup may hold anything):
    pages in order, ranges inside the text, sizes and turns that exist, runs
    and words ordered and inside their page.
    """
    for number, page in enumerate(page_map.pages):
        if page.index != number:
            return "its pages are not in order"
        if not 0 <= page.text_start <= page.text_end <= text_length:
            return f"page {number + 1} lies outside the text"
        sizes_ok = all(
            isinstance(v, float) and 0 < v <= MAX_PAGE_POINTS for v in (page.width, page.height)
        )
        if not sizes_ok or page.rotation not in _ROTATIONS:
            return f"page {number + 1} has no sensible size"
        if page.label is not None and (not isinstance(page.label, str) or len(page.label) > 200):
            return f"page {number + 1} has a strange label"
        if page.runs is not None and not _runs_fit(page.runs, page.text_start, page.text_end):
            return f"the characters of page {number + 1} are out of order"
        if page.words is not None and not _words_fit(page.words, page.text_start, page.text_end):
            return f"the words of page {number + 1} are out of order"
    count = len(page_map.pages)
    for entry in page_map.outline:
        if entry.page is not None and not 0 <= entry.page < count:
            return "its outline points outside the document"
    return None


def _runs_fit(runs: CharRuns, start: int, end: int) -> bool:
    offset_end = start
    char_end = 0
    for offset, char, length in runs.triples():
        if length <= 0 or offset < offset_end or char < char_end:
            return False
        offset_end, char_end = offset + length, char + length
    return offset_end <= end


def _words_fit(words: Sequence[OcrWord], start: int, end: int) -> bool:
    previous = start
    for word in words:
        if not previous <= word.start < word.end <= end:
            return False
        x0, y0, x1, y1 = word.box
        if not (0 <= x0 <= x1 <= MAX_PAGE_POINTS and 0 <= y0 <= y1 <= MAX_PAGE_POINTS):
            return False
        previous = word.end
    return True


def ocr_page(
    index: int,
    words: Sequence[RecognizedWord],
    spans: Sequence[tuple[int, int] | None],
    *,
    image_size: tuple[int, int],
    dpi: float,
    text_start: int,
    text_end: int,
    page_size: tuple[float, float] | None = None,
    label: str | None = None,
) -> MappedPage:
    """A page of the map from OCR output.

    Args:
        index: The physical page index, 0-based.
        words: The recognised words, in reading order; boxes in image pixels.
        spans: Each word's ``(start, end)`` in the canonical text, or None for a
            word that did not make it into the text (it then maps nothing).
        image_size: ``(width, height)`` of the page image in pixels.
        dpi: The image's resolution; a pixel is ``72 / dpi`` points.
        text_start: Where the page's text starts in the canonical text.
        text_end: Where it ends (exclusive).
        page_size: The page's size in points as shown, when known (a PDF page);
            otherwise the image's size at ``dpi``.
        label: The printed page label, if any.

    Raises:
        ValueError: when ``words`` and ``spans`` differ in length or ``dpi`` <= 0.
    """
    if len(words) != len(spans):
        raise ValueError("every recognised word needs its span (or None)")
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    scale = 72.0 / dpi
    width, height = page_size or (image_size[0] * scale, image_size[1] * scale)
    mapped: list[OcrWord] = []
    for word, span in zip(words, spans, strict=True):
        if span is None or span[1] <= span[0]:
            continue
        left, top, right, bottom = word.box
        mapped.append(
            OcrWord(
                text=word.text,
                start=span[0],
                end=span[1],
                box=(left * scale, top * scale, right * scale, bottom * scale),
                confidence=float(word.confidence),
                line=int(word.line),
                block=int(word.block),
            )
        )
    return ocr_page_from_words(
        index,
        mapped,
        size=(width, height),
        text_start=text_start,
        text_end=text_end,
        label=label,
    )


def ocr_page_from_words(
    index: int,
    words: Sequence[OcrWord],
    *,
    size: tuple[float, float],
    text_start: int,
    text_end: int,
    label: str | None = None,
) -> MappedPage:
    """A page of the map from words that already carry offsets and boxes in points.

    Words are kept in canonical order; empty and overlapping spans are dropped.
    """
    kept: list[OcrWord] = []
    for word in sorted(words, key=lambda w: (w.start, w.end)):
        if word.end <= word.start or (kept and word.start < kept[-1].end):
            continue
        kept.append(word)
    return MappedPage(
        index=index,
        text_start=text_start,
        text_end=text_end,
        width=float(size[0]),
        height=float(size[1]),
        rotation=0,
        label=label,
        words=tuple(kept),
    )
