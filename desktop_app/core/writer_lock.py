"""One writing process per library.

The lock is an OS file lock (``flock`` on Unix, ``LockFileEx`` on Windows,
through the filelock package) on ``library.lock``: the operating system
releases it when the holder exits or dies, so a crash never leaves a library
locked for ever.
"""

from __future__ import annotations

import errno
from pathlib import Path

from filelock import FileLock, Timeout

from desktop_app.core.errors import LibraryLocked, LibraryReadOnly, StorageError


class WriterLock:
    """The writer lock of one library folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # thread_local=False: the GUI may release from another thread than it acquired.
        self._lock = FileLock(str(path), thread_local=False, fallback_to_soft=False)

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting up to ``timeout`` seconds.

        Raises:
            LibraryLocked: when another process keeps holding it.
        """
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise LibraryLocked(
                f"the library {self.path.parent} is in use by another Sourcebook "
                "(the app or a command). Close it, or wait for it to finish, and try again."
            ) from exc
        except OSError as exc:
            raise _unwritable(self.path, exc) from exc

    def try_acquire(self) -> bool:
        """Take the lock if it is free right now.

        Raises:
            StorageError: when the lock file cannot be created (read-only folder).
        """
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        except OSError as exc:
            raise _unwritable(self.path, exc) from exc
        return True

    def try_acquire_for_reading(self) -> bool:
        """Take the lock if it is free; a reader needs no lock, so a folder that
        cannot be written (read-only media) just means: not held."""
        try:
            return self.try_acquire()
        except StorageError:
            return False

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return self._lock.is_locked

    def release(self) -> None:
        """Let go of the lock (safe to call when not held)."""
        if self._lock.is_locked:
            self._lock.release(force=True)


def _unwritable(path: Path, exc: OSError) -> StorageError:
    if exc.errno == errno.EROFS:
        return LibraryReadOnly(
            f"the library folder {path.parent} is on a read-only file system, so it can "
            "be read but not changed; copy the library to a disk you can write to change it."
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return LibraryReadOnly(
            f"the library folder {path.parent} cannot be written (it is read-only for you); "
            "Sourcebook keeps its database there. Check the folder's permissions, or copy "
            "the library to a folder you can write and open that one."
        )
    return StorageError(f"the library folder {path.parent} cannot be used: {exc.strerror or exc}")
