"""Nothing is deleted that the database cannot account for; paths never leave the library.

Issue 17, items 1 and 2 (files deleted through the stray sweep and through a
path-shaped hash) and the low item "a backup or export written inside files/
is deleted as a stray".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.errors import UnsafePath
from desktop_app.core.library import Library
from desktop_app.core.store import files_repo
from tests.adversarial.attack import Filled, filled_library, lib_args, originals, sb


@pytest.fixture
def filled(tmp_path: Path) -> Filled:
    return filled_library(tmp_path)


def test_files_the_user_saved_inside_files_are_moved_to_recovered_not_deleted(
    filled: Filled,
) -> None:
    mine = filled.paths.files / "zz" / "my-backup.zip"
    mine.parent.mkdir()
    mine.write_bytes(b"the user's own backup")
    loose = filled.paths.files / "notes.docx"
    loose.write_bytes(b"notes")
    check = sb(lib_args(filled.paths, "check", "--json"))
    assert check.code == 1
    kinds = [p["kind"] for p in check.json()["problems"]]  # type: ignore[index]
    assert kinds == ["stray-file", "stray-file"]
    assert mine.exists() and loose.exists()  # check alone changes nothing
    assert sb(lib_args(filled.paths, "check", "--repair")).code == 0
    recovered = {p.name: p.read_bytes() for p in filled.paths.recovered.rglob("*") if p.is_file()}
    assert recovered == {"my-backup.zip": b"the user's own backup", "notes.docx": b"notes"}


def test_opening_moves_strays_aside_only_when_the_database_can_be_trusted(
    filled: Filled,
) -> None:
    """Our own half-copied files go; the user's files move to recovered/; and with a
    database that fails quick_check nothing is touched at all."""
    with Library.open(filled.paths) as library:
        page_size = library.context.db.execute("PRAGMA page_size").fetchone()[0]
        root = library.context.db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'documents_trashed'"
        ).fetchone()[0]
        library.context.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    temp = filled.paths.files / "ab" / ".incoming-x1y2z3"
    temp.parent.mkdir(exist_ok=True)
    temp.write_bytes(b"half")
    mine = filled.paths.files / "mine.txt"
    mine.write_bytes(b"mine")
    intact = filled.paths.db.read_bytes()
    with open(filled.paths.db, "r+b") as handle:  # damage an index page: it still opens
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    Library.open(filled.paths).close()
    assert temp.exists() and mine.exists()  # in doubt: left as they are
    filled.paths.db.write_bytes(intact)
    Library.open(filled.paths).close()
    assert not temp.exists() and not mine.exists()
    assert [p.read_bytes() for p in filled.paths.recovered.rglob("mine.txt")] == [b"mine"]


def test_an_original_no_record_names_is_kept_reported_and_imported_again(
    filled: Filled, tmp_path: Path
) -> None:
    """A file named like an original (a crash between copy and commit, an older
    database) is never moved or deleted: check reports it, repair imports it."""
    text = b"title: Orphan\n\nAn original whose row was lost.\n"
    sha = files_repo.sha256_of(_write(tmp_path / "o.txt", text))
    orphan = filled.paths.files / sha[:2] / f"{sha}.txt"
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(text)
    sb(lib_args(filled.paths, "list"))  # opening: left alone
    assert orphan.exists()
    check = sb(lib_args(filled.paths, "check", "--json"))
    assert [p["kind"] for p in check.json()["problems"]] == ["unreferenced-original"]  # type: ignore[index]
    assert sb(lib_args(filled.paths, "check", "--repair")).code == 0
    with Library.open(filled.paths) as library:
        assert "Orphan" in {d.title for d in library.documents()}
    assert orphan.read_bytes() == text


def test_a_hash_that_names_a_file_outside_is_never_deleted_opened_or_backed_up(
    filled: Filled, tmp_path: Path
) -> None:
    """The attack of item 1 on a live database: trash empty, check, open, backup."""
    victim = tmp_path / "thesis.docx"
    victim.write_bytes(b"years of work")
    conn = sqlite3.connect(filled.paths.db)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(
        "UPDATE document_files SET sha256 = ?, file_ext = '' WHERE doc_id = 1", [str(victim)]
    )
    conn.execute("UPDATE documents SET sha256 = ?, file_ext = '' WHERE id = 1", [str(victim)])
    conn.commit()
    conn.close()
    check = sb(lib_args(filled.paths, "check", "--json"))
    assert "unsafe-path" in [p["kind"] for p in check.json()["problems"]]  # type: ignore[index]
    with Library.open(filled.paths) as library, pytest.raises(UnsafePath):
        library.original_path(1)
    backup = sb(lib_args(filled.paths, "backup", str(tmp_path / "b.zip")))
    assert backup.code == 1 and "invalid hash" in backup.one_line_error  # never a bad backup
    assert sb(lib_args(filled.paths, "delete", "1")).code == 0
    assert sb(lib_args(filled.paths, "trash", "empty")).code == 0
    assert victim.read_bytes() == b"years of work"


def test_a_linked_folder_inside_files_cannot_lead_outside(filled: Filled, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_bytes(b"keep")
    sha = "ab" + "c" * 62
    (filled.paths.files / "ab").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        files_repo.stored_path(filled.paths.files, sha, ".txt")
    with pytest.raises(UnsafePath):
        files_repo.remove_original(filled.paths.files, sha, ".txt")
    assert sb(lib_args(filled.paths, "check", "--repair")).code in (0, 1)
    assert (outside / "precious.txt").read_bytes() == b"keep"


def test_backups_and_exports_are_refused_inside_the_librarys_own_folders(
    filled: Filled,
) -> None:
    kept = originals(filled.paths)
    for command in (
        ["backup", str(filled.paths.files / "ab" / "b.zip")],
        ["export", "--format", "md", "-o", str(filled.paths.files / "x.md")],
        ["export", "--format", "csv", "-o", str(filled.paths.recovered / "x.csv")],
    ):
        run = sb(lib_args(filled.paths, *command))
        assert run.code == 1 and "library's own" in run.one_line_error
    assert originals(filled.paths) == kept


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
