"""SQL for statements and statement corrections (speakers: ``speakers_repo``).

Every insert, update or delete of a statement enqueues an index job for it
(deleted ids too, so the search index drops them). Callers run these inside
one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.core.errors import NotFoundError
from desktop_app.core.statement_types import Statement
from desktop_app.core.store.clock import now_iso
from desktop_app.core.store.outbox import enqueue


@dataclass(frozen=True)
class StoredRow:
    """The columns of a statement row the extraction flow compares and updates."""

    id: int
    start: int
    end: int
    quote: str
    speaker_id: int | None
    origin: str


@dataclass(frozen=True)
class StatementFields:
    """What is written for one statement (``mention`` is text, start, end)."""

    start: int
    end: int
    quote: str
    kind: str
    cue: str | None
    speaker_id: int | None
    mention: tuple[str, int, int] | None
    confidence: float
    quoted: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class GroupRow:
    """What grouping reads of a statement: who said it, where, and the words."""

    id: int
    doc_id: int
    speaker_id: int
    quote: str
    group_id: int | None


@dataclass(frozen=True)
class Correction:
    """A user correction kept apart from extracted rows (see db migration 0002)."""

    id: int
    doc_id: int
    quote: str
    action: str
    speaker_id: int | None
    start: int | None
    end: int | None


_SELECT = """
SELECT s.id, s.doc_id, s.quote, s.start, s."end", s.kind, s.cue, sp.name, s.speaker_id,
       s.speaker_mention, s.mention_start, s.mention_end, sp.role, sp.organisation,
       d.published, s.confidence, s.origin, d.title, s.quoted, s.group_id,
       CASE WHEN s.group_id IS NULL THEN 1 ELSE
         (SELECT count(DISTINCT g.doc_id) FROM statements g JOIN documents gd ON gd.id = g.doc_id
          WHERE g.group_id = s.group_id AND gd.trashed_at IS NULL) END,
       d.language
FROM statements s
JOIN documents d ON d.id = s.doc_id
LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""


def _statement(row: Sequence) -> Statement:
    return Statement(
        id=row[0],
        doc_id=row[1],
        quote=row[2],
        start=row[3],
        end=row[4],
        kind=row[5],
        cue=row[6],
        speaker=row[7],
        speaker_id=row[8],
        speaker_mention=row[9],
        mention_start=row[10],
        mention_end=row[11],
        role=row[12],
        organisation=row[13],
        date=row[14],
        confidence=row[15],
        origin=row[16],
        doc_title=row[17],
        quoted=tuple((int(a), int(b)) for a, b in json.loads(row[18] or "[]")),
        group=row[19],
        occurrences=row[20],
        language=row[21],
    )


# Statements ------------------------------------------------------------------


def rows_of_document(db: Database, doc_id: int) -> list[StoredRow]:
    """The statement rows of one document, in text order."""
    cursor = db.execute(
        'SELECT id, start, "end", quote, speaker_id, origin FROM statements '
        "WHERE doc_id = ? ORDER BY start, id",
        [doc_id],
    )
    return [StoredRow(*row) for row in cursor.fetchall()]


def _field_values(fields: StatementFields) -> list[object]:
    """The values insert and update both write, in their column order.

    ``start, "end", quote, kind, cue, speaker_id, speaker_mention,
    mention_start, mention_end, confidence, quoted``.
    """
    text, m_start, m_end = fields.mention if fields.mention else (None, None, None)
    quoted = json.dumps([list(span) for span in fields.quoted]) if fields.quoted else None
    return [
        fields.start,
        fields.end,
        fields.quote,
        fields.kind,
        fields.cue,
        fields.speaker_id,
        text,
        m_start,
        m_end,
        fields.confidence,
        quoted,
    ]


