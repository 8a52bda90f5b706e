"""Python's cycle collector runs on the GUI thread only, never in a worker.

Python collects reference cycles in whichever thread happens to allocate
when a threshold is crossed. Here that is often a worker thread: an import
unpickling page maps, the index sync, a page render. If the garbage holds a
Qt object (a closed dialog, a view that was replaced), its C++ destructor
then runs off the GUI thread and Qt can crash; CI saw exactly that, a
segmentation fault while an import's thread unpickled a page map. So the
window switches automatic collection off and collects from a GUI-thread
timer, with the thresholds the automatic collector would use (pyqtgraph's
``GarbageCollector`` and Anki do the same for the same reason).
"""

from __future__ import annotations

import gc
import time

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_INTERVAL_MS = 500
FULL_EVERY_S = 60.0

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Collects cycles on a timer of the thread it lives in (the GUI thread)."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._last_full = time.monotonic()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds.

        A full collection walks every object (a stall with a large library
        open), so it comes at most every :data:`FULL_EVERY_S`; Python's own
        collector likewise holds it back until enough objects are new.
        """
        young, middle, old = gc.get_count()
        if young <= self.threshold[0]:
            return
        generation = 0
        if middle > self.threshold[1]:
            generation = 1
            now = time.monotonic()
            if old > self.threshold[2] and now - self._last_full >= FULL_EVERY_S:
                generation = 2
                self._last_full = now
        gc.collect(generation)


def install_gui_thread_collector(app: QCoreApplication) -> GuiThreadCollector:
    """Move cycle collection to ``app``'s thread; installs once per process."""
    global _installed
    if _installed is None or not shiboken6.isValid(_installed):
        _installed = GuiThreadCollector(app)
    return _installed
