"""Guards the PySide6 6.12.0 bug that leaks references to None on void calls."""

from __future__ import annotations

import sys


def test_void_qt_calls_do_not_drain_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    """1000 QLabel.setText calls leave sys.getrefcount(None) (almost) unchanged."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm-up")
    before = sys.getrefcount(None)
    for number in range(1000):
        label.setText(str(number))
    after = sys.getrefcount(None)
    assert after >= before - 5, f"refcount of None fell by {before - after}"
