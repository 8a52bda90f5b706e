"""The SQL the search index reads: pending outbox jobs and records to index.

Only *live* records are returned: a trashed annotation, an annotation or
statement of a trashed document, or a row that no longer exists is simply
absent, which tells the index writer to delete it. Callers hold the
Library's lock around these calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

KINDS = ("document", "annotation", "statement")

_SEP = "\x1f"
"""Joins a record's tags in one column (tags may hold commas and spaces)."""

_DOC_TAGS = f"""(SELECT group_concat(t.name, '{_SEP}') FROM document_tags dt
    JOIN tags t ON t.id = dt.tag_id WHERE dt.doc_id = d.id)"""

_SQL = {
    "document": f"""
        SELECT d.id AS doc_id, d.title, d.source, d.author, d.published, d.language,
               c.text, c.page_starts, {_DOC_TAGS} AS tags
        FROM documents d JOIN document_content c ON c.doc_id = d.id
        WHERE d.trashed_at IS NULL AND {{where}}
        ORDER BY d.id {{tail}}""",
    "annotation": f"""
        SELECT a.id, a.doc_id, a.start, a.exact, a.note, a.color,
               d.title, d.published, d.language,
               (SELECT group_concat(t.name, '{_SEP}') FROM annotation_tags at
                JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id = a.id) AS own_tags,
               {_DOC_TAGS} AS tags
        FROM annotations a JOIN documents d ON d.id = a.doc_id
        WHERE a.trashed_at IS NULL AND d.trashed_at IS NULL AND {{where}}
        ORDER BY a.id {{tail}}""",
    "statement": f"""
        SELECT s.id, s.doc_id, s.start, s.quote, s.speaker_mention,
               sp.name AS speaker_name, sp.role AS speaker_role,
               sp.organisation AS speaker_organisation,
               (SELECT group_concat(alias, '{_SEP}') FROM speaker_aliases sa
                WHERE sa.speaker_id = s.speaker_id) AS aliases,
               d.title, d.published, d.language, {_DOC_TAGS} AS tags
        FROM statements s JOIN documents d ON d.id = s.doc_id
        LEFT JOIN speakers sp ON sp.id = s.speaker_id
        WHERE d.trashed_at IS NULL AND {{where}}
        ORDER BY s.id {{tail}}""",
}

_ID_COLUMN = {"document": "d.id", "annotation": "a.id", "statement": "s.id"}
_DOC_COLUMN = {"document": "d.id", "annotation": "a.doc_id", "statement": "s.doc_id"}

_CHUNK = 500
"""Ids per ``IN (...)`` list, well under SQLite's variable limit."""


def pending_jobs(db: Database, limit: int) -> list[tuple[int, str, int]]:
    """The oldest ``limit`` outbox jobs as ``(job_id, kind, target_id)``."""
    rows = db.execute(
        "SELECT id, kind, target_id FROM index_jobs ORDER BY id LIMIT ?", [limit]
    ).fetchall()
    return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]


def delete_jobs(db: Database, ids: Sequence[int]) -> None:
    """Mark jobs done (they are applied to the index)."""
    with db.conn:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM index_jobs WHERE id IN ({marks})", chunk)


def delete_jobs_up_to(db: Database, last_id: int) -> None:
    """Drop every job up to ``last_id`` (a rebuild read all records after them)."""
    with db.conn:
        db.execute("DELETE FROM index_jobs WHERE id <= ?", [last_id])


def last_job_id(db: Database) -> int:
    """The newest job id, 0 when the outbox is empty."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM index_jobs").fetchone()[0])


def load_records(db: Database, kind: str, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Live records of ``kind`` by id; an id missing from the result is gone or trashed."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(list(ids)):
        where = f"{_ID_COLUMN[kind]} IN ({','.join('?' * len(chunk))})"
        for record in _query(db, kind, where, chunk):
            out[_record_id(kind, record)] = record
    return out


def load_records_of_documents(
    db: Database, kind: str, doc_ids: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """Live records of ``kind`` belonging to the documents ``doc_ids``."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(list(doc_ids)):
        where = f"{_DOC_COLUMN[kind]} IN ({','.join('?' * len(chunk))})"
        for record in _query(db, kind, where, chunk):
            out[_record_id(kind, record)] = record
    return out


def iter_records(db: Database, kind: str, batch: int = 500) -> Iterator[list[dict[str, Any]]]:
    """Every live record of ``kind``, in batches of ``batch``, for a rebuild.

    Keyset paging (``id > last``) so each batch is one short query and other
    threads can use the database between batches.
    """
    last = 0
    while True:
        where = f"{_ID_COLUMN[kind]} > ?"
        rows = list(_query(db, kind, where, [last], tail=f"LIMIT {int(batch)}"))
        if not rows:
            return
        yield rows
        last = _record_id(kind, rows[-1])


def count_records(db: Database) -> int:
    """How many records a rebuild will index (for progress)."""
    return int(
        db.execute(
            """SELECT (SELECT count(*) FROM documents WHERE trashed_at IS NULL)
                 + (SELECT count(*) FROM annotations a JOIN documents d ON d.id = a.doc_id
                    WHERE a.trashed_at IS NULL AND d.trashed_at IS NULL)
                 + (SELECT count(*) FROM statements s JOIN documents d ON d.id = s.doc_id
                    WHERE d.trashed_at IS NULL)"""
        ).fetchone()[0]
    )


def load_document_texts(db: Database, doc_ids: Iterable[int]) -> dict[int, tuple[str, list[int]]]:
    """Text and page starts of documents, for cutting snippets."""
    out: dict[int, tuple[str, list[int]]] = {}
    for chunk in _chunks(list(doc_ids)):
        rows = db.execute(
            f"SELECT doc_id, text, page_starts FROM document_content "
            f"WHERE doc_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for doc_id, text, page_starts in rows:
            out[int(doc_id)] = (text, _int_list(page_starts))
    return out


def load_page_starts(db: Database, doc_ids: Iterable[int]) -> dict[int, list[int]]:
    """Page starts of documents (for the page of an annotation or statement hit)."""
    out: dict[int, list[int]] = {}
    for chunk in _chunks(list(doc_ids)):
        rows = db.execute(
            f"SELECT doc_id, page_starts FROM document_content "
            f"WHERE doc_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for doc_id, page_starts in rows:
            out[int(doc_id)] = _int_list(page_starts)
    return out


def split_tags(value: str | None) -> list[str]:
    """The tags of a record as returned in its ``tags`` / ``own_tags`` column."""
    return [t for t in (value or "").split(_SEP) if t]


def _query(
    db: Database, kind: str, where: str, params: Sequence[Any], tail: str = ""
) -> Iterator[dict[str, Any]]:
    cursor = db.execute(_SQL[kind].format(where=where, tail=tail), list(params))
    names = [c[0] for c in cursor.description]
    for row in cursor.fetchall():
        yield dict(zip(names, row, strict=True))


def _record_id(kind: str, record: dict[str, Any]) -> int:
    return int(record["doc_id"] if kind == "document" else record["id"])


def _int_list(value: str | None) -> list[int]:
    if not value:
        return []
    try:
        return [int(v) for v in json.loads(value)]
    except (ValueError, TypeError):
        return []


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]
