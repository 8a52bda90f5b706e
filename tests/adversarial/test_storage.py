"""Reads never wait for the writer; a read-only or full disk is one clear line.

Issue 17, items 7 and 9. The read-only and full-disk cases mount a real small
tmpfs, which needs root (CI runs as root); elsewhere they skip and say why.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.adversarial.attack import Filled, filled_library, lib_args, originals, sb

READS = [
    ["list"],
    ["show", "1", "--text"],
    ["search", "debt"],
    ["annotations"],
    ["statements"],
    ["speakers"],
    ["trash"],
    ["check"],
    ["export", "--format", "md", "-o", "{tmp}/out.md"],
    ["backup", "{tmp}/lib.sourcebook-backup"],
]

HOLDER = """
import sys, time
from pathlib import Path
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
library = Library.open(LibraryPaths(Path(sys.argv[1])))
print("holding", flush=True)
sys.stdin.readline()
library.close()
"""


@contextmanager
def _writer_elsewhere(paths: LibraryPaths) -> Iterator[None]:
    """Another process (the window, say) holds the writer lock meanwhile."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()


def test_reading_commands_work_while_another_process_writes(tmp_path: Path) -> None:
    """list, show, search, annotations, statements, check, export and backup open
    read-only at once (they used to wait 5 s for the lock and fail)."""
    filled = filled_library(tmp_path)
    with _writer_elsewhere(filled.paths):
        for command in READS:
            argv = [part.format(tmp=tmp_path) for part in command]
            started = time.monotonic()
            run = sb(lib_args(filled.paths, *argv))
            assert run.code == 0, (argv, run)
            assert time.monotonic() - started < 4.0, argv
        restored = LibraryPaths(tmp_path / "restored")
        assert sb(lib_args(restored, "restore", f"{tmp_path}/lib.sourcebook-backup")).code == 0
        refused = sb(lib_args(filled.paths, "delete", "1"))
        assert refused.code == 1 and "in use" in refused.one_line_error


def _need_root() -> None:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")


@contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    _need_root()
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def test_a_read_only_file_system_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "disk", "20m") as disk:
        filled = filled_library(disk)
        _remount(disk, "ro")
        for command in READS:
            argv = [part.format(tmp=tmp_path) for part in command]
            run = sb(lib_args(filled.paths, *argv))
            assert run.code == 0, (argv, run)
        for command in (["annotate", "1", "--quote", "debt"], ["import", str(filled.docs)]):
            run = sb(lib_args(filled.paths, *command))
            assert run.code == 1 and "read-only file system" in run.one_line_error
        repair = sb(lib_args(filled.paths, "check", "--repair"))
        assert repair.code == 1 and "read-only" in repair.one_line_error
        _remount(disk, "rw")


def _reports(folder: Path, count: int, size: int) -> list[Path]:
    rng = random.Random(7)
    words = ["debt", "bondage", "recruitment", "fees", "migrant", "labour", "report", "wages"]
    made = []
    for number in range(count):
        text = f"title: Report {number}\n\n" + " ".join(
            rng.choice(words) + str(rng.randrange(1000)) for _ in range(size // 9)
        )
        path = folder / f"r{number:02d}.txt"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


@pytest.mark.damages_index
# whoosh3 3.54 leaves a segment's files open when its commit fails with ENOSPC;
# they are closed when collected (a ResourceWarning, no harm to the index).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_full_disk_keeps_the_report_says_disk_full_and_the_index_catches_up(
    tmp_path: Path,
) -> None:
    """24 files onto a disk that holds a few: every file gets its line, --json prints,
    what was stored stays, and once there is space again search finds all of it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    files = _reports(docs, 24, 90_000)
    with _tmpfs(tmp_path / "disk", "1500k") as disk:
        paths = LibraryPaths(disk / "lib")
        run = sb(lib_args(paths, "import", str(docs), "--json"))
        results = run.json()
        assert isinstance(results, list) and len(results) == len(files)
        statuses = [r["status"] for r in results]
        assert "imported" in statuses and "failed" in statuses
        reasons = [r["reason"] or "" for r in results if r["status"] == "failed"]
        assert all("disk full" in r or "disk is full" in r for r in reasons), reasons
        assert run.code == 1
        stored = statuses.count("imported")
        search = sb(lib_args(paths, "search", "title:report", "--json", "--limit", "50"))
        assert search.code in (0, 1)  # one line at most, never a traceback
        _remount(disk, "size=60m")
        caught_up = sb(lib_args(paths, "search", "report", "--kind", "document", "--json"))
        assert caught_up.json()["total"] == stored  # type: ignore[index]
        check = sb(lib_args(paths, "check", "--repair"))
        assert check.code == 0, check
        with Library.open(paths) as library:
            assert len(library.documents()) == stored
        assert len(originals(paths)) == stored


def test_opening_a_library_the_os_refuses_is_one_line(tmp_path: Path) -> None:
    victim = tmp_path / "a-file"
    victim.write_bytes(b"x")
    for root in (victim, victim / "sub", tmp_path / "dir-db"):
        if root.name == "dir-db":
            (root / "library.db").mkdir(parents=True)
        run = sb(["--library", str(root), "list"])
        assert run.code == 1 and run.one_line_error


def test_permission_denied_is_one_line(tmp_path: Path) -> None:
    """As an ordinary user (CI is root: the check runs as nobody)."""
    from tests.unprivileged import is_root, run_as_nobody, shared_tmp

    if not is_root():
        pytest.skip("runs as user nobody, which needs root to arrange")
    root = shared_tmp() / "lib"
    filled: Filled = filled_library(root.parent, "lib")
    for path in [root, *root.rglob("*")]:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        code = (
            "import sys\n"
            "from desktop_app.cli import main\n"
            f"sys.exit(main(['--library', {str(filled.paths.root)!r}, 'annotate', '1',"
            " '--quote', 'debt']))\n"
        )
        done = run_as_nobody(code)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and done.stderr.startswith("sourcebook: ")
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
