"""Rebuilding the index in several processes, safely.

Whoosh's multi-process writer (``procs=N``) indexes in helper processes, each
writing a segment. This module chooses how many to start, starts them with
``forkserver`` (never by forking the GUI process, whose threads may hold
locks), and notices when one dies instead of waiting for it for ever; the
index then falls back to one process (``SearchIndex.rebuild``). The writer
class overrides private parts of Whoosh's ``MpWriter``, so it lives in
``whoosh_internals.py``; when those changed, rebuilds run in one process.
"""

from __future__ import annotations

import logging
import os
import queue
from typing import Any

from whoosh.multiproc import MpWriter
from whoosh.writing import IndexWriter

from desktop_app.core.importers.guarded import default_start_method

log = logging.getLogger(__name__)

MAX_PROCS = 4
"""Most indexing processes a rebuild starts."""
PARALLEL_FROM_RECORDS = 3000
"""Smaller libraries are rebuilt in this process (see :func:`default_procs`)."""


class HelpersFailed(Exception):
    """An indexing helper process stopped or lost records (the rebuild falls back)."""


HELPER_CHECK_S = 0.5
"""How often a writer waiting on its helpers checks that they still run."""


class GuardedMpWriter(MpWriter):
    """Whoosh's multi-process writer, which notices when a helper process died.

    Whoosh's own waits for ever on a full job queue when its helpers are gone
    (one that crashed, or could not start: a program read from standard input
    cannot be re-imported by ``forkserver``). This one checks them while it
    waits and raises :class:`HelpersFailed`. It keeps to MpWriter's public
    attributes: the job queue's ``put`` is replaced on this writer's queue
    (the helpers get the queue itself, pickled without it).
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.jobqueue.put = self._put  # type: ignore[method-assign]
        self._queue_put = type(self.jobqueue).put.__get__(self.jobqueue)

    def commit(self, *args: Any, **kwargs: Any) -> None:
        self._check_helpers()
        super().commit(*args, **kwargs)

    def _put(self, job: Any, block: bool = True, timeout: float | None = None) -> None:
        while True:
            try:
                self._queue_put(job, timeout=HELPER_CHECK_S)
                return
            except queue.Full:
                self._check_helpers()

    def _check_helpers(self) -> None:
        stopped = [task for task in self.tasks if task.exitcode is not None]
        if stopped:
            raise HelpersFailed(f"an indexing process stopped (exit code {stopped[0].exitcode})")


def parallel_writer(ix: Any, procs: int, *, limitmb: int, codec: Any) -> GuardedMpWriter:
    """A writer indexing in ``procs`` helper processes, each into its own segment.

    The segments are kept as they are (``multisegment``): merging them
    afterwards in one process took longer than the parallel part saved, and
    searches read every segment.
    """
    return GuardedMpWriter(
        ix,
        procs=procs,
        limitmb=max(16, limitmb // procs),
        multisegment=True,
        start_method=default_start_method(),
        codec=codec,
    )


def default_procs(records: int) -> int:
    """Indexing processes for a rebuild of ``records`` records.

    Starting a process costs about a second, so small libraries use one.
    """
    if records < PARALLEL_FROM_RECORDS:
        return 1
    return max(1, min(MAX_PROCS, os.cpu_count() or 1))


def cancel_writer(writer: IndexWriter) -> None:
    """Cancel a writer and stop its indexing processes, if it has any."""
    try:
        writer.cancel()
    except Exception:  # already closed by a failed commit: nothing left to undo
        log.debug("cancelling the index writer failed", exc_info=True)
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join(timeout=5)
