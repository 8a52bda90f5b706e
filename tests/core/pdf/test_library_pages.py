"""Page maps in a real library: stored at import, computed later for older documents,
checked against the original's hash, used for page labels in citations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.core.errors import NotFoundError
from desktop_app.core.export import cite
from desktop_app.core.export.selection import ExcerptBuilder
from desktop_app.core.library import Library
from desktop_app.core.pdf.pages import PagesUnavailable
from desktop_app.core.pdf.render import PageRenderer
from desktop_app.core.store import documents_repo, pagemap_repo
from tests.conftest import write_text
from tests.core.pdf.samples import labelled_with_outline, pages_with_text, two_columns


def import_one(library: Library, path: Path) -> int:
    [result] = library.import_paths([path])
    assert result.doc_id is not None, result.reason
    return result.doc_id


def forget_map(library: Library, doc_id: int) -> None:
    """Make the document look imported before page maps existed."""
    with library.context.write() as tx:
        db = tx.db
        pagemap_repo.delete(db, doc_id)


def test_import_stores_the_map_with_the_hash_of_its_file(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "labelled.pdf"
    labelled_with_outline(path)
    doc_id = import_one(library, path)
    with library.context.lock:
        stored = pagemap_repo.load(library.context.db, doc_id)
        runs_bytes = library.context.db.execute(
            "SELECT sum(length(runs)) FROM page_map_pages WHERE doc_id = ?", [doc_id]
        ).fetchone()[0]
    assert stored is not None
    assert stored.sha256 == library.document(doc_id).sha256
    assert stored.labels() == ["i", "ii", "1", "2", "3"]
    assert library.page_labels(doc_id) == ["i", "ii", "1", "2", "3"]
    assert [e.title for e in library.outline(doc_id)] == ["Preface", "Chapter 1", "1.1 Recruitment"]
    assert runs_bytes == 12 * 5  # one run (three int32) per page: compact


def test_a_stored_map_reads_back_equal_runs_and_all(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    from desktop_app.core.importers.pdf import import_pdf

    fresh = import_pdf(path).page_map
    assert fresh is not None
    assert library.page_map(doc_id) == fresh.with_sha256(library.document(doc_id).sha256)


def test_an_older_document_gets_its_map_on_first_need(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    expected = library.page_map(doc_id)
    forget_map(library, doc_id)
    assert library.documents_without_page_map() == [doc_id]
    assert library.page_map(doc_id) == expected
    assert library.documents_without_page_map() == []


def test_an_older_text_that_differs_is_aligned_and_highlights_land_right(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    pages = library.open_pages(doc_id)
    text = library.get_document(doc_id).text
    assert pages.geometry is not None
    before = pages.geometry.rects(text.index("debt"), text.index("debt") + 12)
    # An older importer made a slightly different text (here: one word more).
    old_text = text.replace("promised jobs", "promised many jobs")
    with library.context.write() as tx:
        db = tx.db
        db.execute("UPDATE document_content SET text = ? WHERE doc_id = ?", [old_text, doc_id])
        pagemap_repo.delete(db, doc_id)
    note = library.annotate_quote(doc_id, "debt bondage").annotation
    pages = library.open_pages(doc_id)
    boxes = pages.highlight_boxes(0, [note])
    assert [(i, c) for i, c, _ in boxes] == [(note.id, "yellow")]
    assert boxes[0][2] == before[0]
    # The inserted word exists in no PDF character: it maps to nothing.
    many = old_text.index("many")
    assert pages.geometry.rects(many, many + 4) == {}  # type: ignore[union-attr]


def test_a_replaced_original_is_detected_and_no_highlight_is_drawn(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    note = library.annotate_quote(doc_id, "debt bondage").annotation
    assert library.open_pages(doc_id).highlight_boxes(0, [note])
    other = tmp_path / "other.pdf"
    pages_with_text(other, ["A different document altogether."])
    original = library.original_path(doc_id)
    original.chmod(0o644)
    shutil.copyfile(other, original)
    pages = library.open_pages(doc_id)
    assert pages.problem is not None and "replaced" in pages.problem
    assert pages.geometry is None
    assert pages.highlight_boxes(0, [note]) == []
    drawn = pages.draw(1, dpi=72, annotations=[note])
    assert drawn.highlights == [] and drawn.warnings == [pages.problem]
    # An older document whose original was replaced cannot get a map at all.
    forget_map(library, doc_id)
    with pytest.raises(PagesUnavailable, match="replaced"):
        library.page_map(doc_id)


def test_a_missing_original_or_a_document_without_pages_says_why(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    library.original_path(doc_id).unlink()
    with pytest.raises(PagesUnavailable, match="missing"):
        library.open_pages(doc_id)
    text_id = import_one(library, write_text(tmp_path / "note.txt", "Plain text, no pages."))
    with pytest.raises(PagesUnavailable, match="not a PDF"):
        library.page_map(text_id)
    with pytest.raises(NotFoundError):
        library.page_map(999)


def test_replacing_a_document_replaces_its_map(tmp_path: Path, library: Library) -> None:
    first = tmp_path / "v1.pdf"
    pages_with_text(first, ["Version one of the report."])
    doc_id = import_one(library, first)
    second = tmp_path / "v2.pdf"
    labelled_with_outline(second)
    library.import_paths([second], replace=doc_id)
    page_map = library.page_map(doc_id)
    assert page_map.sha256 == library.document(doc_id).sha256
    assert len(page_map) == 5 and page_map.has_labels


def test_emptying_the_trash_removes_the_map(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    library.trash_documents([doc_id])
    library.empty_trash()
    with library.context.lock:
        rows = library.context.db.execute("SELECT count(*) FROM page_map_pages").fetchone()[0]
        assert pagemap_repo.load(library.context.db, doc_id) is None
    assert rows == 0


def test_measured_pages_are_kept_for_the_next_opening_and_go_with_the_trash(
    tmp_path: Path, library: Library, renderer: PageRenderer
) -> None:
    from desktop_app.core.pdf.layout_cache import LayoutCache

    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    pages = library.open_pages(doc_id, renderer=renderer)
    assert pages.geometry is not None
    expected = pages.geometry.rects(0, 200)
    pages.keep_layouts()
    cache = library.paths.layout_cache
    assert cache.is_file() and library.paths.own_folder_holding(cache) == library.paths.cache
    again = library.open_pages(doc_id, renderer=renderer)
    kept = LayoutCache(cache, again.page_map.sha256, again.page_map).load()
    assert list(kept) == [0]
    assert again.geometry is not None and again.geometry.rects(0, 200) == expected
    library.trash_documents([doc_id])
    library.empty_trash()
    assert LayoutCache(cache, again.page_map.sha256, again.page_map).load() == {}


def test_citations_name_the_printed_page_label(tmp_path: Path, library: Library) -> None:
    labelled = tmp_path / "labelled.pdf"
    labelled_with_outline(labelled)
    doc_id = import_one(library, labelled)
    front = library.annotate_quote(doc_id, "Front page text number 2").annotation
    body = library.annotate_quote(doc_id, "Body page text number 4").annotation
    builder = ExcerptBuilder(library)
    assert cite(builder.from_annotation(front)).endswith("p. ii)")
    assert cite(builder.from_annotation(body)).endswith("p. 2)")
    excerpt = builder.from_annotation(body)
    assert (excerpt.page, excerpt.page_label) == (4, "2")
    # Without printed labels, the physical page.
    plain = tmp_path / "plain.pdf"
    pages_with_text(plain, ["First page.", "Second page says hello."])
    plain_id = import_one(library, plain)
    hello = library.annotate_quote(plain_id, "hello").annotation
    assert cite(ExcerptBuilder(library).from_annotation(hello)).endswith("p. 2)")


def test_an_older_document_cites_physical_pages_until_its_map_exists(
    tmp_path: Path, library: Library
) -> None:
    labelled = tmp_path / "labelled.pdf"
    labelled_with_outline(labelled)
    doc_id = import_one(library, labelled)
    note = library.annotate_quote(doc_id, "Front page text number 2").annotation
    forget_map(library, doc_id)
    assert cite(ExcerptBuilder(library).from_annotation(note)).endswith("p. 2)")
    library.page_map(doc_id)
    assert cite(ExcerptBuilder(library).from_annotation(note)).endswith("p. ii)")


def test_the_page_view_anchor_is_the_text_view_anchor(tmp_path: Path, library: Library) -> None:
    """A selection made on the page gives exactly the annotation the text view makes."""
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc_id = import_one(library, path)
    pages = library.open_pages(doc_id)
    geometry = pages.geometry
    assert geometry is not None
    [box] = geometry.rects(*_span(library, doc_id, "debt bondage"))[0]
    span = geometry.span_between(0, box[0] - 0.3, box[1] + 3, 0, box[2] + 0.3, box[1] + 3)
    assert span is not None
    on_page = library.annotate(doc_id, *span).annotation
    in_text = library.annotate_quote(doc_id, "debt bondage").annotation
    same = ("start", "end", "exact", "prefix", "suffix")
    assert [getattr(on_page, f) for f in same] == [getattr(in_text, f) for f in same]


def _span(library: Library, doc_id: int, words: str) -> tuple[int, int]:
    with library.context.lock:
        text = documents_repo.document_text(library.context.db, doc_id)
    start = text.index(words)
    return start, start + len(words)


def test_locate_original_takes_back_only_the_very_file_imported(
    tmp_path: Path, library: Library
) -> None:
    from desktop_app.core.errors import SourcebookError

    path = tmp_path / "moved.pdf"
    pages_with_text(path, ["The report that moved"])
    doc_id = import_one(library, path)
    copy = tmp_path / "copy.pdf"
    shutil.copy(path, copy)
    library.original_path(doc_id).unlink()
    with pytest.raises(PagesUnavailable, match="missing"):
        library.open_pages(doc_id)
    other = tmp_path / "other.pdf"
    pages_with_text(other, ["A different report"])
    with pytest.raises(SourcebookError, match="not the file"):
        library.locate_original(doc_id, other)
    with pytest.raises(SourcebookError, match="cannot be read"):
        library.locate_original(doc_id, tmp_path / "nowhere.pdf")
    assert library.locate_original(doc_id, copy) == library.original_path(doc_id)
    assert library.open_pages(doc_id).problem is None
