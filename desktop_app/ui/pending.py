"""A library being opened in the background while the window shows.

Importing the core (sqlite-utils pulls in numpy) and opening a large library
(crash recovery, backups) takes seconds; the window should not wait for it.
:class:`PendingLibrary` stands in for the :class:`Library` until it is open:
every attribute access waits for the opening to finish, so code written
against a Library works unchanged, and nothing calls it before
``MainWindow.load`` (which runs right after the window is shown).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.library import Library


class PendingLibrary:
    """Forwards to the library once ``opener`` (run in a thread) returns it."""

    def __init__(self, opener: Callable[[], Library], *, start: bool = True) -> None:
        state: dict[str, Any] = {"library": None, "error": None}  # set by the thread
        done = threading.Event()

        def run() -> None:
            try:
                state["library"] = opener()
            except BaseException as exc:  # re-raised on the GUI thread by resolve()
                state["error"] = exc
            finally:
                done.set()

        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_done", done)
        object.__setattr__(
            self, "_thread", threading.Thread(target=run, name="open-library", daemon=True)
        )
        if start:
            self.start()

    def start(self) -> None:
        """Begin opening (the window starts it after its first paint: the
        opening thread would otherwise compete with it for the GIL)."""
        if not self._thread.is_alive() and not self._done.is_set():
            self._thread.start()

    def done(self) -> bool:
        """True once opening finished (with a library or an error)."""
        return self._done.is_set()

    @classmethod
    def ready(cls, library: Library) -> PendingLibrary:
        """A pending library that is already open (tests, benchmarks)."""
        return cls(lambda: library)

    def resolve(self) -> Library:
        """Wait for the library; raise what opening it raised."""
        self.start()
        self._done.wait()
        if self._state["error"] is not None:
            raise self._state["error"]
        library: Library = self._state["library"]
        return library

    def replace(self, library: Library) -> None:
        """Use ``library`` instead (opened again read-only after a lock conflict)."""
        self._state["library"], self._state["error"] = library, None

    def is_open(self) -> bool:
        """True when opening finished with a library."""
        return self._done.is_set() and self._state["library"] is not None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.resolve(), name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self.resolve(), name, value)