def insert_statement(
    db: Database, doc_id: int, fields: StatementFields, *, origin: str = "extracted"
) -> int:
    """Insert one statement; enqueue its index job; return its id."""
    cursor = db.execute(
        """INSERT INTO statements (doc_id, start, "end", quote, kind, cue, speaker_id,
           speaker_mention, mention_start, mention_end, confidence, quoted, origin, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [doc_id, *_field_values(fields), origin, now_iso()],
    )
    new_id = int(cursor.lastrowid or 0)
    enqueue(db, "statement", [new_id])
    return new_id


def update_statement(db: Database, statement_id: int, fields: StatementFields) -> None:
    """Overwrite an extracted statement in place (its id stays); enqueue it."""
    db.execute(
        """UPDATE statements SET start = ?, "end" = ?, quote = ?, kind = ?, cue = ?,
           speaker_id = ?, speaker_mention = ?, mention_start = ?, mention_end = ?,
           confidence = ?, quoted = ? WHERE id = ?""",
        [*_field_values(fields), statement_id],
    )
    enqueue(db, "statement", [statement_id])


def set_speaker(
    db: Database,
    statement_ids: Iterable[int],
    speaker_id: int | None,
    confidence: float | None = None,
) -> None:
    """Point statements at another speaker; enqueue them."""
    ids = list(statement_ids)
    for statement_id in ids:
        if confidence is None:
            db.execute(
                "UPDATE statements SET speaker_id = ? WHERE id = ?", [speaker_id, statement_id]
            )
        else:
            db.execute(
                "UPDATE statements SET speaker_id = ?, confidence = ? WHERE id = ?",
                [speaker_id, confidence, statement_id],
            )
    enqueue(db, "statement", ids)


def delete_statements(db: Database, statement_ids: Iterable[int]) -> None:
    """Delete statements; enqueue their ids so the index drops them."""
    ids = list(statement_ids)
    db.conn.executemany("DELETE FROM statements WHERE id = ?", [(i,) for i in ids])
    enqueue(db, "statement", ids)


def get(db: Database, statement_id: int) -> Statement:
    """One statement by id.

    Raises:
        NotFoundError: when there is no such statement.
    """
    row = db.execute(_SELECT + " WHERE s.id = ?", [statement_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no statement with id {statement_id}")
    return _statement(row)


def query(
    db: Database,
    *,
    doc_id: int | None = None,
    speaker: str | None = None,
    speaker_id: int | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    group: int | None = None,
    kinds: Sequence[str] = (),
    languages: Sequence[str] = (),
) -> list[Statement]:
    """Statements of documents not in the trash, filtered, by date then position.

    ``speaker`` matches (case-insensitively, as a substring) the speaker's
    name, any alias, or the mention as written. ``since``/``until`` compare
    with the document's published date (ISO strings, inclusive). ``kinds``
    and ``languages`` keep statements of those kinds and document languages
    (a language matches its regional forms: ``en`` matches ``en-GB``).
    """
    where = ["d.trashed_at IS NULL"]
    args: list[object] = []
    if doc_id is not None:
        where.append("s.doc_id = ?")
        args.append(doc_id)
    if speaker_id is not None:
        where.append("s.speaker_id = ?")
        args.append(speaker_id)
    if speaker:
        like = f"%{_escape_like(speaker)}%"
        where.append(
            "(sp.name LIKE ? ESCAPE '\\' OR s.speaker_mention LIKE ? ESCAPE '\\' OR EXISTS "
            "(SELECT 1 FROM speaker_aliases a WHERE a.speaker_id = s.speaker_id "
            "AND a.alias LIKE ? ESCAPE '\\'))"
        )
        args += [like, like, like]
    if since:
        where.append("d.published IS NOT NULL AND d.published >= ?")
        args.append(since)
    if until:
        where.append("d.published IS NOT NULL AND substr(d.published, 1, ?) <= ?")
        args += [len(until), until]
    if text:
        where.append("s.quote LIKE ? ESCAPE '\\'")
        args.append(f"%{_escape_like(text)}%")
    if group is not None:
        where.append("s.group_id = ?")
        args.append(group)
    if kinds:
        where.append(f"s.kind IN ({', '.join('?' * len(kinds))})")
        args += list(kinds)
    if languages:
        tests = " OR ".join("d.language = ? OR d.language LIKE ?" for _ in languages)
        where.append(f"({tests})")
        for lang in languages:
            args += [lang, f"{_escape_like(lang)}-%"]
    sql = (
        _SELECT
        + " WHERE "
        + " AND ".join(where)
        + (" ORDER BY d.published IS NULL, d.published, s.doc_id, s.start, s.id")
    )
    return [_statement(row) for row in db.execute(sql, args).fetchall()]


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def group_rows(db: Database, speaker_ids: Iterable[int]) -> list[GroupRow]:
    """Statements of these speakers in live documents, for grouping."""
    ids = sorted(set(speaker_ids))
    out: list[GroupRow] = []
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        cursor = db.execute(
            "SELECT s.id, s.doc_id, s.speaker_id, s.quote, s.group_id FROM statements s "
            "JOIN documents d ON d.id = s.doc_id WHERE d.trashed_at IS NULL "
            f"AND s.speaker_id IN ({', '.join('?' * len(part))}) ORDER BY s.id",
            part,
        )
        out += [GroupRow(*row) for row in cursor.fetchall()]
    return out


def grouped_speaker_ids(db: Database) -> list[int]:
    """Every speaker with a statement (grouping all of them is a full regroup)."""
    cursor = db.execute("SELECT DISTINCT speaker_id FROM statements WHERE speaker_id IS NOT NULL")
    return [int(r[0]) for r in cursor.fetchall()]


def set_groups(db: Database, groups: Mapping[int, int | None]) -> None:
    """Write each statement's group id (None: said once)."""
    db.conn.executemany(
        "UPDATE statements SET group_id = ? WHERE id = ?", [(g, i) for i, g in groups.items()]
    )


def ungrouped_speakerless(db: Database) -> list[int]:
    """Statements in a group that have no speaker (any more)."""
    cursor = db.execute(
        "SELECT id FROM statements WHERE group_id IS NOT NULL AND speaker_id IS NULL"
    )
    return [int(r[0]) for r in cursor.fetchall()]


def clear_groups(db: Database, statement_ids: Iterable[int]) -> None:
    """Take statements out of their groups (their speaker is gone or unknown)."""
    db.conn.executemany(
        "UPDATE statements SET group_id = NULL WHERE id = ?", [(i,) for i in statement_ids]
    )


# Corrections -----------------------------------------------------------------


def add_correction(
    db: Database,
    *,
    doc_id: int,
    quote: str,
    action: str,
    speaker_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
) -> int:
    """Record a correction. A newer one for the same quote replaces older ones."""
    db.execute(
        "DELETE FROM statement_corrections WHERE doc_id = ? AND quote = ? "
        "AND (action = ? OR ? = 'reject' OR action = 'reject')",
        [doc_id, quote, action, action],
    )
    cursor = db.execute(
        'INSERT INTO statement_corrections (doc_id, quote, action, speaker_id, start, "end", '
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [doc_id, quote, action, speaker_id, start, end, now_iso()],
    )
    return int(cursor.lastrowid or 0)


def corrections(db: Database, doc_id: int) -> list[Correction]:
    """The corrections of one document, oldest first."""
    cursor = db.execute(
        'SELECT id, doc_id, quote, action, speaker_id, start, "end" FROM statement_corrections '
        "WHERE doc_id = ? ORDER BY id",
        [doc_id],
    )
    return [Correction(*row) for row in cursor.fetchall()]


def document_text(db: Database, doc_id: int) -> tuple[str, str, str | None] | None:
    """``(text, blocks_json, language)`` of a document, or None if it does not exist."""
    row = db.execute(
        "SELECT c.text, c.blocks, d.language FROM document_content c "
        "JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ?",
        [doc_id],
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def live_document_ids(db: Database) -> list[int]:
    """Ids of documents not in the trash."""
    cursor = db.execute("SELECT id FROM documents WHERE trashed_at IS NULL ORDER BY id")
    return [int(r[0]) for r in cursor.fetchall()]
