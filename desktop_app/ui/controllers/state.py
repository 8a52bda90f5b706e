"""Where the window stands with its library: shared, read by every controller."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class WindowState:
    """The window's library: opened yet, writable, closed (or being recovered)."""

    loaded: bool = False
    """The library is open and the panes are filled."""
    writable: bool = True
    """This window holds the writer lock (known once the library is open)."""
    closed: bool = False
    """The library was closed (the window is going away, or opening failed)."""
    recovering: bool = False
    """A damaged database is being replaced: a second offer waits for this one."""
