"""The index outbox: jobs written in the same transaction as the change.

A job says "re-read this record from SQLite and make the search index agree".
The search writer applies pending jobs and deletes them, also after a crash.
"""

from __future__ import annotations

from collections.abc import Iterable

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
