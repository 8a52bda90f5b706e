"""SQL for annotations (highlights with colour, note and tags)."""

from __future__ import annotations

from sqlite_utils import Database

from desktop_app.core.anchoring import locate, quote_for
from desktop_app.core.errors import NotFoundError
from desktop_app.core.store.clock import now_iso
from desktop_app.core.store.outbox import enqueue
from desktop_app.core.store.tags_repo import ensure_tags
from desktop_app.core.types import Annotation

_SELECT = """
SELECT a.id, a.doc_id, a.start, a."end", a.exact, a.prefix, a.suffix, a.color, a.note,
       a.orphaned, a.created_at, a.updated_at, a.trashed_at, a.external_id,
       (SELECT group_concat(t.name, char(31)) FROM annotation_tags x
         JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id) AS tags
FROM annotations a
"""


def _annotation(row: tuple) -> Annotation:
    tags = tuple(sorted(row[14].split("\x1f"), key=str.casefold)) if row[14] else ()
    return Annotation(
        id=row[0],
        doc_id=row[1],
        start=row[2],
        end=row[3],
        exact=row[4],
        prefix=row[5],
        suffix=row[6],
        color=row[7],
        note=row[8],
        orphaned=bool(row[9]),
        created_at=row[10],
        updated_at=row[11],
        trashed=row[12] is not None,
        tags=tags,
        external_id=row[13],
    )


