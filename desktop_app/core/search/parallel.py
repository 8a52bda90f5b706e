"""Rebuilding the index in several processes, safely.

Whoosh's multi-process writer (``procs=N``) indexes in helper processes, each
writing a segment. This module chooses how many to start, starts them with
``forkserver`` (never by forking the GUI process, whose threads may hold
locks), and notices when one dies instead of waiting for it for ever; the
index then falls back to one process (``SearchIndex.rebuild``).
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import time
from typing import Any

from whoosh.multiproc import MpWriter
from whoosh.util import random_name
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
    waits and raises :class:`HelpersFailed`.
    """

    def _enqueue(self) -> None:
        # MpWriter._enqueue, with a checked put.
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as handle:
            for item in self.docbuffer:
                pickle.dump(item, handle, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put((filename, len(self.docbuffer)))
        self.docbuffer = []

    def commit(self, *args: Any, **kwargs: Any) -> None:
        # Whoosh puts one "stop" per helper on the queue: make room first.
        while self._added_sub and not self.jobqueue.empty():
            self._check_helpers()
            time.sleep(HELPER_CHECK_S / 5)
        self._check_helpers()
        super().commit(*args, **kwargs)

    def _put(self, job: Any) -> None:
        while True:
            try:
                self.jobqueue.put(job, timeout=HELPER_CHECK_S)
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
