"""Page layouts kept between openings: the same answers without PDFium, and untrusted rows refused.

Layouts are measured by the real render helper on real PDFs, kept in a real
SQLite cache file, and read back by a new DocumentGeometry whose box source
counts the pages it is asked for.
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.importers.pdf import import_pdf
from desktop_app.core.pdf import layout_cache
from desktop_app.core.pdf.geometry import DocumentGeometry
from desktop_app.core.pdf.layout import PageLayout
from desktop_app.core.pdf.layout_cache import LayoutCache
from desktop_app.core.pdf.pagemap import PageMap
from desktop_app.core.pdf.render import PageRenderer
from desktop_app.core.store import layout_cache_repo
from desktop_app.core.types import ImportedDocument
from tests.core.pdf.samples import many_pages, two_columns

SHA = "ab" * 32


def _document(path: Path) -> ImportedDocument:
    doc = import_pdf(path)
    assert doc.page_map is not None
    return doc


def _counting(path: Path, renderer: PageRenderer, asked: list[int]) -> Callable[[int], np.ndarray]:
    def boxes(index: int) -> np.ndarray:
        asked.append(index)
        return renderer.char_boxes(path, index)

    return boxes


def _geometry(
    path: Path,
    doc: ImportedDocument,
    renderer: PageRenderer,
    kept: LayoutCache | None = None,
    asked: list[int] | None = None,
) -> DocumentGeometry:
    """The document's geometry, boxes measured by the real helper (counted in ``asked``)."""
    boxes = _counting(path, renderer, asked if asked is not None else [])
    return DocumentGeometry(_page_map(doc), doc.text, boxes, kept=kept)


def _spans(text: str, count: int, seed: int = 7) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        start = rng.randrange(len(text))
        spans.append((start, min(len(text), start + rng.randint(1, 400))))
    return spans


def _measured(
    tmp_path: Path, renderer: PageRenderer, pages: int = 6
) -> tuple[Path, ImportedDocument]:
    path = tmp_path / "book.pdf"
    many_pages(path, pages)
    return path, _document(path)


def _page_map(doc: ImportedDocument) -> PageMap:
    assert doc.page_map is not None
    return doc.page_map


