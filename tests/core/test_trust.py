"""Writer lock, backup and restore, and `check` over real libraries."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.backup import maybe_rolling_backup, restore_backup, write_backup
from desktop_app.core.check import check_library
from desktop_app.core.errors import LibraryLocked, SourcebookError
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.conftest import write_text

REPORT = "date 2022-07-31\n\nThe minister said debt bondage must end.\n\nMore text follows here.\n"


def _filled(tmp_path: Path) -> tuple[LibraryPaths, int, int]:
    paths = LibraryPaths(tmp_path / "lib")
    with Library.open(paths) as library:
        [result] = library.import_paths([write_text(tmp_path / "r.txt", REPORT)])
        assert result.doc_id is not None
        note = library.annotate_quote(
            result.doc_id, "debt bondage", note="keep", tags=["brief"]
        ).annotation
        return paths, result.doc_id, note.id


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    """While one Library holds the writer lock, another cannot write."""
    paths = LibraryPaths(tmp_path / "lib")
    with Library.open(paths):
        with pytest.raises(LibraryLocked, match="in use by another Sourcebook"):
            Library.open(paths, lock_timeout=0.2)
        reader = Library.open(paths, writer=False)
        try:
            assert reader.read_only
            assert reader.documents() == []
            with pytest.raises(LibraryLocked):
                reader.annotate(1, 0, 1)
        finally:
            reader.close()
    Library.open(paths, lock_timeout=0.2).close()


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    """A crashed holder never leaves the library locked."""
    paths = LibraryPaths(tmp_path / "lib")
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from desktop_app.core.library import Library\n"
        "from desktop_app.core.paths import LibraryPaths\n"
        f"lib = Library.open(LibraryPaths(Path({str(paths.root)!r})))\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LibraryLocked):
            Library.open(paths, lock_timeout=0.2)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        Library.open(paths, lock_timeout=2).close()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_backup_and_restore_into_a_new_folder_brings_everything_back(tmp_path: Path) -> None:
    """Documents, text, originals, annotations with notes and tags survive the round trip."""
    paths, doc_id, note_id = _filled(tmp_path)
    target = tmp_path / "lib.sourcebook-backup"
    with Library.open(paths) as library:
        result = write_backup(library.context, target)
    assert (result.documents, result.annotations) == (1, 1)
    assert result.bytes == target.stat().st_size > 0
    assert not list(tmp_path.glob(".backup-*"))
    restored_counts = restore_backup(LibraryPaths(tmp_path / "new"), target)
    assert (restored_counts.documents, restored_counts.annotations) == (1, 1)
    with Library.open(LibraryPaths(tmp_path / "new")) as restored:
        note = restored.annotation(note_id)
        assert (note.note, note.tags, note.exact) == ("keep", ("brief",), "debt bondage")
        assert restored.original_path(doc_id).read_text(encoding="utf-8") == REPORT
        assert check_library(restored).ok


def test_restore_refuses_a_library_with_documents_unless_forced(tmp_path: Path) -> None:
    """Restoring over existing work needs --force; the existing library stays as it was."""
    paths, _doc_id, _ = _filled(tmp_path)
    backup = tmp_path / "b.zip"
    with Library.open(paths) as library:
        write_backup(library.context, backup)
    other, _, _ = _filled(tmp_path / "other")
    with pytest.raises(SourcebookError, match="already holds 1 document"):
        restore_backup(other, backup)
    result = restore_backup(other, backup, force=True)
    assert (result.documents, result.annotations) == (1, 1)
    assert result.replaced is not None and Path(result.replaced, "library.db").is_file()


def test_backup_refuses_to_overwrite_and_restore_refuses_a_non_backup(tmp_path: Path) -> None:
    """An existing target needs --force; a random zip is not restored."""
    paths, _, _ = _filled(tmp_path)
    existing = write_text(tmp_path / "exists.zip", "x")
    with Library.open(paths) as library, pytest.raises(SourcebookError, match="already exists"):
        write_backup(library.context, existing)
    with zipfile.ZipFile(tmp_path / "random.zip", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(SourcebookError, match="not a Sourcebook backup"):
        restore_backup(LibraryPaths(tmp_path / "x"), tmp_path / "random.zip")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr(
            "manifest.json",
            '{"format": "sourcebook-backup", "version": 1, "documents": 0, "annotations": 0}',
        )
        archive.writestr("library.db", "")
        archive.writestr("../escape.txt", "x")
    with pytest.raises(SourcebookError, match="does not write"):
        restore_backup(LibraryPaths(tmp_path / "y"), evil)
    assert not (tmp_path / "escape.txt").exists()


def test_rolling_backups_are_made_daily_and_pruned(tmp_path: Path) -> None:
    """One backup a day at most; only the newest N are kept."""
    from datetime import UTC, datetime, timedelta

    paths, _, _ = _filled(tmp_path)
    with Library.open(paths) as library:
        first = sorted(paths.backups.glob("*.db"))
        assert len(first) == 1  # made when the library was first opened
        assert maybe_rolling_backup(library.context) is None  # not again the same day
        later = datetime.now(UTC) + timedelta(days=2)
        for day in range(10):
            for old in paths.backups.glob("*.db"):
                os.utime(old, (0, 0))  # make existing ones look old
            made = maybe_rolling_backup(library.context, now=later + timedelta(days=day))
            assert made is not None
        assert len(list(paths.backups.glob("*.db"))) == 7


def test_check_finds_and_repairs_stray_files_and_drifted_anchors(tmp_path: Path) -> None:
    """Stray files are removed; an annotation whose offsets drifted is re-placed by quote."""
    paths, doc_id, note_id = _filled(tmp_path)
    with Library.open(paths) as library:
        stray = paths.files / "zz" / "stray.bin"
        stray.parent.mkdir()
        stray.write_bytes(b"left over by a crash")
        library.context.db.execute(
            'UPDATE annotations SET start = 0, "end" = 5 WHERE id = ?', [note_id]
        )
        report = check_library(library)
        kinds = {p["kind"] for p in report.problems}
        assert {"stray-file", "anchor"} <= kinds and not report.ok
        repaired = check_library(library, repair=True)
        assert repaired.ok
        assert not stray.exists()
        note = library.annotation(note_id)
        text = library.get_document(doc_id).text
        assert text[note.start : note.end] == "debt bondage"
        assert check_library(library).ok


def test_check_reports_a_missing_original(tmp_path: Path) -> None:
    """A deleted original is reported (it cannot be repaired)."""
    paths, doc_id, _ = _filled(tmp_path)
    with Library.open(paths) as library:
        library.original_path(doc_id).unlink()
        report = check_library(library, repair=True)
    assert not report.ok
    assert [p["kind"] for p in report.problems] == ["missing-original"]


def test_opening_after_a_crash_removes_half_copied_files(tmp_path: Path) -> None:
    """A temporary file from a killed import is swept when the library next opens."""
    paths, _, _ = _filled(tmp_path)
    leftover = paths.files / "ab" / ".incoming-xyz"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"partial")
    Library.open(paths).close()
    assert not leftover.exists()


def test_a_read_only_library_folder_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    """Opening a library the user may not write says so and names the folder."""
    from tests.unprivileged import is_root, run_as_nobody, shared_tmp

    root = (shared_tmp() if is_root() else tmp_path) / "lib"
    Library.open(LibraryPaths(root)).close()
    for path in [root, *root.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        code = (
            "from pathlib import Path\n"
            "from desktop_app.core.errors import StorageError\n"
            "from desktop_app.core.library import Library\n"
            "from desktop_app.core.paths import LibraryPaths\n"
            "try:\n"
            f"    Library.open(LibraryPaths(Path({str(root)!r})))\n"
            "except StorageError as exc:\n"
            "    print(exc)\n"
        )
        if is_root():
            output = run_as_nobody(code)
            message, errors = output.stdout, output.stderr
        else:
            import subprocess
            import sys

            done = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=False
            )
            message, errors = done.stdout, done.stderr
        assert "cannot be written" in message and str(root) in message, errors
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
