"""The reader pane: a header with the document's title, the find bar, the view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.types import Annotation, Document
from desktop_app.ui.icons import icon
from desktop_app.ui.plaintext import plain_label
from desktop_app.ui.reader.view import ReaderView


class FindBar(QWidget):
    """Find in document: a field, "3 of 12", previous/next, close."""

    closed = Signal()

    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in document")
        self.field.setAccessibleName("Find in document")
        self.field.setClearButtonEnabled(True)
        self.count = plain_label(QLabel(self))
        self.count.setMinimumWidth(90)
        self.previous = QToolButton(self)
        self.previous.setIcon(icon("go-up"))
        self.previous.setToolTip("Previous match (Shift+F3)")
        self.previous.setAccessibleName("Previous match")
        self.next = QToolButton(self)
        self.next.setIcon(icon("go-down"))
        self.next.setToolTip("Next match (F3, Enter)")
        self.next.setAccessibleName("Next match")
        close = QToolButton(self)
        close.setIcon(icon("window-close"))
        close.setToolTip("Close the find bar (Esc)")
        close.setAccessibleName("Close find bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(close)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(lambda: self._step(True))
        self.next.clicked.connect(lambda: self._step(True))
        self.previous.clicked.connect(lambda: self._step(False))
        close.clicked.connect(self.close_bar)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self.field,
            self.close_bar,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        QShortcut(
            QKeySequence("Shift+Return"),
            self.field,
            lambda: self._step(False),
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.hide()

    def open_bar(self) -> None:
        """Show the bar and focus its field (Ctrl+F)."""
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text():
            self._search(self.field.text())

    def close_bar(self) -> None:
        """Hide the bar and clear the matches."""
        self._view.find_all("")
        self.hide()
        self._view.setFocus()
        self.closed.emit()

    def step(self, forward: bool) -> None:
        """F3 / Shift+F3."""
        if not self.isVisible():
            self.open_bar()
            return
        self._step(forward)

    def _search(self, text: str) -> None:
        total = self._view.find_all(text)
        self._show_count()
        if text and not total:
            self.count.setText("No matches")

    def _step(self, forward: bool) -> None:
        self._view.find_step(forward)
        self._show_count()

    def _show_count(self) -> None:
        current, total = self._view.find_position()
        self.count.setText(f"{current} of {total}" if total else "")


class ReaderPane(QWidget):
    """Header, find bar and :class:`ReaderView`; a hint when nothing is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ReaderView(self)
        self.find_bar = FindBar(self.view, self)
        # Titles, outlets and warnings come from the document: plain text only.
        self.title = plain_label(QLabel(self))
        self.title.setObjectName("readerTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(font.Weight.DemiBold)
        self.title.setFont(font)
        self.meta = plain_label(QLabel(self))
        self.meta.setObjectName("readerMeta")
        self.meta.setWordWrap(True)
        self.notice = plain_label(QLabel(self))
        self.notice.setObjectName("readerNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        header = QVBoxLayout()
        header.setContentsMargins(16, 8, 16, 6)
        header.setSpacing(2)
        header.addWidget(self.title)
        header.addWidget(self.meta)
        header.addWidget(self.notice)
        self._header = QWidget(self)
        self._header.setLayout(header)

        empty = QLabel(
            "Open a document from the list on the left,\n"
            "or import one with File → Import (Ctrl+O).",
            self,
        )
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setObjectName("readerEmpty")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(empty)
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self._header)
        page_layout.addWidget(self.find_bar)
        page_layout.addWidget(self.view, 1)
        self._body = page_layout
        self._stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    def show_document(
        self, document: Document, annotations: list[Annotation], notices: list[str] | None = None
    ) -> None:
        """Show ``document``: header plus text with highlights."""
        summary = document.summary
        self.title.setText(summary.title)
        parts = [summary.source, summary.author, summary.published]
        if summary.pages:
            parts.append(f"{summary.pages} pages")
        parts.append(f"{summary.words:,} words")
        if summary.tags:
            parts.append("Tags: " + ", ".join(summary.tags))
        # LRM first and each part isolated (FSI…PDI): an Arabic outlet must not
        # reorder the numbers and dots around it.
        self.meta.setText("\u200e" + "  ·  ".join(f"\u2068{p}\u2069" for p in parts if p))
        messages = list(document.warnings) + list(notices or [])
        self.notice.setText("\n".join(messages))
        self.notice.setVisible(bool(messages))
        self._stack.setCurrentIndex(1)
        # Give the view its real size now: laying out 2 MB of text at a stale
        # width, then again at the right one, would cost seconds.
        page = self._stack.currentWidget()
        for layout in (self.layout(), page.layout() if page is not None else None):
            if layout is not None:
                layout.activate()
        self.view.show_document(document, annotations)
        if self.find_bar.isVisible() and self.find_bar.field.text():
            self.find_bar.open_bar()

    def add_alternate_view(self, widget: QWidget) -> None:
        """The seam for a second view of the document (the page view), hidden at first."""
        self._body.addWidget(widget, 1)
        widget.hide()

    def clear(self) -> None:
        """Show the hint instead of a document."""
        self.view.clear_document()
        self.find_bar.hide()
        self._stack.setCurrentIndex(0)
