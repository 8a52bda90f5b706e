"""A missing, empty or damaged library.context.db: never an empty library, never a deleted original.

Issue 17, items 2 and 8: a harmless ``sourcebook list`` after library.context.db went
missing deleted every original; flipped bytes ended every command, ``check``
included, in a traceback.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.core.backup import maybe_rolling_backup
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.recovery import rolling_backups
from tests.adversarial.attack import Filled, filled_library, lib_args, originals, sb

READ_COMMANDS = [
    ["list"],
    ["show", "1"],
    ["search", "debt"],
    ["annotations"],
    ["statements"],
    ["trash"],
    ["export", "--format", "md", "-o", "{tmp}/out.md"],
]


@pytest.fixture
def filled(tmp_path: Path) -> Filled:
    return filled_library(tmp_path)


def _lose_database(paths: LibraryPaths, how: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{paths.db}{suffix}").unlink(missing_ok=True)
    if how == "empty":
        paths.db.write_bytes(b"")


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_lost_database_beside_originals_is_damage_and_nothing_is_deleted(
    filled: Filled, tmp_path: Path, how: str
) -> None:
    """Every command says so in one line and no original is touched."""
    kept = originals(filled.paths)
    _lose_database(filled.paths, how)
    for command in [*READ_COMMANDS, ["import", str(filled.docs)], ["backup", f"{tmp_path}/b"]]:
        argv = [part.format(tmp=tmp_path) for part in command]
        run = sb(lib_args(filled.paths, *argv))
        assert run.code == 1, (argv, run)
        assert "missing or empty" in run.one_line_error
    assert originals(filled.paths) == kept
    assert not filled.paths.db.exists() or filled.paths.db.stat().st_size == 0
    check = sb(lib_args(filled.paths, "check", "--json"))
    assert check.code == 1
    report = check.json()
    assert report["ok"] is False  # type: ignore[index]
    assert report["problems"][0]["kind"] == "database"  # type: ignore[index]
    assert originals(filled.paths) == kept


def test_check_repair_restores_the_newest_backup_and_imports_newer_originals(
    filled: Filled, tmp_path: Path
) -> None:
    """The daily copy brings back the highlight; documents imported after it come back
    from their originals (the window's restore used to delete those)."""
    with Library.open(filled.paths) as library:
        for old in rolling_backups(filled.paths):
            os.utime(old, (0, 0))
        assert maybe_rolling_backup(library.context, now=datetime.now(UTC) + timedelta(seconds=1))
        late = tmp_path / "late.txt"
        late.write_text("title: Late\n\nImported after the daily backup.\n", encoding="utf-8")
        assert library.import_paths([late])[0].status == "imported"
    kept = originals(filled.paths)
    _lose_database(filled.paths, "empty")
    run = sb(lib_args(filled.paths, "check", "--repair", "--json"))
    assert run.code == 0, run
    repaired = {r["kind"] for r in run.json()["repaired"]}  # type: ignore[index]
    assert {"database", "unreferenced-original"} <= repaired
    assert originals(filled.paths) == kept
    with Library.open(filled.paths) as library:
        titles = {d.title for d in library.documents()}
        assert "Late" in titles and len(titles) == 5
        assert library.annotation(filled.annotation_id).note == "keep"
    assert (filled.paths.root / "library.db.damaged").exists()
    assert sb(lib_args(filled.paths, "check")).code == 0


def test_with_no_backup_the_document_list_is_rebuilt_from_the_originals(
    filled: Filled,
) -> None:
    kept = originals(filled.paths)
    for backup in rolling_backups(filled.paths):
        backup.unlink()
    _lose_database(filled.paths, "missing")
    assert sb(lib_args(filled.paths, "check", "--repair")).code == 0
    with Library.open(filled.paths) as library:
        assert len(library.documents()) == 4
    assert originals(filled.paths) == kept


def test_flipped_bytes_are_named_damaged_by_every_command_and_check(filled: Filled) -> None:
    """4 KB of flipped bytes in the middle of library.context.db: one line each, check exit 1."""
    with Library.open(filled.paths) as library:
        library.context.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = filled.paths.db.stat().st_size
    with open(filled.paths.db, "r+b") as handle:
        handle.seek(size // 2)
        chunk = handle.read(4096)
        handle.seek(size // 2)
        handle.write(bytes(b ^ 0xFF for b in chunk))
    kept = originals(filled.paths)
    for command in READ_COMMANDS[:4]:
        run = sb(lib_args(filled.paths, *command))
        if run.code:  # the damage may lie outside what a command reads
            assert "damaged" in run.one_line_error
    check = sb(lib_args(filled.paths, "check", "--json"))
    assert check.code == 1
    assert check.json()["problems"][0]["kind"] == "database"  # type: ignore[index]
    assert "damaged" in check.json()["problems"][0]["detail"]  # type: ignore[index]
    repaired = sb(lib_args(filled.paths, "check", "--repair"))
    assert repaired.code == 0, repaired
    assert originals(filled.paths) == kept
    assert sb(lib_args(filled.paths, "check")).code == 0


def test_a_damaged_database_never_pushes_the_good_daily_copies_out(filled: Filled) -> None:
    """The rolling copy of a database with a damaged table is not kept."""
    with Library.open(filled.paths) as library:
        library.context.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = library.context.db.execute("PRAGMA page_size").fetchone()[0]
        root = library.context.db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'document_content'"
        ).fetchone()[0]
    before = rolling_backups(filled.paths)
    with open(filled.paths.db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    with Library.open(filled.paths, rolling_backup=False) as library:
        for old in before:
            os.utime(old, (0, 0))
        made = maybe_rolling_backup(library.context, now=datetime.now(UTC) + timedelta(days=2))
    assert made is None
    assert rolling_backups(filled.paths) == before


def test_a_new_empty_folder_still_becomes_a_new_library(tmp_path: Path) -> None:
    """Only a folder with originals or backups counts as a lost library."""
    paths = LibraryPaths(tmp_path / "new")
    run = sb(lib_args(paths, "list", "--json"))
    assert run.code == 0 and run.json() == []
    paths.db.write_bytes(b"")  # a 0-byte file and nothing else: a new library too
    for backup in rolling_backups(paths):
        backup.unlink()
    assert sb(lib_args(paths, "list")).code == 0
