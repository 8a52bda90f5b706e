"""The index on disk: opening it, noticing damage, healing, rebuilding and swapping in.

SQLite is the source of truth; this index can be deleted at any time. A
missing, unreadable or outdated index (its schema version is kept in
``sourcebook-index.json``) is rebuilt into a fresh folder that replaces the
old one only when complete, so searches keep working during a rebuild and a
cancelled rebuild changes nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from desktop_app.core.errors import LibraryLocked, SourcebookError
from desktop_app.core.search.codec import SourcebookCodec
from desktop_app.core.search.parallel import (
    HelpersFailed,
    cancel_writer,
    default_procs,
    parallel_writer,
)
from desktop_app.core.search.records import fields_for
from desktop_app.core.search.schema import KINDS, SCHEMA_VERSION
from desktop_app.core.store import index_feed

log = logging.getLogger(__name__)

VERSION_FILE = "sourcebook-index.json"
REBUILD_BATCH = 200
"""Records read from SQLite per query during a rebuild."""

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class IndexLifecycle:
    """One index folder: the open index and searcher, their health, rebuilds and swaps.

    Args:
        index_dir: the index folder (created on first use).
        db: the library database.
        lock: the Library's lock; held around every use of ``db``.
        schema: the index schema.
        read_only: another process owns the library: never rebuild.
    """

    writer_limitmb = 256
    """Memory for a rebuild writer's posting pool; fewer, larger runs build faster."""

    def __init__(
        self,
        index_dir: Path,
        db: Database,
        lock: threading.RLock,
        schema: Schema,
        *,
        read_only: bool,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.db = db
        self.lock = lock
        self.schema = schema
        self.read_only = read_only
        self.ix_lock = threading.RLock()
        """Guards the open index and searcher (and what searching keeps with them)."""
        self.write_lock = threading.RLock()
        """One writer or rebuild at a time in this process."""
        self.generation = 0
        """Goes up with every searcher opened: what the last one read is stale."""
        self.rebuilt = False
        """Whether the last rebuild completed (not cancelled)."""
        self._ix: FileIndex | None = None
        self._searcher: Searcher | None = None
        self._sizes: dict[str, int] = {}

    # --- health -----------------------------------------------------------

    def needs_rebuild(self) -> bool:
        """True when the index is missing, unreadable or of an older schema."""
        return self.problem() is not None

    def problem(self) -> str | None:
        """What is wrong with the index on disk, or None."""
        version_file = self.index_dir / VERSION_FILE
        try:
            meta = json.loads(version_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return "missing"
        except (OSError, ValueError):
            return "unreadable version file"
        if not isinstance(meta, dict) or meta.get("schema_version") != SCHEMA_VERSION:
            return "outdated"
        try:
            with self.ix_lock:
                self.index()
        except Exception as exc:  # any failure to open a derived index means: rebuild
            return f"unreadable ({exc.__class__.__name__}: {exc})"
        return None

    def heal(self) -> None:
        """Reopen the index; rebuild it from SQLite when it is missing or damaged."""
        self.drop()
        if self.needs_rebuild():
            if self.read_only:
                raise SourcebookError(
                    "the search index is missing or damaged and this library is open in "
                    "another Sourcebook, which rebuilds it; try again in a moment"
                )
            self.rebuild()

    # --- the open index -----------------------------------------------------

    def index(self) -> FileIndex:
        """The open index (opened on first use)."""
        if self._ix is None:
            storage = FileStorage(str(self.index_dir))
            ix = storage.open_index(schema=self.schema)
            ix.doc_count_all()  # reads the table of contents and segments
            self._ix = ix
        return self._ix

    def searcher(self) -> Searcher:
        """A searcher over the latest commit (reopened when the index changed).

        Call with :attr:`ix_lock` held for as long as the searcher is used.
        """
        with self.ix_lock:
            if self._searcher is not None:
                self._check_sizes()
                if not self._searcher.up_to_date():
                    # Not Searcher.refresh(): whoosh3 3.54's reader reuse
                    # (FileIndex._reader) re-adds segments a merge removed and
                    # keeps stale deletions, so edited records showed up twice.
                    self._searcher.close()
                    self._searcher = None
            if self._searcher is None:
                self._snapshot_sizes()
                self._searcher = self.index().searcher()
                self.generation += 1
            return self._searcher

    def _snapshot_sizes(self) -> None:
        """Remember the size of every index file the open searcher maps."""
        sizes = {}
        with os.scandir(self.index_dir) as entries:
            for entry in entries:
                if entry.is_file():
                    sizes[entry.path] = entry.stat().st_size
        self._sizes = sizes

    def _check_sizes(self) -> None:
        """Raise if a mapped file shrank (touching it would be a SIGBUS).

        Segments are memory-mapped (a quarter faster than plain reads). Whoosh
        never truncates a file, but a damaged disk or a user might; reading a
        mapped page past the new end kills the process instead of raising.
        A file that was deleted (merged away) stays readable while mapped.
        """
        for path, size in self._sizes.items():
            try:
                if os.stat(path).st_size < size:
                    raise IndexDamaged(f"{path} shrank from {size} bytes")
            except FileNotFoundError:
                continue

    def drop(self) -> None:
        """Close the open searcher and index (the next use reopens them)."""
        with self.ix_lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # closing a broken searcher must not mask the cause
                    log.debug("closing a broken searcher failed", exc_info=True)
            self._searcher = None
            self._ix = None
            self.generation += 1

    # --- rebuilding ---------------------------------------------------------

    def rebuild(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        procs: int | None = None,
    ) -> int:
        """Rebuild the whole index from SQLite; returns the records indexed.

        The new index is built beside the old one and swapped in when
        complete. On cancel the old index stays as it was and 0 is returned.

        Args:
            procs: indexing processes; by default one per core (at most
                ``parallel.MAX_PROCS``) for a large library, one for a small one.
        """
        if self.read_only:
            raise LibraryLocked(
                "this library is open in another Sourcebook; rebuild the index from there"
            )
        with self.write_lock:
            self.rebuilt = False
            building = self.index_dir.with_name(self.index_dir.name + ".building")
            with self.lock:
                last_job = index_feed.last_job_id(self.db)
                total = index_feed.count_records(self.db)
            if procs is None:
                procs = default_procs(total)
            try:
                done = self._build(building, procs, total, progress, cancel)
            except HelpersFailed as exc:
                log.warning("parallel index rebuild failed (%s); rebuilding in one process", exc)
                done = self._build(building, 1, total, progress, cancel)
            if done is None:
                return 0
            (building / VERSION_FILE).write_text(
                json.dumps({"schema_version": SCHEMA_VERSION}), encoding="utf-8"
            )
            self._swap_in(building)
            with self.lock:
                index_feed.delete_jobs_up_to(self.db, last_job)
            self.rebuilt = True
            if progress is not None:
                progress(done, max(total, done))
            return done

    def _build(
        self,
        building: Path,
        procs: int,
        total: int,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> int | None:
        """Index every record into ``building``; None if cancelled (folder removed)."""
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        ix = FileStorage(str(building), supports_mmap=False).create_index(self.schema)
        writer = self._rebuild_writer(ix, procs)
        done = 0
        try:
            for kind in KINDS:
                for batch in self._record_batches(kind):
                    for record in batch:
                        writer.add_document(**fields_for(kind, record))
                    done += len(batch)
                    if progress is not None:
                        progress(done, max(total, done))
                    if cancel is not None and cancel():
                        cancel_writer(writer)
                        shutil.rmtree(building, ignore_errors=True)
                        return None
            writer.commit()
            indexed = ix.doc_count_all()
            if indexed != done:  # a helper process lost its part
                raise HelpersFailed(f"{indexed:,} of {done:,} records reached the index")
        except BaseException:
            cancel_writer(writer)
            shutil.rmtree(building, ignore_errors=True)
            raise
        return done

    def _rebuild_writer(self, ix: FileIndex, procs: int) -> IndexWriter:
        if procs <= 1:
            return ix.writer(limitmb=self.writer_limitmb, codec=SourcebookCodec())
        return parallel_writer(ix, procs, limitmb=self.writer_limitmb, codec=SourcebookCodec())

    def _record_batches(self, kind: str) -> Iterator[list[dict[str, Any]]]:
        batches = index_feed.iter_records(self.db, kind, batch=REBUILD_BATCH)
        while True:
            with self.lock:  # one short query per batch; others get the db between
                batch = next(batches, None)
            if batch is None:
                return
            yield batch

    def _swap_in(self, building: Path) -> None:
        with self.ix_lock:
            self.drop()
            old = self.index_dir.with_name(self.index_dir.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.index_dir.exists():
                self.index_dir.rename(old)
            building.rename(self.index_dir)
            shutil.rmtree(old, ignore_errors=True)


class IndexDamaged(Exception):
    """An index file changed under the open searcher."""
