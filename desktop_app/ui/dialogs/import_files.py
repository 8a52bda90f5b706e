"""The Import dialog: choose files (or a folder), whether PDFs bring their highlights, and OCR.

A file dialog with its import choices under it: "Bring in the highlights
already in PDFs", when scanned pages are read by OCR (automatically, always,
never) and in which languages. Qt's own file dialog is used (not the
platform's), because only it can hold extra widgets; the choices are
remembered in the preferences and also apply to files dropped on the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop_app.ui.preferences import clean_ocr_languages

FILTERS = (
    "Reports (*.pdf *.docx *.odt *.rtf *.epub *.html *.htm *.txt *.md "
    "*.png *.jpg *.jpeg *.tif *.tiff);;All files (*)"
)
OCR_MODE_TEXTS = {
    "auto": "Read scanned pages by OCR (pages without usable text)",
    "always": "Read every page by OCR",
    "never": "Never read by OCR",
}

CHECKBOX_TEXT = "Bring in the highlights already in PDFs (made in Acrobat, Zotero, Okular…)"


@dataclass(frozen=True)
class ImportChoice:
    """What the user chose: paths, and whether PDFs bring their annotations."""

    paths: list[str]
    with_annotations: bool
    ocr_mode: str = "auto"
    """auto, always or never (see :data:`OCR_MODE_TEXTS`)."""
    ocr_languages: str = ""
    """Tesseract codes joined by ``+``; empty: each page's script decides."""


class ImportFilesDialog(QFileDialog):
    """A file dialog with the "bring in highlights" checkbox.

    Args:
        folder: Choose one folder (imported recursively) instead of files.
        with_annotations: The checkbox's initial state.
        ocr_mode: auto, always or never, initially chosen.
        ocr_languages: The OCR languages initially typed (empty: detect).
    """

    def __init__(
        self,
        parent: QWidget | None,
        directory: str,
        *,
        folder: bool = False,
        with_annotations: bool = True,
        ocr_mode: str = "auto",
        ocr_languages: str = "",
    ) -> None:
        super().__init__(parent, "Import a folder" if folder else "Import documents", directory)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if folder:
            self.setFileMode(QFileDialog.FileMode.Directory)
            self.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            self.setFileMode(QFileDialog.FileMode.ExistingFiles)
            self.setNameFilter(FILTERS)
        self.with_annotations = QCheckBox(CHECKBOX_TEXT, self)
        self.with_annotations.setChecked(with_annotations)
        self.with_annotations.setToolTip(
            "Highlight, underline, strike-out and squiggly annotations in a PDF become "
            "Sourcebook highlights, with their notes and colours"
        )
        self.ocr_mode = QComboBox(self)
        for mode, text in OCR_MODE_TEXTS.items():
            self.ocr_mode.addItem(text, mode)
        self.ocr_mode.setCurrentIndex(max(0, self.ocr_mode.findData(ocr_mode)))
        self.ocr_mode.setToolTip(
            "Scans and images become text by OCR (Tesseract, on this computer). "
            "Automatic also reads pages whose text layer is garbage"
        )
        self.ocr_languages = QLineEdit(ocr_languages, self)
        self.ocr_languages.setPlaceholderText("detected per page (or e.g. ben+eng)")
        self.ocr_languages.setToolTip(
            "Tesseract language codes joined by +: eng, ben, hin, nep, ara, chi_sim…"
        )
        ocr_row = QHBoxLayout()
        ocr_row.addWidget(self.ocr_mode, 2)
        ocr_row.addWidget(QLabel("Languages:", self))
        ocr_row.addWidget(self.ocr_languages, 1)
        layout = self.layout()
        if isinstance(layout, QGridLayout):  # Qt's own dialog lays itself out on a grid
            layout.addWidget(self.with_annotations, layout.rowCount(), 0, 1, layout.columnCount())
            layout.addLayout(ocr_row, layout.rowCount(), 0, 1, layout.columnCount())

    def choice(self) -> ImportChoice:
        """The files or folder chosen, the checkbox and the OCR choices.

        Languages that are not Tesseract codes are dropped (each page's script
        decides instead); a code that is not installed is named in the
        import's warnings with the package to install.
        """
        return ImportChoice(
            self.selectedFiles(),
            self.with_annotations.isChecked(),
            str(self.ocr_mode.currentData()),
            clean_ocr_languages(self.ocr_languages.text()) or "",
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        directory: str,
        *,
        folder: bool,
        with_annotations: bool,
        ocr_mode: str = "auto",
        ocr_languages: str = "",
    ) -> ImportChoice | None:
        """Show the dialog (tests replace this); None when cancelled."""
        dialog = cls(
            parent,
            directory,
            folder=folder,
            with_annotations=with_annotations,
            ocr_mode=ocr_mode,
            ocr_languages=ocr_languages,
        )
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return dialog.choice()
        finally:
            dialog.deleteLater()
