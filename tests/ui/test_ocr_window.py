"""OCR in the window: the import dialog's OCR choices, and File → Read Again by OCR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.pdf.render import shutdown_renderer
from desktop_app.ui.dialogs.import_files import ImportChoice, ImportFilesDialog
from desktop_app.ui.preferences import Preferences, clean_ocr_languages
from tests.core.ocr.scans import image_pdf, need_tesseract, page_image
from tests.ui.pages.helpers import show_pages


@pytest.fixture(autouse=True, scope="module")
def _stop_worker() -> Iterator[None]:
    yield
    shutdown_worker()
    shutdown_renderer()


def _scan(tmp_path: Path) -> Path:
    return image_pdf(tmp_path / "scan.pdf", [page_image()])


def test_the_import_dialog_offers_the_ocr_mode_and_languages(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ImportFilesDialog(None, str(tmp_path), ocr_mode="never", ocr_languages="ben")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ocr_mode.isVisible() and dialog.ocr_mode.currentData() == "never"
    assert dialog.ocr_languages.text() == "ben"
    dialog.ocr_mode.setCurrentIndex(dialog.ocr_mode.findData("always"))
    dialog.ocr_languages.setText(" Ben + ENG ")
    choice = dialog.choice()
    assert (choice.ocr_mode, choice.ocr_languages) == ("always", "ben+eng")
    dialog.ocr_languages.setText("bengali please!")
    assert dialog.choice().ocr_languages == ""  # not codes: each page's script decides
    dialog.reject()


def test_ocr_preferences_from_a_hand_edited_file_are_brought_back_into_range(
    tmp_path: Path,
) -> None:
    path = tmp_path / "preferences.json"
    path.write_text('{"ocr_mode": "sometimes", "ocr_languages": "../../etc"}', encoding="utf-8")
    loaded = Preferences.load(path)
    assert (loaded.ocr_mode, loaded.ocr_languages) == ("auto", "")
    assert clean_ocr_languages("chi_sim+eng") == "chi_sim+eng"


def test_the_chosen_ocr_mode_is_remembered_and_used_for_the_import(
    qtbot: QtBot, make_window: Any, dialogs: Any, tmp_path: Path, ui_paths: Any
) -> None:
    need_tesseract("eng")
    scan = _scan(tmp_path)
    window = make_window()
    dialogs.import_choice = ImportChoice([str(scan)], False, "never", "eng")
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        window.imports.choose_files()
    saved = Preferences.load(ui_paths.preferences)
    assert (saved.ocr_mode, saved.ocr_languages) == ("never", "eng")
    [doc] = window.library.documents()
    assert window.library.get_document(doc.id).text == ""  # never: the scan stays empty


def test_read_again_by_ocr_fills_a_scan_imported_without_ocr(
    qtbot: QtBot, make_window: Any, dialogs: Any, tmp_path: Path
) -> None:
    need_tesseract("eng")
    scan = _scan(tmp_path)
    window = make_window()
    window.preferences.ocr_mode = "never"
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        window.imports.import_files([str(scan)], show_first=True)
    [doc] = window.library.documents()
    assert window.current_doc_id == doc.id and window.ocr.action.isEnabled()
    show_pages(qtbot, window)
    controller = window.page_controller
    assert controller.pages.page_map.pages[0].source != "ocr"
    dialogs.text_answer = "eng"
    window.ocr.read_again()
    assert window.ocr._dialog is not None and window.ocr._dialog.isVisible()
    assert not window.ocr.action.isEnabled()  # one reading at a time
    qtbot.waitUntil(lambda: window.ocr._task is None, timeout=60_000)
    assert "Debt bondage in brick kilns" in window.library.get_document(doc.id).text
    assert "Debt bondage" in window.reader.view.toPlainText()
    # The page view, still shown, has the new words with their boxes.
    qtbot.waitUntil(lambda: controller.pages is not None, timeout=20_000)
    assert controller.pages.page_map.pages[0].source == "ocr"
    assert controller.mode == "page"
    assert window.statusBar().currentMessage().startswith("Read again by OCR")
    assert window.ocr.action.isEnabled()


def test_read_again_by_ocr_cancelled_changes_nothing(
    qtbot: QtBot, make_window: Any, dialogs: Any, tmp_path: Path
) -> None:
    need_tesseract("eng")
    scan = image_pdf(tmp_path / "scan.pdf", [page_image()] * 6)
    window = make_window()
    window.preferences.ocr_mode = "never"
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        window.imports.import_files([str(scan)], show_first=True)
    dialogs.text_answer = ""
    window.ocr.read_again()
    assert window.ocr._dialog is not None
    window.ocr._dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    qtbot.waitUntil(lambda: window.ocr._task is None, timeout=60_000)
    [doc] = window.library.documents()
    assert window.library.get_document(doc.id).text == ""
    assert "cancelled; nothing changed" in window.statusBar().currentMessage()
    assert "error" not in dialogs.names()


def test_read_again_by_ocr_refuses_a_text_document_and_says_why(
    qtbot: QtBot, make_window: Any, dialogs: Any, report_files: list[Path]
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.import_finished, timeout=30_000):
        window.imports.import_files([str(report_files[0])], show_first=True)
    window.ocr.read_again()
    [(_name, args)] = [call for call in dialogs.calls if call[0] == "error"]
    assert "only PDFs and images" in args[2]
    assert window.ocr._task is None
