"""Original files, stored by SHA-256 under ``files/``.

Files are written before the database row that names them (to a temporary
name, then renamed), so a killed process leaves at worst an unreferenced file;
never a row without its file. There is no fsync per file: it cost 11 ms a file
(half the time of a 2,000-article import), and it would buy durability against
power loss that the database, in WAL mode with ``synchronous=NORMAL``, does not
promise either.

Nothing here trusts a hash or an extension it is given: every path is built by
:func:`stored_path` from a validated hash and extension and checked to lie
inside ``files/``. Nothing is deleted that the database cannot account for:
a stray is moved to ``recovered/``; only our own half-copied temporary files
(``files/ab/.incoming-*``) are deleted.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.core.errors import UnsafePath

CHUNK = 1024 * 1024
TEMP_PREFIX = ".incoming-"

_SHA = re.compile(r"[0-9a-f]{64}")
_EXT = re.compile(r"(\.[^\W_][\w+~-]{0,8})?")
"""An empty extension, or a dot and up to nine word characters (``.pdf``, ``.tar``)."""
_STORED_NAME = re.compile(r"([0-9a-f]{64})(\.[^\W_][\w+~-]{0,8})?")
_SHARD = re.compile(r"[0-9a-f]{2}")


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, as lowercase hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_valid_sha(value: object) -> bool:
    """True for a lowercase 64-character hex string."""
    return isinstance(value, str) and _SHA.fullmatch(value) is not None


def is_valid_ext(value: object) -> bool:
    """True for ``""`` or a short extension such as ``.pdf`` (no separators, no dots inside)."""
    return isinstance(value, str) and _EXT.fullmatch(value) is not None


def ext_for(path: Path) -> str:
    """The extension a new original is stored under: the file's, if it is a plain one."""
    suffix = path.suffix.lower()
    return suffix if is_valid_ext(suffix) else ""


def stored_name(sha256: str, ext: str) -> str:
    """``<hash><ext>``, after checking both.

    Raises:
        UnsafePath: when the hash is not 64 hex characters or the extension is odd.
    """
    if not is_valid_sha(sha256):
        raise UnsafePath(f"the library names an original by an invalid hash ({sha256!r:.80})")
    if not is_valid_ext(ext):
        raise UnsafePath(f"the library names an original with an invalid extension ({ext!r:.40})")
    return f"{sha256}{ext}"


def stored_path(files_dir: Path, sha256: str, ext: str) -> Path:
    """Where the original with this hash is kept (``files/ab/<hash><ext>``).

    Raises:
        UnsafePath: for an invalid hash or extension, or a path that would lead
            outside ``files_dir`` (a linked folder).
    """
    name = stored_name(sha256, ext)
    path = files_dir / sha256[:2] / name
    inside(files_dir, path)
    return path


def relative_name(sha256: str, ext: str) -> str:
    """The original's path inside a library folder, POSIX style (``files/ab/<hash><ext>``)."""
    return f"files/{sha256[:2]}/{stored_name(sha256, ext)}"


def inside(folder: Path, path: Path) -> None:
    """Raise :class:`UnsafePath` unless ``path`` (links resolved) lies inside ``folder``."""
    real_folder = os.path.realpath(folder)
    real = os.path.realpath(path)
    try:
        outside = os.path.commonpath([real_folder, real]) != real_folder or real == real_folder
    except ValueError:  # another drive (Windows)
        outside = True
    if outside:
        raise UnsafePath(f"{path} lies outside the library folder {folder}")


def store_original(files_dir: Path, source: Path, sha256: str, ext: str) -> Path:
    """Copy ``source`` into the library, atomically; a no-op if already there."""
    target = stored_path(files_dir, sha256, ext)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, CHUNK)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def remove_original(files_dir: Path, sha256: str, ext: str) -> None:
    """Delete a stored original (when its last document is purged)."""
    path = stored_path(files_dir, sha256, ext)
    if path.is_symlink():
        raise UnsafePath(f"{path} is a link, not an original")
    path.unlink(missing_ok=True)


def list_stored(files_dir: Path) -> list[Path]:
    """Every file under ``files/`` (for consistency checks).

    Walks with ``os.walk`` (scandir underneath): ``Path.rglob`` with a stat per
    entry took over a second for 10,000 originals, on every start.
    """
    found: list[Path] = []
    for root, dirs, names in os.walk(files_dir):
        found.extend(Path(root, name) for name in names)
        # A linked folder is listed as a stray, never walked into.
        found.extend(Path(root, d) for d in dirs if os.path.islink(os.path.join(root, d)))
    return found


def looks_like_original(files_dir: Path, path: Path) -> bool:
    """True for ``files/ab/<hash><ext>`` with ``ab`` the hash's start (a real file)."""
    match = _STORED_NAME.fullmatch(path.name)
    return (
        match is not None
        and path.parent.parent == files_dir
        and path.parent.name == match.group(1)[:2]
        and not path.is_symlink()
    )


def is_own_temp(files_dir: Path, path: Path) -> bool:
    """True for a half-copied original of ours (``files/ab/.incoming-*``)."""
    return (
        path.name.startswith(TEMP_PREFIX)
        and path.parent.parent == files_dir
        and _SHARD.fullmatch(path.parent.name) is not None
        and path.is_file()
        and not path.is_symlink()
    )


@dataclass
class Strays:
    """Files under ``files/`` that the database does not name."""

    temps: list[Path] = field(default_factory=list)
    """Our own half-copied files from an import that did not finish."""
    originals: list[Path] = field(default_factory=list)
    """Files named like originals (``files/ab/<hash><ext>``) that no record names."""
    others: list[Path] = field(default_factory=list)
    """Anything else (a file the user saved there, a linked folder)."""

    def __bool__(self) -> bool:
        return bool(self.temps or self.originals or self.others)


def find_strays(files_dir: Path, keep: list[tuple[str, str]]) -> Strays:
    """Sort what lies under ``files/`` but is not in ``keep`` (``(hash, ext)`` pairs)."""
    wanted = set()
    for sha, ext in keep:
        if is_valid_sha(sha) and is_valid_ext(ext):
            wanted.add(files_dir / sha[:2] / f"{sha}{ext}")
    strays = Strays()
    for path in list_stored(files_dir):
        if path in wanted and not path.is_symlink():
            continue
        if is_own_temp(files_dir, path):
            strays.temps.append(path)
        elif looks_like_original(files_dir, path):
            strays.originals.append(path)
        else:
            strays.others.append(path)
    return strays


def move_aside(files_dir: Path, recovered_dir: Path, paths: list[Path]) -> Path | None:
    """Move ``paths`` (under ``files_dir``) into a new dated folder of ``recovered_dir``.

    Keeps each path relative to ``files/`` so nothing collides; returns the folder.
    """
    if not paths:
        return None
    folder = recovered_dir / datetime.now(UTC).strftime("%Y-%m-%d-%H%M%S-%f")
    for path in paths:
        target = folder / path.relative_to(files_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    return folder


def delete_temps(files_dir: Path, temps: list[Path]) -> None:
    """Delete our own half-copied files (checked again right before)."""
    for path in temps:
        if is_own_temp(files_dir, path):
            path.unlink(missing_ok=True)
