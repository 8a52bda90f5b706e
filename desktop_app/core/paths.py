"""Where a library lives on disk.

Nothing here touches the file system at import time; folders are created by
:meth:`LibraryPaths.ensure` when a library is first opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "Sourcebook"
LIBRARY_ENV = "SOURCEBOOK_LIBRARY"


@dataclass(frozen=True)
class LibraryPaths:
    """The files and folders of one library, all under ``root``."""

    root: Path

    @property
    def db(self) -> Path:
        """The SQLite database, the one source of truth."""
        return self.root / "library.db"

    @property
    def files(self) -> Path:
        """Original files, stored by SHA-256."""
        return self.root / "files"

    @property
    def index(self) -> Path:
        """The Whoosh search index (derived; can be deleted and rebuilt)."""
        return self.root / "index"

    @property
    def cache(self) -> Path:
        """Derived data kept to save time (page layouts); can be deleted."""
        return self.root / "cache"

    @property
    def layout_cache(self) -> Path:
        """Measured PDF page layouts (``core/pdf/layout_cache.py``)."""
        return self.cache / "layouts.db"

    @property
    def backups(self) -> Path:
        """Automatic rolling backups of the database."""
        return self.root / "backups"

    @property
    def recovered(self) -> Path:
        """Files moved aside instead of deleted (strays, a replaced library)."""
        return self.root / "recovered"

    @property
    def lock(self) -> Path:
        """The writer lock file (one writing process per library)."""
        return self.root / "library.lock"

    def own_folder_holding(self, path: Path) -> Path | None:
        """The library's own folder (``files/``, ``index/``, ``cache/``, ``backups/``,
        ``recovered/``) that ``path`` would land in, links resolved; else None.

        Nothing the user saves may go there: ``files/`` holds only originals
        the database names, and the others are managed by Sourcebook.
        """
        real = Path(os.path.realpath(Path(path).expanduser()))
        for folder in (self.files, self.index, self.cache, self.backups, self.recovered):
            if real.is_relative_to(os.path.realpath(folder)):
                return folder
        return None

    def ensure(self) -> None:
        """Create the library folders if they do not exist yet."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.files.mkdir(exist_ok=True)


def default_library_dir(env: dict[str, str] | None = None) -> Path:
    """The library folder to use when none is given on the command line.

    ``SOURCEBOOK_LIBRARY`` wins; otherwise a ``library`` folder inside the
    platform's user data folder (``~/.local/share/Sourcebook`` on Linux).
    """
    env = dict(os.environ) if env is None else env
    if env.get(LIBRARY_ENV):
        return Path(env[LIBRARY_ENV]).expanduser()
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False) / "library"
