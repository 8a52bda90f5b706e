"""SIGKILL at random moments during imports and highlight edits loses nothing reported.

A child process works on a real library and prints each result once the
Library call has returned (that is, committed). The parent kills it with
SIGKILL at a random moment, then checks: the library opens, SQLite's
integrity check passes, everything reported saved is there, the search index
catches up, and no stray file is left under files/.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.check import check_library
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store.db import integrity_problems

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

KILLS_PER_SCENARIO = 12

IMPORTER = """
import json, sys
from pathlib import Path
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
lib = Library.open(LibraryPaths(Path(sys.argv[1])), lock_timeout=30)
print("ready", flush=True)
for path in sorted(Path(sys.argv[2]).iterdir()):
    result = lib.import_one(path)
    print(json.dumps(result.to_json()), flush=True)
lib.close()
"""

EDITOR = """
import json, random, sys
from pathlib import Path
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
lib = Library.open(LibraryPaths(Path(sys.argv[1])), lock_timeout=30)
docs = lib.document_ids()
print("ready", flush=True)
rng = random.Random(int(sys.argv[2]))
for step in range(100000):
    doc = rng.choice(docs)
    text = lib.get_document(doc).text
    start = rng.randrange(0, len(text) - 20)
    note = f"note {sys.argv[2]}-{step}"
    made = lib.annotate(doc, start, start + 12, note=note, tags=["crash"]).annotation
    print(json.dumps({"id": made.id, "note": note}), flush=True)
    edited = lib.edit_annotation(made.id, note=note + " edited").annotation
    print(json.dumps({"id": edited.id, "note": edited.note}), flush=True)
"""


def _report(number: int) -> str:
    return (
        f"Report number {number} on labour migration.\n\n"
        f"Paragraph one of report {number} describes recruitment fees in detail.\n\n"
        f"Paragraph two of report {number} describes debt bondage and wage theft.\n"
    )


def _run_and_kill(script: str, args: list[str], rng: random.Random) -> list[dict[str, object]]:
    """Start the child, let it work for a random moment once ready, SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    # Kill during the work, not during interpreter start-up (slow on a loaded machine).
    assert child.stdout.readline().strip() == "ready"
    try:
        child.wait(timeout=rng.uniform(0.1, 1.5))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
    child.wait()
    lines = child.stdout.read().splitlines()
    child.stdout.close()
    reported = []
    for line in lines:
        try:
            reported.append(json.loads(line))
        except json.JSONDecodeError:
            break  # the last line may have been cut by the kill
    return reported


def _assert_consistent(paths: LibraryPaths) -> Library:
    library = Library.open(paths, lock_timeout=10)
    assert integrity_problems(library.context.db) == []
    library.sync_index()
    report = check_library(library)
    # A kill between copying an original and committing its row leaves the
    # complete original unreferenced: kept (never deleted), reported, and
    # imported again by --repair.
    expected = {"missing-original", "unreferenced-original"}
    assert [p for p in report.problems if p["kind"] not in expected] == []
    if not report.ok:
        assert check_library(library, repair=True).ok
        library.sync_index()
    return library


def test_killing_an_import_at_random_moments_loses_nothing_reported(tmp_path: Path) -> None:
    """300 files, killed again and again: reported imports stay; no stray files remain."""
    rng = random.Random(7)
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(300):
        (folder / f"r{number:03d}.txt").write_text(_report(number), encoding="utf-8")
    paths = LibraryPaths(tmp_path / "lib")
    imported: dict[int, str] = {}
    for _ in range(KILLS_PER_SCENARIO):
        for row in _run_and_kill(IMPORTER, [str(paths.root), str(folder)], rng):
            if row["status"] == "imported":
                imported[int(row["doc_id"])] = str(row["path"])  # type: ignore[arg-type]
        with _assert_consistent(paths) as library:
            have = set(library.document_ids())
            assert set(imported) <= have
            assert library.search("recruitment", limit=1).total == len(have)
    with _assert_consistent(paths) as library:
        assert len(library.document_ids()) <= 300


def test_killing_bulk_highlight_edits_loses_no_saved_highlight(tmp_path: Path) -> None:
    """Every highlight reported saved is there with its last reported note."""
    rng = random.Random(11)
    paths = LibraryPaths(tmp_path / "lib")
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(5):
        (folder / f"r{number}.txt").write_text(_report(number), encoding="utf-8")
    with Library.open(paths) as library:
        library.import_paths([folder])
    saved: dict[int, str] = {}
    for round_number in range(KILLS_PER_SCENARIO):
        for row in _run_and_kill(EDITOR, [str(paths.root), str(round_number)], rng):
            saved[int(row["id"])] = str(row["note"])  # type: ignore[arg-type]
        with _assert_consistent(paths) as library:
            notes = {a.id: a.note for a in library.annotations()}
            for annotation_id, note in saved.items():
                assert annotation_id in notes
                if note.endswith(" edited"):
                    assert notes[annotation_id] == note
                else:  # the edit may have committed just before the kill, unreported
                    assert notes[annotation_id] in (note, note + " edited")
            assert library.search("tag:crash", kind="annotation", limit=1).total == len(notes)
    assert len(saved) > 20
