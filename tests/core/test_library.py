"""The Library's use cases over a real SQLite file and real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import NotFoundError, SourcebookError
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store.db import schema_version
from tests.conftest import write_text

REPORT = (
    "date 2022-07-31\n"
    "title National consultation on trafficking\n\n"
    "The Home Minister said the government has a zero-tolerance policy.\n\n"
    "Debt bondage remains common among migrant workers in the region.\n"
)


def stored_files(library: Library) -> list[Path]:
    return [p for p in library.paths.files.rglob("*") if p.is_file()]


def test_opening_creates_the_library_folder_and_a_migrated_database(tmp_path: Path) -> None:
    """First use creates library.context.db (WAL, foreign keys, schema version) and files/."""
    paths = LibraryPaths(tmp_path / "new")
    with Library.open(paths) as library:
        assert paths.db.is_file() and paths.files.is_dir()
        assert library.context.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert library.context.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert schema_version(library.context.db) >= 2


def test_importing_a_text_report_stores_text_metadata_and_original(
    library: Library, tmp_path: Path
) -> None:
    """A text file becomes a document with its metadata lines read, and its original kept."""
    source = write_text(tmp_path / "report.txt", REPORT)
    [result] = library.import_paths([source])
    assert result.status == "imported" and result.doc_id is not None
    doc = library.get_document(result.doc_id)
    assert doc.summary.published == "2022-07-31"
    assert doc.summary.title == "National consultation on trafficking"
    assert "date 2022" not in doc.text
    assert "zero-tolerance policy" in doc.text
    assert library.original_path(result.doc_id).read_bytes() == source.read_bytes()


def test_the_same_file_twice_is_a_duplicate(library: Library, tmp_path: Path) -> None:
    """Importing identical bytes again is recognised and adds nothing."""
    source = write_text(tmp_path / "a.txt", REPORT)
    copy = write_text(tmp_path / "b.txt", REPORT)
    first, second = library.import_paths([source, copy])
    assert second.status == "duplicate" and second.doc_id == first.doc_id
    assert len(library.documents()) == 1


def test_a_folder_is_imported_recursively_and_bad_files_do_not_stop_the_batch(
    library: Library, tmp_path: Path
) -> None:
    """Bad files fail with a reason naming them; good ones are imported; no stray files."""
    folder = tmp_path / "in"
    write_text(folder / "good.txt", REPORT)
    write_text(folder / "sub" / "also-good.md", "# Heading\n\nSome findings on recruitment.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    results = library.import_paths([folder])
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["good.txt"].status == "imported"
    assert by_name["also-good.md"].status == "imported"
    assert by_name["also-good.md"].path == str(folder / "sub" / "also-good.md")
    assert by_name["empty.txt"].status == "failed" and "empty" in (
        by_name["empty.txt"].reason or ""
    )
    assert by_name["binary.txt"].status == "failed" and by_name["binary.txt"].reason
    assert len(library.documents()) == 2
    assert len(stored_files(library)) == 2


def test_a_missing_path_fails_with_a_reason(library: Library, tmp_path: Path) -> None:
    """A path that does not exist is reported, not raised."""
    [result] = library.import_paths([tmp_path / "nope.pdf"])
    assert result.status == "failed" and result.reason == "no such file"


def _doc(library: Library, tmp_path: Path, text: str = REPORT, name: str = "r.txt") -> int:
    [result] = library.import_paths([write_text(tmp_path / name, text)])
    assert result.doc_id is not None
    assert result.changes.documents == {result.doc_id} and not result.changes.texts
    return result.doc_id


def test_annotating_keeps_offsets_and_quote_context(library: Library, tmp_path: Path) -> None:
    """A highlight stores offsets, the exact text, a prefix and a suffix, colour, note, tags."""
    doc_id = _doc(library, tmp_path)
    created = library.annotate_quote(
        doc_id, "Debt bondage", color="green", note="key", tags=["debt bondage", "brief"]
    ).annotation
    text = library.get_document(doc_id).text
    assert text[created.start : created.end] == "Debt bondage"
    assert text.endswith(created.suffix + text[created.end + len(created.suffix) :])
    assert created.prefix and text[: created.start].endswith(created.prefix)
    assert created.color == "green" and created.note == "key"
    assert created.tags == ("brief", "debt bondage")
    assert library.documents()[0].annotations == 1


def test_annotation_with_an_unknown_colour_or_bad_span_is_refused(
    library: Library, tmp_path: Path
) -> None:
    """Clear errors for a colour outside the palette and a span outside the text."""
    doc_id = _doc(library, tmp_path)
    with pytest.raises(SourcebookError, match="unknown colour"):
        library.annotate(doc_id, 0, 4, color="magenta")
    with pytest.raises(SourcebookError, match="outside"):
        library.annotate(doc_id, 0, 10_000)
    with pytest.raises(SourcebookError, match="does not occur"):
        library.annotate_quote(doc_id, "not in the text")
    assert library.annotations() == []


def test_editing_deleting_and_restoring_an_annotation(library: Library, tmp_path: Path) -> None:
    """Edits stick; delete moves to the trash; restore brings it back unchanged."""
    doc_id = _doc(library, tmp_path)
    created = library.annotate_quote(doc_id, "zero-tolerance policy").annotation
    library.edit_annotation(created.id, note="cite in brief", tags=["policy"], color="blue")
    library.delete_annotation(created.id)
    assert library.annotations(doc_id) == []
    assert [a.id for a in library.annotations(trashed=True)] == [created.id]
    library.restore_annotation(created.id)
    [back] = library.annotations(doc_id)
    assert (back.note, back.tags, back.color) == ("cite in brief", ("policy",), "blue")


def test_trashing_restoring_and_emptying_documents(library: Library, tmp_path: Path) -> None:
    """Trash is reversible; emptying it deletes rows, annotations and the original file."""
    doc_id = _doc(library, tmp_path)
    library.annotate_quote(doc_id, "Debt bondage")
    library.trash_documents([doc_id])
    assert library.documents() == [] and library.annotations() == []
    library.restore_documents([doc_id])
    assert [d.id for d in library.documents()] == [doc_id]
    assert len(library.annotations()) == 1
    library.trash_documents([doc_id])
    library.empty_trash()
    assert library.documents(trashed=True) == []
    assert stored_files(library) == []
    with pytest.raises(NotFoundError):
        library.get_document(doc_id)


def test_replacing_a_document_keeps_id_tags_and_reanchors_annotations(
    library: Library, tmp_path: Path
) -> None:
    """A new version moves highlights with their text; one whose text is gone is orphaned."""
    doc_id = _doc(library, tmp_path)
    library.set_document_tags(doc_id, ["bangladesh"])
    moved = library.annotate_quote(doc_id, "Debt bondage remains common", note="n1").annotation
    lost = library.annotate_quote(doc_id, "zero-tolerance policy", note="n2").annotation
    new_version = write_text(
        tmp_path / "r2.txt",
        "date 2022-08-01\ntitle National consultation on trafficking (revised)\n\n"
        "A new opening paragraph was added to this version of the report.\n\n"
        "Debt bondage remains common among migrant workers in the region.\n",
    )
    [result] = library.import_paths([new_version], replace=doc_id)
    assert result.status == "replaced" and result.doc_id == doc_id
    # Its change set, from its transaction: a new text of that document, and the list.
    assert result.changes.texts == {doc_id} and result.changes.documents == {doc_id}
    assert result.changes.document_list
    doc = library.get_document(doc_id)
    assert doc.summary.tags == ("bangladesh",)
    after = {a.id: a for a in library.annotations(doc_id)}
    assert doc.text[after[moved.id].start : after[moved.id].end] == "Debt bondage remains common"
    assert after[moved.id].start != moved.start and not after[moved.id].orphaned
    assert after[lost.id].orphaned and after[lost.id].note == "n2"
    # The old version imported again is recognised as the same document.
    [again] = library.import_paths([tmp_path / "r.txt"])
    assert again.status == "duplicate" and again.doc_id == doc_id
    assert not again.changes


def test_replace_reanchors_a_lightly_edited_passage_fuzzily(
    library: Library, tmp_path: Path
) -> None:
    """A quote whose wording changed a little is found again by similarity."""
    doc_id = _doc(library, tmp_path)
    note = library.annotate_quote(
        doc_id, "Debt bondage remains common among migrant workers"
    ).annotation
    edited = REPORT.replace("remains common among", "remains common amongst")
    library.import_paths([write_text(tmp_path / "r3.txt", edited)], replace=doc_id)
    [after] = library.annotations(doc_id)
    text = library.get_document(doc_id).text
    assert not after.orphaned
    assert text[after.start : after.end].startswith("Debt bondage remains common amongst")
    assert after.id == note.id


def test_hand_edited_metadata_survives_a_replace(library: Library, tmp_path: Path) -> None:
    """A title typed by the user is not overwritten by the new version's title."""
    doc_id = _doc(library, tmp_path)
    library.update_metadata(doc_id, title="My title", published="31 July 2022")
    assert library.document(doc_id).published == "2022-07-31"
    library.import_paths([write_text(tmp_path / "v2.txt", REPORT + "\nMore.\n")], replace=doc_id)
    assert library.document(doc_id).title == "My title"


