"""Cycles are collected on the GUI thread, even when a worker thread allocates.

A cycle holding a Qt object, collected in a worker, runs Qt's destructor off
the GUI thread; CI crashed so (see ui/gui_thread_gc.py).
"""

from __future__ import annotations

import gc
import threading

from desktop_app.ui.gui_thread_gc import install_gui_thread_collector


class _Tracer:
    """Records the thread its finaliser runs in."""

    def __init__(self, seen: list[threading.Thread]) -> None:
        self.seen = seen
        self.me = self  # a cycle: only the cycle collector frees it

    def __del__(self) -> None:
        self.seen.append(threading.current_thread())


def _allocate_in_a_worker() -> list[list[int]]:
    """Allocate far past every threshold in a worker; return what it built."""
    built: list[list[int]] = []

    def allocate() -> None:
        junk = [[i] for i in range(300_000)]
        del junk
        built.extend([i] for i in range(5_000))  # its result, still alive

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    return built


def test_a_cycle_is_collected_on_the_gui_thread_not_in_the_allocating_worker(qapp, qtbot):
    install_gui_thread_collector(qapp)
    assert not gc.isenabled()
    seen: list[threading.Thread] = []
    _Tracer(seen)
    result = _allocate_in_a_worker()
    assert seen == []
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [threading.main_thread()]
    assert len(result) == 5_000


def test_installing_twice_keeps_one_collector(qapp):
    assert install_gui_thread_collector(qapp) is install_gui_thread_collector(qapp)
