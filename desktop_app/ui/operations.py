"""Running a mutating Library call from the GUI: one place for errors and refresh."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import DatabaseDamaged, SourcebookError
from desktop_app.core.store.connection import storage_error
from desktop_app.core.types import Changes
from desktop_app.ui.dialogs.messages import Messages, storage_message
from desktop_app.ui.hub import ChangesHub


def run_op(
    parent: QWidget, hub: ChangesHub, call: Callable[[], Changes], initiator: object | None
) -> bool:
    """Run ``call``; publish its changes on ``hub``, or explain the failure to the user.

    Returns:
        True when the change was made.
    """
    try:
        changes = call()
    except DatabaseDamaged as exc:
        _damaged(parent, exc)
        return False
    except SourcebookError as exc:
        Messages.error(parent, "Sourcebook", str(exc))
        return False
    except sqlite3.DatabaseError as exc:
        paths = getattr(parent, "library_paths", None)
        error = storage_error(exc, paths.db if paths else Path("library.db"))
        if isinstance(error, DatabaseDamaged):
            _damaged(parent, error)
        else:
            Messages.error(parent, "Could not save the change", storage_message(exc))
        return False
    except OSError as exc:
        Messages.error(parent, "Could not save the change", storage_message(exc))
        return False
    hub.publish(changes, initiator)
    return True


def _damaged(parent: QWidget, damage: DatabaseDamaged) -> None:
    """The window offers its repair (the newest backup); anything else just says so."""
    recover = getattr(parent.window(), "recover_after_damage", None)
    if recover is not None:
        recover(damage)
    else:
        Messages.error(parent, "The library database is damaged", str(damage))


class OpRunner(Protocol):
    """The window's :meth:`run_op`: run a mutating call, publish or explain; False on failure."""

    def __call__(self, call: Callable[[], Changes], initiator: object | None = None) -> bool: ...
