"""Running a mutating Library call from the GUI: one place for errors and refresh."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import SourcebookError
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
    except SourcebookError as exc:
        Messages.error(parent, "Sourcebook", str(exc))
        return False
    except (sqlite3.Error, OSError) as exc:
        Messages.error(parent, "Could not save the change", storage_message(exc))
        return False
    hub.publish(changes, initiator)
    return True
