"""SQL for speakers and their aliases (the statements are in ``statements_repo``).

Callers run these inside one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from desktop_app.core.errors import NotFoundError
from desktop_app.core.statement_types import Speaker
from desktop_app.core.store.clock import now_iso
from desktop_app.core.store.outbox import enqueue


def find_speakers_by_alias(db: Database, alias: str) -> list[int]:
    """Ids of speakers holding ``alias`` (case-insensitive)."""
    cursor = db.execute(
        "SELECT DISTINCT speaker_id FROM speaker_aliases WHERE alias = ? COLLATE NOCASE "
        "ORDER BY speaker_id",
        [alias],
    )
    return [int(r[0]) for r in cursor.fetchall()]


def insert_speaker(
    db: Database, *, name: str, role: str | None, organisation: str | None, is_group: bool
) -> int:
    """Create a speaker record; return its id."""
    cursor = db.execute(
        "INSERT INTO speakers (name, role, organisation, is_group, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [name, role, organisation, int(is_group), now_iso()],
    )
    return int(cursor.lastrowid or 0)


def fill_speaker(
    db: Database, speaker_id: int, *, role: str | None, organisation: str | None
) -> None:
    """Set role and organisation where the speaker has none yet."""
    db.execute(
        "UPDATE speakers SET role = coalesce(role, ?), organisation = coalesce(organisation, ?) "
        "WHERE id = ?",
        [role, organisation, speaker_id],
    )


def add_aliases(db: Database, speaker_id: int, aliases: Iterable[str]) -> None:
    """Record more ways the speaker is written (duplicates are ignored)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
        [(speaker_id, a) for a in {a.strip() for a in aliases} if a],
    )


def remove_aliases(db: Database, speaker_id: int, aliases: Iterable[str]) -> None:
    """Take aliases off a speaker (case-insensitive)."""
    db.conn.executemany(
        "DELETE FROM speaker_aliases WHERE speaker_id = ? AND alias = ? COLLATE NOCASE",
        [(speaker_id, a) for a in aliases],
    )


def aliases_of(db: Database, speaker_id: int) -> list[str]:
    """The aliases of a speaker, sorted."""
    cursor = db.execute(
        "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias COLLATE NOCASE",
        [speaker_id],
    )
    return [r[0] for r in cursor.fetchall()]


def speaker(db: Database, speaker_id: int) -> Speaker:
    """One speaker by id.

    Raises:
        NotFoundError: when there is no such speaker.
    """
    found = speakers(db, ids=[speaker_id], with_statements_only=False)
    if not found:
        raise NotFoundError(f"no speaker with id {speaker_id}")
    return found[0]


def speakers(
    db: Database, *, ids: Sequence[int] | None = None, with_statements_only: bool = True
) -> list[Speaker]:
    """Speakers with aliases and the number of their statements (in live documents)."""
    where = []
    args: list[object] = []
    if ids is not None:
        where.append(f"sp.id IN ({', '.join('?' * len(ids))})")
        args += list(ids)
    having = " HAVING n > 0" if with_statements_only else ""
    sql = f"""
        SELECT sp.id, sp.name, sp.role, sp.organisation, sp.is_group,
               (SELECT group_concat(alias, char(31)) FROM speaker_aliases a
                WHERE a.speaker_id = sp.id) AS aliases,
               (SELECT count(*) FROM statements s JOIN documents d ON d.id = s.doc_id
                WHERE s.speaker_id = sp.id AND d.trashed_at IS NULL) AS n
        FROM speakers sp {"WHERE " + " AND ".join(where) if where else ""}
        GROUP BY sp.id {having}
        ORDER BY sp.name COLLATE NOCASE, sp.id
    """
    out = []
    for row in db.execute(sql, args).fetchall():
        aliases = tuple(sorted(row[5].split("\x1f"), key=str.casefold)) if row[5] else ()
        out.append(Speaker(row[0], row[1], row[2], row[3], bool(row[4]), aliases, row[6]))
    return out


def statement_ids_of_speaker(db: Database, speaker_id: int) -> list[int]:
    """Ids of every statement attributed to a speaker."""
    cursor = db.execute("SELECT id FROM statements WHERE speaker_id = ?", [speaker_id])
    return [int(r[0]) for r in cursor.fetchall()]


def statement_ids_with_mentions(
    db: Database, speaker_id: int, mentions: Sequence[str]
) -> list[int]:
    """Statements of a speaker whose mention as written is one of ``mentions``."""
    if not mentions:
        return []
    marks = ", ".join("?" * len(mentions))
    cursor = db.execute(
        f"SELECT id FROM statements WHERE speaker_id = ? "
        f"AND speaker_mention COLLATE NOCASE IN ({marks})",
        [speaker_id, *mentions],
    )
    return [int(r[0]) for r in cursor.fetchall()]


def merge_speaker_rows(db: Database, keep_id: int, other_id: int) -> list[int]:
    """Move statements, aliases and corrections of ``other_id`` to ``keep_id``.

    Deletes ``other_id`` and returns the ids of the statements that moved.
    """
    moved = statement_ids_of_speaker(db, other_id)
    db.execute("UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", [keep_id, other_id])
    db.execute(
        "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) "
        "SELECT ?, alias FROM speaker_aliases WHERE speaker_id = ?",
        [keep_id, other_id],
    )
    db.execute(
        "UPDATE statement_corrections SET speaker_id = ? WHERE speaker_id = ?",
        [keep_id, other_id],
    )
    db.execute("DELETE FROM speakers WHERE id = ?", [other_id])
    enqueue(db, "statement", moved)
    return moved
