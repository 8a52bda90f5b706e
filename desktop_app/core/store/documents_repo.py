"""SQL for documents: rows, content, versions, tags, trash."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePath

from sqlite_utils import Database

from desktop_app.core.errors import NotFoundError
from desktop_app.core.store import pagemap_repo
from desktop_app.core.store.clock import now_iso
from desktop_app.core.store.outbox import enqueue
from desktop_app.core.store.tags_repo import ensure_tags
from desktop_app.core.types import Block, Document, DocumentSummary, ImportedDocument

METADATA_FIELDS = ("title", "source", "author", "url", "published", "language")

_SUMMARY_SQL = """
SELECT d.id, d.title, d.source, d.author, d.url, d.published, d.kind, d.language,
       d.pages, d.words, d.imported_at, d.sha256, d.trashed_at,
       (SELECT count(*) FROM annotations a
         WHERE a.doc_id = d.id AND a.trashed_at IS NULL) AS annotations,
       (SELECT group_concat(t.name, char(31)) FROM document_tags dt
         JOIN tags t ON t.id = dt.tag_id WHERE dt.doc_id = d.id) AS tags
FROM documents d
"""


def _summary(row: tuple) -> DocumentSummary:
    tags = tuple(sorted(row[14].split("\x1f"), key=str.casefold)) if row[14] else ()
    return DocumentSummary(
        id=row[0],
        title=row[1],
        source=row[2],
        author=row[3],
        url=row[4],
        published=row[5],
        kind=row[6],
        language=row[7],
        pages=row[8],
        words=row[9],
        imported_at=row[10],
        sha256=row[11],
        trashed=row[12] is not None,
        annotations=row[13],
        tags=tags,
    )


WORD_COUNT_CHUNK = 1 << 20


def count_words(text: str) -> int:
    """Words for the document list: whitespace-separated runs.

    Counted a megabyte at a time: ``text.split()`` on a 100 MB file would
    make some 17 million strings at once (over a gigabyte).
    """
    count = 0
    for start in range(0, len(text), WORD_COUNT_CHUNK):
        count += len(text[start : start + WORD_COUNT_CHUNK].split())
        if start and not text[start].isspace() and not text[start - 1].isspace():
            count -= 1  # a word cut in two by the chunk border was counted twice
    return count


def find_by_sha(db: Database, sha256: str) -> int | None:
    """The document any version of which had this file hash, if one exists."""
    row = db.execute("SELECT doc_id FROM document_files WHERE sha256 = ?", [sha256]).fetchone()
    return int(row[0]) if row else None


def insert_document(
    db: Database,
    doc: ImportedDocument,
    *,
    sha256: str,
    original_name: str,
    file_ext: str,
    file_size: int,
) -> int:
    """Insert a new document with its content; enqueue its index job."""
    stamp = now_iso()
    meta = doc.metadata
    cursor = db.execute(
        """
        INSERT INTO documents (sha256, kind, title, source, author, url, published, language,
            original_name, file_ext, file_size, pages, words, warnings, imported_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            sha256,
            doc.kind,
            meta.title or original_name,
            meta.source,
            meta.author,
            meta.url,
            meta.published,
            meta.language,
            original_name,
            file_ext,
            file_size,
            len(doc.page_starts),
            count_words(doc.text),
            json.dumps(doc.warnings),
            stamp,
            stamp,
        ],
    )
    doc_id = int(cursor.lastrowid or 0)
    _write_content(db, doc_id, doc)
    if doc.page_map is not None:
        pagemap_repo.save(db, doc_id, doc.page_map, sha256)
    db.execute(
        "INSERT INTO document_files (sha256, doc_id, file_ext, added_at) VALUES (?, ?, ?, ?)",
        [sha256, doc_id, file_ext, stamp],
    )
    enqueue(db, "document", [doc_id])
    return doc_id


