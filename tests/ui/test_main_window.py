"""End to end on a real MainWindow: import, highlight, note, undo, search, restart."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop_app.core.types import Changes
from desktop_app.ui.controllers.index_sync import INDEX_SYNC_DELAY_MS
from tests.core.search.helpers import add_document
from tests.ui.conftest import close_window, wait_import, wait_index


def drop_files(window, paths) -> None:  # type: ignore[no-untyped-def]
    """Drop files on the window as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)


def open_titled(window, title: str) -> int:  # type: ignore[no-untyped-def]
    doc_id = next(d.id for d in window.library.documents() if d.title == title)
    window.open_document(doc_id)
    return doc_id


def test_an_empty_library_shows_the_welcome_page(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.central.currentWidget() is window.welcome
    assert window.size_label.text() == "0 documents · 0 highlights"


def test_adding_the_samples_fills_the_list_and_opens_the_first(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    with qtbot.waitSignal(window.import_finished, timeout=20_000) as blocker:
        window.welcome.samples_button.click()
    assert {r.status for r in blocker.args[0]} == {"imported"}
    assert window.central.currentWidget() is window.splitter
    assert window.documents.model.rowCount() == 4
    assert window.current_doc_id is not None
    titles = {d.title for d in window.library.documents()}
    assert any("মানবপাচার" in t for t in titles)  # the Bengali sample's title line


def test_the_full_working_day(qtbot, make_window, report_files, dialogs) -> None:  # type: ignore[no-untyped-def]
    """Drop files, highlight with 1, see the card, note, undo, search, restart."""
    window = make_window()
    with qtbot.waitSignal(window.import_finished, timeout=20_000) as blocker:
        drop_files(window, report_files)
    assert [r.status for r in blocker.args[0]] == ["imported"] * 3
    assert window.documents.model.rowCount() == 3

    doc_id = open_titled(window, "Dhaka consultation")
    view = window.reader.view
    text = view.document_model.text
    start = text.index("zero-tolerance")
    view.setFocus()
    view.select_span(start, start + len("zero-tolerance policy"))
    qtbot.keyClick(view, "1")
    notes = window.library.annotations(doc_id)
    assert [(n.start, n.end, n.color) for n in notes] == [
        (start, start + len("zero-tolerance policy"), "yellow")
    ]
    assert window.sidebar.model.rowCount() == 1
    assert window.sidebar.current_annotation().id == notes[0].id
    assert view.annotations_at(start + 3) == [notes[0].id]

    # N puts the cursor in the note field; the note is saved on Ctrl+Enter
    qtbot.keyClick(view, "n")
    assert window.sidebar.note_edit.hasFocus() or window.sidebar.note_edit.isEnabled()
    window.sidebar.note_edit.setPlainText("Cite in the brief")
    window.sidebar.commit_edits()
    assert window.library.annotation(notes[0].id).note == "Cite in the brief"
    assert window.sidebar.model.annotation(0).note == "Cite in the brief"

    window.undo_stack.undo()
    assert window.library.annotation(notes[0].id).note == ""
    assert window.sidebar.note_edit.toPlainText() == ""
    window.undo_stack.redo()
    assert window.library.annotation(notes[0].id).note == "Cite in the brief"

    # search lands on the hit in another document
    wait_index(qtbot, window)
    window.search_field.setText("bondage")
    qtbot.waitUntil(lambda: window.search_panel.model.hit_count() >= 2, timeout=10_000)
    assert window.left.currentWidget() is window.search_panel
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    opened = window.current_doc_id
    assert opened != doc_id
    shown = window.reader.view.document_model.text
    assert window.reader.view._flash is not None
    flash = window.reader.view._flash
    assert shown[flash.start : flash.end].lower().startswith("bondage")

    # restart: the same document comes back
    window.reader.view.scroll_to_offset(0, 0, flash=False, at_top=True)
    close_window(window)
    again = make_window()
    assert again.current_doc_id == opened
    assert again.library.annotation(notes[0].id).note == "Cite in the brief"


def test_deleting_a_highlight_can_be_undone(qtbot, make_window, report_files) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files[:1])
    doc_id = window.current_doc_id
    window.highlights.create_highlight(4, 12, "pink")
    annotation = window.library.annotations(doc_id)[0]
    window.sidebar.select_annotation(annotation.id)
    window.sidebar.cards.setFocus()
    window.actions_["delete"].trigger()
    assert window.library.annotations(doc_id) == []
    assert window.sidebar.model.rowCount() == 0
    window.actions_["undo"].trigger()
    assert [a.id for a in window.library.annotations(doc_id)] == [annotation.id]
    assert window.sidebar.model.rowCount() == 1


def test_highlights_in_text_outside_the_bmp_land_on_the_right_characters(
    qtbot, make_window, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files)
    doc_id = open_titled(window, "Fraktur notes")
    view = window.reader.view
    text = view.document_model.text
    start = text.index("debt bondage")
    end = start + len("debt bondage")
    view.select_span(start, end)
    assert view.textCursor().selectedText() == "debt bondage"
    assert view.selection() == (start, end)
    qtbot.keyClick(view, "3")
    (note,) = window.library.annotations(doc_id)
    assert (note.exact, note.color) == ("debt bondage", "blue")
    emoji = text.index("😀")
    view.select_span(emoji, emoji + 1)
    assert view.textCursor().selectedText() == "😀"


def test_find_in_document_counts_and_steps_through_matches(
    qtbot, make_window, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files)
    open_titled(window, "Dhaka consultation")
    window.actions_["find"].trigger()
    bar = window.reader.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.field, "the")
    total = window.reader.view.find_position()[1]
    assert total >= 2
    assert bar.count.text() == f"1 of {total}"
    window.actions_["find_next"].trigger()
    assert bar.count.text() == f"2 of {total}"


