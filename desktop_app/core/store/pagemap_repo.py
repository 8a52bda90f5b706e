"""SQL for page maps: one row per document, one per page, runs as packed integers.

A page's runs are stored as one BLOB of little-endian int32 triples
``(offset, char, length)`` — a few hundred bytes a page — and OCR words as
compact JSON arrays. A map stored in an older :data:`FORMAT_VERSION` reads as
missing, so it is computed again.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable

from sqlite_utils import Database

from desktop_app.core.pdf.pagemap import (
    FORMAT_VERSION,
    CharRuns,
    MappedPage,
    OcrWord,
    OutlineEntry,
    PageMap,
    map_problem,
)
from desktop_app.core.store.clock import now_iso

_BIG_ENDIAN = sys.byteorder == "big"


def save(db: Database, doc_id: int, page_map: PageMap, sha256: str) -> None:
    """Store ``page_map`` for ``doc_id`` (replacing any), made from the file ``sha256``."""
    delete(db, doc_id)
    outline = [[e.title, e.page, e.level] for e in page_map.outline]
    db.execute(
        "INSERT INTO page_maps (doc_id, sha256, format, outline, computed_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [doc_id, sha256, FORMAT_VERSION, json.dumps(outline, ensure_ascii=False), now_iso()],
    )
    db.conn.executemany(
        "INSERT INTO page_map_pages (doc_id, page, text_start, text_end, width, height, "
        "rotation, label, runs, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_page_row(doc_id, page) for page in page_map.pages],
    )


def replace(db: Database, doc_id: int, page_map: PageMap | None, sha256: str) -> None:
    """Store the map an import produced, or drop a stale one when it produced none."""
    if page_map is None:
        delete(db, doc_id)
    else:
        save(db, doc_id, page_map, sha256)


def delete(db: Database, doc_id: int) -> None:
    """Forget the page map of ``doc_id`` (its pages go with it)."""
    db.execute("DELETE FROM page_map_pages WHERE doc_id = ?", [doc_id])
    db.execute("DELETE FROM page_maps WHERE doc_id = ?", [doc_id])


def load(db: Database, doc_id: int) -> PageMap | None:
    """The stored page map of ``doc_id``, or None when there is none that can be used.

    A map in another format, or one that does not fit the document's text
    (:func:`~desktop_app.core.pdf.pagemap.map_problem`: a doctored backup,
    say), reads as missing, so it is computed again.
    """
    head = db.execute(
        "SELECT m.sha256, m.format, m.outline, length(c.text) FROM page_maps m "
        "JOIN document_content c ON c.doc_id = m.doc_id WHERE m.doc_id = ?",
        [doc_id],
    ).fetchone()
    if head is None or head[1] != FORMAT_VERSION:
        return None
    rows = db.execute(
        "SELECT page, text_start, text_end, width, height, rotation, label, runs, words "
        "FROM page_map_pages WHERE doc_id = ? ORDER BY page",
        [doc_id],
    ).fetchall()
    try:
        page_map = PageMap(tuple(_page(row) for row in rows), _outline(head[2]), str(head[0]))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return None  # json.JSONDecodeError is a ValueError
    return None if map_problem(page_map, int(head[3])) else page_map


def stored_sha256(db: Database, doc_id: int) -> str | None:
    """The hash of the file the stored map was computed from, if a current map exists."""
    row = db.execute(
        "SELECT sha256 FROM page_maps WHERE doc_id = ? AND format = ?", [doc_id, FORMAT_VERSION]
    ).fetchone()
    return str(row[0]) if row else None


def labels(db: Database, doc_id: int) -> list[str | None]:
    """Printed page labels by physical page (empty when no map is stored)."""
    rows = db.execute(
        "SELECT p.label FROM page_map_pages p JOIN page_maps m ON m.doc_id = p.doc_id "
        "WHERE p.doc_id = ? AND m.format = ? ORDER BY p.page",
        [doc_id, FORMAT_VERSION],
    ).fetchall()
    return [row[0] for row in rows]


def outline(db: Database, doc_id: int) -> tuple[OutlineEntry, ...] | None:
    """The stored outline of ``doc_id``, or None when no current map is stored."""
    row = db.execute(
        "SELECT outline FROM page_maps WHERE doc_id = ? AND format = ?", [doc_id, FORMAT_VERSION]
    ).fetchone()
    return _outline(row[0]) if row else None


def documents_without_map(db: Database, kinds: Iterable[str] = ("pdf",)) -> list[int]:
    """Live documents of these kinds that have no current page map, oldest first."""
    wanted = list(kinds)
    marks = ",".join("?" * len(wanted))
    rows = db.execute(
        f"SELECT d.id FROM documents d LEFT JOIN page_maps m ON m.doc_id = d.id "
        f"WHERE d.kind IN ({marks}) AND d.trashed_at IS NULL "
        "AND (m.doc_id IS NULL OR m.format != ?) ORDER BY d.id",
        [*wanted, FORMAT_VERSION],
    ).fetchall()
    return [int(row[0]) for row in rows]


def _page_row(doc_id: int, page: MappedPage) -> tuple[object, ...]:
    runs = None
    if page.runs is not None:
        packed = array("i", bytes(12 * len(page.runs)))
        packed[0::3] = array("i", page.runs.starts)
        packed[1::3] = array("i", page.runs.chars)
        packed[2::3] = array("i", page.runs.lengths)
        if _BIG_ENDIAN:
            packed.byteswap()
        runs = packed.tobytes()
    words = None
    if page.words is not None:
        words = json.dumps(
            [[w.text, w.start, w.end, *w.box, w.confidence, w.line, w.block] for w in page.words],
            ensure_ascii=False,
        )
    return (
        doc_id,
        page.index,
        page.text_start,
        page.text_end,
        page.width,
        page.height,
        page.rotation,
        page.label,
        runs,
        words,
    )


def _page(row: tuple) -> MappedPage:
    index, text_start, text_end, width, height, rotation, label, runs_blob, words_json = row
    runs = None
    if runs_blob is not None:
        if not isinstance(runs_blob, bytes) or len(runs_blob) % 12:
            raise ValueError("runs are not packed triples")
        packed = array("i")
        packed.frombytes(runs_blob)
        if _BIG_ENDIAN:
            packed.byteswap()
        runs = CharRuns(tuple(packed[0::3]), tuple(packed[1::3]), tuple(packed[2::3]))
    words = None
    if words_json is not None:
        words = tuple(
            OcrWord(
                str(t),
                int(s),
                int(e),
                (float(x0), float(y0), float(x1), float(y1)),
                float(c),
                int(li),
                int(b),
            )
            for t, s, e, x0, y0, x1, y1, c, li, b in json.loads(words_json)
        )
    return MappedPage(
        int(index),
        int(text_start),
        int(text_end),
        float(width),
        float(height),
        int(rotation),
        None if label is None else str(label),
        runs,
        words,
    )


def _outline(data: str) -> tuple[OutlineEntry, ...]:
    return tuple(
        OutlineEntry(str(title), None if page is None else int(page), int(level))
        for title, page, level in json.loads(data)
    )
