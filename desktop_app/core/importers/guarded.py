"""Import with a time and memory limit: heavy formats run in a worker process.

A hostile PDF can make a native parser loop for minutes or crash; a batch
must go on. :func:`import_file_guarded` reads plain text and Markdown in
this process (cheap, and the BBC's 2,225 small files must store in seconds)
and sends every other format to one long-lived worker process. When the
worker takes longer than ``timeout_s`` it is killed, the file is reported
("took longer than 15 s to read; it may be damaged"), and the next file
gets a fresh worker. The worker also runs under an address-space limit
(:data:`MEMORY_LIMIT_BYTES`, where the OS has rlimits).

The worker is started with ``forkserver`` on POSIX (``spawn`` elsewhere):
both are safe to use from any thread (plain ``fork`` is not, and the GUI
imports from a background thread), and forkserver restarts a killed worker
in milliseconds because the server has the parsers imported already.
Calls are serialised by a lock, so several threads may share the worker.
Call :func:`shutdown_worker` (also registered with ``atexit``) to stop it.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.dispatch import import_as, read_checked
from desktop_app.core.importers.sniff import container_format, sniff
from desktop_app.core.types import DocumentMetadata, ImportedDocument

DEFAULT_TIMEOUT_S = 15.0
"""Per-file time limit: one hostile file holds a batch for at most this long."""

STARTUP_TIMEOUT_S = 120.0
"""How long a new worker may take to load its parsers (not charged to a file)."""

MEMORY_LIMIT_BYTES = 3 * 1024 * 1024 * 1024
"""Address-space limit of the worker (3 GiB; RLIMIT_AS, POSIX only)."""

_IN_PROCESS_KINDS = frozenset({"txt", "md"})
# Modules the forkserver imports once, so each (re)started worker has them.
_PRELOAD = ["desktop_app.core.importers.worker_preload"]


def import_file_guarded(path: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> ImportedDocument:
    """Import ``path`` like :func:`import_file`, with a time and memory limit.

    Safe to call from any thread.

    Raises:
        ImportFailed: for every file that cannot be read, including one that
            takes longer than ``timeout_s`` or crashes the reader.
    """
    path = Path(path)
    _size, head = read_checked(path)
    if container_format(head) is None:
        kind = sniff(path, head)  # text-like: no zip is opened in this process
        if kind in _IN_PROCESS_KINDS:
            return import_as(path, kind)
    return default_worker().import_file(path, timeout_s=timeout_s)


class ImportWorker:
    """One worker process that imports files on request, restarted when killed."""

    def __init__(
        self, *, memory_limit: int | None = MEMORY_LIMIT_BYTES, start_method: str | None = None
    ) -> None:
        self.memory_limit = memory_limit
        self.start_method = start_method or default_start_method()
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self.restarts = 0
        """How many times a worker was started (for tests and benchmarks)."""

    def import_file(self, path: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> ImportedDocument:
        """Import ``path`` in the worker.

        Raises:
            ImportFailed: for a bad file, a timeout or a crash of the worker.
        """
        result = self.call("import", str(path), path=path, timeout_s=timeout_s)
        assert isinstance(result, ImportedDocument)
        return result

    def read_metadata(
        self, path: Path, *, file_stem: str, timeout_s: float = DEFAULT_TIMEOUT_S
    ) -> DocumentMetadata:
        """Metadata of ``path`` as an import sets it (see :func:`dispatch.read_metadata`).

        Raises:
            ImportFailed: for a bad file, a timeout or a crash of the worker.
        """
        result = self.call("metadata", (str(path), file_stem), path=path, timeout_s=timeout_s)
        assert isinstance(result, DocumentMetadata)
        return result

    def call(self, operation: str, argument: object, *, path: Path, timeout_s: float) -> object:
        """Send one request and wait at most ``timeout_s`` seconds for the reply.

        Raises:
            ImportFailed: naming ``path``, when the worker fails, times out or dies.
        """
        with self._lock:
            try:
                conn = self._ensure_running()
            except ImportFailed as failed:
                raise ImportFailed(path, failed.reason) from None
            try:
                conn.send((operation, argument))
                ready = conn.poll(timeout_s)
                status, payload = conn.recv() if ready else ("timeout", None)
            except (EOFError, OSError, BrokenPipeError):
                self._stop(kill=True)
                raise ImportFailed(
                    path, "the reader crashed on this file; it may be damaged"
                ) from None
            if status == "timeout":
                self._stop(kill=True)
                raise ImportFailed(
                    path, f"took longer than {timeout_s:g} s to read; it may be damaged"
                )
        if status == "ok":
            return payload
        if status == "failed":
            raise ImportFailed(path, str(payload))
        raise ImportFailed(path, f"could not be read: {payload}")

    def close(self) -> None:
        """Stop the worker process (it is restarted on the next call)."""
        with self._lock:
            self._stop(kill=False)

    @property
    def running(self) -> bool:
        """True while a worker process is alive."""
        return self._process is not None and self._process.is_alive()

    def _ensure_running(self) -> Connection:
        if self._conn is not None and self.running:
            return self._conn
        self._stop(kill=True)
        context = multiprocessing.get_context(self.start_method)
        if self.start_method == "forkserver":
            context.set_forkserver_preload(_PRELOAD)
        parent, child = context.Pipe(duplex=True)
        from desktop_app.core.importers.worker import serve

        process = context.Process(  # type: ignore[attr-defined]
            target=serve, args=(child, self.memory_limit), name="sourcebook-import", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self.restarts += 1
        try:
            ready = parent.poll(STARTUP_TIMEOUT_S) and parent.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._stop(kill=True)
            raise ImportFailed("", "the import worker could not start")
        return parent

    def _stop(self, *, kill: bool) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            if not kill:
                with contextlib.suppress(OSError, ValueError):
                    conn.send(("quit", None))
            conn.close()
        if process is None:
            return
        if kill:
            process.kill()
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
        process.close()


START_METHOD_VARIABLE = "SOURCEBOOK_START_METHOD"
"""Set to ``spawn`` to start helpers as on Windows (the tests do, on Linux)."""


def default_start_method() -> str:
    """How Sourcebook starts helper processes: ``forkserver`` where there is one.

    Never plain ``fork``: the GUI process has threads, and a forked child
    can inherit a lock another thread held. ``$SOURCEBOOK_START_METHOD``
    chooses another safe method (``spawn``, Windows' only one).
    """
    methods = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(START_METHOD_VARIABLE, "")
    if chosen in methods and chosen != "fork":
        return chosen
    return "forkserver" if "forkserver" in methods and sys.platform != "win32" else "spawn"


_default: ImportWorker | None = None
_default_lock = threading.Lock()


def default_worker() -> ImportWorker:
    """The process-wide worker used by :func:`import_file_guarded`."""
    global _default
    with _default_lock:
        if _default is None:
            _default = ImportWorker()
        return _default


def shutdown_worker() -> None:
    """Stop the process-wide worker, if one runs (safe to call at any time)."""
    with _default_lock:
        worker = _default
    if worker is not None:
        worker.close()


atexit.register(shutdown_worker)
