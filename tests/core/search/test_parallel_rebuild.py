"""A rebuild with several indexing processes finds what a one-process rebuild finds."""

from __future__ import annotations

import multiprocessing
import random

import pytest

from desktop_app.core.library import Library
from desktop_app.core.search import index as index_mod
from desktop_app.core.search.index import default_procs
from tests.core.search.helpers import add_annotation, add_document, add_statement

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
        doc_id = add_document(library.db, text, title=f"Report {number}")
        if number % 10 == 0:
            add_annotation(library.db, doc_id, text, text.split()[2], note="rights abuse")
        if number % 25 == 0:
            add_statement(library.db, doc_id, text, text[:40], speaker="Asaduzzaman Khan Kamal")
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
    monkeypatch.setattr(index_mod.os, "cpu_count", lambda: 8)
    assert default_procs(10) == 1
    assert default_procs(index_mod.PARALLEL_FROM_RECORDS) == index_mod.MAX_PROCS
    monkeypatch.setattr(index_mod.os, "cpu_count", lambda: None)
    assert default_procs(1_000_000) == 1
