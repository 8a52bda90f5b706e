"""The index heals itself: deleted, truncated, outdated, locked or crashed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.search.index import VERSION_FILE
from desktop_app.core.store.outbox import pending_count
from tests.core.search.helpers import add_document

REPO = Path(__file__).resolve().parents[3]
# whoosh3 3.54 does not close a file whose reading raised (a damaged index);
# the handle is closed by the garbage collector with a ResourceWarning.
LEAKS_ON_DAMAGED_INDEX = pytest.mark.filterwarnings("ignore::ResourceWarning")
TEXT = "Recruitment agencies charged migrant workers fees that led to debt bondage."


@pytest.fixture
def indexed(library: Library) -> Library:
    for number in range(5):
        add_document(library.context.db, f"{TEXT} Case {number}.", title=f"Case {number}")
    library.sync_index()
    assert library.search("bondage").total == 5
    return library


def test_an_index_folder_deleted_while_open_is_rebuilt_on_the_next_search(
    indexed: Library,
) -> None:
    import shutil

    shutil.rmtree(indexed.paths.index)
    assert indexed.search_index.needs_rebuild()
    assert indexed.search("bondage").total == 5
    assert not indexed.search_index.needs_rebuild()


@pytest.mark.damages_index
@LEAKS_ON_DAMAGED_INDEX
def test_truncated_index_files_are_detected_and_rebuilt(indexed: Library) -> None:
    for path in indexed.paths.index.iterdir():
        if path.is_file() and path.name != VERSION_FILE:
            with path.open("r+b") as handle:
                handle.truncate(path.stat().st_size // 3)
    assert indexed.search("bondage").total == 5


@pytest.mark.damages_index
@LEAKS_ON_DAMAGED_INDEX
def test_a_search_on_a_searcher_whose_files_broke_recovers(indexed: Library) -> None:
    indexed.search("bondage")  # the searcher is open now
    for path in indexed.paths.index.iterdir():
        if path.suffix == ".seg":
            path.write_bytes(b"")
    assert indexed.search("bondage").total == 5


def test_an_index_of_an_older_schema_version_is_rebuilt(indexed: Library) -> None:
    (indexed.paths.index / VERSION_FILE).write_text(json.dumps({"schema_version": 0}))
    assert indexed.search_index.needs_rebuild()
    assert indexed.sync_index() == 5  # records indexed by the rebuild
    assert not indexed.search_index.needs_rebuild()


@LEAKS_ON_DAMAGED_INDEX
def test_a_garbage_version_file_means_rebuild(indexed: Library) -> None:
    (indexed.paths.index / VERSION_FILE).write_bytes(b"\x00\xff not json")
    assert indexed.search_index.needs_rebuild()
    assert indexed.search("bondage").total == 5


def test_reindex_reports_progress_and_the_number_of_records(indexed: Library) -> None:
    seen: list[tuple[int, int]] = []
    assert indexed.reindex(progress=lambda done, total: seen.append((done, total))) == 5
    assert seen[-1] == (5, 5)


def test_a_cancelled_rebuild_leaves_the_old_index_working(indexed: Library) -> None:
    add_document(indexed.context.db, f"{TEXT} Late case.", title="Late")
    assert indexed.reindex(cancel=lambda: True) == 0
    assert not (indexed.paths.root / "index.building").exists()
    assert pending_count(indexed.context.db) == 1  # the late job was not dropped
    assert indexed.search("bondage").total == 6  # search syncs the pending job


def test_jobs_left_pending_by_a_killed_process_are_applied_at_the_next_start(
    tmp_path: Path,
) -> None:
    paths = LibraryPaths(tmp_path / "lib")
    with Library.open(paths) as library:
        library.sync_index()
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from desktop_app.core.library import Library
        from desktop_app.core.paths import LibraryPaths
        from tests.core.search.helpers import add_document
        from pathlib import Path
        library = Library.open(LibraryPaths(Path({str(paths.root)!r})))
        for n in range(3):
            add_document(library.context.db, "Debt bondage case %d" % n, title="Case %d" % n)
        # Die in the middle of applying the jobs, after the first Whoosh batch.
        import desktop_app.core.search.sync as index_module
        index_module.JOB_BATCH = 1
        library.sync_index(progress=lambda done, total: os.kill(os.getpid(), signal.SIGKILL))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, check=False)
    assert proc.returncode == -signal.SIGKILL
    with Library.open(paths) as library:
        assert pending_count(library.context.db) == 2
        assert library.search("bondage").total == 3
        assert pending_count(library.context.db) == 0


def test_another_process_holding_the_writer_lock_leaves_jobs_pending(indexed: Library) -> None:
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from whoosh.filedb.filestore import FileStorage;"
            f"ix = FileStorage({str(indexed.paths.index)!r}).open_index();"
            "w = ix.writer(); print('locked', flush=True); sys.stdin.readline(); w.cancel()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    ) as holder:
        _while_locked(indexed, holder)
    assert indexed.sync_index() == 1
    assert indexed.search_index.status is None
    assert indexed.search("bondage").total == 6


def _while_locked(indexed: Library, holder: subprocess.Popen[str]) -> None:
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        index = indexed.search_index
        index.writer_timeout = 0.2
        add_document(indexed.context.db, f"{TEXT} While locked.", title="Locked")
        assert indexed.sync_index() == 0
        assert pending_count(indexed.context.db) == 1
        assert index.status is not None and "another program" in index.status
        assert indexed.search("bondage").total == 5  # old results, no crash
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def test_a_read_only_library_searches_but_never_rebuilds(indexed: Library) -> None:
    from desktop_app.core.errors import SourcebookError

    with Library.open(indexed.paths, writer=False) as reader:
        assert reader.read_only
        assert reader.search("bondage").total == 5
        import shutil

        shutil.rmtree(indexed.paths.index)
        reader.search_index.close()
        with pytest.raises(SourcebookError, match="another Sourcebook"):
            reader.search("bondage")
    assert not indexed.paths.index.exists()
    assert os.environ.get("SOURCEBOOK_LIBRARY") is None


def test_a_closed_database_is_not_mistaken_for_a_damaged_index(indexed: Library) -> None:
    add_document(indexed.context.db, f"{TEXT} Late case.", title="Late")
    indexed.context.db.conn.close()  # e.g. a sync started as the library was being closed
    with pytest.raises(sqlite3.ProgrammingError):
        indexed.search_index.sync()
    # No rebuild was attempted (the autouse fixture fails a test that healed).
    assert not (indexed.paths.root / "index.building").exists()
