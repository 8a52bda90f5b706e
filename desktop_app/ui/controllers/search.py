"""The search field: results as you type in the left pane, a hit opened in the reader."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QStatusBar, QWidget

from desktop_app.core.errors import NotFoundError
from desktop_app.ui.annotations.sidebar import AnnotationSidebar
from desktop_app.ui.document_list.pane import DocumentListPane
from desktop_app.ui.icons import icon
from desktop_app.ui.reader.pane import ReaderPane
from desktop_app.ui.search.model import marked_terms
from desktop_app.ui.search.panel import SearchPanel


def search_field(parent: QWidget) -> QLineEdit:
    """The toolbar's search field (Ctrl+K)."""
    field = QLineEdit(parent)
    field.setObjectName("searchField")
    field.setPlaceholderText("Search the library  (Ctrl+K)")
    field.setAccessibleName("Search the library")
    field.setClearButtonEnabled(True)
    field.addAction(icon("system-search"), QLineEdit.ActionPosition.LeadingPosition)
    return field


class SearchController(QObject):
    """Ctrl+K, typing, Enter and Down in the search field; hits opened at their place."""

    def __init__(
        self,
        field: QLineEdit,
        panel: SearchPanel,
        left: QStackedWidget,
        documents: DocumentListPane,
        reader: ReaderPane,
        sidebar: AnnotationSidebar,
        status_bar: QStatusBar,
        current_doc: Callable[[], int | None],
        open_document: Callable[[int], None],
        show_annotation: Callable[[int], None],
        search_action: QAction,
    ) -> None:
        super().__init__(field)
        self.field = field
        self.panel = panel
        self.left = left
        self.documents = documents
        self.reader = reader
        self.sidebar = sidebar
        self.status_bar = status_bar
        self._current_doc = current_doc
        self._open_document = open_document
        self._show_annotation = show_annotation
        field.installEventFilter(self)
        field.textChanged.connect(self._on_text)
        field.returnPressed.connect(self._on_enter)
        panel.hit_activated.connect(self.open_hit)
        search_action.triggered.connect(self.focus_search)

    def focus_search(self) -> None:
        """Ctrl+K: put the cursor in the search field."""
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text():
            self.left.setCurrentWidget(self.panel)

    def _on_text(self, text: str) -> None:
        self.left.setCurrentWidget(self.panel if text.strip() else self.documents)
        self.panel.set_query(text)

    def _on_enter(self) -> None:
        if not self.panel.activate_first():
            self.panel.run_now()
            self.panel.open_first_when_ready = True

    def open_hit(self, hit: object) -> None:
        """Open a search hit's document at the hit, with the terms marked."""
        doc_id = int(hit.doc_id)  # type: ignore[attr-defined]
        try:
            if doc_id != self._current_doc():
                self._open_document(doc_id)
        except NotFoundError:
            self.status_bar.showMessage("That document is no longer in the library.", 5000)
            return
        terms = marked_terms(hit.snippet)  # type: ignore[attr-defined]
        view = self.reader.view
        view.show_terms(terms)
        annotation_id = getattr(hit, "annotation_id", None)
        if annotation_id:
            self.sidebar.select_annotation(annotation_id)
            self._show_annotation(annotation_id)
            return
        offset = getattr(hit, "offset", None)
        if offset is not None:
            length = len(terms[0]) if terms else 1
            view.scroll_to_offset(offset, offset + length)
        view.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key == Qt.Key.Key_Down:
                self.panel.focus_results()
                return True
            if key == Qt.Key.Key_Escape:
                self.field.clear()
                self.reader.view.setFocus()
                return True
        return super().eventFilter(watched, event)
