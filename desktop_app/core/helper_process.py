"""Helper processes for work a hostile file could crash or hang.

Reading a document (:mod:`desktop_app.core.importers.guarded`) and drawing
its pages (:mod:`desktop_app.core.pdf.render`) run native code — PDFium,
libxml2 — on untrusted files. Each runs in a long-lived helper process that
answers requests over a pipe. :class:`HelperProcess` is the parent's side: it
starts the helper (``forkserver`` on POSIX, ``spawn`` elsewhere: both safe
from any thread, unlike ``fork``), waits at most a time limit for each reply,
kills a helper that overruns or dies and starts a fresh one for the next
request. :func:`serve` is the helper's side: a request loop under an
address-space limit.

Requests are ``(operation, argument)``; replies are ``(status, payload)``
with status ``"ok"``, ``"failed"`` (a reason fit to show) or ``"error"``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any, Literal

from desktop_app.core.errors import SourcebookError

STARTUP_TIMEOUT_S = 120.0
"""How long a new helper may take to load its libraries (not charged to a request)."""

FORKSERVER_PRELOAD = ["desktop_app.core.importers.worker_preload"]
"""Modules the forkserver imports once, so every helper it forks starts warm.

One list for every kind of helper: the forkserver is shared, and whichever
helper starts first decides what it preloads.
"""

Handler = Callable[[Any], object]


class HelperFailed(Exception):
    """A request got no reply: the helper did not start, overran its time or died."""

    def __init__(self, kind: Literal["start", "timeout", "crash"], timeout_s: float = 0.0) -> None:
        self.kind = kind
        self.timeout_s = timeout_s
        super().__init__(kind)


class HelperProcess:
    """One helper process that answers requests, restarted when killed.

    Args:
        target: The helper's main function, called as ``target(conn, memory_limit)``
            in the new process (normally one that calls :func:`serve`).
        name: The process name (shown by ``ps``).
        memory_limit: Address-space limit of the helper in bytes (POSIX), or None.
        start_method: ``forkserver`` or ``spawn``; the default suits the platform.
    """

    def __init__(
        self,
        target: Callable[[Connection, int | None], None],
        *,
        name: str,
        memory_limit: int | None,
        start_method: str | None = None,
    ) -> None:
        self.target = target
        self.name = name
        self.memory_limit = memory_limit
        self.start_method = start_method or default_start_method()
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self.restarts = 0
        """How many times a helper was started (for tests and benchmarks)."""

    def request(self, operation: str, argument: object, *, timeout_s: float) -> tuple[str, object]:
        """Send one request and wait at most ``timeout_s`` seconds for the reply.

        Safe to call from several threads: requests are served one at a time.

        Raises:
            HelperFailed: when the helper cannot start, times out or dies; a
                helper that timed out or died is killed, and the next request
                starts a new one.
        """
        with self._lock:
            conn = self._ensure_running()
            try:
                conn.send((operation, argument))
                if not conn.poll(timeout_s):
                    self._stop(kill=True)
                    raise HelperFailed("timeout", timeout_s)
                status, payload = conn.recv()
            except (EOFError, OSError):
                self._stop(kill=True)
                raise HelperFailed("crash") from None
        return str(status), payload

    def close(self) -> None:
        """Stop the helper (it is started again by the next request)."""
        with self._lock:
            self._stop(kill=False)

    @property
    def running(self) -> bool:
        """True while a helper process is alive."""
        return self._process is not None and self._process.is_alive()

    def _ensure_running(self) -> Connection:
        if self._conn is not None and self.running:
            return self._conn
        self._stop(kill=True)
        context = multiprocessing.get_context(self.start_method)
        if self.start_method == "forkserver":
            context.set_forkserver_preload(FORKSERVER_PRELOAD)
        parent, child = context.Pipe(duplex=True)
        process = context.Process(  # type: ignore[attr-defined]
            target=self.target, args=(child, self.memory_limit), name=self.name, daemon=True
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
            raise HelperFailed("start")
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
    chooses another safe method (``spawn``, Windows' only one). Where the
    temporary folder's path is too long for the forkserver's socket
    (:func:`forkserver_fits`), ``spawn``.
    """
    methods = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(START_METHOD_VARIABLE, "")
    if chosen in methods and chosen != "fork" and (chosen != "forkserver" or forkserver_fits()):
        return chosen
    if "forkserver" in methods and sys.platform != "win32" and forkserver_fits():
        return "forkserver"
    return "spawn"


SOCKET_PATH_MAX = 104
"""Bytes in an AF_UNIX socket's path: 108 on Linux, 104 on macOS and the BSDs."""


def forkserver_fits() -> bool:
    """Whether the forkserver's socket path, in the temporary folder, fits AF_UNIX.

    multiprocessing puts it at ``<temp folder>/pymp-XXXXXXXX/listener-XXXXXXXX``
    and Python 3.11 does not check its length: a long ``$TMPDIR``
    (a deep home folder, a sandbox) makes every helper fail to start with
    "AF_UNIX path too long". Then helpers are spawned, as on Windows.
    """
    probe = os.path.join(tempfile.gettempdir(), "pymp-" + "x" * 8, "listener-" + "x" * 8)
    return len(os.fsencode(probe)) < SOCKET_PATH_MAX


def serve(conn: Connection, memory_limit: int | None, handlers: Mapping[str, Handler]) -> None:
    """The helper's request loop: answer ``(operation, argument)`` until "quit" or EOF.

    A handler's return value is sent as ``("ok", value)``; a
    :class:`SourcebookError` as ``("failed", message)``; running out of
    memory as ``("failed", ...)``; any other exception as ``("error", ...)``.
    Besides ``handlers``, three test hooks are answered: ``sleep`` (seconds),
    ``crash`` and ``allocate`` (bytes), to exercise the time limit, a dying
    helper and the memory limit without hostile files.
    """
    limit_memory(memory_limit)
    try:
        conn.send(("ready", os.getpid()))
    except (OSError, ValueError):
        return
    while True:
        try:
            operation, argument = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            break
        if operation == "quit":
            break
        reply = _answer(operation, argument, handlers)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break
    conn.close()


def _answer(operation: str, argument: Any, handlers: Mapping[str, Handler]) -> tuple[str, object]:
    try:
        handler = handlers.get(operation)
        if handler is not None:
            return "ok", handler(argument)
        if operation == "sleep":
            time.sleep(float(argument))
            return "ok", None
        if operation == "crash":
            os._exit(70)
        if operation == "allocate":
            return "ok", len(bytearray(int(argument)))
        return "error", f"unknown operation {operation!r}"
    except SourcebookError as exc:
        return "failed", getattr(exc, "reason", None) or str(exc)
    except MemoryError:
        return "failed", "too large to handle in the memory allowed"
    except Exception as exc:
        return "error", f"{type(exc).__name__}: {exc}"


def limit_memory(limit: int | None) -> None:
    """Cap this process's address space at ``limit`` bytes (POSIX; a no-op elsewhere)."""
    if not limit:
        return
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still applies
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
