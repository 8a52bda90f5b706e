"""bulk.score_all gives exactly what Whoosh's own matchers give.

A real library of a few hundred generated records (long posting lists over
several blocks, several segments, deleted records, annotations with notes
and tags, statements, Bengali and Chinese) is searched both ways, query by
query: the same matching records, the same BM25F scores, the same top 20.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from whoosh import query

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.search import bulk
from desktop_app.core.search.results import run_search
from tests.core.search.helpers import add_annotation, add_document, add_statement

WORDS = " ".join(
    (
        "government minister police court trafficking migrant workers labour recruitment agency",
        "debt bondage report rights human border officials said policy brokers fees election",
        "campaign market growth economy health children school prime zero tolerance",
        "reform regional refugees the of and to in a for on that with",
    )
).split()
BENGALI = ["মানবাধিকার", "লঙ্ঘন", "জামিন", "আদালত", "মন্ত্রী", "পুলিশ"]
CHINESE = ["人权组织", "政府", "警察", "法院"]

QUERIES = [
    "government",
    "trafficking",
    "police court",
    "human rights",
    '"human rights"',
    '"debt bondage"',
    '"zero tolerance policy"',
    '"prime minister"',
    "recruit*",
    "gov*",
    "re*",
    "po* workers",
    "minister OR brokers",
    "(police OR court) AND migrant",
    "trafficking -police",
    "trafficking NOT kind:statement",
    "kind:annotation rights",
    "tag:urgent",
    "color:green",
    "date:2022",
    "date:[2021-01-01 to 2022-06-30] workers",
    "lang:bn",
    "মানবাধিকার",
    "জামিন পুলিশ",
    "政府",
    "人权组织",
    "speaker:minister",
    "title:report",
    "nothing-matches-this",
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """Built once for the module (read-only in the tests)."""
    library = Library.open(LibraryPaths(tmp_path_factory.mktemp("bulk") / "library"))
    try:
        _fill(library)
        yield library
    finally:
        library.close()


def _fill(library: Library) -> None:
    rng = random.Random(7)
    db = library.context.db
    texts: dict[int, str] = {}
    for batch in range(3):  # three syncs: three segments
        for number in range(140):
            words = rng.choices(WORDS, k=rng.randint(20, 300))
            language = "en"
            if number % 17 == 0:
                words += rng.choices(BENGALI, k=8)
                language = "bn"
            if number % 23 == 0:
                words += rng.choices(CHINESE, k=5)
                language = "zh"
            text = " ".join(words) + "."
            doc_id = add_document(
                db,
                text,
                title=" ".join(rng.choices(WORDS, k=4)) + f" {batch}-{number}",
                published=f"{rng.choice((2020, 2021, 2022))}-0{rng.randint(1, 9)}-15",
                language=language,
                tags=("urgent",) if number % 11 == 0 else (),
            )
            texts[doc_id] = text
            if number % 5 == 0:
                exact = " ".join(text.split()[3:9])
                add_annotation(
                    db,
                    doc_id,
                    text,
                    exact,
                    note=" ".join(rng.choices(WORDS, k=6)),
                    color=rng.choice(["yellow", "green"]),
                    tags=("evidence",),
                )
            if number % 9 == 0:
                quote = " ".join(text.split()[10:20])
                add_statement(db, doc_id, text, quote, speaker="Home Minister Kamal")
        library.sync_index()
    # Deletions and edits leave deleted records in the older segments.
    library.trash_documents(list(texts)[::13])
    library.sync_index()


def _whoosh_scores(searcher, q) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}


@pytest.mark.parametrize("text", QUERIES)
def test_bulk_scores_equal_whooshs_own(filled: Library, text: str) -> None:
    index = filled.search_index
    searcher = index._get_searcher()
    assert len(searcher.leaf_searchers()) > 1, "the fixture should span several segments"
    q = index._parser.parse(text)

    ours = bulk.score_all(searcher, q)
    theirs = _whoosh_scores(searcher, q)

    assert ours.keys() == theirs.keys()
    if any(isinstance(node, query.Prefix) for node in q.leaves()):
        # Whoosh 3.54 gives a prefix that expands to three or more words a
        # constant score in segments under 5,000 records and BM25 in larger
        # ones; bulk.py always scores each word (test_prefix_scores below).
        return
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-9)
    # The same top 20, compared on rounded scores so float-summation order
    # cannot reorder ties.
    expected = sorted(theirs.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))[:20]
    got = bulk.ranked(ours, 20)
    assert [d for d, _ in got] == [d for d, _ in expected]


def test_prefix_scores_add_up_the_words_it_expands_to(filled: Library) -> None:
    index = filled.search_index
    searcher = index._get_searcher()
    prefix = bulk.score_all(searcher, index._parser.parse("re*"))
    words = [
        w.decode()
        for w in searcher.reader().lexicon("text")
        if w.startswith(b"re") and searcher.doc_frequency("text", w)
    ]
    assert len(words) >= 3
    spelled_out = query.Or([query.Term("text", w) for w in words])
    expected = bulk.score_all(searcher, spelled_out)
    for docnum, score in expected.items():
        assert prefix[docnum] >= score - 1e-9  # plus any heading/note/speaker words
    assert len(set(prefix.values())) > 10, "scored, not constant"


def test_the_fixture_exercises_long_posting_lists(filled: Library) -> None:
    searcher = filled.search_index._get_searcher()
    # More than one posting block (128 postings) for a common word.
    assert searcher.doc_frequency("text", "govern") > 128


def test_total_and_facets_count_every_match(filled: Library) -> None:
    index = filled.search_index
    searcher = index._get_searcher()
    q = index._parser.parse("trafficking")
    results = run_search(searcher, q, text="trafficking", limit=5, load=lambda k, i: {})

    matching = set(searcher.docs_for_query(q))
    assert results.total == len(matching) > 5
    kinds = {searcher.stored_fields(d)["kind"] for d in matching}
    assert set(results.facets["kind"]) == kinds
    assert sum(results.facets["kind"].values()) == len(matching)
    assert len(results.hits) == 5


def test_ranked_breaks_ties_by_record_number_like_whoosh() -> None:
    scores = {9: 1.0, 3: 2.0, 5: 1.0, 1: 1.0, 7: 0.5}
    assert bulk.ranked(scores, 3) == [(3, 2.0), (1, 1.0), (5, 1.0)]
    assert bulk.ranked(scores, 10)[-1] == (7, 0.5)
    assert bulk.ranked(scores, 0) == []
    assert bulk.ranked({}, 5) == []