def test_a_failed_write_leaves_no_half_written_rows(library: Library, tmp_path: Path) -> None:
    """If the transaction fails, the file is reported failed and neither the document
    row nor its content remain."""
    doc_id = _doc(library, tmp_path)
    library.context.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON document_content "
        "WHEN NEW.doc_id > 1 BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    result = library.import_one(write_text(tmp_path / "other.txt", "Another report.\n"))
    assert result.status == "failed" and "disk full" in (result.reason or "")
    assert [d.id for d in library.documents()] == [doc_id]
    count = library.context.db.execute("SELECT count(*) FROM document_files").fetchone()[0]
    assert count == 1
    assert len(stored_files(library)) == 1


def test_outbox_gets_a_job_in_the_same_transaction_as_each_change(
    library: Library, tmp_path: Path
) -> None:
    """Each change writes an index job for the search writer."""
    library.auto_index = False
    doc_id = _doc(library, tmp_path)
    created = library.annotate_quote(doc_id, "Debt bondage").annotation
    jobs = library.context.db.execute("SELECT kind, target_id FROM index_jobs").fetchall()
    assert ("document", doc_id) in jobs and ("annotation", created.id) in jobs


def test_the_same_bytes_twice_in_one_batch_make_one_document(
    library: Library, tmp_path: Path
) -> None:
    """Two copies side by side: the second is a duplicate even though both were in flight."""
    folder = tmp_path / "twins"
    write_text(folder / "a.txt", REPORT)
    write_text(folder / "b.txt", REPORT)
    write_text(folder / "c.txt", "A different report on wage theft.\n")
    results = library.import_paths([folder])
    assert [r.status for r in results] == ["imported", "duplicate", "imported"]
    assert results[1].doc_id == results[0].doc_id
    assert len(library.documents()) == 2
    assert len(stored_files(library)) == 2


def test_cancelling_a_batch_keeps_what_was_stored(library: Library, tmp_path: Path) -> None:
    """A cancelled import stops between files; finished files stay, nothing half-written."""
    folder = tmp_path / "many"
    for number in range(6):
        write_text(folder / f"r{number}.txt", f"Report {number} on recruitment fees.\n")
    seen: list[int] = []

    def progress(done: int, total: int, path: str) -> None:
        seen.append(done)

    results = library.import_paths([folder], progress=progress, cancel=lambda: len(seen) >= 3)
    assert [r.status for r in results] == ["imported"] * len(results)
    assert 1 <= len(results) < 6
    assert len(library.documents()) == len(results)
    assert len(stored_files(library)) == len(results)


def test_a_new_version_titled_only_by_its_file_name_keeps_the_old_title(
    library: Library, tmp_path: Path
) -> None:
    """Replacing with "report-v2.txt" (no title inside) does not rename the document."""
    doc_id = _doc(library, tmp_path)
    untitled = "Debt bondage remains common among migrant workers in the region.\n"
    library.import_paths([write_text(tmp_path / "report-v2.txt", untitled)], replace=doc_id)
    assert library.document(doc_id).title == "National consultation on trafficking"
