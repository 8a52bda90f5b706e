"""SQL the export needs beyond the Library's own queries.

Citation data (including ``accessed_at``) and each document's layout (blocks
and page starts, without its text), finding documents for an imported
annotation file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.core.types import Block


@dataclass(frozen=True)
class SourceRow:
    """A document's citation fields, straight from the ``documents`` table."""

    id: int
    title: str
    source: str | None
    author: str | None
    url: str | None
    published: str | None
    kind: str
    language: str | None
    sha256: str
    accessed_at: str | None
    trashed: bool


def sources(db: Database, doc_ids: list[int]) -> dict[int, SourceRow]:
    """Citation fields of the given documents (missing ids are left out)."""
    found: dict[int, SourceRow] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        rows = db.execute(
            "SELECT id, title, source, author, url, published, kind, language, sha256, "
            f"accessed_at, trashed_at FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for r in rows:
            found[r[0]] = SourceRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                trashed=r[10] is not None,
            )
    return found


def layout(db: Database, doc_id: int) -> tuple[list[Block], list[int]]:
    """A document's blocks and page starts, without its text."""
    row = db.execute(
        "SELECT blocks, page_starts FROM document_content WHERE doc_id = ?", [doc_id]
    ).fetchone()
    if row is None:
        return [], []
    return [Block.from_json(b) for b in json.loads(row[0])], json.loads(row[1])


def warnings(db: Database, doc_id: int) -> list[str]:
    """A document's import warnings (they say which pages were read by OCR)."""
    row = db.execute("SELECT warnings FROM documents WHERE id = ?", [doc_id]).fetchone()
    return [str(w) for w in json.loads(row[0])] if row is not None else []


def live_documents_by_hash(db: Database, sha256: str) -> list[int]:
    """Live documents whose current file, or any earlier version, has this hash."""
    rows = db.execute(
        "SELECT id FROM documents WHERE trashed_at IS NULL AND (sha256 = ? OR id IN "
        "(SELECT doc_id FROM document_files WHERE sha256 = ?)) ORDER BY id",
        [sha256, sha256],
    ).fetchall()
    return [r[0] for r in rows]


def live_documents_by_title(db: Database, title: str) -> list[int]:
    """Live documents with this title (case-insensitive for ASCII)."""
    rows = db.execute(
        "SELECT id FROM documents WHERE trashed_at IS NULL AND title = ? COLLATE NOCASE "
        "ORDER BY id",
        [title.strip()],
    ).fetchall()
    return [r[0] for r in rows]


def live_documents_containing(db: Database, exact: str, limit: int = 5) -> list[int]:
    """Live documents whose text contains ``exact`` verbatim (a full scan; used rarely)."""
    rows = db.execute(
        "SELECT c.doc_id FROM document_content c JOIN documents d ON d.id = c.doc_id "
        "WHERE d.trashed_at IS NULL AND instr(c.text, ?) > 0 ORDER BY c.doc_id LIMIT ?",
        [exact, limit],
    ).fetchall()
    return [r[0] for r in rows]
