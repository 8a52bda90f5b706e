"""A rebuild with several indexing processes finds what a one-process rebuild finds."""

from __future__ import annotations

import multiprocessing
import random
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.library import Library
from desktop_app.core.search import parallel
from desktop_app.core.search.parallel import default_procs
from tests.core.search.helpers import add_annotation, add_document, add_statement

ROOT = Path(__file__).resolve().parents[3]
WORDS = " ".join(
    (
        "government minister police court trafficking migrant workers recruitment agency debt",
        "bondage report rights human border officials policy brokers fees the of and to in",
    )
).split()
QUERIES = [
    "trafficking",
    "police court",
    '"debt bondage"',
    "recruit*",
    "kind:annotation rights",
    "speaker:kamal",
    "মানবাধিকার",
    "人权",
]


@pytest.fixture
def filled(library: Library) -> Library:
    rng = random.Random(3)
    for number in range(400):
        text = " ".join(rng.choices(WORDS, k=rng.randint(20, 120)))
        if number % 40 == 0:
            text += " মানবাধিকার লঙ্ঘন 人权组织"
        doc_id = add_document(library.context.db, text, title=f"Report {number}")
        if number % 10 == 0:
            add_annotation(library.context.db, doc_id, text, text.split()[2], note="rights abuse")
        if number % 25 == 0:
            add_statement(
                library.context.db, doc_id, text, text[:40], speaker="Asaduzzaman Khan Kamal"
            )
    library.sync_index()
    return library


def _answers(library: Library) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    out = {}
    for text in QUERIES:
        results = library.search(text, limit=500)
        hits = sorted((h.kind, h.annotation_id or h.statement_id or h.doc_id) for h in results.hits)
        out[text] = (results.total, hits)
    return out


@pytest.mark.slow
def test_two_processes_index_the_same_records_as_one(filled: Library) -> None:
    index = filled.search_index
    assert index.rebuild(procs=1) > 400
    one = _answers(filled)

    assert index.rebuild(procs=2) > 400
    searcher = index._get_searcher()
    assert len(searcher.leaf_searchers()) >= 2, "each process writes its own segment"
    assert _answers(filled) == one
    assert all(total > 0 for total, _ in one.values())


@pytest.mark.slow
def test_a_cancelled_parallel_rebuild_stops_its_processes_and_keeps_the_index(
    filled: Library,
) -> None:
    before = _answers(filled)
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 1  # after the first batch of records has gone out

    assert filled.search_index.rebuild(cancel=cancel, procs=2) == 0
    assert not (filled.paths.root / "index.building").exists()
    assert not [p for p in multiprocessing.active_children() if p.name != "sourcebook-import"]
    assert _answers(filled) == before


def test_small_libraries_are_rebuilt_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    assert default_procs(10) == 1
    assert default_procs(parallel.PARALLEL_FROM_RECORDS) == parallel.MAX_PROCS
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: None)
    assert default_procs(1_000_000) == 1


SCRIPT_FROM_STDIN = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.core.search.helpers import add_document
library = Library.open(LibraryPaths(Path({folder!r})))
library.auto_index = False
for number in range(300):
    add_document(library.context.db, f"bondage report {{number}}", title=f"Report {{number}}")
print("indexed", library.search_index.rebuild(procs=2))
print("found", library.search("bondage").total)
library.close()
"""


@pytest.mark.slow
def test_helpers_that_cannot_start_mean_one_process_not_a_hang(tmp_path: Path) -> None:
    # forkserver re-imports the main module in each helper; a program read
    # from standard input has none, so every helper dies at once. Whoosh's
    # own writer then waits for ever; ours falls back to one process.
    script = SCRIPT_FROM_STDIN.format(root=str(ROOT), folder=str(tmp_path / "library"))
    done = subprocess.run(
        [sys.executable, "-"], input=script, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "indexed 300" in done.stdout
    assert "found 300" in done.stdout
    assert "rebuilding in one process" in done.stderr
