"""The index outbox: jobs written in the same transaction as the change.

A job says "re-read this record from SQLite and make the search index agree".
The search writer applies pending jobs and deletes them, also after a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from desktop_app.core.store.clock import now_iso

KINDS = ("document", "annotation", "statement")


def enqueue(db: Database, kind: str, ids: Iterable[int]) -> None:
    """Record that the index must catch up with the records ``ids`` of ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"unknown index job kind {kind!r}")
    stamp = now_iso()
    db.conn.executemany(
        "INSERT INTO index_jobs (kind, target_id, created_at) VALUES (?, ?, ?)",
        [(kind, int(target), stamp) for target in ids],
    )


def pending_count(db: Database) -> int:
    """How many index jobs wait to be applied."""
    return int(db.execute("SELECT count(*) FROM index_jobs").fetchone()[0])


def last_id(db: Database) -> int:
    """The newest job id (0 when the outbox is empty): a mark before a transaction."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM index_jobs").fetchone()[0])


def jobs_after(db: Database, mark: int) -> list[tuple[str, int]]:
    """``(kind, target_id)`` of every job written after ``mark``, oldest first."""
    rows = db.execute(
        "SELECT kind, target_id FROM index_jobs WHERE id > ? ORDER BY id", [mark]
    ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


_OWNER_SQL = {
    "annotation": "SELECT id, doc_id FROM annotations WHERE id IN ({})",
    "statement": "SELECT id, doc_id FROM statements WHERE id IN ({})",
}


def owners(db: Database, kind: str, ids: Sequence[int]) -> dict[int, int]:
    """Document id of each annotation or statement in ``ids`` that still exists."""
    found: dict[int, int] = {}
    for begin in range(0, len(ids), 500):  # well under SQLite's variable limit
        chunk = list(ids[begin : begin + 500])
        sql = _OWNER_SQL[kind].format(",".join("?" * len(chunk)))
        found.update((int(r[0]), int(r[1])) for r in db.execute(sql, chunk).fetchall())
    return found
