"""Searching owns what it keeps between queries; nothing is hung on Whoosh's objects."""

from __future__ import annotations

from desktop_app.core.library import Library
from desktop_app.core.search.caches import SearcherCaches
from desktop_app.core.store.outbox import enqueue
from tests.core.search.helpers import add_document


def _current_caches(library: Library) -> SearcherCaches:
    index = library.search_index
    with index.files.ix_lock:
        index.files.searcher()
        return index.searching.caches()


def test_caches_live_with_searching_and_start_afresh_when_the_index_changes(
    library: Library,
) -> None:
    for n in range(12):
        add_document(
            library.context.db, f"Debt bondage of migrant workers, report {n}.", tags=("urgent",)
        )
    library.sync_index()
    assert library.search("workers").total == 12
    assert library.search_index.quick_search("migr").total == 12
    first = _current_caches(library)
    assert first.columns is not None and first.tags is not None  # facets read once
    assert first.lengths and first.expansions  # field lengths, the prefix's words
    searcher = library.search_index.files.searcher()
    assert not [name for name in vars(searcher) if "sourcebook" in name]

    assert library.search("bondage").total == 12
    assert _current_caches(library) is first  # kept between searches

    add_document(library.context.db, "One more report on migrant workers.", tags=("later",))
    library.sync_index()
    assert library.search("workers").total == 13
    again = _current_caches(library)
    assert again is not first
    assert again.tags is not None and "later" in {t for tags in again.tags.values() for t in tags}


def test_a_changed_text_is_not_served_from_the_snippet_cache(library: Library) -> None:
    """A re-imported document's new text shows in its snippet at once."""
    doc_id = add_document(library.context.db, "Old wording about debt bondage.", title="Report")
    library.sync_index()
    assert "Old wording" in library.search("bondage").hits[0].snippet_text
    with library.context.db.conn:  # what a re-import does to the text, and its index job
        library.context.db.execute(
            "UPDATE document_content SET text = ? WHERE doc_id = ?",
            ["New wording about debt bondage.", doc_id],
        )
        enqueue(library.context.db, "document", [doc_id])
    library.sync_index()
    assert "New wording" in library.search("bondage").hits[0].snippet_text
