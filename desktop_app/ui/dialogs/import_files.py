"""The Import dialog: choose files (or a folder), and whether PDFs bring their highlights.

A file dialog with one checkbox under it: "Bring in the highlights already in
PDFs". Qt's own file dialog is used (not the platform's), because only it can
hold an extra widget; the choice is remembered in the preferences and also
applies to files dropped on the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QGridLayout, QWidget

FILTERS = "Reports (*.pdf *.docx *.odt *.rtf *.epub *.html *.htm *.txt *.md);;All files (*)"

CHECKBOX_TEXT = "Bring in the highlights already in PDFs (made in Acrobat, Zotero, Okular…)"


@dataclass(frozen=True)
class ImportChoice:
    """What the user chose: paths, and whether PDFs bring their annotations."""

    paths: list[str]
    with_annotations: bool


class ImportFilesDialog(QFileDialog):
    """A file dialog with the "bring in highlights" checkbox.

    Args:
        folder: Choose one folder (imported recursively) instead of files.
        with_annotations: The checkbox's initial state.
    """

    def __init__(
        self,
        parent: QWidget | None,
        directory: str,
        *,
        folder: bool = False,
        with_annotations: bool = True,
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
        layout = self.layout()
        if isinstance(layout, QGridLayout):  # Qt's own dialog lays itself out on a grid
            layout.addWidget(self.with_annotations, layout.rowCount(), 0, 1, layout.columnCount())

    def choice(self) -> ImportChoice:
        """The files or folder chosen, and the checkbox."""
        return ImportChoice(self.selectedFiles(), self.with_annotations.isChecked())

    @classmethod
    def ask(
        cls, parent: QWidget | None, directory: str, *, folder: bool, with_annotations: bool
    ) -> ImportChoice | None:
        """Show the dialog (tests replace this); None when cancelled."""
        dialog = cls(parent, directory, folder=folder, with_annotations=with_annotations)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return dialog.choice()
        finally:
            dialog.deleteLater()
