"""SQL for consistency checks (``sourcebook check``)."""

from __future__ import annotations

from sqlite_utils import Database


def annotation_anchors(db: Database) -> list[tuple[int, int, int, int, str]]:
    """``(id, doc_id, start, end, exact)`` of every placed (not orphaned) annotation."""
    rows = db.execute(
        'SELECT id, doc_id, start, "end", exact FROM annotations WHERE orphaned = 0 ORDER BY doc_id'
    ).fetchall()
    return [(int(r[0]), int(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in rows]


def stuck_jobs(db: Database, older_than_iso: str) -> int:
    """How many index jobs were written before ``older_than_iso`` and are still pending."""
    row = db.execute(
        "SELECT count(*) FROM index_jobs WHERE created_at < ?", [older_than_iso]
    ).fetchone()
    return int(row[0])


def documents_without_content(db: Database) -> list[int]:
    """Document rows whose text row is missing (should never happen)."""
    rows = db.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM document_content)"
    ).fetchall()
    return [int(r[0]) for r in rows]


def live_record_counts(db: Database) -> dict[str, int]:
    """Live documents, annotations and statements: what the index should hold."""
    docs = db.execute("SELECT count(*) FROM documents WHERE trashed_at IS NULL").fetchone()[0]
    notes = db.execute(
        "SELECT count(*) FROM annotations WHERE trashed_at IS NULL AND doc_id IN "
        "(SELECT id FROM documents WHERE trashed_at IS NULL)"
    ).fetchone()[0]
    return {"document": int(docs), "annotation": int(notes)}


def records_consistent(db: Database) -> bool:
    """Every document has its text and lists its own current original among its files."""
    row = db.execute(
        "SELECT count(*) FROM documents d "
        "WHERE NOT EXISTS (SELECT 1 FROM document_content c WHERE c.doc_id = d.id) "
        "OR NOT EXISTS (SELECT 1 FROM document_files f "
        "WHERE f.sha256 = d.sha256 AND f.doc_id = d.id AND f.file_ext = d.file_ext)"
    ).fetchone()
    return int(row[0]) == 0
