"""Put records into a real library database the way the Library does.

Documents and annotations go through the lead's repositories (so the outbox
jobs are the real ones); statements through plain SQL plus ``enqueue`` until
the statements repository offers an insert.
"""

from __future__ import annotations

import hashlib
import json

from sqlite_utils import Database

from desktop_app.core.store import annotations_repo, documents_repo
from desktop_app.core.store.clock import now_iso
from desktop_app.core.store.outbox import enqueue
from desktop_app.core.types import Block, BlockKind, DocumentMetadata, ImportedDocument


def add_document(
    db: Database,
    text: str,
    *,
    title: str = "A report",
    published: str | None = None,
    language: str | None = "en",
    tags: tuple[str, ...] = (),
    page_starts: tuple[int, ...] = (),
) -> int:
    """Insert a document (with its index job) and return its id."""
    doc = ImportedDocument(
        text=text,
        blocks=[Block(BlockKind.PARAGRAPH, 0, len(text))],
        kind="txt",
        metadata=DocumentMetadata(title=title, published=published, language=language),
        page_starts=list(page_starts),
    )
    sha = hashlib.sha256(text.encode() + title.encode()).hexdigest()
    with db.conn:
        doc_id = documents_repo.insert_document(
            db, doc, sha256=sha, original_name=f"{title}.txt", file_ext=".txt", file_size=len(text)
        )
        if tags:
            documents_repo.set_tags(db, doc_id, tags)
    return doc_id


def add_annotation(
    db: Database,
    doc_id: int,
    text: str,
    exact: str,
    *,
    note: str = "",
    color: str = "yellow",
    tags: tuple[str, ...] = (),
) -> int:
    """Highlight the first occurrence of ``exact`` in the document's ``text``."""
    start = text.index(exact)
    with db.conn:
        return annotations_repo.insert(
            db,
            doc_id=doc_id,
            start=start,
            end=start + len(exact),
            exact=exact,
            prefix="",
            suffix="",
            color=color,
            note=note,
            tags=list(tags),
        )


def add_statement(
    db: Database,
    doc_id: int,
    text: str,
    quote: str,
    *,
    speaker: str,
    role: str | None = None,
    aliases: tuple[str, ...] = (),
) -> int:
    """A statement by a (new) speaker, with its index job."""
    stamp = now_iso()
    start = text.index(quote)
    with db.conn:
        speaker_id = db.execute(
            "INSERT INTO speakers (name, role, created_at) VALUES (?, ?, ?)", [speaker, role, stamp]
        ).lastrowid
        for alias in aliases:
            db.execute(
                "INSERT INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)", [speaker_id, alias]
            )
        statement_id = db.execute(
            'INSERT INTO statements (doc_id, start, "end", quote, kind, speaker_id, '
            "speaker_mention, created_at) VALUES (?, ?, ?, ?, 'direct', ?, ?, ?)",
            [doc_id, start, start + len(quote), quote, speaker_id, speaker, stamp],
        ).lastrowid
        enqueue(db, "statement", [int(statement_id or 0)])
    return int(statement_id or 0)


def page_starts_json(starts: list[int]) -> str:
    """Page starts as stored in document_content."""
    return json.dumps(starts)
