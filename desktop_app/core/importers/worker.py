"""The child side of :mod:`guarded`: a loop that imports files on request.

Runs in a separate process started with forkserver (or spawn), so a file
that hangs or crashes a native parser (PDFium, libxml2) takes only this
process down. It first sends ``("ready", pid)``; then requests arrive on a
pipe as ``(operation, argument)``:

* ``("import", "/path/to/file")`` -> ``("ok", ImportedDocument)`` or
  ``("failed", reason)``;
* ``("metadata", ("/path/to/file", "name it was imported as"))`` ->
  ``("ok", DocumentMetadata)`` (title rules re-applied to a stored original);
* ``("render", RenderRequest)`` -> ``("ok", RenderedPage)``: a page image for
  OCR (:mod:`desktop_app.core.ocr.render`);
* ``("sleep", seconds)``, ``("crash", None)`` and ``("allocate", n_bytes)``:
  test hooks that exercise the time limit, a dying worker and the memory
  limit without hostile files;
* ``("quit", None)`` ends the loop.
"""

from __future__ import annotations

import os
import time
from multiprocessing.connection import Connection
from pathlib import Path


def serve(conn: Connection, memory_limit: int | None) -> None:
    """Answer requests on ``conn`` until it closes or "quit" arrives."""
    # numpy (used by the language detector) would otherwise start a BLAS
    # thread per core, each reserving address space under the memory limit.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    _limit_memory(memory_limit)
    # Load the parsers and the language model before the first file, so
    # their start-up (seconds on a busy machine) never counts against a
    # file's time limit. Under forkserver this module is already imported.
    import desktop_app.core.importers.worker_preload  # noqa: F401
    from desktop_app.core.errors import ImportFailed
    from desktop_app.core.importers.dispatch import import_any, read_metadata
    from desktop_app.core.ocr.render import render

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
        try:
            if operation == "import":
                reply: tuple[str, object] = ("ok", import_any(Path(str(argument))))
            elif operation == "metadata":
                name, stem = argument  # type: ignore[misc]
                reply = ("ok", read_metadata(Path(name), file_stem=stem))
            elif operation == "render":  # a page image for OCR (core/ocr/render.py)
                reply = ("ok", render(argument))  # type: ignore[arg-type]
            elif operation == "sleep":
                time.sleep(float(argument))  # type: ignore[arg-type]
                reply = ("ok", None)
            elif operation == "crash":
                os._exit(70)
            elif operation == "allocate":
                reply = ("ok", len(bytearray(int(argument))))  # type: ignore[call-overload]
            else:
                reply = ("error", f"unknown operation {operation!r}")
        except ImportFailed as exc:
            reply = ("failed", exc.reason)
        except MemoryError:
            reply = ("failed", "too large to read in the memory allowed")
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break
    conn.close()


def _limit_memory(limit: int | None) -> None:
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
