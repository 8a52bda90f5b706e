"""The page view's controller: owns its actions and ties the page view to the window.

It listens to what the window already announces (a document opened, changes
applied, a card activated, a search hit opened, the find bar) and asks the
window only for public use cases (``create_highlight``), so the window needs
one line to make it. Which view a document shows is remembered per document
(QSettings, keyed by document id).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QToolBar, QTreeWidgetItem

from desktop_app.core.errors import NotFoundError, SourcebookError
from desktop_app.core.pdf.pagemap import OutlineEntry
from desktop_app.core.types import Changes
from desktop_app.ui.icons import icon
from desktop_app.ui.pages.pane import OutlinePane, PagePane
from desktop_app.ui.pages.view import PageView
from desktop_app.ui.plaintext import plain_label
from desktop_app.ui.preferences import window_settings

if TYPE_CHECKING:
    from desktop_app.core.pdf.pages import DocumentPages
    from desktop_app.ui.pages.host import PageHost

TOGGLE_KEY = "Ctrl+Shift+P"
_SPECS = (  # name, text, shortcut, icon, tip
    ("toggle", "&Page view", TOGGLE_KEY, "x-office-document", "Show the PDF's pages as printed"),
    ("go_to_page", "&Go to page…", "Ctrl+G", None, "Go to a page by its printed label or number"),
    ("back", "&Back", "Alt+Left", "go-previous", "Back to where you were before the jump"),
    ("forward", "&Forward", "Alt+Right", "go-next", "Forward again after going back"),
    ("zoom_in", "Zoom &in", "", "zoom-in", "Zoom the page in (Ctrl+=, Ctrl+wheel)"),
    ("zoom_out", "Zoom &out", "", "zoom-out", "Zoom the page out (Ctrl+-, Ctrl+wheel)"),
    ("dark_pages", "&Dark Pages", "", None, "Show PDF pages with their colours inverted"),
)


class PageController(QObject):
    """Page view ↔ text view for the window's open document."""

    def __init__(self, window: QMainWindow, host: PageHost) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.doc_id: int | None = None
        self.pages: DocumentPages | None = None
        self.mode = "text"
        self._pending: tuple[int, int, int | None, bool] | None = None
        self._load = 0
        self._history: list[tuple[int, float]] = []
        self._future: list[tuple[int, float]] = []
        self.actions = self._make_actions()
        self.view = PageView()
        self.pane = PagePane(self.view, self.actions)
        self.outline = OutlinePane()
        self._outline_tab: int | None = None
        self.status = plain_label(QLabel(window))
        window.statusBar().addPermanentWidget(self.status)
        self.status.hide()
        host.reader.add_alternate_view(self.pane)
        self._place_actions()
        self._connect()
        window.installEventFilter(self)
        self._update_actions()

    def _make_actions(self) -> dict[str, QAction]:
        actions = {}
        for name, text, key, icon_name, tip in _SPECS:
            action = QAction(text, self.window)
            action.setObjectName(f"action_page_{name}")
            if key:
                action.setShortcut(QKeySequence(key))
            if icon_name:
                action.setIcon(icon(icon_name))
            action.setToolTip(f"{tip} ({key})" if key else tip)
            action.setStatusTip(tip)
            self.window.addAction(action)
            actions[name] = action
        actions["toggle"].setCheckable(True)
        actions["dark_pages"].setCheckable(True)
        return actions

    def _place_actions(self) -> None:
        toolbar = self.window.findChild(QToolBar, "mainToolbar")
        if toolbar is not None:  # beside the text-size buttons, before the search field
            present = toolbar.actions()
            smaller = self.host.actions_["smaller"]
            at = present.index(smaller) if smaller in present else len(present) - 2
            toolbar.insertAction(present[max(0, at)], self.actions["toggle"])
        for menu_action in self.window.menuBar().actions():
            menu = menu_action.menu()
            if menu_action.text() == "&View" and isinstance(menu, QMenu):
                menu.addSeparator()
                for name in ("toggle", "go_to_page", "back", "forward", "dark_pages"):
                    menu.addAction(self.actions[name])
        self.host.actions_.update({f"page_{k}": v for k, v in self.actions.items()})

    def _connect(self) -> None:
        h, a, view = self.host, self.actions, self.view
        a["toggle"].triggered.connect(lambda on: self.set_mode("page" if on else "text"))
        a["go_to_page"].triggered.connect(self.focus_page_box)
        a["back"].triggered.connect(lambda: self._travel(self._history, self._future))
        a["forward"].triggered.connect(lambda: self._travel(self._future, self._history))
        a["zoom_in"].triggered.connect(lambda: view.zoom_by(1))
        a["zoom_out"].triggered.connect(lambda: view.zoom_by(-1))
        a["dark_pages"].setChecked(h.preferences.dark_pages)
        view.invert_pages = h.preferences.dark_pages
        a["dark_pages"].toggled.connect(self._set_dark_pages)
        h.document_opened.connect(self.document_opened)
        h.hub.changes_applied.connect(self._on_changes)
        h.sidebar.annotation_activated.connect(self.show_annotation)
        h.search_panel.hit_activated.connect(
            lambda hit: QTimer.singleShot(0, lambda: self._hit(hit))
        )
        view.highlight_requested.connect(h.highlights.create_highlight)
        view.annotation_clicked.connect(self._on_clicked)
        view.note_requested.connect(h.sidebar.focus_note)
        view.tags_requested.connect(h.sidebar.focus_tags)
        view.page_changed.connect(self._show_page)
        self.pane.page_box.returnPressed.connect(lambda: self.go_to(self.pane.page_box.text()))
        self.pane.locate_button.clicked.connect(self.locate_original)
        self.outline.itemActivated.connect(self._on_outline)
        self.outline.itemClicked.connect(self._on_outline)
        bar = h.reader.find_bar
        later = lambda *_: QTimer.singleShot(0, self._sync_find)  # noqa: E731 - after the text view
        bar.field.textChanged.connect(lambda *_: QTimer.singleShot(0, self._find_from_here))
        for signal in (
            bar.field.returnPressed,
            bar.next.clicked,
            bar.previous.clicked,
            bar.closed,
            h.actions_["find_next"].triggered,
            h.actions_["find_previous"].triggered,
        ):
            signal.connect(later)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Stop drawing before the window (and the library) go away.
        if watched is self.window and event.type() == QEvent.Type.Close:
            self._save_place()
            self.view.shut_down()
        return super().eventFilter(watched, event)

    def _set_dark_pages(self, on: bool) -> None:
        self.host.preferences.dark_pages = on  # saved with the window's state
        self.view.invert_pages = on  # light print on dark pages, as painted
        self.view.viewport().update()

    # --- documents ---

    def document_opened(self, doc_id: int) -> None:
        """The window opened a document: load its pages in the background if it is a PDF."""
        summary = self.host.library.document(doc_id)
        pages = self.pages
        if doc_id == self.doc_id and pages is not None and pages.page_map.sha256 == summary.sha256:
            return  # the same document again: keep the place
        self._save_place()
        self.doc_id, self.pages, self._pending = doc_id, None, None
        self.pane.locate_button.hide()
        self._history.clear()
        self._future.clear()
        is_pdf = summary.kind == "pdf"
        self.actions["toggle"].setEnabled(is_pdf)
        self._show_outline([])
        if not is_pdf:
            self._apply_mode("text")
            return
        self.view.show_message("Opening the pages…")
        remembered = window_settings(self.host.ui_paths).value(f"pages/mode/{doc_id}", "text")
        self._apply_mode("page" if remembered == "page" else "text")
        library = self.host.library
        self._load += 1
        load = self._load  # only the latest opening counts (the file may change between)
        self.host.tasks.run(
            "Opening pages",
            lambda _context: library.open_pages(doc_id),
            on_done=lambda pages: self._pages_opened(load, doc_id, pages),
            on_error=lambda exc: self._pages_failed(load, doc_id, exc),
        )

    def _pages_opened(self, load: int, doc_id: int, pages: DocumentPages) -> None:
        if load != self._load or doc_id != self.doc_id:
            return
        try:
            annotations = self.host.library.annotations(doc_id)
        except sqlite3.Error:  # the library closed while the pages opened
            return
        self.pages = pages
        self.view.set_pages(pages, annotations)
        self.pane.show_notice(pages.problem)
        self._show_outline(list(pages.page_map.outline))
        pending, self._pending = self._pending, None
        if pending is not None:
            self._scroll_pages(*pending[:3], third=pending[3])
        else:  # where this document was last read (also after a restart)
            saved = str(window_settings(self.host.ui_paths).value(f"pages/page/{doc_id}", "0"))
            with contextlib.suppress(TypeError, ValueError):
                index, _, y = saved.partition(":")
                self.view.set_position(int(index), float(y or 0))
        self._show_page(self.view.current_page())

    def _pages_failed(self, load: int, doc_id: int, exc: BaseException) -> None:
        if load != self._load or doc_id != self.doc_id:
            return
        with contextlib.suppress(Exception):  # only offered when the file is really gone
            self.pane.locate_button.setVisible(not self.host.library.original_path(doc_id).exists())
        reason = str(exc) if isinstance(exc, SourcebookError) else f"an error occurred ({exc})"
        self.view.show_message(
            f"The pages cannot be shown: {reason}\n\nThe text view still shows the document "
            f"({TOGGLE_KEY} switches to it)."
        )

    def locate_original(self) -> None:
        """ "Locate file…": take the user's copy of the missing original, then show its pages."""
        from desktop_app.ui.dialogs.messages import Messages
        from desktop_app.ui.pages import pane

        doc_id = self.doc_id
        if doc_id is None:
            return
        chosen = pane.ask_original(self.window, self.host.library.document(doc_id).title)
        if not chosen:
            return
        library = self.host.library

        def done(_path: object) -> None:
            self.pages = None
            if self.doc_id == doc_id:
                self.host.open_document(doc_id)  # the reader's notice goes too

        self.host.tasks.run(
            "Checking the file",
            lambda _context: library.locate_original(doc_id, Path(chosen)),
            on_done=done,
            on_error=lambda exc: Messages.error(self.window, "Locate file", str(exc)),
        )

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if self.host.current_doc_id is None and self.doc_id is not None:
            self.doc_id, self.pages = None, None
            self.view.show_message("")
            self._apply_mode("text")
            self._update_actions()
            return
        if self.pages is not None and self.doc_id in changes.texts:
            # Same file, new text (read again by OCR): its page map changed too.
            self.pages = None
            self.document_opened(self.doc_id)
            return
        if self.pages is not None and (changes.annotations or self.doc_id in changes.documents):
            self.view.set_annotations(self.host.library.annotations(self.doc_id))

    # --- page view ↔ text view ---

    def set_mode(self, mode: str) -> None:
        """Show the pages (``"page"``) or the text (``"text"``) at the same place; remember it."""
        if self.doc_id is None or mode == self.mode:
            self._apply_mode(self.mode)
            return
        reader = self.host.reader.view
        if mode == "page":
            # At the very top the answer is 0; asking the layout then may read a
            # position from a layout not finished yet (far down the text).
            top = reader.verticalScrollBar().value() == 0
            offset = -1 if top else reader.first_visible_offset()
            offset = -1 if offset <= 0 else offset  # the text's start: the first page's top
            self._scroll_pages(offset, offset, None, third=False)
        else:
            at_top = self._offset_at_top()
            if at_top is not None:
                reader.scroll_to_offset(at_top, at_top, flash=False, at_top=True)
        window_settings(self.host.ui_paths).setValue(f"pages/mode/{self.doc_id}", mode)
        self._apply_mode(mode)

    def _apply_mode(self, mode: str) -> None:
        self.mode = mode
        page = mode == "page"
        self.host.reader.view.setVisible(not page)
        self.pane.setVisible(page)
        self.status.setVisible(page)
        self.actions["toggle"].setChecked(page)
        (self.view if page else self.host.reader.view).setFocus()
        self._update_actions()
        if page:
            self._sync_find()

    def _offset_at_top(self) -> int | None:
        if self.pages is None:
            return None
        index, y = self.view.position()
        page = self.pages.pages[index]
        geometry = self.view.geometry_
        if geometry is not None and index in self.view.measured:
            found = geometry.offset_at(index, 0.0, y)
            if found is not None and y <= page.height:
                return found
        return page.text_start

    def _scroll_pages(self, start: int, end: int, flash: int | None, *, third: bool = True) -> None:
        if self.pages is None:
            self._pending = (start, end, flash, third)
        elif start < 0:
            self.view.set_position(0, -100.0)  # the scroll bar stops at the very top
        else:
            self.view.scroll_to_span(start, end, flash_id=flash, third=third)

    def _update_actions(self) -> None:
        page = self.mode == "page" and self.doc_id is not None
        for name in ("go_to_page", "zoom_in", "zoom_out"):
            self.actions[name].setEnabled(
                self.actions["toggle"].isEnabled() and self.doc_id is not None
            )
        self.actions["back"].setEnabled(page and bool(self._history))
        self.actions["forward"].setEnabled(page and bool(self._future))

    # --- highlights, find, search ---

    def show_annotation(self, annotation_id: int) -> None:
        """A card was activated: bring its highlight into view on the page and flash it."""
        try:
            annotation = self.host.library.annotation(annotation_id)
        except NotFoundError:
            return
        if self.mode == "page" and not annotation.orphaned and annotation.doc_id == self.doc_id:
            self._remember()
            self._scroll_pages(annotation.start, annotation.end, annotation_id)

    def _on_clicked(self, annotation_id: int) -> None:
        self.host.sidebar.select_annotation(annotation_id)
        self.host.reader.view.select_annotation(annotation_id)

    def _find_from_here(self) -> None:
        """A new search: its first match is the first one on or after the page in view.

        The text view chose from its own top, which a short text cannot scroll
        to; step it on (the find bar counts with it), at most a few hundred steps.
        """
        bar, text_view = self.host.reader.find_bar, self.host.reader.view
        document = text_view.document_
        if self.mode == "page" and self.pages is not None and document is not None:
            here = self.pages.pages[max(0, self.view.current_page())].text_start
            needle = re.compile(re.escape(bar.field.text()), re.IGNORECASE)
            starts = [m.start() for m in needle.finditer(document.text)] if bar.field.text() else []
            current, total = text_view.find_position()
            for _ in range(min(total, 300)):
                if not starts or starts[current - 1] >= here or current == total:
                    break
                bar.step(True)
                current, total = text_view.find_position()
        self._sync_find()

    def _sync_find(self) -> None:
        if self.mode != "page" or self.pages is None:
            return
        bar = self.host.reader.find_bar
        needle = bar.field.text() if bar.isVisible() else ""
        document = self.host.reader.view.document_
        if not needle or document is None:
            self.view.set_find([])
            return
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        spans = [(m.start(), m.end()) for m in pattern.finditer(document.text)]
        current, _total = self.host.reader.view.find_position()
        self.view.set_find(spans, current - 1)

    def _hit(self, hit: object) -> None:
        """A search hit was opened (by the window, in the text view): show it on the page too."""
        from desktop_app.core.search.results import Hit  # not at start: it loads Whoosh

        if not isinstance(hit, Hit) or self.mode != "page" or hit.doc_id != self.doc_id:
            return
        from desktop_app.ui.search.model import marked_terms

        document = self.host.reader.view.document_
        terms = [t for t in (t.strip() for t in marked_terms(hit.snippet)) if t]
        if document is not None and terms:
            words = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
            found = re.finditer(rf"(?<!\w)(?:{words})\w*", document.text, re.IGNORECASE)
            self.view.set_find([(m.start(), m.end()) for m in found][:5000])
        offset, annotation_id = hit.offset, hit.annotation_id
        if annotation_id:
            self.show_annotation(annotation_id)
        elif offset is not None:
            self._scroll_pages(offset, offset + (len(terms[0]) if terms else 1), None)

    # --- navigation ---

    def focus_page_box(self) -> None:
        """Ctrl+G: switch to the pages if needed and type a page label or number."""
        if self.doc_id is None or not self.actions["toggle"].isEnabled():
            return
        if self.mode != "page":
            self.set_mode("page")
        self.pane.page_box.setFocus()
        self.pane.page_box.selectAll()

    def go_to(self, text: str) -> bool:
        """Go to the page printed ``text`` ("iv"), else page number ``text``; False if none."""
        if self.pages is None:
            return False
        page_map = self.pages.page_map
        wanted = text.strip().split(" (")[0]
        index = page_map.find_label(wanted)
        if index is None and wanted.isdigit() and 1 <= int(wanted) <= len(page_map.pages):
            index = int(wanted) - 1
        if index is None:
            self.window.statusBar().showMessage(f"There is no page “{wanted}” in this PDF.", 5000)
            self._show_page(self.view.current_page())
            return False
        self._remember()
        self.view.set_position(index)
        self.view.setFocus()
        self._show_page(self.view.current_page())
        return True

    def _save_place(self) -> None:
        """Keep the page and the height on it that the page view shows (per document)."""
        if self.pages is not None and self.mode == "page" and self.doc_id is not None:
            index, y = self.view.position()
            key = f"pages/page/{self.doc_id}"
            window_settings(self.host.ui_paths).setValue(key, f"{index}:{y:.1f}")

    def _remember(self) -> None:
        if self.pages is not None:
            self._history.append(self.view.position())
            del self._history[:-50]
            self._future.clear()
            self._update_actions()

    def _travel(self, source: list[tuple[int, float]], target: list[tuple[int, float]]) -> None:
        if self.mode != "page" or not source:
            return
        target.append(self.view.position())
        self.view.set_position(*source.pop())
        self._update_actions()

    def _on_outline(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        page = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(page, int) and self.pages is not None:
            if self.mode != "page":
                self.set_mode("page")
            self._remember()
            self.view.set_position(page)

    def _show_outline(self, entries: list[OutlineEntry]) -> None:
        self.outline.set_outline(entries)
        if entries and self._outline_tab is None:
            self._outline_tab = self.host.add_side_tab(self.outline, "Contents")
        if self._outline_tab is not None:
            tabs = self.host.side_tabs
            if not entries and tabs.currentIndex() == self._outline_tab:
                tabs.setCurrentIndex(0)  # back to Highlights, not the next tab along
            tabs.setTabVisible(self._outline_tab, bool(entries))

    def _show_page(self, index: int) -> None:
        if self.pages is None or index < 0:
            self.pane.page_box.clear()
            self.status.clear()
            return
        page = self.pages.pages[index]
        total = len(self.pages.pages)
        shown = (
            f"{page.display_label} ({page.number} of {total})"
            if page.display_label != str(page.number)
            else f"{page.number} of {total}"
        )
        if not self.pane.page_box.hasFocus():
            self.pane.page_box.setText(shown)
        self.status.setText(f"Page {shown}")
        self.pane.badge_action.setVisible(page.source == "ocr")
        if self.mode == "page":  # the hidden text view follows, so Ctrl+F finds from here
            start = page.text_start
            self.host.reader.view.scroll_to_offset(start, start, flash=False, at_top=True)
