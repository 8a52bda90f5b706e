"""What the page view's controller needs of the window, as a Protocol (MainWindow is one).

Typed this way, ``ui/pages`` never imports ``ui/main_window`` (which makes
the controller): imports go one way (tests/test_architecture.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QTabWidget, QWidget

    from desktop_app.core.library import Library
    from desktop_app.ui.annotations.sidebar import AnnotationSidebar
    from desktop_app.ui.controllers.highlights import HighlightController
    from desktop_app.ui.hub import ChangesHub
    from desktop_app.ui.preferences import Preferences, UiPaths
    from desktop_app.ui.reader.pane import ReaderPane
    from desktop_app.ui.search.panel import SearchPanel
    from desktop_app.ui.tasks import TaskRunner


class PageHost(Protocol):
    """The window's panes, controllers and use cases the page view works with."""

    @property
    def library(self) -> Library: ...
    @property
    def reader(self) -> ReaderPane: ...
    @property
    def sidebar(self) -> AnnotationSidebar: ...
    @property
    def side_tabs(self) -> QTabWidget: ...
    @property
    def search_panel(self) -> SearchPanel: ...
    @property
    def highlights(self) -> HighlightController: ...
    @property
    def hub(self) -> ChangesHub: ...
    @property
    def tasks(self) -> TaskRunner: ...
    @property
    def ui_paths(self) -> UiPaths: ...
    @property
    def preferences(self) -> Preferences: ...
    @property
    def actions_(self) -> dict[str, QAction]: ...
    @property
    def current_doc_id(self) -> int | None: ...
    @property
    def document_opened(self) -> SignalInstance: ...
    def open_document(self, doc_id: int) -> None:
        """Show a document in the reader."""
        ...

    def add_side_tab(self, widget: QWidget, title: str) -> int:
        """Add a tab beside Highlights; its index."""
        ...
