"""The derived Whoosh index: opening, self-healing, outbox sync and rebuilds.

SQLite is the source of truth; this index can be deleted at any time. Every
change writes an ``index_jobs`` row in its own transaction; :meth:`sync`
applies pending jobs in batches and deletes them only after the Whoosh commit,
so a crash at any point leaves them pending for the next start. A missing,
unreadable or outdated index (its schema version is kept in
``sourcebook-index.json``) is rebuilt into a fresh folder that replaces the old
one only when complete, so searches keep working during a rebuild and a
cancelled rebuild changes nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.query import Term
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from desktop_app.core.errors import LibraryLocked, QueryError, SourcebookError
from desktop_app.core.search import results as results_mod
from desktop_app.core.search.codec import SourcebookCodec
from desktop_app.core.search.parallel import (
    HelpersFailed,
    cancel_writer,
    default_procs,
    parallel_writer,
)
from desktop_app.core.search.query import QueryParser, clean_query
from desktop_app.core.search.records import fields_for, key_for
from desktop_app.core.search.results import SearchResults
from desktop_app.core.search.schema import KINDS, SCHEMA_VERSION, build_schema
from desktop_app.core.store import index_feed, outbox

log = logging.getLogger(__name__)

VERSION_FILE = "sourcebook-index.json"
JOB_BATCH = 200
"""Outbox jobs applied per Whoosh commit."""
TEXT_CACHE_CHARS = 16_000_000
"""Characters of document text kept for snippets between searches."""
REBUILD_BATCH = 200
"""Records read from SQLite per query during a rebuild."""

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class SearchIndex:
    """Full-text search over a library's documents, annotations and statements.

    Args:
        index_dir: the index folder (created on first use).
        db: the library database.
        lock: the Library's lock; held around every use of ``db``.
        read_only: another process owns the library (and this index): search
            only; never write, rebuild or touch the outbox.
    """

    writer_timeout = 2.0
    """Seconds to wait for another process's writer lock before leaving jobs pending."""
    writer_limitmb = 256
    """Memory for the writer's posting pool; fewer, larger runs build faster."""

    def __init__(
        self, index_dir: Path, db: Database, lock: threading.RLock, *, read_only: bool = False
    ) -> None:
        self.index_dir = Path(index_dir)
        self.read_only = read_only
        self.db = db
        self.lock = lock
        self.schema = build_schema()
        self.status: str | None = None
        """Why the last sync left jobs pending (another writer), else None."""
        self._parser = QueryParser(self.schema)
        self._ix: FileIndex | None = None
        self._searcher: Searcher | None = None
        self._ix_lock = threading.RLock()  # guards _ix, _searcher and _sizes
        self._sizes: dict[str, int] = {}
        self._text_cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._text_cache_chars = 0
        self._write_lock = threading.RLock()  # one writer or rebuild at a time here

    # --- health ---------------------------------------------------------

    def needs_rebuild(self) -> bool:
        """True when the index is missing, unreadable or of an older schema."""
        return self._problem() is not None

    def record_counts(self) -> dict[str, int]:
        """How many live records of each kind the index holds (for ``check``)."""
        searcher = self._get_searcher()
        with self._ix_lock:
            return {
                kind: sum(1 for _ in searcher.docs_for_query(Term("kind", kind)))
                for kind in ("document", "annotation", "statement")
            }

    def _problem(self) -> str | None:
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
            with self._ix_lock:
                self._index()
        except Exception as exc:  # any failure to open a derived index means: rebuild
            return f"unreadable ({exc.__class__.__name__}: {exc})"
        return None

    def _index(self) -> FileIndex:
        if self._ix is None:
            storage = FileStorage(str(self.index_dir))
            ix = storage.open_index(schema=self.schema)
            ix.doc_count_all()  # reads the table of contents and segments
            self._ix = ix
        return self._ix

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
                    raise _IndexDamaged(f"{path} shrank from {size} bytes")
            except FileNotFoundError:
                continue

    def _drop_open_index(self) -> None:
        with self._ix_lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # closing a broken searcher must not mask the cause
                    log.debug("closing a broken searcher failed", exc_info=True)
            self._searcher = None
            self._ix = None

    def _get_searcher(self) -> Searcher:
        with self._ix_lock:
            if self._searcher is not None:
                self._check_sizes()
                if not self._searcher.up_to_date():
                    # Not Searcher.refresh(): whoosh3 3.54's reader reuse
                    # (FileIndex._reader) re-adds segments a merge removed and
                    # keeps stale deletions, so edited records showed up twice.
                    self._searcher.close()
                    self._searcher = None
            if self._searcher is None:
                self._forget_texts()  # the index changed: texts may have too
                self._snapshot_sizes()
                self._searcher = self._index().searcher()
            return self._searcher

    # --- searching ------------------------------------------------------

    def search(self, query: str, *, kind: str | None = None, limit: int = 20) -> SearchResults:
        """Ranked results for ``query`` with snippets and facet counts.

        Raises:
            QueryError: when the query cannot be understood (one-line message).
        """
        q = self._parser.parse(query, kind=kind)
        return self._run(q, query, limit=limit, fragments=2, facets=True)

    def quick_search(self, query: str, limit: int = 10, *, facets: bool = False) -> SearchResults:
        """First results for a query being typed; never raises for bad input.

        The last word, while still being typed, also matches as a prefix
        (``traffi`` finds trafficking). One snippet fragment; facet counts
        (of these same matches) only when asked for.
        """
        try:
            text = _as_you_type(clean_query(query))
            q = self._parser.parse(text)
        except QueryError as exc:
            return SearchResults(query=query, total=0, hits=[], error=str(exc))
        return self._run(q, query, limit=limit, fragments=1, facets=facets)

    def _run(self, q: Any, text: str, *, limit: int, fragments: int, facets: bool) -> SearchResults:
        for attempt in (1, 2):
            if attempt == 2 or self.needs_rebuild():
                self._heal()
            try:
                with self._ix_lock:
                    return results_mod.run_search(
                        self._get_searcher(),
                        q,
                        text=text,
                        limit=limit,
                        load=self._load_sources,
                        fragments=fragments,
                        facets=facets,
                    )
            except (SourcebookError, sqlite3.Error):  # not the index's fault
                raise
            except Exception:  # a damaged derived index: heal, then try once more
                if attempt == 2:
                    raise
                log.warning("search index unreadable; reopening or rebuilding", exc_info=True)
                self._drop_open_index()
        raise AssertionError("unreachable")  # pragma: no cover

    def _heal(self) -> None:
        self._drop_open_index()
        if self.needs_rebuild():
            if self.read_only:
                raise SourcebookError(
                    "the search index is missing or damaged and this library is open in "
                    "another Sourcebook, which rebuilds it; try again in a moment"
                )
            self.rebuild()

    def _load_sources(self, kind: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        """What snippets are cut from, by record id (see results.TextLoader)."""
        if kind == "document":
            return self._document_sources(ids)
        with self.lock:
            records = index_feed.load_records(self.db, kind, ids)
            pages = index_feed.load_page_starts(self.db, {r["doc_id"] for r in records.values()})
        out: dict[int, dict[str, Any]] = {}
        for rid, rec in records.items():
            entry: dict[str, Any] = {
                "start": rec["start"],
                "page_starts": pages.get(rec["doc_id"], []),
            }
            if kind == "annotation":
                entry["text"] = rec["exact"]
                entry["note"] = rec["note"]
            else:
                entry["text"] = rec["quote"]
                entry["prefix"] = rec["speaker_name"] or rec["speaker_mention"]
            out[rid] = entry
        return out

    def _document_sources(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """Document texts for snippets, through a small cache.

        Search-as-you-type asks for the same documents keystroke after
        keystroke; a long report is megabytes. The cache is emptied whenever
        jobs are applied (a re-import changes a text).
        """
        cache = self._text_cache
        missing = [i for i in ids if i not in cache]
        if missing:
            with self.lock:
                texts = index_feed.load_document_texts(self.db, missing)
            for doc_id, (text, pages) in texts.items():
                cache[doc_id] = {"text": text, "page_starts": pages, "start": 0}
                self._text_cache_chars += len(text)
            while self._text_cache_chars > TEXT_CACHE_CHARS and len(cache) > len(ids):
                _, dropped = cache.popitem(last=False)
                self._text_cache_chars -= len(dropped["text"])
        out = {}
        for doc_id in ids:
            if doc_id in cache:
                cache.move_to_end(doc_id)
                out[doc_id] = cache[doc_id]
        return out

    def _forget_texts(self) -> None:
        with self._ix_lock:
            self._text_cache.clear()
            self._text_cache_chars = 0

    # --- keeping up with SQLite -------------------------------------------

    def sync(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Apply pending outbox jobs; rebuild instead when the index needs it.

        Returns the number of jobs applied (or records indexed by a rebuild).
        When another process holds the writer lock, jobs stay pending (they
        are safe in SQLite), :attr:`status` says so and this returns early.
        """
        if self.read_only:
            return 0
        with self._write_lock:
            if self.needs_rebuild():
                return self.rebuild(progress, cancel)
            try:
                return self._apply_pending(progress, cancel)
            except sqlite3.Error:  # the library's database, not the index: nothing to heal
                raise
            except Exception:  # the index broke under us: rebuild from SQLite
                log.warning("search index damaged while syncing; rebuilding", exc_info=True)
                self._drop_open_index()
                return self.rebuild(progress, cancel)

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
            self._forget_texts()
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
                with self._ix_lock:
                    return self._index().writer(limitmb=64, codec=SourcebookCodec())
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

    # --- rebuilding -----------------------------------------------------

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
                :data:`MAX_PROCS`) for a large library, one for a small one.
        """
        if self.read_only:
            raise LibraryLocked(
                "this library is open in another Sourcebook; rebuild the index from there"
            )
        with self._write_lock:
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
            self.status = None
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
        with self._ix_lock:
            self._drop_open_index()
            self._forget_texts()
            old = self.index_dir.with_name(self.index_dir.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.index_dir.exists():
                self.index_dir.rename(old)
            building.rename(self.index_dir)
            shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        """Release open index files."""
        self._drop_open_index()


class _IndexDamaged(Exception):
    """An index file changed under the open searcher."""


def _as_you_type(text: str) -> str:
    """Make the word being typed a prefix: ``human traffi`` → ``human traffi*``."""
    if text.endswith((" ", '"', ")", "]", "}", "*")):
        return text
    last = text.rsplit(None, 1)[-1]
    if ":" in last or last.upper() in ("AND", "OR", "NOT") or last.count('"') % 2:
        return text
    if last.startswith(("-", "(")):
        return text
    if len(last) >= 3 or (len(last) >= 2 and not last.isascii()):
        # The word as typed (stemmed, as indexed) or any longer word.
        return f"{text[: -len(last)]}({last} OR {last}*)"
    return text
