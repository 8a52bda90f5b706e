"""What differs on Windows and macOS, exercised on Linux.

CI runs on Linux only; the release workflow builds for Windows and macOS
without running this suite there. So the paths those systems take are forced
here: helper processes started with ``spawn`` (Windows has nothing else),
folder and file names with spaces and non-ASCII letters, CRLF line endings,
and a file another program holds open while it is imported (Word and PDF
readers do that on Windows).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core import helper_process
from desktop_app.core.importers import guarded
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.search import lifecycle as search_index
from tests.format_samples import make_docx, make_html, make_pdf

ROOT = Path(__file__).resolve().parents[1]
ODD_FOLDER = "Reports 2022 — ঢাকা/সভা ও নোট"


def _odd_names(folder: Path) -> list[Path]:
    """A PDF, a Word file and a web page, renamed to names with spaces and scripts."""
    folder.mkdir(parents=True)
    made = {
        "ঢাকা রিপোর্ট 2022.pdf": make_pdf(folder),
        "Bericht über Löhne.docx": make_docx(folder),
        "报告 页面 (saved).html": make_html(folder),
    }
    return [made_path.rename(folder / name) for name, made_path in made.items()]


def test_spawn_is_chosen_when_asked_and_fork_never(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(helper_process.START_METHOD_VARIABLE, "spawn")
    assert helper_process.default_start_method() == "spawn"
    monkeypatch.setenv(helper_process.START_METHOD_VARIABLE, "fork")
    assert helper_process.default_start_method() != "fork"


def test_a_temporary_folder_too_deep_for_the_forkserver_socket_means_spawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long $TMPDIR made every helper fail with "AF_UNIX path too long"."""
    monkeypatch.delenv(helper_process.START_METHOD_VARIABLE, raising=False)
    monkeypatch.setattr("tempfile.tempdir", "/tmp")
    if "forkserver" in helper_process.multiprocessing.get_all_start_methods():
        assert helper_process.default_start_method() == "forkserver"
    deep = tmp_path / ("a deep home folder " * 5)
    deep.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(deep))
    assert not helper_process.forkserver_fits()
    assert helper_process.default_start_method() == "spawn"
    monkeypatch.setenv(helper_process.START_METHOD_VARIABLE, "forkserver")
    assert helper_process.default_start_method() == "spawn"


@pytest.mark.slow
def test_the_cli_imports_with_a_temporary_folder_too_deep_for_a_socket(tmp_path: Path) -> None:
    """`sourcebook import` where $TMPDIR is long: the worker starts (spawned), the file imports."""
    deep = tmp_path / ("Users/Programme Officer — Migration Rights/" * 3) / "AppData/Local/Temp"
    deep.mkdir(parents=True)
    [pdf, *_] = _odd_names(tmp_path / "reports")
    env = {k: v for k, v in os.environ.items() if k != helper_process.START_METHOD_VARIABLE}
    command = ["import", "--json", "--library", str(tmp_path / "library"), str(pdf)]
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", *command],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**env, "TMPDIR": str(deep), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert [r["status"] for r in json.loads(result.stdout)] == ["imported"]


@pytest.mark.slow
def test_the_cli_imports_through_a_spawned_worker_from_folders_with_odd_names(
    tmp_path: Path,
) -> None:
    """As on Windows: `sourcebook import` with the worker started by spawn."""
    files = _odd_names(tmp_path / ODD_FOLDER)
    library = tmp_path / "Library — মাইগ্রেশন"
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "import", "--json", "--library", str(library)]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, helper_process.START_METHOD_VARIABLE: "spawn", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = {Path(r["path"]).name: r["status"] for r in json.loads(result.stdout)}
    assert statuses == {f.name: "imported" for f in files}


def test_a_spawned_worker_reads_a_pdf_from_a_path_with_spaces_and_bengali(tmp_path: Path) -> None:
    [pdf, *_] = _odd_names(tmp_path / ODD_FOLDER)
    worker = guarded.ImportWorker(start_method="spawn")
    try:
        document = worker.import_file(pdf)
    finally:
        worker.close()
    assert document.text.strip()
    assert worker.restarts == 1


@pytest.mark.slow
def test_a_parallel_rebuild_with_spawned_helpers_finds_what_one_process_finds(
    library: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.core.search.helpers import add_document

    for number in range(60):
        text = f"Report {number} on recruitment fees and debt bondage in Dhaka. মানবাধিকার"
        add_document(library.context.db, text, title=f"Report {number}")
    library.sync_index()
    queries = ["recruitment", '"debt bondage"', "মানবাধিকার", "report"]
    one = {q: library.search(q, limit=100).total for q in queries}

    monkeypatch.setenv(helper_process.START_METHOD_VARIABLE, "spawn")
    writers = []
    real = search_index.parallel_writer

    def recording(*args: object, **kwargs: object) -> object:
        writers.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return writers[-1]

    monkeypatch.setattr(search_index, "parallel_writer", recording)
    assert library.search_index.rebuild(procs=2) >= 60
    assert not [r for r in caplog.records if "parallel index rebuild failed" in r.getMessage()]
    [writer] = writers
    assert writer.tasks and {type(t).__name__ for t in writer.tasks} == {"SpawnProcess"}
    assert {q: library.search(q, limit=100).total for q in queries} == one


def test_crlf_text_files_read_like_lf_ones(library: Library, tmp_path: Path) -> None:
    """Notepad's line endings: no stray \\r in the text, the same paragraphs and anchors."""
    body = (
        "Title line\n\nThe minister said the fees were illegal.\nSecond line.\n\nLast paragraph.\n"
    )
    crlf, lf = tmp_path / "windows.txt", tmp_path / "unix.md"
    crlf.write_bytes(body.replace("\n", "\r\n").encode("utf-8"))
    lf.write_bytes(body.replace("Last", "Final").encode("utf-8"))
    [windows, unix] = library.import_paths([crlf, lf])
    assert windows.status == unix.status == "imported"
    text = library.get_document(windows.doc_id).text
    assert "\r" not in text
    assert "fees were illegal.\nSecond line." in text
    library.annotate_quote(windows.doc_id, "illegal.\nSecond")


@pytest.mark.skipif(os.name != "posix", reason="holds the file with fcntl")
def test_a_file_another_program_holds_open_and_locked_still_imports(
    library: Library, tmp_path: Path
) -> None:
    """Another process keeps the file open with an exclusive lock during the import."""
    folder = tmp_path / "In use — ব্যবহৃত"
    folder.mkdir()
    pdf = make_pdf(folder)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys\n"
            "f = open(sys.argv[1], 'r+b'); fcntl.flock(f, fcntl.LOCK_EX)\n"
            "print('held', flush=True); sys.stdin.read()\n",
            str(pdf),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        [result] = library.import_paths([pdf])
        assert result.status == "imported", result.reason
        assert holder.poll() is None, "the other program still holds the file"
    finally:
        holder.communicate("", timeout=10)
    assert pdf.is_file(), "the original is left where it was"
    assert library.original_path(result.doc_id).read_bytes() == pdf.read_bytes()


def test_a_library_in_a_folder_with_spaces_and_non_ascii_letters(tmp_path: Path) -> None:
    root = tmp_path / "My Documents — নথি" / "Sourcebook library"
    source = _odd_names(tmp_path / ODD_FOLDER)[1]
    with Library.open(LibraryPaths(root)) as lib:
        [result] = lib.import_paths([source])
        assert result.status == "imported"
        assert lib.original_path(result.doc_id).is_file()
    shutil.rmtree(root)