def test_a_later_opening_places_every_highlight_the_same_without_measuring(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path, doc = _measured(tmp_path, renderer)
    cache_file = tmp_path / "cache" / "layouts.db"
    asked: list[int] = []
    first = _geometry(path, doc, renderer, LayoutCache(cache_file, SHA, _page_map(doc)), asked)
    spans = _spans(doc.text, 300)
    before = [first.rects(s, e) for s, e in spans]
    first.keep_measured()
    assert sorted(asked) == list(range(len(_page_map(doc).pages)))
    asked.clear()
    later = _geometry(path, doc, renderer, LayoutCache(cache_file, SHA, _page_map(doc)), asked)
    assert [later.rects(s, e) for s, e in spans] == before
    assert asked == []  # nothing measured again
    # Points answer the same too (word and line under the mouse).
    assert later.word_at(0, 100, 100) == first.word_at(0, 100, 100)
    assert later.line_at(2, 100, 300) == first.line_at(2, 100, 300)


def _reference_rects(built: PageLayout, start: int, end: int) -> list[tuple[float, ...]]:
    """Character by character: each touched segment's covered extent along the line."""
    rects = []
    for s in range(len(built.first)):
        chars = [
            i
            for i in range(int(built.first[s]), int(built.last[s]) + 1)
            if start <= built.offsets[i] < end
        ]
        if not chars:
            continue
        box = built.segment_boxes[s]
        part = built.boxes[chars]
        if built.vertical[s]:
            rect = (box[0], part[:, 1].min(), box[2], part[:, 3].max())
        else:
            rect = (part[:, 0].min(), box[1], part[:, 2].max(), box[3])
        rects.append(tuple(float(v) for v in rect))
    return rects


def test_rectangles_equal_a_character_by_character_reference(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc = _document(path)
    geometry = _geometry(path, doc, renderer)
    built = geometry.layout(0)
    assert len(built.first) > 4
    for start, end in [*_spans(doc.text, 400, seed=3), (0, len(doc.text)), (5, 6)]:
        assert built.rects(start, end) == _reference_rects(built, start, end)


def _rows(cache_file: Path) -> dict[int, bytes]:
    with sqlite3.connect(cache_file) as db:
        return dict(db.execute("SELECT page, data FROM pages"))


def _replace_row(cache_file: Path, page: int, data: bytes) -> None:
    with sqlite3.connect(cache_file) as db:
        db.execute("UPDATE pages SET data = ? WHERE page = ?", [data, page])
    db.close()


def _header(count: int, segments: int) -> bytes:
    return struct.pack("<3i", count, segments, layout_cache.FORMAT)


def _tampered(good: bytes) -> list[bytes]:
    count, segments, _ = struct.unpack_from("<3i", good)
    body = bytearray(good)
    nan_box = bytearray(good)
    nan_box[12 + 4 * (count + segments) : 16 + 4 * (count + segments)] = struct.pack("<f", np.nan)
    unordered = bytearray(good)
    unordered[12:16] = struct.pack("<i", 10**8)  # the first offset far past the page
    last_back = bytearray(good)
    at = 12 + 4 * count
    last_back[at : at + 4] = struct.pack("<i", count + 5)  # a segment ending past the page
    return [
        b"",
        b"\x00" * 7,
        bytes(body[:-1]),  # cut short
        _header(10**9, 1) + bytes(body[12:]),  # a count that would allocate gigabytes
        _header(count, segments)[:8] + struct.pack("<i", 99) + bytes(body[12:]),  # other format
        bytes(nan_box),
        bytes(unordered),
        bytes(last_back),
        random.Random(5).randbytes(len(good)),
    ]


@pytest.mark.parametrize("case", range(9))
def test_a_damaged_or_hostile_row_is_ignored_and_measured_again(
    tmp_path: Path, renderer: PageRenderer, case: int
) -> None:
    path, doc = _measured(tmp_path, renderer, pages=2)
    page_map = _page_map(doc)
    cache_file = tmp_path / "layouts.db"
    first = _geometry(path, doc, renderer, LayoutCache(cache_file, SHA, page_map))
    expected = first.rects(0, len(doc.text))
    first.keep_measured()
    _replace_row(cache_file, 1, _tampered(_rows(cache_file)[1])[case])
    asked: list[int] = []
    later = _geometry(path, doc, renderer, LayoutCache(cache_file, SHA, page_map), asked)
    assert later.rects(0, len(doc.text)) == expected
    assert asked == [1]  # the bad page measured again, the good one read
    later.keep_measured()  # and kept in the bad row's place
    assert layout_cache.decode(page_map.pages[1], _rows(cache_file)[1]) is not None


def test_a_file_that_is_no_database_is_removed_and_pages_are_measured(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path, doc = _measured(tmp_path, renderer, pages=2)
    page_map = _page_map(doc)
    cache_file = tmp_path / "layouts.db"
    cache_file.write_bytes(b"not a database at all" * 100)
    kept = LayoutCache(cache_file, SHA, page_map)
    geometry = _geometry(path, doc, renderer, kept)
    assert geometry.rects(0, 10)
    assert not cache_file.exists()
    geometry.layout(1)
    geometry.keep_measured()
    assert sorted(LayoutCache(cache_file, SHA, page_map).load()) == [0, 1]


def test_layouts_of_another_page_map_of_the_same_file_are_not_used(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    """Read again by OCR: the same original, a new page map; what was kept is dropped."""
    path, doc = _measured(tmp_path, renderer, pages=2)
    page_map = _page_map(doc)
    cache_file = tmp_path / "layouts.db"
    kept = LayoutCache(cache_file, SHA, page_map)
    geometry = _geometry(path, doc, renderer, kept)
    geometry.layout(0)
    geometry.layout(1)
    geometry.keep_measured()
    shifted = PageMap(
        tuple(
            dataclasses.replace(p, text_start=p.text_start + 1, text_end=p.text_end + 1)
            for p in page_map.pages
        ),
        sha256=page_map.sha256,
    )
    assert LayoutCache(cache_file, SHA, shifted).load() == {}
    assert LayoutCache(cache_file, SHA, page_map).load() == {}  # dropped, not kept beside


def test_keeping_never_fails_an_opening(tmp_path: Path, renderer: PageRenderer) -> None:
    path, doc = _measured(tmp_path, renderer, pages=2)
    page_map = _page_map(doc)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be")
    kept = LayoutCache(blocker / "layouts.db", SHA, page_map)
    geometry = _geometry(path, doc, renderer, kept)
    geometry.layout(0)
    geometry.keep_measured()  # logged, not raised
    assert geometry.rects(0, 5)


def test_the_cache_keeps_under_its_size_dropping_the_least_recently_used(
    tmp_path: Path, renderer: PageRenderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, doc = _measured(tmp_path, renderer, pages=2)
    page_map = _page_map(doc)
    cache_file = tmp_path / "layouts.db"
    one = _geometry(path, doc, renderer)
    layouts = {0: one.layout(0), 1: one.layout(1)}
    size = sum(len(layout_cache.encode(b)) for b in layouts.values())
    monkeypatch.setattr(layout_cache, "MAX_BYTES", int(2.5 * size))
    for n in range(3):
        LayoutCache(cache_file, f"{n:064x}", page_map).save(layouts)
    assert LayoutCache(cache_file, f"{0:064x}", page_map).load() == {}
    assert sorted(LayoutCache(cache_file, f"{2:064x}", page_map).load()) == [0, 1]
    layout_cache_repo.forget_documents(cache_file, [f"{2:064x}"])
    assert LayoutCache(cache_file, f"{2:064x}", page_map).load() == {}
