"""Keeping the index in step with SQLite: pending outbox jobs → the Whoosh writer.

Every change writes an ``index_jobs`` row in its own transaction; :meth:`
OutboxSync.sync` applies pending jobs in batches and deletes them only after
the Whoosh commit, so a crash at any point leaves them pending for the next
start.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import defaultdict

from whoosh.index import LockError
from whoosh.writing import IndexWriter

from desktop_app.core.search.codec import SourcebookCodec
from desktop_app.core.search.lifecycle import Cancel, IndexLifecycle, Progress
from desktop_app.core.search.parallel import cancel_writer
from desktop_app.core.search.records import fields_for, key_for
from desktop_app.core.store import index_feed, outbox

log = logging.getLogger(__name__)

JOB_BATCH = 200
"""Outbox jobs applied per Whoosh commit."""


class OutboxSync:
    """Applies the library's pending ``index_jobs`` to the index of ``files``."""

    writer_timeout = 2.0
    """Seconds to wait for another process's writer lock before leaving jobs pending."""

    def __init__(self, files: IndexLifecycle) -> None:
        self.files = files
        self.db = files.db
        self.lock = files.lock
        self.status: str | None = None
        """Why the last sync left jobs pending (another writer), else None."""

    def sync(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Apply pending outbox jobs; rebuild instead when the index needs it.

        Returns the number of jobs applied (or records indexed by a rebuild).
        When another process holds the writer lock, jobs stay pending (they
        are safe in SQLite), :attr:`status` says so and this returns early.
        """
        if self.files.read_only:
            return 0
        with self.files.write_lock:
            if self.files.needs_rebuild():
                return self.rebuild(progress, cancel)
            try:
                return self._apply_pending(progress, cancel)
            except sqlite3.Error:  # the library's database, not the index: nothing to heal
                raise
            except Exception:  # the index broke under us: rebuild from SQLite
                log.warning("search index damaged while syncing; rebuilding", exc_info=True)
                self.files.drop()
                return self.rebuild(progress, cancel)

    def rebuild(
        self, progress: Progress | None = None, cancel: Cancel | None = None, **kwargs: int | None
    ) -> int:
        """Rebuild from SQLite (see :meth:`IndexLifecycle.rebuild`); nothing is pending after."""
        done = self.files.rebuild(progress, cancel, **kwargs)
        if self.files.rebuilt:
            self.status = None
        return done

    def _apply_pending(self, progress: Progress | None, cancel: Cancel | None) -> int:
        applied = 0
        self.status = None
        with self.lock:
            total = outbox.pending_count(self.db)
        while True:
            with self.lock:
                jobs = index_feed.pending_jobs(self.db, JOB_BATCH)
            if not jobs:
                break
            writer = self._writer()
            if writer is None:
                break
            try:
                self._apply_jobs(writer, jobs)
                writer.commit()
            except BaseException:
                cancel_writer(writer)  # closes its files; the jobs stay pending
                raise
            with self.lock:
                index_feed.delete_jobs(self.db, [job_id for job_id, _, _ in jobs])
            applied += len(jobs)
            if progress is not None:
                progress(min(applied, total), max(total, applied))
            if cancel is not None and cancel():
                break
        return applied

    def _writer(self) -> IndexWriter | None:
        deadline = time.monotonic() + self.writer_timeout
        while True:
            try:
                with self.files.ix_lock:
                    return self.files.index().writer(limitmb=64, codec=SourcebookCodec())
            except LockError:
                if time.monotonic() >= deadline:
                    self.status = (
                        "another program is writing the search index; changes wait "
                        "in the library and will be indexed at the next sync"
                    )
                    log.warning(self.status)
                    return None
                time.sleep(0.05)

    def _apply_jobs(self, writer: IndexWriter, jobs: list[tuple[int, str, int]]) -> None:
        by_kind: dict[str, set[int]] = defaultdict(set)
        for _, kind, target in jobs:
            by_kind[kind].add(target)
        doc_ids = by_kind.pop("document", set())
        with self.lock:
            docs = index_feed.load_records(self.db, "document", doc_ids)
            children = {
                kind: index_feed.load_records_of_documents(self.db, kind, docs)
                for kind in ("annotation", "statement")
            }
            singles = {
                kind: index_feed.load_records(self.db, kind, ids) for kind, ids in by_kind.items()
            }
        # A document job re-does the document and everything in it, so a
        # trashed or purged document takes its highlights and quotes along.
        for doc_id in doc_ids:
            writer.delete_by_term("doc", str(doc_id))
        for record in docs.values():
            writer.add_document(**fields_for("document", record))
        for kind, records in children.items():
            for record in records.values():
                writer.add_document(**fields_for(kind, record))
        for kind, ids in by_kind.items():
            live = singles[kind]
            for record_id in ids:
                if record_id in children.get(kind, {}):
                    continue
                writer.delete_by_term("key", key_for(kind, record_id))
                current = live.get(record_id)
                if current is not None and int(current["doc_id"]) not in doc_ids:
                    writer.add_document(**fields_for(kind, current))
