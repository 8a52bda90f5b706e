"""Writing an export safely: a temporary file beside the target, then a rename.

A reader of the target never sees a half-written file: the export is written
to a hidden ``.sourcebook-export-*.part`` file in the same folder (so the
rename stays on one file system; a short name, so that a target name of the
file system's maximum length still works) and moved over the target with
:func:`os.replace` only when complete. On any error or cancel the temporary
file is removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from desktop_app.core.errors import ExportError


class ExportCancelled(ExportError):
    """The user cancelled the export; the target was left untouched."""


def check_target(path: str | Path, *, force: bool) -> Path:
    """Validate an export target before any work is done.

    Raises:
        ExportError: the target is a folder, exists (without ``force``), or its
            folder does not exist.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name to export to")
    if target.exists() and not force:
        raise ExportError(f"{target}: already exists; use --force to replace it")
    if not target.parent.is_dir():
        raise ExportError(f"{target}: the folder {target.parent} does not exist")
    return target


STALE_SECONDS = 3600
"""A temporary file this old was left by an export that was killed."""


TEMP_PREFIX = ".sourcebook-export-"


def _sweep_stale(target: Path) -> None:
    """Remove temporary files a killed export into ``target``'s folder left behind."""
    now = time.time()
    for stray in target.parent.glob(f"{TEMP_PREFIX}*.part"):
        with contextlib.suppress(OSError):
            if now - stray.stat().st_mtime > STALE_SECONDS:
                stray.unlink()


@contextlib.contextmanager
def atomic_target(path: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``.

    Raises:
        ExportError: as :func:`check_target`, or when the folder is not
            writable or the disk fills up (the message names the path).
    """
    target = check_target(path, force=force)
    _sweep_stale(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates 0600 files; an export is an ordinary document.
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(tmp, mode)
        if target.exists() and not force:  # appeared while we were writing
            raise ExportError(f"{target}: already exists; use --force to replace it")
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
