"""The search panel: results as you type, grouped by kind, with facet chips."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.plaintext import plain_label, plain_tooltip
from desktop_app.ui.search.model import HIT_ROLE, SearchResultsModel
from desktop_app.ui.tasks import TaskContext, TaskRunner

if TYPE_CHECKING:
    from desktop_app.core.library import Library
    from desktop_app.core.search import SearchResults

_Index = QModelIndex | QPersistentModelIndex
FACET_FIELDS = {"year": "date", "tag": "tag", "lang": "lang"}
MAX_CHIPS = 8


class HitDelegate(QStyledItemDelegate):
    """Title (and page) over a snippet with the matched terms marked."""

    @staticmethod
    def _width(option: QStyleOptionViewItem) -> int:
        """The text width: measure and paint must agree, so use the viewport."""
        view = option.widget
        if isinstance(view, QTreeView):
            return max(80, view.viewport().width() - view.indentation() - 8)
        return max(80, option.rect.width() - 4)

    def _document(self, option: QStyleOptionViewItem, index: _Index) -> QTextDocument | None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return None
        palette = option.palette
        mark = palette.color(QPalette.ColorRole.Highlight).name()
        page = f" · p. {hit.page}" if hit.page else ""
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        snippet = hit.snippet.replace("<b>", f"<b style='background-color:{mark}40; color:{mark}'>")
        doc.setHtml(
            f"<div style='font-weight:600'>{html.escape(hit.title)}"
            f"<span style='font-weight:400; color:gray'>{page}</span></div>"
            f"<div>{snippet}</div>"
        )
        doc.setTextWidth(self._width(option))
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if opt.rect.width() <= 0:
            opt.rect = QRect(0, 0, 300, 10)
        doc = self._document(opt, index)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        if doc is None:
            font = opt.font
            font.setBold(True)
            opt.font = font
            super().paint(painter, opt, index)
            return
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.translate(opt.rect.topLeft())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        doc.documentLayout().draw(painter, context)
        painter.restore()


class SearchPanel(QWidget):
    """Runs searches in the background and shows the latest results.

    Signals:
        hit_activated(object): Enter or a click on a hit.
        closed(): Esc: back to the document list.
    """

    hit_activated = Signal(object)
    closed = Signal()

    def __init__(
        self,
        library: Library,
        tasks: TaskRunner,
        delay_ms: int = 200,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._tasks = tasks
        self._generation = 0
        self._query = ""
        self._filters: list[str] = []
        self.last_latency_ms: float | None = None
        self.model = SearchResultsModel(self)
        self.title = QLabel("Search", self)
        self.title.setObjectName("paneTitle")
        self.status = plain_label(QLabel(self))  # quotes the query typed
        self.status.setWordWrap(True)
        self.chips = QWidget(self)
        self._chip_layout = QHBoxLayout(self.chips)
        self._chip_layout.setContentsMargins(0, 0, 0, 0)
        self._chip_layout.setSpacing(4)
        self.tree = QTreeView(self)
        self.tree.setAccessibleName("Search results")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setItemDelegate(HitDelegate(self.tree))
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(6)
        self.tree.setAlternatingRowColors(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.chips)
        layout.addWidget(self.tree, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._run)
        self.tree.activated.connect(self._activate)
        self.tree.clicked.connect(self._activate)
        self._started_at = 0.0
        self.open_first_when_ready = False
        # Row heights depend on the width (wrapped snippets): measure again after
        # a resize, once the user stops dragging.
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(80)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        self.tree.viewport().installEventFilter(self)
        """Set by Enter before results arrived: open the first hit when they do."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._relayout.start()
        return super().eventFilter(watched, event)

    # --- our API ---

    def set_delay(self, delay_ms: int) -> None:
        """Debounce interval after each key stroke."""
        self._timer.setInterval(delay_ms)

    def set_query(self, text: str) -> None:
        """The search field changed: search after a short pause."""
        self._query = text.strip()
        self._filters = []
        self._timer.start()

    def run_now(self) -> None:
        """Search at once (Enter in the search field)."""
        self._timer.stop()
        self._run()

    def activate_first(self) -> bool:
        """Open the selected hit, or the first one; False if there is none."""
        index = self.tree.currentIndex()
        if not index.isValid() or self.model.hit(index) is None:
            index = self.model.first_hit_index()
        if not index.isValid():
            return False
        self._activate(index)
        return True

    def focus_results(self) -> None:
        """Down arrow from the search field moves into the results."""
        first = self.model.first_hit_index()
        if first.isValid():
            self.tree.setCurrentIndex(first)
        self.tree.setFocus()

    # --- internals ---

    def _full_query(self) -> str:
        return " ".join([self._query, *self._filters]).strip()

    def _run(self) -> None:
        import time

        query = self._full_query()
        self._generation += 1
        generation = self._generation
        if not query:
            self.model.set_results([])
            self.status.setText("Type to search documents, highlights and notes.")
            self._show_facets({})
            return
        self.status.setText("Searching…")
        self._started_at = time.perf_counter()
        library = self._library

        def work(
            context: TaskContext,
        ) -> tuple[SearchResults, dict[str, dict[str, int]], str | None]:
            # One evaluation for the hits and the facet buttons, which then
            # count the same matches (the word being typed as a prefix too).
            quick = library.quick_search(query, limit=60, facets=True)
            return quick, quick.facets, quick.error

        self._tasks.run(
            "Search",
            work,
            on_done=lambda result: self._show(generation, *result),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _show(
        self,
        generation: int,
        results: SearchResults,
        facets: dict[str, dict[str, int]],
        error: str | None,
    ) -> None:
        import time

        if generation != self._generation:
            return  # a newer query is on its way
        self.last_latency_ms = (time.perf_counter() - self._started_at) * 1000
        self.model.set_results(list(results.hits), results.total)
        self.tree.expandAll()
        if error:
            self.status.setText(error)
        elif not results.hits:
            self.status.setText(f"No results for “{self._full_query()}”.")
        else:
            shown = self.model.hit_count()
            more = f" (showing {shown})" if results.total > shown else ""
            self.status.setText(f"{results.total:,} results{more} — Enter opens the first")
        self._show_facets(facets)
        if self.open_first_when_ready:
            self.open_first_when_ready = False
            self.activate_first()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.model.set_results([])
            self.status.setText(f"Search failed: {exc}")

    def _show_facets(self, facets: dict[str, dict[str, int]]) -> None:
        while self._chip_layout.count():
            item = self._chip_layout.takeAt(0)
            chip = item.widget() if item is not None else None
            if chip is not None:
                chip.deleteLater()
        chips = 0
        for facet, field in FACET_FIELDS.items():
            values = sorted(facets.get(facet, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            for value, count in values[:3]:
                if chips >= MAX_CHIPS or not value:
                    continue
                term = f'{field}:"{value}"' if " " in value else f"{field}:{value}"
                chip = QToolButton(self.chips)
                chip.setCheckable(True)
                chip.setChecked(term in self._filters)
                chip.setText(f"{'#' if facet == 'tag' else ''}{value} ({count})")
                chip.setToolTip(plain_tooltip(f"Only results with {field} {value}"))
                chip.setAutoRaise(False)
                chip.toggled.connect(lambda on, t=term: self._toggle_filter(t, on))
                self._chip_layout.addWidget(chip)
                chips += 1
        self._chip_layout.addStretch(1)
        self.chips.setVisible(chips > 0)

    def _toggle_filter(self, term: str, on: bool) -> None:
        if on and term not in self._filters:
            self._filters.append(term)
        elif not on and term in self._filters:
            self._filters.remove(term)
        self._timer.stop()
        self._run()

    def _activate(self, index: QModelIndex) -> None:
        hit = self.model.hit(index)
        if hit is not None:
            self.hit_activated.emit(hit)
