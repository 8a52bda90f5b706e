"""Taking in a backup file: it is untrusted input until every check has passed.

The manifest must have exactly the shape we write; the zip may hold only the
entries we write (``manifest.json``, ``library.db``, ``files/ab/<hash><ext>``);
extraction stops as soon as an entry writes more bytes than it declared, more
than its kind may hold, or far more than it takes in the archive (a bomb), and
the whole backup must fit on the disk. The database is then inspected
read-only (:mod:`desktop_app.core.store.vetting`) and compared with the
manifest and the files. Every refusal is one :class:`BackupRefused` line.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import BackupRefused
from desktop_app.core.importers import MAX_FILE_BYTES
from desktop_app.core.store.files_repo import relative_name, sha256_of
from desktop_app.core.store.vetting import DatabaseFacts, inspect_database

FORMAT = "sourcebook-backup"
FORMAT_VERSION = 1
MAX_MANIFEST_BYTES = 64 * 1024
MAX_DB_BYTES = 16 * 1024**3
BOMB_RATIO = 50
"""An entry may unpack to at most this many times its packed size ..."""
BOMB_FLOOR = 64 * 1024 * 1024
"""... once it is past this size (small files compress well legitimately)."""
DISK_RESERVE = 256 * 1024 * 1024
CHUNK = 1024 * 1024

_ORIGINAL = re.compile(r"files/([0-9a-f]{2})/([0-9a-f]{64})(\.[^\W_][\w+~-]{0,8})?")


@dataclass(frozen=True)
class Manifest:
    """The counts a backup says it holds."""

    documents: int
    annotations: int
    files: int | None
    created: str


@dataclass(frozen=True)
class Intake:
    """A backup unpacked into a scratch folder and found sound."""

    db: Path
    files: dict[tuple[str, str], Path]
    manifest: Manifest
    facts: DatabaseFacts


def refuse(source: Path, reason: str) -> BackupRefused:
    """The one line a refused backup gets."""
    return BackupRefused(f"{source}: not restored: {reason}; the library was left as it was")


def open_archive(source: Path) -> zipfile.ZipFile:
    """Open the backup file as a zip (refusing what is not one)."""
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise refuse(source, f"not a Sourcebook backup ({exc})") from None


def read_manifest(archive: zipfile.ZipFile, source: Path) -> Manifest:
    """The manifest, which must have exactly the shape Sourcebook writes."""
    try:
        info = archive.getinfo("manifest.json")
    except KeyError:
        raise refuse(source, "not a Sourcebook backup (it has no manifest)") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise refuse(source, "its manifest is far too large")
    try:
        with archive.open(info) as handle:
            data = json.loads(handle.read(MAX_MANIFEST_BYTES + 1).decode("utf-8"))
    except (ValueError, RecursionError, zipfile.BadZipFile, OSError, NotImplementedError):
        raise refuse(source, "its manifest is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise refuse(source, "not a Sourcebook backup (its manifest says otherwise)")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise refuse(source, "its manifest has no valid format version")
    if version > FORMAT_VERSION:
        raise refuse(source, "it was made by a newer version of Sourcebook; update to restore it")
    documents, annotations, files = (data.get(k) for k in ("documents", "annotations", "files"))
    if not (
        _count(documents)
        and _count(annotations)
        and (files is None or _count(files))
        and isinstance(documents, int)
        and isinstance(annotations, int)
    ):
        raise refuse(source, "its manifest does not say how many documents it holds")
    return Manifest(
        documents,
        annotations,
        files if isinstance(files, int) else None,
        str(data.get("created", ""))[:40],
    )


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def plan_entries(archive: zipfile.ZipFile, source: Path) -> list[tuple[zipfile.ZipInfo, str]]:
    """Each entry to extract with where it goes; anything we would not write is refused."""
    plan: list[tuple[zipfile.ZipInfo, str]] = []
    seen: set[str] = set()
    has_db = False
    for info in archive.infolist():
        name = info.filename
        if name in seen:
            raise refuse(source, f"it holds {name!r:.80} twice")
        seen.add(name)
        if name in ("files/", "manifest.json") or re.fullmatch(r"files/[0-9a-f]{2}/", name):
            continue
        if info.flag_bits & 0x1:
            raise refuse(source, f"its entry {name!r:.80} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(source, f"its entry {name!r:.80} uses an unsupported compression")
        if name == "library.db":
            has_db = True
            plan.append((info, "library.db"))
            continue
        match = _ORIGINAL.fullmatch(name)
        if match is None or match.group(1) != match.group(2)[:2]:
            raise refuse(source, f"it holds an entry Sourcebook does not write ({name!r:.80})")
        plan.append((info, relative_name(match.group(2), match.group(3) or "")))
    if not has_db:
        raise refuse(source, "not a Sourcebook backup (it holds no database)")
    return plan


def extract(
    archive: zipfile.ZipFile, plan: list[tuple[zipfile.ZipInfo, str]], scratch: Path, source: Path
) -> None:
    """Unpack the planned entries into ``scratch``, within the limits.

    The limits are checked on the bytes written, so a lying header changes nothing.
    """
    declared = sum(info.file_size for info, _ in plan)
    free = shutil.disk_usage(scratch).free
    if declared > free - DISK_RESERVE:
        raise refuse(
            source,
            f"it needs {declared / 1e6:,.0f} MB and the disk has {max(free, 0) / 1e6:,.0f} MB free",
        )
    for info, relative in plan:
        cap = MAX_DB_BYTES if relative == "library.db" else MAX_FILE_BYTES
        bomb = max(BOMB_FLOOR, BOMB_RATIO * info.compress_size)
        limits = [
            (info.file_size, "writes more bytes than it declares"),
            (cap, "is larger than Sourcebook allows"),
            (bomb, "unpacks to far more than it takes in the archive (a zip bomb)"),
        ]
        limit, _ = min(limits, key=lambda item: item[0])
        target = scratch / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        written = _copy_limited(archive, info, target, limit, source)
        for bound, why in limits:
            if written > bound:
                raise refuse(source, f"its entry {info.filename!r:.80} {why}")
        if written != info.file_size:
            raise refuse(source, f"its entry {info.filename!r:.80} is shorter than it declares")


def _copy_limited(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int, source: Path
) -> int:
    """Copy one entry, stopping one byte past ``limit``; returns the bytes written."""
    written = 0
    try:
        with archive.open(info) as src, open(target, "xb") as out:
            while written <= limit and (chunk := src.read(min(CHUNK, limit + 1 - written))):
                written += len(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise refuse(source, f"its entry {info.filename!r:.80} is damaged ({exc})") from None
    except OSError as exc:
        raise refuse(source, f"it cannot be unpacked here ({exc.strerror or exc})") from None
    return written


def vet(
    scratch: Path, plan: list[tuple[zipfile.ZipInfo, str]], manifest: Manifest, source: Path
) -> Intake:
    """Check the unpacked database and files against each other and the manifest."""
    db = scratch / "library.db"
    facts = inspect_database(db)
    if not facts.ok:
        raise refuse(source, facts.problems[0])
    if (facts.documents, facts.annotations) != (manifest.documents, manifest.annotations):
        raise refuse(
            source,
            f"its database holds {facts.documents} document(s) and {facts.annotations} "
            f"annotation(s) where its manifest says {manifest.documents} and "
            f"{manifest.annotations}",
        )
    files: dict[tuple[str, str], Path] = {}
    for _info, relative in plan:
        if relative == "library.db":
            continue
        name = relative.rsplit("/", 1)[1]
        sha, ext = name[:64], name[64:]
        if (sha, ext) not in facts.originals:
            raise refuse(source, f"it holds a file its database does not name ({relative})")
        path = scratch / relative
        if sha256_of(path) != sha:
            raise refuse(source, f"its file {relative} does not match its hash (damaged)")
        files[(sha, ext)] = path
    if manifest.files is not None and manifest.files != len(files):
        raise refuse(
            source, f"it holds {len(files)} original(s) where its manifest says {manifest.files}"
        )
    return Intake(db, files, manifest, facts)