def test_trashing_a_document_is_undoable_and_closes_the_reader(
    qtbot, make_window, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files)
    doc_id = window.current_doc_id
    window.document_ops.trash_documents([doc_id])
    assert window.current_doc_id is None
    assert doc_id not in window.documents.model.ids()
    window.undo_stack.undo()
    assert doc_id in window.documents.model.ids()


def test_text_size_and_window_layout_come_back_after_restart(
    qtbot, make_window, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files[:1])
    window.actions_["bigger"].trigger()
    window.actions_["bigger"].trigger()
    # the offscreen screen is 800 × 800: stay inside it so geometry is not clamped
    window.resize(790, 700)
    qtbot.wait(50)
    width = window.splitter.width()
    window.splitter.setSizes([width // 4, width // 2, width - width // 4 - width // 2])
    sizes = window.splitter.sizes()
    close_window(window)
    again = make_window()
    assert again.preferences.text_size == 14
    assert again.reader.view.text_size() == 14
    assert again.splitter.sizes() == sizes


def test_help_lists_the_keyboard_shortcuts(make_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.dialogs.shortcuts import shortcut_rows

    window = make_window()
    window.actions_["shortcuts"].trigger()
    assert dialogs.names() == ["shortcuts"]
    rows = dict(shortcut_rows(list(window.actions_.values())))
    for keys in ("Ctrl+O", "Ctrl+F", "Ctrl+Z", "Ctrl+K", "F2", "Ctrl+E"):
        assert any(keys in k for k in rows), keys
    for action in window.actions_.values():
        assert action.toolTip(), action.objectName()


def test_the_scroll_position_comes_back_after_restart(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    long_report = tmp_path / "long.txt"
    paragraphs = [
        f"Paragraph {n}: the committee heard evidence on recruitment fees." for n in range(400)
    ]
    long_report.write_text("title: Long hearing\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    window = make_window()
    wait_import(qtbot, window, [long_report])
    view = window.reader.view
    target = view.document_model.text.index("Paragraph 250:")
    view.scroll_to_offset(target, target, flash=False, at_top=True)
    before = view.first_visible_offset()
    assert abs(before - target) < 200
    close_window(window)
    again = make_window()
    qtbot.waitUntil(lambda: again.reader.view.document_model is not None, timeout=5000)
    assert abs(again.reader.view.first_visible_offset() - before) < 200


def test_an_orphaned_highlight_can_be_reattached_to_new_text(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "v1.txt"
    first.write_text("title: Hearing\n\nThe agency charged workers an illegal fee.\n", "utf-8")
    window = make_window()
    wait_import(qtbot, window, [first])
    doc_id = window.current_doc_id
    text = window.reader.view.document_model.text
    start = text.index("illegal fee")
    window.highlights.create_highlight(start, start + len("illegal fee"), "orange")
    (note,) = window.library.annotations(doc_id)
    second = tmp_path / "v2.txt"
    second.write_text("title: Hearing\n\nThe agency demanded a recruitment payment.\n", "utf-8")
    window.library.import_paths([str(second)], replace=doc_id)
    window.hub.publish(Changes(documents={doc_id}, annotations={note.id}, document_list=True))
    sidebar = window.sidebar
    assert sidebar.orphan_model.rowCount() == 1
    assert sidebar.orphans.isVisibleTo(window)
    sidebar.orphans.setCurrentIndex(sidebar.orphan_model.index(0))
    new_text = window.reader.view.document_model.text
    target = new_text.index("recruitment payment")
    window.reader.view.select_span(target, target + len("recruitment payment"))
    assert sidebar.reattach_button.isEnabled()
    sidebar.reattach_button.click()
    moved = window.library.annotation(note.id)
    assert not moved.orphaned and moved.exact == "recruitment payment"
    assert sidebar.orphan_model.rowCount() == 0 and sidebar.model.rowCount() == 1


def test_clicking_a_highlight_selects_its_card(qtbot, make_window, report_files) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor

    window = make_window()
    wait_import(qtbot, window, report_files[:1])
    view = window.reader.view
    text = view.document_model.text
    first, second = text.index("Home Minister"), text.index("zero-tolerance")
    window.highlights.create_highlight(first, first + 13, "green")
    window.highlights.create_highlight(second, second + 14, "blue")
    ids = [a.id for a in window.library.annotations(window.current_doc_id)]
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(first + 3))
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.sidebar.current_annotation().id == ids[0]


def test_copy_with_citation_on_a_highlight_card(qtbot, make_window, report_files) -> None:  # type: ignore[no-untyped-def]
    """The card's Copy button puts the excerpt and its citation on the clipboard."""
    window = make_window()
    wait_import(qtbot, window, report_files[:1])
    doc_id = window.current_doc_id
    window.highlights.create_highlight(4, 12, "green")
    annotation = window.library.annotations(doc_id)[0]
    window.sidebar.select_annotation(annotation.id)
    plain = window.sidebar.copy_current()
    clipboard = QApplication.clipboard().mimeData()
    assert plain is not None and annotation.exact in plain
    assert clipboard.text() == plain
    assert annotation.exact in clipboard.html()
    title = window.library.document(doc_id).title
    assert title.split()[0] in plain


def test_statements_are_marked_in_the_reader_with_the_speaker_on_hover(
    qtbot, make_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The quote of a statement is underlined; hovering it names the speaker and role."""
    report = tmp_path / "consultation.txt"
    report.write_text(
        "date 2022-07-31\ntitle Consultation\n\n"
        '"We will act on trafficking now," Home Minister Asaduzzaman Khan Kamal said.\n\n'
        "Other text without any quotation follows here.\n",
        encoding="utf-8",
    )
    window = make_window()
    wait_import(qtbot, window, [report])
    view = window.reader.view
    [statement] = window.library.statements(doc_id=window.current_doc_id)
    assert [(s, e) for s, e, _ in view._statements] == [(statement.start, statement.end)]
    tooltip = view.statement_at(statement.start + 3)
    assert tooltip is not None and "Asaduzzaman Khan Kamal" in tooltip
    assert "Home Minister" in tooltip
    text = window.library.get_document(window.current_doc_id).text
    assert view.statement_at(text.index("Other text")) is None
    window.library.reject_statement(statement.id)
    window.hub.publish(Changes(statements={statement.id}), None)
    assert view._statements == []


def test_selected_text_can_be_marked_as_a_statement_by_a_new_speaker(
    qtbot, make_window, report_files, dialogs, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Reader → "Mark as a statement…": the statement is stored, listed and underlined."""
    from desktop_app.ui.statements.corrections import SpeakerPickerDialog

    window = make_window()
    wait_import(qtbot, window, report_files[1:2])  # fees.txt: no quotes of its own
    doc_id = window.current_doc_id
    assert window.library.statements(doc_id=doc_id) == []
    text = window.library.get_document(doc_id).text
    start = text.index("Workers paid")
    end = text.index("debt bondage") + len("debt bondage")
    monkeypatch.setattr(
        SpeakerPickerDialog, "pick", classmethod(lambda cls, *a, **k: "Field researcher")
    )
    window.reader.view.select_span(start, end)
    window.reader.view.statement_requested.emit(start, end)
    [statement] = window.library.statements(doc_id=doc_id)
    assert (statement.start, statement.end) == (start, end)
    assert statement.speaker == "Field researcher"
    assert [(s, e) for s, e, _ in window.reader.view._statements] == [(start, end)]


def test_closing_the_library_cancels_the_pending_index_sync(
    qtbot, make_window, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files[:1])
    window.highlights.create_highlight(4, 12, "yellow")  # a change: the sync timer starts
    assert window.index_sync.timer.isActive()
    close_window(window)
    started: list[str] = []
    window.tasks.task_started.connect(lambda _id, name: started.append(name))
    qtbot.wait(INDEX_SYNC_DELAY_MS + 300)
    assert started == []  # no sync against the closed database


def test_rebuild_search_index_from_the_menu_shows_progress_and_finds_again(
    qtbot, make_window, report_files
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    wait_import(qtbot, window, report_files)
    wait_index(qtbot, window)
    shutil.rmtree(window.library.paths.index)  # as if the index were lost
    labels: list[str] = []
    window.tasks.task_progressed.connect(lambda *_: labels.append(window.task_status.label.text()))
    action = window.actions_["reindex"]
    assert action.isEnabled()
    action.trigger()
    assert not action.isEnabled()  # one rebuild at a time
    qtbot.waitUntil(action.isEnabled, timeout=30_000)
    assert window.statusBar().currentMessage().startswith("Search index rebuilt:")
    assert any(label.startswith("Rebuilding search index… ") for label in labels)
    assert window.library.search("bondage").total >= 2


def test_a_parallel_rebuild_from_the_window_runs_its_helpers_and_finds_again(
    qtbot, make_window, report_files, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # As for a large library: helper processes started from a worker thread
    # of the GUI process (through forkserver, never a fork of it).
    from desktop_app.core.search import lifecycle as index_mod

    monkeypatch.setattr(index_mod, "default_procs", lambda records: 2)
    window = make_window()
    wait_import(qtbot, window, report_files)
    for number in range(250):  # enough for a batch of records per helper
        add_document(window.library.context.db, f"bondage case {number}", title=f"Case {number}")
    wait_index(qtbot, window)
    before = window.library.search("bondage").total
    action = window.actions_["reindex"]
    action.trigger()
    qtbot.waitUntil(action.isEnabled, timeout=60_000)
    assert window.statusBar().currentMessage().startswith("Search index rebuilt:")
    searcher = window.library.search_index._get_searcher()
    assert len(searcher.leaf_searchers()) == 2  # one segment per helper
    assert window.library.search("bondage").total == before > 250