def insert(
    db: Database,
    *,
    doc_id: int,
    start: int,
    end: int,
    exact: str,
    prefix: str,
    suffix: str,
    color: str,
    note: str,
    tags: list[str],
    orphaned: bool = False,
    created_at: str | None = None,
    external_id: str | None = None,
) -> int:
    """Insert an annotation and its tags; enqueue its index job.

    ``external_id`` is the id another program gave the highlight (a PDF
    annotation's ``/NM``), kept so a second import recognises it.
    """
    stamp = now_iso()
    cursor = db.execute(
        """
        INSERT INTO annotations (doc_id, start, "end", exact, prefix, suffix, color, note,
            orphaned, created_at, updated_at, external_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            doc_id,
            start,
            end,
            exact,
            prefix,
            suffix,
            color,
            note,
            int(orphaned),
            created_at or stamp,
            stamp,
            external_id,
        ],
    )
    annotation_id = int(cursor.lastrowid or 0)
    _write_tags(db, annotation_id, tags)
    enqueue(db, "annotation", [annotation_id])
    return annotation_id


def _write_tags(db: Database, annotation_id: int, tags: list[str]) -> None:
    db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [annotation_id])
    for tag_id in ensure_tags(db, tags):
        db.execute(
            "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
            [annotation_id, tag_id],
        )


def get(db: Database, annotation_id: int) -> Annotation:
    """One annotation, trashed or not."""
    row = db.execute(f"{_SELECT} WHERE a.id = ?", [annotation_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no annotation with id {annotation_id}")
    return _annotation(row)


def query(
    db: Database,
    *,
    doc_id: int | None = None,
    tag: str | None = None,
    color: str | None = None,
    trashed: bool = False,
    ids: list[int] | None = None,
) -> list[Annotation]:
    """Annotations in reading order (by document, then offset).

    Annotations of trashed documents are left out unless asked for by id.
    """
    clauses = ["a.trashed_at IS NOT NULL" if trashed else "a.trashed_at IS NULL"]
    params: list[object] = []
    if ids is not None:
        clauses.append(f"a.id IN ({','.join('?' * len(ids))})" if ids else "0")
        params.extend(ids)
    else:
        clauses.append("a.doc_id IN (SELECT id FROM documents WHERE trashed_at IS NULL)")
    if doc_id is not None:
        clauses.append("a.doc_id = ?")
        params.append(doc_id)
    if color is not None:
        clauses.append("a.color = ?")
        params.append(color)
    if tag is not None:
        clauses.append(
            "a.id IN (SELECT x.annotation_id FROM annotation_tags x JOIN tags t "
            "ON t.id = x.tag_id WHERE t.name = ? COLLATE NOCASE)"
        )
        params.append(tag)
    sql = f"{_SELECT} WHERE {' AND '.join(clauses)} ORDER BY a.doc_id, a.start, a.id"
    return [_annotation(row) for row in db.execute(sql, params).fetchall()]


def external_ids(db: Database, doc_id: int) -> set[str]:
    """The external ids (``/NM`` of imported PDF annotations) of a document's
    annotations, trashed ones included: a highlight deleted here is not brought back."""
    rows = db.execute(
        "SELECT external_id FROM annotations WHERE doc_id = ? AND external_id IS NOT NULL",
        [doc_id],
    ).fetchall()
    return {str(r[0]) for r in rows}


def ids_of_document(db: Database, doc_id: int) -> list[int]:
    """Every annotation of a document, trashed ones included."""
    rows = db.execute("SELECT id FROM annotations WHERE doc_id = ?", [doc_id]).fetchall()
    return [int(r[0]) for r in rows]


def update(
    db: Database,
    annotation_id: int,
    *,
    color: str | None = None,
    note: str | None = None,
    tags: list[str] | None = None,
) -> None:
    """Change colour, note and/or tags."""
    get(db, annotation_id)
    sets: list[str] = ["updated_at = ?"]
    params: list[object] = [now_iso()]
    if color is not None:
        sets.append("color = ?")
        params.append(color)
    if note is not None:
        sets.append("note = ?")
        params.append(note)
    db.execute(f"UPDATE annotations SET {', '.join(sets)} WHERE id = ?", [*params, annotation_id])
    if tags is not None:
        _write_tags(db, annotation_id, tags)
    enqueue(db, "annotation", [annotation_id])


def set_anchor(
    db: Database,
    annotation_id: int,
    *,
    start: int,
    end: int,
    exact: str,
    prefix: str,
    suffix: str,
    orphaned: bool,
) -> None:
    """Move an annotation to a new place (re-anchoring) or mark it orphaned."""
    db.execute(
        'UPDATE annotations SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
        "orphaned = ?, updated_at = ? WHERE id = ?",
        [start, end, exact, prefix, suffix, int(orphaned), now_iso(), annotation_id],
    )
    enqueue(db, "annotation", [annotation_id])


def place_by_quote(db: Database, annotation: Annotation, text: str) -> bool:
    """Re-place ``annotation`` in ``text`` by its quote, or mark it orphaned.

    Used when a document gets a new version and by ``check --repair``.
    Returns True when it was placed.
    """
    span = locate(
        text, annotation.exact, annotation.prefix, annotation.suffix, hint=annotation.start
    )
    if span is None:
        set_anchor(
            db,
            annotation.id,
            start=annotation.start,
            end=annotation.end,
            exact=annotation.exact,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
            orphaned=True,
        )
        return False
    quote = quote_for(text, *span)
    set_anchor(
        db,
        annotation.id,
        start=span[0],
        end=span[1],
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        orphaned=False,
    )
    return True


def set_trashed(db: Database, annotation_id: int, trashed: bool) -> bool:
    """Move an annotation to the trash or back; True if it changed."""
    get(db, annotation_id)
    cursor = db.execute(
        "UPDATE annotations SET trashed_at = ? WHERE id = ? AND (trashed_at IS NULL) = ?",
        [now_iso() if trashed else None, annotation_id, 1 if trashed else 0],
    )
    enqueue(db, "annotation", [annotation_id])
    return bool(cursor.rowcount)


def purge_trashed(db: Database) -> list[int]:
    """Delete trashed annotations for good."""
    ids = [
        r[0]
        for r in db.execute("SELECT id FROM annotations WHERE trashed_at IS NOT NULL").fetchall()
    ]
    db.execute("DELETE FROM annotations WHERE trashed_at IS NOT NULL")
    enqueue(db, "annotation", ids)
    return ids


def count(db: Database) -> int:
    """Live annotations in live documents."""
    return int(
        db.execute(
            "SELECT count(*) FROM annotations WHERE trashed_at IS NULL AND doc_id IN "
            "(SELECT id FROM documents WHERE trashed_at IS NULL)"
        ).fetchone()[0]
    )


def color_meanings(db: Database) -> dict[str, str]:
    """The user's meaning for each palette colour (only those set)."""
    return {r[0]: r[1] for r in db.execute("SELECT color, meaning FROM color_meanings")}


def set_color_meaning(db: Database, color: str, meaning: str) -> None:
    """Say what a colour means ("evidence", "to check"...)."""
    db.execute(
        "INSERT OR REPLACE INTO color_meanings (color, meaning) VALUES (?, ?)", [color, meaning]
    )
