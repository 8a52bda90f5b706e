"""The window's parts of PDF interchange: "PDF with highlights" in the Export dialog, the
import checkbox for highlights already in PDFs, and the author name preference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.export import ExportSpec
from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.render import shutdown_renderer
from desktop_app.ui.dialogs.import_files import CHECKBOX_TEXT, ImportChoice, ImportFilesDialog
from desktop_app.ui.export.dialog import ExportDialog
from desktop_app.ui.preferences import Preferences
from tests.core.export.pdf_samples import TWO_LINES, pdfium_annotations, report_pdf


@pytest.fixture(autouse=True, scope="module")
def _stop_shared_helpers() -> Iterator[None]:
    yield
    shutdown_renderer()
    shutdown_worker()


@pytest.fixture
def pdf_library(tmp_path: Path) -> Iterator[Library]:
    library = Library.open(LibraryPaths(tmp_path / "pdf-library"))
    [pdf] = library.import_paths([report_pdf(tmp_path / "in" / "report.pdf")])
    assert pdf.doc_id == 1
    library.annotate_quote(1, TWO_LINES, color="green", note="two lines")
    text = tmp_path / "in" / "note.txt"
    text.write_text("Debt bondage in the camps.", encoding="utf-8")
    library.import_paths([text])
    library.annotate_quote(2, "Debt bondage")
    library.set_author_name("Amina")
    yield library
    library.close()


def _dialog(qtbot: QtBot, library: Library, doc_id: int, folder: Path) -> ExportDialog:
    dialog = ExportDialog(library, current_doc_id=doc_id, directory=folder)
    qtbot.addWidget(dialog)
    dialog.form.choose(dialog.form.format, "pdf-annotated")
    return dialog


def _close(dialog: ExportDialog) -> None:
    dialog.reject()
    dialog.tasks.wait()


def test_export_dialog_writes_a_pdf_with_highlights_and_remembers_the_author(
    qtbot: QtBot, pdf_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, pdf_library, 1, tmp_path)
    try:
        assert dialog.form.author.isVisibleTo(dialog) and dialog.form.author.text() == "Amina"
        assert not dialog.form.citation.isEnabled()  # citations do not go inside the PDF
        assert dialog.suggested_name().endswith("with highlights.pdf")
        dialog.form.author.setText("Amina  Rahman")
        target = tmp_path / "out"  # the dialog adds .pdf, not .pdf-annotated
        monkeypatch.setattr(ExportDialog, "choose_path", classmethod(lambda *a: str(target)))
        with qtbot.waitSignal(dialog.export_finished, timeout=30_000) as done:
            dialog.save()
        assert done.args[0].path.endswith("out.pdf")
        [written] = pdfium_annotations(tmp_path / "out.pdf")
        assert written.strings["T"] == "Amina Rahman"
        assert pdf_library.author_name() == "Amina Rahman"
    finally:
        _close(dialog)


def test_a_text_document_says_why_and_offers_w3c_json(
    qtbot: QtBot, pdf_library: Library, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, pdf_library, 2, tmp_path)
    try:
        dialog.update_preview()
        qtbot.waitUntil(lambda: dialog.json_instead.isVisibleTo(dialog), timeout=10_000)
        assert "not a PDF (txt)" in dialog.error.text()
        dialog.json_instead.click()
        assert dialog.spec().format == "json"
        dialog.update_preview()
        qtbot.waitUntil(lambda: not dialog.error.isVisibleTo(dialog), timeout=10_000)
        assert not dialog.json_instead.isVisibleTo(dialog)
    finally:
        _close(dialog)


def _annotated_pdf(tmp_path: Path) -> Path:
    """A PDF with one highlight inside, made by an export from another library."""
    with Library.open(LibraryPaths(tmp_path / "elsewhere")) as other:
        [pdf] = other.import_paths([report_pdf(tmp_path / "src" / "report.pdf")])
        assert pdf.doc_id is not None
        other.annotate_quote(pdf.doc_id, TWO_LINES, note="from a colleague")
        target = tmp_path / "annotated.pdf"
        other.export(ExportSpec(format="pdf-annotated", doc_ids=[pdf.doc_id]), target)
    return target


@pytest.mark.parametrize("checked", [True, False])
def test_import_brings_in_pdf_highlights_when_the_box_is_checked(
    qtbot: QtBot, make_window: Any, dialogs: Any, tmp_path: Path, ui_paths: Any, checked: bool
) -> None:
    annotated = _annotated_pdf(tmp_path)
    window = make_window()
    assert window.preferences.import_pdf_annotations  # on by default
    dialogs.import_choice = ImportChoice([str(annotated)], checked)
    with qtbot.waitSignal(window.import_finished, timeout=30_000):
        window.imports.choose_files()
    notes = [a.note for a in window.library.annotations()]
    assert notes == (["from a colleague"] if checked else [])
    assert Preferences.load(ui_paths.preferences).import_pdf_annotations is checked
    if checked:
        assert "1 highlight brought in from PDFs" in window.statusBar().currentMessage()
        # The document opens with the highlight drawn, before any scrolling.
        assert len(window.reader.view.extraSelections()) == 1


def test_the_import_dialog_has_the_checkbox(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ImportFilesDialog(None, str(tmp_path), with_annotations=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.with_annotations.text() == CHECKBOX_TEXT
    assert dialog.with_annotations.isVisible() and not dialog.with_annotations.isChecked()
    dialog.with_annotations.setChecked(True)
    assert dialog.choice().with_annotations
    dialog.reject()


def test_edit_menu_sets_the_author_name(make_window: Any, dialogs: Any) -> None:
    window = make_window()
    dialogs.text_answer = "  Legal   team "
    window.actions_["author_name"].trigger()
    assert window.library.author_name() == "Legal team"
    dialogs.text_answer = None  # cancelled: unchanged
    window.actions_["author_name"].trigger()
    assert window.library.author_name() == "Legal team"


def test_preview_lists_what_goes_into_the_pdf(pdf_library: Library) -> None:
    from desktop_app.core.errors import ExportError
    from desktop_app.ui.export.preview import render_preview

    preview = render_preview(pdf_library, ExportSpec(format="pdf-annotated", doc_ids=[1]))
    assert (preview.shown, preview.total, preview.markdown) == (1, 1, False)
    assert TWO_LINES in preview.text and "p. 1 · two lines" in preview.text
    with pytest.raises(ExportError, match="2 documents"):
        render_preview(pdf_library, ExportSpec(format="pdf-annotated"))


def test_a_document_shown_while_the_reader_is_hidden_draws_its_highlights_when_it_appears(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """As after an import from the welcome page: the reader appears with the document not yet
    laid out, and a highlight at the very top must be drawn without any scrolling."""
    from PySide6.QtWidgets import QLabel, QStackedWidget

    from desktop_app.ui.reader.view import ReaderView

    text = "\n\n".join(
        f"Paragraph {i} says debt bondage persists in the camps near the border."
        for i in range(3000)
    )
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    with Library.open(LibraryPaths(tmp_path / "lib")) as library:
        [result] = library.import_paths([source])
        assert result.doc_id is not None
        library.annotate(result.doc_id, 0, 9)
        document, annotations = library.get_document(result.doc_id), library.annotations()
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    stack.resize(900, 700)
    view = ReaderView()
    stack.addWidget(QLabel("welcome"))
    stack.addWidget(view)
    stack.show()
    qtbot.waitExposed(stack)
    view.show_document(document, annotations)
    stack.setCurrentWidget(view)
    # Shown, resized, and the text partly laid out (the scroll bar has a range).
    qtbot.waitUntil(lambda: view.isVisible() and view.verticalScrollBar().maximum() > 0)
    assert len(view.extraSelections()) == 1
