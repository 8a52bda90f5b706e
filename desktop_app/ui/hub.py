"""The one ``changes_applied`` signal every pane listens to (Anki's pattern)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop_app.core.types import Changes


class ChangesHub(QObject):
    """Broadcasts what a Library call changed.

    Signals:
        changes_applied(Changes, object): the change set and the object that
            made it (a pane skips refreshing for changes it initiated).
    """

    changes_applied = Signal(object, object)

    def publish(self, changes: Changes, initiator: object | None = None) -> None:
        """Tell every pane; empty change sets are dropped."""
        if changes:
            self.changes_applied.emit(changes, initiator)
