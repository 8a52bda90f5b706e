"""SQL for the layout cache (``<library>/cache/layouts.db``): measured page layouts as bytes.

A database of its own beside ``library.db``: derived data, never backed up,
deleted freely. One row per document (the page map's fingerprint, when it
was last used, its bytes) and one per measured page. What the bytes mean is
:mod:`desktop_app.core.pdf.layout_cache`'s business.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, used_at REAL NOT NULL,
    bytes INTEGER NOT NULL DEFAULT 0
);
-- size before data: summing sizes then never reads through the blobs.
CREATE TABLE IF NOT EXISTS pages (
    sha256 TEXT NOT NULL, page INTEGER NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (sha256, page)
);
"""


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """The cache database, its tables made, in one transaction (committed on success)."""
    db = sqlite3.connect(path, timeout=2.0)
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        # Derived data: a write cut short by a crash costs a re-measure, not a sync per batch.
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        with db:
            yield db
    finally:
        db.close()


def fingerprint_of(db: sqlite3.Connection, sha256: str) -> str | None:
    """The fingerprint the document's pages were kept under, if any are."""
    row = db.execute("SELECT fingerprint FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return None if row is None else str(row[0])


def pages_of(db: sqlite3.Connection, sha256: str) -> list[tuple[object, object]]:
    """``(page, data)`` of every page kept for the document; marks it used now."""
    db.execute("UPDATE documents SET used_at = ? WHERE sha256 = ?", [time.time(), sha256])
    return db.execute("SELECT page, data FROM pages WHERE sha256 = ?", [sha256]).fetchall()


def drop_pages(db: sqlite3.Connection, sha256: str, pages: Iterable[object]) -> None:
    """Forget some pages of a document (rows that did not read back)."""
    db.executemany(
        "DELETE FROM pages WHERE sha256 = ? AND page = ?", [(sha256, page) for page in pages]
    )


def forget(db: sqlite3.Connection, sha256: str) -> None:
    """Forget a document and all its pages."""
    db.execute("DELETE FROM pages WHERE sha256 = ?", [sha256])
    db.execute("DELETE FROM documents WHERE sha256 = ?", [sha256])


def put(
    db: sqlite3.Connection,
    sha256: str,
    fingerprint: str,
    pages: Iterable[tuple[int, bytes]],
    max_bytes: int,
) -> None:
    """Keep pages of a document (replacing those of another fingerprint), then prune."""
    if fingerprint_of(db, sha256) not in (None, fingerprint):
        forget(db, sha256)
    db.execute(
        "INSERT INTO documents (sha256, fingerprint, used_at) VALUES (?, ?, ?) "
        "ON CONFLICT (sha256) DO UPDATE SET used_at = excluded.used_at",
        [sha256, fingerprint, time.time()],
    )
    db.executemany(
        "INSERT OR REPLACE INTO pages (sha256, page, size, data) VALUES (?, ?, ?, ?)",
        [(sha256, page, len(data), data) for page, data in pages],
    )
    db.execute(
        "UPDATE documents SET bytes = "
        "(SELECT COALESCE(SUM(size), 0) FROM pages WHERE sha256 = ?) WHERE sha256 = ?",
        [sha256, sha256],
    )
    _prune(db, max_bytes)


def _prune(db: sqlite3.Connection, limit: int) -> None:
    """Drop the documents used longest ago until the cache is under ``limit`` bytes."""
    total = db.execute("SELECT COALESCE(SUM(bytes), 0) FROM documents").fetchone()[0]
    if total <= limit:
        return
    for sha, size in db.execute("SELECT sha256, bytes FROM documents ORDER BY used_at").fetchall():
        if total <= limit:
            break
        forget(db, sha)
        total -= size


def forget_documents(path: Path, hashes: list[str]) -> None:
    """Drop the kept pages of originals no longer in the library (errors logged)."""
    if not hashes or not path.is_file():
        return
    try:
        with connect(path) as db:
            for sha in hashes:
                forget(db, sha)
    except (sqlite3.Error, OSError) as exc:
        log.info("layout cache not tidied: %s", exc)
