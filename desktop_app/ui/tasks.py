"""One task runner for background work (imports, index sync, search).

Modelled on novelWriter's runnables and Anki's ``taskman``: a one-shot
:class:`QRunnable` gets immutable input (a plain callable and its arguments),
never a live Qt object; a GUI-thread :class:`TaskRunner` owns the signals and
delivers progress, results and errors on the GUI thread. Cancelling is
cooperative: the work polls ``cancel()``. Nothing here calls
``processEvents()``.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


@dataclass(frozen=True)
class TaskContext:
    """What the work function may use: report progress and poll for cancel."""

    task_id: int
    _event: threading.Event
    _progress: Callable[[int, int, int, str], None]

    def cancelled(self) -> bool:
        """True once the user asked to stop; the work should return soon."""
        return self._event.is_set()

    def progress(self, done: int, total: int, label: str = "") -> None:
        """Report progress; delivered on the GUI thread."""
        self._progress(self.task_id, done, total, label)


@dataclass
class Task:
    """A running or finished task, as the GUI sees it."""

    task_id: int
    name: str
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    finished: bool = False

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self.cancel_event.set()


class _Bridge(QObject):
    """Lives on the GUI thread; worker threads emit, Qt queues to the GUI."""

    progressed = Signal(int, int, int, str)
    succeeded = Signal(int, object)
    failed = Signal(int, object, str)


class _Runnable(QRunnable):
    def __init__(
        self, work: Callable[[TaskContext], Any], context: TaskContext, bridge: _Bridge
    ) -> None:
        super().__init__()
        self._work = work
        self._context = context
        self._bridge = bridge

    def run(self) -> None:
        try:
            result = self._work(self._context)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._bridge.failed.emit(self._context.task_id, exc, traceback.format_exc())
            return
        self._bridge.succeeded.emit(self._context.task_id, result)


class TaskRunner(QObject):
    """Runs work in a thread pool and reports back on the GUI thread.

    Signals:
        task_started(int, str): a task id and its name.
        task_progressed(int, int, int, str): id, done, total, label.
        task_finished(int): a task ended (after its callback ran).
    """

    task_started = Signal(int, str)
    task_progressed = Signal(int, int, int, str)
    task_finished = Signal(int)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._bridge = _Bridge(self)
        self._bridge.progressed.connect(self._on_progress)
        self._bridge.succeeded.connect(self._on_success)
        self._bridge.failed.connect(self._on_failure)
        self._tasks: dict[int, Task] = {}
        self._ids = itertools.count(1)

    def run(
        self,
        name: str,
        work: Callable[[TaskContext], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Start ``work(context)`` in the pool.

        Args:
            name: what the status bar shows.
            work: a function of a :class:`TaskContext`; it must not touch widgets.
            on_done: called on the GUI thread with the result.
            on_error: called on the GUI thread with the exception; without it the
                exception is re-raised on the GUI thread (a bug surfaces).
            on_progress: called on the GUI thread with ``(done, total, label)``.
        """
        task = Task(next(self._ids), name, on_done, on_error, on_progress)
        self._tasks[task.task_id] = task
        context = TaskContext(task.task_id, task.cancel_event, self._bridge.progressed.emit)
        self.task_started.emit(task.task_id, name)
        self._pool.start(_Runnable(work, context, self._bridge))
        return task

    def active(self) -> list[Task]:
        """Tasks not finished yet, oldest first."""
        return [t for t in self._tasks.values() if not t.finished]

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self.active():
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (used at shutdown and in benchmarks)."""
        return self._pool.waitForDone(msecs)

    # --- slots, on the GUI thread ---

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, label: str) -> None:
        task = self._tasks.get(task_id)
        if task is None or task.finished:
            return
        if task.on_progress is not None:
            task.on_progress(done, total, label)
        self.task_progressed.emit(task_id, done, total, label)

    @Slot(int, object)
    def _on_success(self, task_id: int, result: object) -> None:
        task = self._tasks.pop(task_id)
        task.finished = True
        try:
            if task.on_done is not None:
                task.on_done(result)
        finally:
            self.task_finished.emit(task_id)

    @Slot(int, object, str)
    def _on_failure(self, task_id: int, exc: BaseException, trace: str) -> None:
        task = self._tasks.pop(task_id)
        task.finished = True
        try:
            if task.on_error is None:
                raise exc
            task.on_error(exc)
        finally:
            self.task_finished.emit(task_id)
