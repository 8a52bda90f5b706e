"""Turning the paths a user gives into the list of files to import."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def expand_paths(paths: Sequence[str | Path]) -> list[tuple[str, Path]]:
    """Files to import as ``(path as shown, real path)``, folders walked recursively.

    A file found inside a folder argument is shown as that argument joined with
    its relative path. Hidden files and folders (``.git``, ``.DS_Store``) are
    skipped. A path that does not exist is kept so that it is reported.
    """
    result: list[tuple[str, Path]] = []
    for given in paths:
        shown = str(given)
        path = Path(given).expanduser()
        if not path.is_dir():
            result.append((shown, path))
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                real = Path(root) / name
                result.append((os.path.join(shown, os.path.relpath(real, path)), real))
    return result
