"""Message boxes behind classmethods that tests replace (no test blocks on exec)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.plaintext import plain_box


class Messages:
    """Every modal message the app shows goes through here."""

    @classmethod
    def error(cls, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the user something failed and what to do."""
        plain_box(QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)).exec()

    @classmethod
    def info(cls, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the user something."""
        plain_box(QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)).exec()

    @classmethod
    def ask_text(cls, parent: QWidget | None, title: str, label: str, text: str) -> str | None:
        """Ask for one line of text (prefilled with ``text``); None when cancelled."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    @classmethod
    def confirm(cls, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        """Ask before something that cannot be undone; True to go ahead."""
        box = plain_box(QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent))
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go


def storage_message(exc: BaseException) -> str:
    """What to tell the user when the library could not be written (full, read-only)."""
    text = str(exc)
    if "full" in text.lower() or getattr(exc, "errno", None) == 28:
        return (
            "The disk is full, so the change was not saved. Your text is still in the "
            "editor: free some space and save again."
        )
    if "readonly" in text.lower().replace("-", "").replace(" ", "") or getattr(
        exc, "errno", None
    ) in (1, 13, 30):
        return (
            "The library folder cannot be written (it is read-only), so the change was "
            "not saved. Check the folder's permissions."
        )
    return f"The change could not be saved: {text}"