def _write_content(db: Database, doc_id: int, doc: ImportedDocument) -> None:
    db.execute(
        "INSERT OR REPLACE INTO document_content (doc_id, text, blocks, page_starts) "
        "VALUES (?, ?, ?, ?)",
        [
            doc_id,
            doc.text,
            json.dumps([b.to_json() for b in doc.blocks]),
            json.dumps(doc.page_starts),
        ],
    )


def replace_document(
    db: Database,
    doc_id: int,
    doc: ImportedDocument,
    *,
    sha256: str,
    original_name: str,
    file_ext: str,
    file_size: int,
) -> None:
    """Make ``doc`` the current version of ``doc_id``, keeping hand-edited metadata."""
    row = db.execute("SELECT edited_fields FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    edited = set(json.loads(row[0]))
    stamp = now_iso()
    values: dict[str, object] = {
        "sha256": sha256,
        "kind": doc.kind,
        "original_name": original_name,
        "file_ext": file_ext,
        "file_size": file_size,
        "pages": len(doc.page_starts),
        "words": count_words(doc.text),
        "warnings": json.dumps(doc.warnings),
        "updated_at": stamp,
    }
    for name in METADATA_FIELDS:
        new_value = getattr(doc.metadata, name)
        if name == "title" and new_value == PurePath(original_name).stem:
            continue  # only the file name: keep the title the document had
        if name not in edited and new_value:
            values[name] = new_value
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.execute(f"UPDATE documents SET {assignments} WHERE id = ?", [*values.values(), doc_id])
    _write_content(db, doc_id, doc)
    pagemap_repo.replace(db, doc_id, doc.page_map, sha256)
    db.execute(
        "INSERT OR REPLACE INTO document_files (sha256, doc_id, file_ext, added_at) "
        "VALUES (?, ?, ?, ?)",
        [sha256, doc_id, file_ext, stamp],
    )
    enqueue(db, "document", [doc_id])


def summaries(
    db: Database, *, trashed: bool = False, ids: Iterable[int] | None = None
) -> list[DocumentSummary]:
    """Document list rows, newest import first."""
    where = "WHERE d.trashed_at IS NOT NULL" if trashed else "WHERE d.trashed_at IS NULL"
    params: list[object] = []
    if ids is not None:
        id_list = [int(i) for i in ids]
        where += f" AND d.id IN ({','.join('?' * len(id_list))})" if id_list else " AND 0"
        params.extend(id_list)
    rows = db.execute(f"{_SUMMARY_SQL} {where} ORDER BY d.id DESC", params).fetchall()
    return [_summary(row) for row in rows]


def summary(db: Database, doc_id: int) -> DocumentSummary:
    """One document's list row, trashed or not."""
    row = db.execute(f"{_SUMMARY_SQL} WHERE d.id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    return _summary(row)


def all_ids(db: Database, *, trashed: bool = False) -> list[int]:
    """Ids of live (or trashed) documents, newest first."""
    clause = "IS NOT NULL" if trashed else "IS NULL"
    rows = db.execute(f"SELECT id FROM documents WHERE trashed_at {clause} ORDER BY id DESC")
    return [int(r[0]) for r in rows.fetchall()]


def get_document(db: Database, doc_id: int) -> Document:
    """A document with its text and structure."""
    head = summary(db, doc_id)
    row = db.execute(
        "SELECT c.text, c.blocks, c.page_starts, d.warnings FROM document_content c "
        "JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"document {doc_id} has no stored text")
    return Document(
        summary=head,
        text=row[0],
        blocks=tuple(Block.from_json(b) for b in json.loads(row[1])),
        page_starts=tuple(json.loads(row[2])),
        warnings=tuple(json.loads(row[3])),
    )


def document_text(db: Database, doc_id: int) -> str:
    """Just the canonical text of a document."""
    row = db.execute("SELECT text FROM document_content WHERE doc_id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    return str(row[0])


def file_info(db: Database, doc_id: int) -> tuple[str, str]:
    """``(sha256, file_ext)`` of the document's current original."""
    row = db.execute("SELECT sha256, file_ext FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    return str(row[0]), str(row[1])


def original_name(db: Database, doc_id: int) -> str:
    """The file name the document's current original was imported under."""
    row = db.execute("SELECT original_name FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    return str(row[0])


def update_metadata(db: Database, doc_id: int, fields: dict[str, str | None]) -> None:
    """Set metadata fields by hand; they then survive re-import with --replace."""
    unknown = set(fields) - set(METADATA_FIELDS)
    if unknown:
        raise ValueError(f"unknown metadata fields: {sorted(unknown)}")
    row = db.execute("SELECT edited_fields FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    if not fields:
        return
    if "title" in fields and not (fields["title"] or "").strip():
        raise ValueError("a document needs a title")
    edited = sorted(set(json.loads(row[0])) | set(fields))
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(
        f"UPDATE documents SET {assignments}, edited_fields = ?, updated_at = ? WHERE id = ?",
        [*fields.values(), json.dumps(edited), now_iso(), doc_id],
    )
    enqueue_with_children(db, [doc_id])


def set_tags(db: Database, doc_id: int, names: Iterable[str]) -> None:
    """Replace the document's tags."""
    summary(db, doc_id)  # raises NotFoundError
    db.execute("DELETE FROM document_tags WHERE doc_id = ?", [doc_id])
    for tag_id in ensure_tags(db, names):
        db.execute("INSERT INTO document_tags (doc_id, tag_id) VALUES (?, ?)", [doc_id, tag_id])
    enqueue_with_children(db, [doc_id])


def enqueue_with_children(db: Database, doc_ids: list[int]) -> None:
    """Reindex documents and everything indexed with their title, date or tags."""
    enqueue(db, "document", doc_ids)
    marks = ",".join("?" * len(doc_ids))
    ann = db.execute(f"SELECT id FROM annotations WHERE doc_id IN ({marks})", doc_ids)
    enqueue(db, "annotation", [r[0] for r in ann.fetchall()])
    st = db.execute(f"SELECT id FROM statements WHERE doc_id IN ({marks})", doc_ids)
    enqueue(db, "statement", [r[0] for r in st.fetchall()])


def set_trashed(db: Database, doc_ids: list[int], trashed: bool) -> list[int]:
    """Move documents to the trash or back; returns the ids that changed."""
    changed: list[int] = []
    for doc_id in doc_ids:
        summary(db, doc_id)
        cursor = db.execute(
            "UPDATE documents SET trashed_at = ? WHERE id = ? AND (trashed_at IS NULL) = ?",
            [now_iso() if trashed else None, doc_id, 1 if trashed else 0],
        )
        if cursor.rowcount:
            changed.append(doc_id)
    if changed:
        enqueue_with_children(db, changed)
    return changed


def purge_trashed(db: Database) -> list[tuple[int, list[tuple[str, str]]]]:
    """Delete trashed documents for good; returns their ids and stored files.

    Files are only returned when no remaining document uses the same hash.
    """
    purged: list[tuple[int, list[tuple[str, str]]]] = []
    for doc_id in all_ids(db, trashed=True):
        enqueue_with_children(db, [doc_id])
        versions = db.execute(
            "SELECT sha256, file_ext FROM document_files WHERE doc_id = ?", [doc_id]
        ).fetchall()
        db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        files = [
            (sha, ext)
            for sha, ext in versions
            if db.execute("SELECT 1 FROM document_files WHERE sha256 = ?", [sha]).fetchone() is None
        ]
        purged.append((doc_id, files))
    return purged


def stored_file_names(db: Database) -> list[tuple[str, str]]:
    """``(sha256, ext)`` of every original the library should hold."""
    rows = db.execute("SELECT sha256, file_ext FROM document_files").fetchall()
    return [(r[0], r[1]) for r in rows]


def count(db: Database, *, trashed: bool = False) -> int:
    """How many documents are live (or in the trash)."""
    clause = "IS NOT NULL" if trashed else "IS NULL"
    return int(
        db.execute(f"SELECT count(*) FROM documents WHERE trashed_at {clause}").fetchone()[0]
    )
