"""Every item model passes qtmodeltester and shows what the library holds."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.library import Library


@pytest.fixture
def library(library_paths, report_files):  # type: ignore[no-untyped-def]
    lib = Library.open(library_paths)
    lib.auto_index = False
    lib.import_paths([str(p) for p in report_files])
    yield lib
    lib.close()


def test_document_list_model_is_valid_and_lists_live_documents(qtmodeltester, library) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.document_list.model import ID_ROLE, DocumentListModel

    model = DocumentListModel(library)
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    titles = {model.index(r, 0).data() for r in range(3)}
    assert titles == {"Dhaka consultation", "Recruitment fees", "Fraktur notes"}
    assert {model.index(r, 0).data(ID_ROLE) for r in range(3)} == set(library.document_ids())


def test_document_list_sorts_by_date_and_filters_by_text_and_highlights(
    qtmodeltester, library
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.document_list.model import DocumentListModel

    model = DocumentListModel(library)
    model.reload()
    model.sort(2, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)
    dates = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert dates == sorted(dates)
    model.set_filters(text="recruitment")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Recruitment fees"]
    model.set_filters(text="")
    dhaka = next(d.id for d in library.documents() if d.title == "Dhaka consultation")
    library.annotate(dhaka, 4, 14)
    model.set_filters(highlights_only=True)
    qtmodeltester.check(model)
    assert [model.doc_id(r) for r in range(model.rowCount())] == [dhaka]


def test_trashed_documents_appear_only_in_the_trash_view(qtmodeltester, library) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.document_list.model import DocumentListModel

    first = library.document_ids()[0]
    library.trash_documents([first])
    model = DocumentListModel(library)
    model.reload()
    assert first not in model.ids()
    model.set_filters(trashed=True)
    qtmodeltester.check(model)
    assert list(model.ids()) == [first]


def test_annotation_model_lists_highlights_in_reading_order(qtmodeltester, library) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.annotations.model import AnnotationListModel

    doc = library.document_ids()[0]
    text = library.get_document(doc).text
    second = library.annotate(doc, len(text) // 2, len(text) // 2 + 5, color="blue").annotation
    first = library.annotate(doc, 0, 5, color="green", note="opening").annotation
    model = AnnotationListModel(library)
    model.set_document(doc)
    qtmodeltester.check(model)
    assert [model.annotation(r).id for r in range(model.rowCount())] == [first.id, second.id]
    model.set_filter(color="blue", tag=None)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    library.edit_annotation(second.id, note="changed")
    assert model.refresh({second.id}) is False
    assert model.annotation(0).note == "changed"


@dataclass(frozen=True)
class FakeHit:
    kind: str
    doc_id: int
    title: str
    snippet: str
    page: int | None = None
    offset: int | None = None
    annotation_id: int | None = None


def test_search_results_model_groups_hits_by_kind(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.search.model import SearchResultsModel, marked_terms

    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_results(
        [
            FakeHit("annotation", 1, "A", "a <b>debt</b> note", annotation_id=3),
            FakeHit("document", 1, "A", "<b>debt</b> bondage", page=2, offset=10),
            FakeHit("document", 2, "B", "more <b>debts</b>"),
        ]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Documents (2)"
    assert model.index(1, 0).data() == "Highlights and notes (1)"
    first = model.first_hit_index()
    assert model.hit(first).title == "A" and model.hit(first).page == 2
    assert model.hit(model.index(0, 0)) is None
    assert marked_terms("x <b>debt</b> y <b>bond&amp;age</b> <b>debt</b>") == ["debt", "bond&age"]
