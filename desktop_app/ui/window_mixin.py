"""The base class that MainWindow's mixins (``*_ops.py``) declare.

At run time it is ``object``: the mixins add methods and MainWindow itself
derives from QMainWindow. For the type checker it is QMainWindow, so a mixin
may pass ``self`` where Qt wants a parent widget and call the window's own
methods with their real types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as WindowMixin
else:
    WindowMixin = object

__all__ = ["WindowMixin"]
