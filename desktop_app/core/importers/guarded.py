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
The process itself is managed by :class:`~desktop_app.core.helper_process.HelperProcess`.
Call :func:`shutdown_worker` (also registered with ``atexit``) to stop it.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from desktop_app.core.errors import ImportFailed
from desktop_app.core.helper_process import HelperFailed, HelperProcess, default_start_method
from desktop_app.core.importers.dispatch import import_as, read_checked
from desktop_app.core.importers.sniff import container_format, sniff
from desktop_app.core.types import DocumentMetadata, ImportedDocument

DEFAULT_TIMEOUT_S = 15.0
"""Per-file time limit: one hostile file holds a batch for at most this long."""

MEMORY_LIMIT_BYTES = 3 * 1024 * 1024 * 1024
"""Address-space limit of the worker (3 GiB; RLIMIT_AS, POSIX only)."""

_IN_PROCESS_KINDS = frozenset({"txt", "md"})

__all__ = ["ImportWorker", "default_start_method", "import_file_guarded", "shutdown_worker"]


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
        from desktop_app.core.importers.worker import serve

        self._helper = HelperProcess(
            serve, name="sourcebook-import", memory_limit=memory_limit, start_method=start_method
        )

    @property
    def memory_limit(self) -> int | None:
        """The worker's address-space limit in bytes."""
        return self._helper.memory_limit

    @property
    def start_method(self) -> str:
        """How the worker process is started (``forkserver`` or ``spawn``)."""
        return self._helper.start_method

    @property
    def restarts(self) -> int:
        """How many times a worker was started (for tests and benchmarks)."""
        return self._helper.restarts

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
        try:
            status, payload = self._helper.request(operation, argument, timeout_s=timeout_s)
        except HelperFailed as failed:
            raise ImportFailed(path, _WHY[failed.kind].format(timeout_s)) from None
        if status == "ok":
            return payload
        if status == "failed":
            raise ImportFailed(path, str(payload))
        raise ImportFailed(path, f"could not be read: {payload}")

    def close(self) -> None:
        """Stop the worker process (it is restarted on the next call)."""
        self._helper.close()

    @property
    def running(self) -> bool:
        """True while a worker process is alive."""
        return self._helper.running


_WHY = {
    "start": "the import worker could not start",
    "timeout": "took longer than {:g} s to read; it may be damaged",
    "crash": "the reader crashed on this file; it may be damaged",
}


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
