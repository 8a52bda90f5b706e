"""Bad input and odd states: clear messages, nothing lost."""

from __future__ import annotations

from tests.ui.conftest import wait_import


def test_a_second_window_on_the_same_library_opens_it_read_only(
    qtbot, make_window, dialogs, report_files
) -> None:  # type: ignore[no-untyped-def]
    first = make_window()
    wait_import(qtbot, first, report_files[:1])
    second = make_window()
    assert "info" in dialogs.names()
    assert second.library.read_only
    assert not second.actions_["import"].isEnabled()
    assert second.documents.model.rowCount() == 1  # it can still read
    second.imports.import_files([str(report_files[1])])
    assert dialogs.names()[-1] == "error"
    assert first.library.document_ids() == second.library.document_ids()


def test_a_note_that_cannot_be_saved_stays_in_the_editor(
    qtbot, make_window, dialogs, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files[:1])
    window.highlights.create_highlight(4, 20, "yellow")
    card = window.sidebar.current_annotation()
    assert card is not None
    long_note = "A long note that needs new database pages. " * 2000
    # the disk "fills up": SQLite may not grow the database any more
    conn = window.library.context.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    window.sidebar.note_edit.setPlainText(long_note)
    window.sidebar.commit_edits()
    assert dialogs.names()[-1] == "error"
    assert "disk is full" in dialogs.calls[-1][1][2]
    assert window.sidebar.note_edit.toPlainText() == long_note  # nothing lost
    assert window.library.annotation(card.id).note == ""
    assert not window.undo_stack.canRedo() and window.undo_stack.count() == 1
    conn.execute("PRAGMA max_page_count = 1073741823")
    window.sidebar.commit_edits()
    assert window.library.annotation(card.id).note == long_note.strip()


def test_a_document_whose_original_file_is_gone_still_opens(
    qtbot, make_window, dialogs, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files[:1])
    doc_id = window.current_doc_id
    window.library.original_path(doc_id).unlink()
    window.close_document()
    window.open_document(doc_id)
    assert window.reader.notice.isVisibleTo(window.reader)
    assert "original file is missing" in window.reader.notice.text()
    window.actions_["open_original"].trigger()
    assert dialogs.names()[-1] == "error"


def test_failed_files_are_listed_with_their_reason_and_the_rest_imports(
    qtbot, make_window, dialogs, tmp_path, report_files
) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    window = make_window()
    results = wait_import(qtbot, window, [empty, binary, report_files[0]])
    statuses = {r.path.rsplit("/", 1)[-1]: r.status for r in results}
    assert statuses["dhaka.txt"] == "imported"
    assert statuses["empty.txt"] == "failed"
    assert dialogs.names()[-1] == "import_summary"
    shown = dialogs.calls[-1][1][0]
    assert all(r.reason for r in shown if r.status == "failed")


def test_a_second_import_waits_for_the_first(qtbot, make_window, report_files) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    finished: list[list] = []
    window.import_finished.connect(finished.append)
    window.imports.import_files([str(report_files[0])])
    window.imports.import_files([str(p) for p in report_files[1:]])
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=20_000)
    assert [len(batch) for batch in finished] == [1, 2]
    assert window.documents.model.rowCount() == 3


def test_an_import_can_be_cancelled_and_keeps_what_was_done(
    qtbot, make_window, tmp_path, dialogs
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(200):
        (folder / f"{number:03d}.txt").write_text(
            f"title: Report {number}\n\nText of report {number} about fees.\n", encoding="utf-8"
        )
    window = make_window()
    finished: list[list] = []
    window.import_finished.connect(finished.append)
    # cancel once the first file is done, as a user pressing the button would (at the
    # very first report no file may be done yet on a busy machine: nothing to keep)
    window.tasks.task_progressed.connect(
        lambda _id, done, *_: window.task_status.cancel_button.click() if done >= 1 else None
    )
    window.imports.import_files([str(folder)])
    qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    done = len(finished[0])
    assert 1 <= done < 200
    assert len(window.library.document_ids()) == sum(
        1 for r in finished[0] if r.status == "imported"
    )
    assert "import_summary" in dialogs.names()  # the summary says it was cancelled


def test_a_damaged_database_is_restored_from_the_newest_automatic_backup(
    qtbot, make_window, dialogs, library_paths, report_files
) -> None:  # type: ignore[no-untyped-def]
    """The window offers the daily backup, restores it and opens the library."""
    import os
    from datetime import UTC, datetime, timedelta

    from desktop_app.core.backup import maybe_rolling_backup
    from desktop_app.core.library import Library

    with Library.open(library_paths) as library:
        library.import_paths([report_files[0]])
        for old in library_paths.backups.glob("*.db"):
            os.utime(old, (0, 0))
        assert maybe_rolling_backup(library.context, now=datetime.now(UTC) + timedelta(seconds=1))
    for suffix in ("", "-wal", "-shm"):
        path = library_paths.root / f"library.db{suffix}"
        if path.exists():
            path.unlink()
    (library_paths.root / "library.db").write_bytes(b"not a database " * 500)
    window = make_window()
    assert "confirm" in dialogs.names()
    assert window.documents.model.rowCount() == 1
    assert (library_paths.root / "library.db.damaged").exists()
