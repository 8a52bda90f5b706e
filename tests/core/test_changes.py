"""Change sets come from the core: each mutation returns what its transaction wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import LibraryLocked
from desktop_app.core.library import Library
from desktop_app.core.library_annotations import AnnotationChanges
from desktop_app.core.types import Changes
from tests.conftest import write_text

REPORT = (
    "Labour migration report\n\n"
    'The minister said: "We will end debt bondage in the kilns this year."\n\n'
    "Debt bondage remains common among migrant workers in the brick kilns.\n"
)


@pytest.fixture
def doc_id(library: Library, tmp_path: Path) -> int:
    [result] = library.import_paths([write_text(tmp_path / "report.txt", REPORT)])
    assert result.doc_id is not None
    return result.doc_id


def test_a_highlight_made_returns_its_changes_and_the_stored_highlight(
    library: Library, doc_id: int
) -> None:
    """``annotate``: the highlight and its document, plus the annotation as stored."""
    made = library.annotate_quote(doc_id, "Debt bondage remains common", note="n")
    assert isinstance(made, AnnotationChanges)
    assert made.annotation.exact == "Debt bondage remains common"
    assert made == AnnotationChanges(
        annotations={made.annotation.id}, documents={doc_id}, annotation=made.annotation
    )
    assert not made.document_list and not made.statements


def test_an_edit_a_move_and_a_delete_name_the_one_highlight(library: Library, doc_id: int) -> None:
    """Edits, re-anchoring and the trash report the highlight and its document only."""
    note = library.annotate_quote(doc_id, "migrant workers").annotation
    edited = library.edit_annotation(note.id, note="why")
    assert (edited.annotations, edited.documents) == ({note.id}, {doc_id})
    assert edited.annotation.note == "why"
    moved = library.reanchor_annotation(note.id, 0, 6)
    assert moved.annotation.exact == "Labour" and moved.annotations == {note.id}
    assert library.delete_annotation(note.id) == Changes(annotations={note.id}, documents={doc_id})
    assert library.restore_annotation(note.id) == Changes(annotations={note.id}, documents={doc_id})


def test_a_document_edit_is_the_document_s_change_not_its_highlights(
    library: Library, doc_id: int
) -> None:
    """Its highlights are re-indexed with the new title, but they did not change."""
    library.annotate_quote(doc_id, "migrant workers")
    changes = library.update_metadata(doc_id, title="Brick kilns")
    assert changes == Changes(documents={doc_id}, document_list=True)
    assert library.set_document_tags(doc_id, ["kilns"]) == Changes(
        documents={doc_id}, document_list=True
    )


def test_emptying_the_trash_names_the_purged_documents_and_highlights(
    library: Library, doc_id: int
) -> None:
    """Rows that are gone still count: their ids come from the outbox."""
    note = library.annotate_quote(doc_id, "migrant workers").annotation
    assert library.trash_documents([doc_id]).document_list
    changes = library.empty_trash()
    assert doc_id in changes.documents and note.id in changes.annotations
    assert changes.document_list


def test_statement_changes_carry_statements_and_speakers(library: Library, doc_id: int) -> None:
    """Re-extraction reports statement ids; a speaker change names the speakers too."""
    changes = library.extract_statements(doc_id)
    [statement] = library.statements(doc_id=doc_id)
    assert statement.id in changes.statements and not changes.document_list
    moved = library.set_statement_speaker(statement.id, name="Another Speaker")
    assert statement.id in moved.statements and moved.speakers


def test_collecting_gathers_every_write_of_a_batch(library: Library, tmp_path: Path) -> None:
    """An import of two files is two transactions: one change set holds both."""
    first = write_text(tmp_path / "a.txt", REPORT)
    second = write_text(tmp_path / "b.txt", REPORT + "\nA second report.\n")
    with library.context.collecting() as changes:
        results = library.import_paths([first, second])
    assert changes.documents == {r.doc_id for r in results} and changes.document_list
    assert not changes.statements  # extracted with their new documents: the documents' change


def test_a_read_only_library_refuses_to_write_with_one_line(
    library: Library, tmp_path: Path
) -> None:
    """The context's write() is the one place that says the library is only read here."""
    reader = Library.open(library.paths, writer=False)
    try:
        with pytest.raises(LibraryLocked, match="open in another Sourcebook"):
            reader.set_color_meaning("yellow", "evidence")
    finally:
        reader.close()
