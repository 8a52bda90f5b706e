"""The page view's pane: a slim toolbar (zoom, page box, OCR badge), a notice, the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.pdf.pagemap import OutlineEntry
from desktop_app.ui.pages.geometry_view import ZOOMS
from desktop_app.ui.pages.view import PageView
from desktop_app.ui.plaintext import plain_label

FITS = (("Fit width", "width"), ("Fit page", "page"))


class PagePane(QWidget):
    """Toolbar, notice and :class:`PageView`."""

    def __init__(self, view: PageView, actions: dict[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pagePane")
        self.view = view
        self.toolbar = QToolBar("Page view", self)
        self.toolbar.setObjectName("pageToolbar")
        self.zoom_box = QComboBox(self)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.setToolTip("Zoom (Ctrl+= / Ctrl+-, Ctrl+wheel)")
        for text, fit in FITS:
            self.zoom_box.addItem(text, fit)
        for zoom in ZOOMS:
            self.zoom_box.addItem(f"{zoom:.0%}", zoom)
        self.page_box = QLineEdit(self)
        self.page_box.setObjectName("pageBox")
        self.page_box.setAccessibleName("Go to page")
        self.page_box.setToolTip("Go to page: type a printed page label (iv) or a number (Ctrl+G)")
        self.page_box.setMaximumWidth(140)
        self.ocr_badge = plain_label(QLabel("OCR", self))
        self.ocr_badge.setObjectName("ocrBadge")
        self.ocr_badge.setToolTip("This page's text was recognised from its image (OCR)")
        self.ocr_badge.setStyleSheet(
            "QLabel { background: #285aa0; color: white; border-radius: 4px; padding: 1px 6px; }"
        )
        self.ocr_badge.hide()
        self.toolbar.addAction(actions["toggle"])
        toggle = self.toolbar.widgetForAction(actions["toggle"])
        if isinstance(toggle, QToolButton):  # say what it is: the icon alone is easy to miss
            toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addSeparator()
        self.toolbar.addAction(actions["zoom_out"])
        self.toolbar.addWidget(self.zoom_box)
        self.toolbar.addAction(actions["zoom_in"])
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.page_box)
        self.badge_action = self.toolbar.addWidget(self.ocr_badge)
        self.notice = plain_label(QLabel(self))
        self.notice.setObjectName("pageNotice")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(12, 4, 12, 4)
        self.notice.hide()
        self.locate_button = QPushButton("Locate file…", self)
        self.locate_button.setToolTip("Find the original PDF on this computer and put it back")
        self.locate_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.notice)
        layout.addWidget(self.locate_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(view, 1)
        self.zoom_box.activated.connect(self._on_zoom_chosen)
        view.zoom_changed.connect(lambda _z: self.show_zoom())

    def _on_zoom_chosen(self, row: int) -> None:
        data = self.zoom_box.itemData(row)
        if data == "width":
            self.view.fit_width()
        elif data == "page":
            self.view.fit_page()
        else:
            self.view.set_zoom(float(data))

    def show_zoom(self) -> None:
        """Show the view's zoom (or its fit) in the zoom box."""
        view = self.view
        target: object = view.fit if view.fit else min(ZOOMS, key=lambda z: abs(z - view.zoom))
        row = self.zoom_box.findData(target)
        if row >= 0:
            self.zoom_box.setCurrentIndex(row)

    def show_notice(self, text: str | None) -> None:
        """A line above the pages (the original changed), or none."""
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))


def ask_original(parent: QWidget, title: str) -> str:
    """Ask where the missing original is ("" when cancelled); tests replace this."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, f"Locate the original of “{title}”", "", "PDF files (*.pdf);;All files (*)"
    )
    return chosen


class OutlinePane(QTreeWidget):
    """The PDF's outline (bookmarks): a click goes to the entry's page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlinePane")
        self.setHeaderHidden(True)
        self.setAccessibleName("Contents")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_outline(self, entries: tuple[OutlineEntry, ...] | list[OutlineEntry]) -> None:
        """Fill the tree; an entry's page (0-based) is its item's data."""
        self.clear()
        parents: list[QTreeWidgetItem] = []
        for entry in entries:
            level = max(1, min(entry.level, len(parents) + 1))
            del parents[level - 1 :]
            item = QTreeWidgetItem([entry.title])
            item.setData(0, 256, entry.page)  # Qt.UserRole
            item.setToolTip(0, entry.title)
            if parents:
                parents[-1].addChild(item)
            else:
                self.addTopLevelItem(item)
            parents.append(item)
        self.expandToDepth(0)
