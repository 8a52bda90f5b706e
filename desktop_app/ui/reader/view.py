"""The reader: a document's text with highlights, page markers and selection.

Highlights are ``ExtraSelection`` overlays, not document formats, so they
never change the text, overlap visibly (translucent fills add up) and cost
nothing to replace. Every position crossing into or out of Qt goes through
the document's :class:`OffsetMap`.
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from desktop_app.core.types import COLORS, Annotation, Document
from desktop_app.ui.plaintext import plain_tooltip
from desktop_app.ui.reader import overlays
from desktop_app.ui.reader.overlays import Span
from desktop_app.ui.reader.render import GUTTER, build_document
from desktop_app.ui.reader.widgets import HighlightToolbar, MarkerScrollBar
from desktop_app.ui.utf16 import OffsetMap

MAX_COLUMN = 780  # readable line length, in pixels of text column
VIEW_MARGIN = 3000  # characters above and below the view that get their highlights placed


class ReaderView(QTextEdit):
    """Shows one document; selection and highlights in core offsets.

    Signals:
        highlight_requested(int, int, str): start, end (core offsets), colour.
        note_requested(): N pressed: add a note to the newest highlight.
        tags_requested(): T pressed: tag the newest highlight.
        annotation_clicked(int): a click landed on a highlight.
        selection_made(int, int): a non-empty selection, in core offsets.
        statement_requested(int, int): "Mark as a statement…" on a selection.
    """

    highlight_requested = Signal(int, int, str)
    note_requested = Signal()
    tags_requested = Signal()
    annotation_clicked = Signal(int)
    selection_made = Signal(int, int)
    statement_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAccessibleName("Document text")
        self.setVerticalScrollBar(MarkerScrollBar(self))
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.document_: Document | None = None
        self.offsets = OffsetMap("")
        self._annotations: list[Annotation] = []
        self._starts: list[int] = []
        self._find: list[Span] = []
        self._find_current = -1
        self._terms: list[Span] = []
        self._flash: Span | None = None
        self._statements: list[tuple[int, int, str]] = []
        self._statement_starts: list[int] = []
        self._selected_annotation: int | None = None
        self._base_font = QFont(self.font())
        self._base_font.setPointSize(12)
        self.toolbar = HighlightToolbar(self.viewport())
        self.toolbar.color_chosen.connect(self._highlight_selection)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(900)
        self._flash_timer.timeout.connect(self._end_flash)
        self.selectionChanged.connect(self._on_selection_changed)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._refresh_selections(False))

    # --- loading ---

    @property
    def document_model(self) -> Document | None:
        """The core document shown, or None."""
        return self.document_

    def set_text_size(self, points: int) -> None:
        """Change the reader's font size (re-renders the open document)."""
        self._base_font.setPointSize(points)
        if self.document_ is not None:
            top = self.first_visible_offset()
            self.show_document(self.document_, self._annotations)
            self.scroll_to_offset(top, top, flash=False, at_top=True)

    def text_size(self) -> int:
        """The current font size in points."""
        return self._base_font.pointSize()

    def show_document(self, document: Document, annotations: list[Annotation]) -> None:
        """Render ``document`` with its highlights, scrolled to the top."""
        self.toolbar.hide()
        self.document_ = document
        self.offsets = OffsetMap(document.text)
        self._find, self._find_current, self._terms, self._flash = [], -1, [], None
        self._statements, self._statement_starts = [], []
        qdoc = build_document(document, self._base_font, self.offsets)
        # The view keeps our document alive; the previous one is released by
        # Python when ``self._qdoc`` is rebound (it has no Qt parent).
        self.setDocument(qdoc)
        self._qdoc = qdoc
        self._apply_column_width()
        self.set_annotations(annotations)

    def clear_document(self) -> None:
        """Show nothing."""
        self.document_ = None
        self.offsets = OffsetMap("")
        self._annotations = []
        self.clear()
        self.toolbar.hide()
        self._refresh_selections()

    # --- highlights ---

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """Replace the highlights drawn (orphaned ones are skipped)."""
        self._annotations = sorted(
            (a for a in annotations if not a.orphaned), key=lambda a: (a.start, a.end)
        )
        self._starts = [a.start for a in self._annotations]
        self._refresh_selections()

    def set_statement_spans(self, spans: list[tuple[int, int, str]]) -> None:
        """Mark statements subtly; hovering one names its speaker.

        Args:
            spans: ``(start, end, tooltip)`` in core offsets, in text order.
        """
        self._statements = sorted(spans)
        self._statement_starts = [start for start, _end, _tip in self._statements]
        self._refresh_selections(False)

    def statement_at(self, offset: int) -> str | None:
        """The tooltip of the statement covering ``offset`` (core), if any."""
        index = bisect.bisect_right(self._statement_starts, offset) - 1
        while index >= 0:
            start, end, tooltip = self._statements[index]
            if start <= offset < end:
                return tooltip
            if end <= offset and start < offset - 5000:
                break  # statements are short; no need to look further back
            index -= 1
        return None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The standard menu (Copy, Select All) plus "Mark as a statement…"."""
        menu = self.createStandardContextMenu(event.pos())
        span = self.selection()
        if span is not None and self.document_ is not None:
            menu.addSeparator()
            action = menu.addAction("Mark as a statement…")
            action.setToolTip("Record the selected words as said by a speaker you choose")
            action.triggered.connect(lambda: self.statement_requested.emit(*span))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._statements:
            assert isinstance(event, QHelpEvent)
            position = self.cursorForPosition(event.pos()).position()
            tooltip = self.statement_at(self.offsets.to_core(position))
            if tooltip:
                QToolTip.showText(event.globalPos(), plain_tooltip(tooltip), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def update_annotations(self, changed: list[Annotation], removed: set[int]) -> None:
        """Put changed highlights in place and drop removed ones (cheaper than a reload)."""
        gone = removed | {a.id for a in changed}
        kept = [a for a in self._annotations if a.id not in gone]
        self.set_annotations(kept + [a for a in changed if not a.orphaned and not a.trashed])

    def select_annotation(self, annotation_id: int | None) -> None:
        """Outline one highlight (the card selected in the sidebar)."""
        self._selected_annotation = annotation_id
        self._refresh_selections(marks=False)

    def annotations_at(self, offset: int) -> list[int]:
        """Ids of highlights covering core ``offset``, innermost (shortest) first."""
        end = bisect.bisect_right(self._starts, offset)
        hits = [a for a in self._annotations[:end] if a.start <= offset < a.end]
        return [a.id for a in sorted(hits, key=lambda a: a.end - a.start)]

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        last = self.document().characterCount() - 1
        cursor.setPosition(min(self.offsets.to_qt(start), last))
        cursor.setPosition(min(self.offsets.to_qt(end), last), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def visible_range(self) -> tuple[int, int]:
        """Core offsets of the text in view, widened by a margin."""
        if self.document_ is None:
            return (0, 0)
        viewport = self.viewport()
        if not self.isVisible():  # no real size yet: the start of the text will do
            return (0, 2 * VIEW_MARGIN)
        # A document just set is laid out in steps, and until then positions
        # read from the layout can lie far from the top: scrolled to the top,
        # the view shows the start of the text whatever they say.
        at_top = self.verticalScrollBar().value() == 0
        top = 0 if at_top else self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        bottom = max(top, bottom)
        return (
            max(0, self.offsets.to_core(top) - VIEW_MARGIN),
            self.offsets.to_core(bottom) + VIEW_MARGIN,
        )

    def _refresh_selections(self, marks: bool = True) -> None:
        """Overlay what is in view: creating a cursor lays out (shapes) its
        paragraph, so thousands of highlights would cost seconds if all were
        placed; scrolling calls this again."""
        low, high = self.visible_range()
        selections: list[QTextEdit.ExtraSelection] = []
        dashes = self.palette().placeholderText().color()
        last = bisect.bisect_right(self._statement_starts, high)
        for start, end, _who in self._statements[:last]:  # first: highlights paint over
            if end >= low:
                selections.append(overlays.statement_line(self._cursor(start, end), dashes))
        last = bisect.bisect_right(self._starts, high)
        for note in self._annotations[:last]:
            if note.end >= low:
                selected = note.id == self._selected_annotation
                cursor = self._cursor(note.start, note.end)
                selections.append(overlays.highlight(cursor, note, selected=selected))
        for spans, color in ((self._terms, overlays.TERM_COLOR), (self._find, overlays.FIND_COLOR)):
            for span in spans:
                if span.end >= low and span.start <= high:
                    selections.append(overlays.fill(self._cursor(span.start, span.end), color))
        if 0 <= self._find_current < len(self._find):
            span = self._find[self._find_current]
            cursor = self._cursor(span.start, span.end)
            selections.append(overlays.fill(cursor, overlays.FIND_CURRENT_COLOR))
        if self._flash is not None:
            flash = self.palette().highlight().color().lighter(130)
            cursor = self._cursor(self._flash.start, self._flash.end)
            selections.append(overlays.fill(cursor, flash))
        self.setExtraSelections(selections)
        if marks:
            self._update_marks()

    def _update_marks(self) -> None:
        length = max(1, self.offsets.length)
        marks = [(a.start / length, a.color) for a in self._annotations]
        marks += [(s.start / length, "match") for s in self._find]
        bar = self.verticalScrollBar()
        if isinstance(bar, MarkerScrollBar):
            bar.set_marks(marks)

    # --- selection in core offsets ---

    def selection(self) -> tuple[int, int] | None:
        """The selected span in core offsets, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.to_core(cursor.selectionStart())
        end = self.offsets.to_core(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select a core-offset span (tests and "re-attach" use this)."""
        self.setTextCursor(self._cursor(start, end))

    def _highlight_selection(self, color: str) -> None:
        span = self.selection()
        if span is None:
            return
        self.toolbar.hide()
        self.highlight_requested.emit(span[0], span[1], color)
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def _on_selection_changed(self) -> None:
        if self.selection() is None:
            self.toolbar.hide()

    def _show_toolbar(self) -> None:
        cursor = self.textCursor()
        end = QTextCursor(cursor)
        end.setPosition(cursor.selectionEnd())
        rect = self.cursorRect(end)
        size = self.toolbar.sizeHint()
        x = min(
            max(4, rect.right() - size.width() // 2), self.viewport().width() - size.width() - 4
        )
        y = rect.bottom() + 6
        if y + size.height() > self.viewport().height():
            start = QTextCursor(cursor)
            start.setPosition(cursor.selectionStart())
            y = max(4, self.cursorRect(start).top() - size.height() - 6)
        self.toolbar.resize(size)
        self.toolbar.move(x, y)
        self.toolbar.show()
        self.toolbar.raise_()

    # --- find and search terms ---

    def find_all(self, needle: str) -> int:
        """Mark every case-insensitive match of ``needle``; return the count."""
        self._find, self._find_current = [], -1
        if needle and self.document_ is not None:
            pattern = re.compile(re.escape(needle), re.IGNORECASE)
            self._find = [Span(m.start(), m.end()) for m in pattern.finditer(self.document_.text)]
        if self._find:
            top = self.first_visible_offset()
            self._find_current = next((i for i, s in enumerate(self._find) if s.start >= top), 0)
            self._scroll_to_match()
        self._refresh_selections()
        return len(self._find)

    def find_step(self, forward: bool = True) -> int:
        """Go to the next (or previous) match; return its 1-based number, 0 if none."""
        if not self._find:
            return 0
        step = 1 if forward else -1
        self._find_current = (self._find_current + step) % len(self._find)
        self._scroll_to_match()
        self._refresh_selections()
        return self._find_current + 1

    def find_position(self) -> tuple[int, int]:
        """(current match number, total matches)."""
        return (self._find_current + 1 if self._find else 0, len(self._find))

    def _scroll_to_match(self) -> None:
        span = self._find[self._find_current]
        self.scroll_to_offset(span.start, span.end, flash=False)

    def show_terms(self, terms: list[str]) -> None:
        """Mark search terms (whole words, case-insensitive) in the text."""
        self._terms = []
        words = [t for t in (t.strip() for t in terms) if t]
        if words and self.document_ is not None:
            alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            pattern = re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)
            self._terms = [Span(m.start(), m.end()) for m in pattern.finditer(self.document_.text)][
                :5000
            ]
        self._refresh_selections()

    # --- scrolling ---

    def scroll_to_offset(
        self, start: int, end: int, *, flash: bool = True, at_top: bool = False
    ) -> None:
        """Bring a core-offset span into view (a third down), and flash it."""
        if self.document_ is None:
            return
        cursor = self._cursor(start, start)
        layout = self.document().documentLayout()
        block_rect = layout.blockBoundingRect(cursor.block())
        line_y = block_rect.top()
        line = cursor.block().layout().lineForTextPosition(cursor.positionInBlock())
        if line.isValid():
            line_y += line.y()
        bar = self.verticalScrollBar()
        target = line_y if at_top else line_y - self.viewport().height() / 3
        bar.setValue(int(max(0, target)))
        if flash and end > start:
            self._flash = Span(start, end)
            self._refresh_selections()
            self._flash_timer.start()

    def _end_flash(self) -> None:
        self._flash = None
        self._refresh_selections()

    def first_visible_offset(self) -> int:
        """The core offset at the top-left of the view (for restoring position)."""
        if self.document_ is None:
            return 0
        return self.offsets.to_core(self.cursorForPosition(QPoint(GUTTER, 4)).position())

    # --- Qt overrides ---

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the canonical text (the view shows zero-width spaces between blocks)."""
        mime = QMimeData()
        span = self.selection()
        if span is not None and self.document_ is not None:
            mime.setText(self.document_.text[span[0] : span[1]])
        return mime

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        keys = {str(n) for n in range(1, len(COLORS) + 1)}
        if plain and text in keys and self.selection() is not None:
            self._highlight_selection(COLORS[int(text) - 1])
            event.accept()
            return
        if plain and text.lower() == "n":
            self.note_requested.emit()
            event.accept()
            return
        if plain and text.lower() == "t":
            self.tags_requested.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.selection() is not None:
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            event.accept()
            return
        super().keyPressEvent(event)
        if self.selection() is not None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            span = self.selection()
            if span:
                self.selection_made.emit(*span)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.document_ is None:
            return
        span = self.selection()
        if span is not None:
            self._show_toolbar()
            self.selection_made.emit(*span)
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        hits = self.annotations_at(self.offsets.to_core(position))
        if hits:
            self.annotation_clicked.emit(hits[0])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_column_width()
        self.toolbar.hide()
        self._refresh_selections(marks=False)

    def _apply_column_width(self) -> None:
        """Centre a readable column: wide windows get side margins."""
        spare = max(0, self.width() - MAX_COLUMN - GUTTER - 60)
        side = spare // 2
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        document = self.document_
        if document is None or not document.page_starts:
            return
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(0, self.viewport().height())).position()
        core_top, core_bottom = self.offsets.to_core(top), self.offsets.to_core(bottom)
        first = bisect.bisect_left(document.page_starts, core_top)
        painter = QPainter(self.viewport())
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, self._base_font.pointSizeF() * 0.75))
        painter.setFont(font)
        painter.setPen(self.palette().placeholderText().color())
        offset_y = self.verticalScrollBar().value()
        layout = self.document().documentLayout()
        for page_index in range(first, len(document.page_starts)):
            start = document.page_starts[page_index]
            if start > core_bottom:
                break
            cursor = self._cursor(start, start)
            rect = layout.blockBoundingRect(cursor.block())
            line = cursor.block().layout().lineForTextPosition(cursor.positionInBlock())
            y = rect.top() + (line.y() if line.isValid() else 0) - offset_y
            label = QRect(4, int(y), GUTTER - 14, int(font.pointSizeF() * 2))
            painter.drawText(
                label,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                f"p. {page_index + 1}",
            )
        painter.end()
