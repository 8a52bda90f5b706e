"""Building a QTextDocument from a core Document's text and blocks.

The Qt document holds exactly the canonical text (``setPlainText``), so a Qt
position is the UTF-16 index of a core offset; structure is applied as block
and character formats. Page markers are painted beside the text, not inserted
into it, so offsets never shift.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextList,
    QTextListFormat,
)

from desktop_app.core.types import Block, BlockKind, Document
from desktop_app.ui.utf16 import OffsetMap

HEADING_SCALE = {1: 1.6, 2: 1.35, 3: 1.2, 4: 1.1, 5: 1.05, 6: 1.0}
LINE_HEIGHT_PERCENT = 145
GUTTER = 64  # room on the left for "p. 12" page markers


def build_document(document: Document, font: QFont, offsets: OffsetMap) -> QTextDocument:
    """A QTextDocument showing ``document`` with readable typography."""
    qdoc = QTextDocument()
    qdoc.setUndoRedoEnabled(False)
    qdoc.setDefaultFont(font)
    frame = qdoc.rootFrame().frameFormat()
    frame.setLeftMargin(GUTTER)
    frame.setRightMargin(36)
    frame.setTopMargin(28)
    frame.setBottomMargin(64)
    qdoc.rootFrame().setFrameFormat(frame)
    qdoc.setPlainText(document.text)

    cursor = QTextCursor(qdoc)
    cursor.select(QTextCursor.SelectionType.Document)
    body = QTextBlockFormat()
    body.setBottomMargin(font.pointSizeF() * 0.9)
    body.setLineHeight(LINE_HEIGHT_PERCENT, 1)  # 1 = ProportionalHeight
    cursor.setBlockFormat(body)

    current_list: QTextList | None = None
    for block in document.blocks:
        if block.kind is BlockKind.LIST_ITEM:
            current_list = _add_list_item(qdoc, block, offsets, current_list)
            continue
        current_list = None
        if block.kind is not BlockKind.PARAGRAPH:
            _format_block(qdoc, block, font, offsets)
    return qdoc


def _add_list_item(qdoc: QTextDocument, block: Block, offsets: OffsetMap,
                   current: QTextList | None) -> QTextList:
    """Bullets are painted by Qt, not inserted, so offsets stay put."""
    cursor = QTextCursor(qdoc)
    cursor.setPosition(offsets.to_qt(block.start))
    if current is not None and current.format().indent() == 1 + block.level:
        current.add(cursor.block())
        return current
    fmt = QTextListFormat()
    fmt.setStyle(QTextListFormat.Style.ListDisc if block.level == 0
                 else QTextListFormat.Style.ListCircle)
    fmt.setIndent(1 + block.level)
    return cursor.createList(fmt)


def _format_block(qdoc: QTextDocument, block: Block, font: QFont, offsets: OffsetMap) -> None:
    cursor = QTextCursor(qdoc)
    cursor.setPosition(offsets.to_qt(block.start))
    cursor.setPosition(offsets.to_qt(block.end), QTextCursor.MoveMode.KeepAnchor)
    fmt = QTextBlockFormat()
    fmt.setLineHeight(LINE_HEIGHT_PERCENT if block.kind is not BlockKind.HEADING else 120, 1)
    chars = QTextCharFormat()
    size = font.pointSizeF()
    if block.kind is BlockKind.HEADING:
        scale = HEADING_SCALE.get(block.level, 1.0)
        fmt.setTopMargin(size * (1.4 if block.level <= 2 else 1.0))
        fmt.setBottomMargin(size * 0.6)
        fmt.setHeadingLevel(max(1, min(6, block.level)))
        chars.setFontPointSize(size * scale)
        chars.setFontWeight(QFont.Weight.DemiBold if block.level > 1 else QFont.Weight.Bold)
    elif block.kind is BlockKind.QUOTE:
        fmt.setLeftMargin(size * 2)
        fmt.setRightMargin(size * 2)
        fmt.setBottomMargin(size * 0.9)
        chars.setFontItalic(True)
    cursor.mergeBlockFormat(fmt)
    if chars.propertyCount():
        cursor.mergeCharFormat(chars)
