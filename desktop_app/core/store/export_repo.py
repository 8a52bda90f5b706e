"""SQL the export needs beyond the Library's own queries.

Citation data (including ``accessed_at``) and each document's layout (blocks
and page starts, without its text), finding documents for an imported
annotation file, and statements for a statement digest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


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
            found[r[0]] = SourceRow(*r[:10], trashed=r[10] is not None)
    return found


def layout(db: Database, doc_id: int) -> tuple[list[list[object]], list[int]]:
    """A document's blocks (as stored JSON lists) and page starts, without its text."""
    row = db.execute(
        "SELECT blocks, page_starts FROM document_content WHERE doc_id = ?", [doc_id]
    ).fetchone()
    if row is None:
        return [], []
    return json.loads(row[0]), json.loads(row[1])


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


@dataclass(frozen=True)
class StatementRow:
    """A statement with its speaker, for a statement digest."""

    id: int
    doc_id: int
    start: int
    end: int
    quote: str
    cue: str | None
    speaker_mention: str | None
    speaker_name: str | None
    speaker_role: str | None
    speaker_organisation: str | None
    created_at: str


def statements(db: Database, *, speaker: str | None = None, query: str | None = None,
               doc_ids: list[int] | None = None) -> list[StatementRow]:
    """Statements of live documents in reading order, filtered by speaker and text.

    ``speaker`` matches the resolved speaker's name or any alias, or the name
    as written, as a case-insensitive substring. ``query`` is a substring of
    the quote. Statements a user rejected are left out.
    """
    clauses = ["d.trashed_at IS NULL"]
    params: list[object] = []
    if speaker:
        like = f"%{speaker.strip()}%"
        clauses.append(
            "(sp.name LIKE ? OR s.speaker_mention LIKE ? OR s.speaker_id IN "
            "(SELECT speaker_id FROM speaker_aliases WHERE alias LIKE ?))"
        )
        params += [like, like, like]
    if query:
        clauses.append("s.quote LIKE ?")
        params.append(f"%{query.strip()}%")
    if doc_ids:
        clauses.append(f"s.doc_id IN ({','.join('?' * len(doc_ids))})")
        params += doc_ids
    clauses.append(
        "NOT EXISTS (SELECT 1 FROM statement_corrections c WHERE c.doc_id = s.doc_id "
        "AND c.quote = s.quote AND c.action = 'reject')"
    )
    sql = (
        'SELECT s.id, s.doc_id, s.start, s."end", s.quote, s.cue, s.speaker_mention, '
        "sp.name, sp.role, sp.organisation, s.created_at FROM statements s "
        "JOIN documents d ON d.id = s.doc_id LEFT JOIN speakers sp ON sp.id = s.speaker_id "
        f"WHERE {' AND '.join(clauses)} ORDER BY s.doc_id, s.start, s.id"
    )
    return [StatementRow(*r) for r in db.execute(sql, params).fetchall()]
