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
GUTTER = 64
LINE_SEPARATOR = "\u2028"
ZERO_WIDTH_SPACE = "\u200b"  # room on the left for "p. 12" page markers


def build_document(document: Document, font: QFont, offsets: OffsetMap) -> QTextDocument:
    """A QTextDocument showing ``document`` with readable typography."""
    qdoc = QTextDocument()
    qdoc.setUndoRedoEnabled(False)
    qdoc.setDefaultFont(font)
    qdoc.setPlainText(display_text(document))
    frame = qdoc.rootFrame().frameFormat()
    frame.setLeftMargin(GUTTER)
    frame.setRightMargin(36)
    frame.setTopMargin(20)
    frame.setBottomMargin(64)
    qdoc.rootFrame().setFrameFormat(frame)

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


def display_text(document: Document) -> str:
    """The text Qt shows: same length as the canonical text, one Qt block per block.

    Between blocks, the first newline stays a paragraph break and further ones
    become zero-width spaces (no empty paragraphs, spacing comes from margins);
    inside a block, a newline becomes U+2028 (a line break within the
    paragraph, as in poetry or addresses). Every character keeps its position,
    so core offsets and Qt positions still map one to one.
    """
    text = document.text
    if not document.blocks:
        return text
    parts: list[str] = []
    position = 0
    for block in document.blocks:
        if block.start > position:
            parts.append(_gap(text[position : block.start], first=position == 0))
        parts.append(text[block.start : block.end].replace("\n", LINE_SEPARATOR))
        position = block.end
    if position < len(text):
        parts.append(_gap(text[position:], first=True))
    return "".join(parts)


def _gap(gap: str, *, first: bool) -> str:
    if "\n" not in gap:
        return gap
    if first:  # before the first block or after the last: no break needed
        return gap.replace("\n", ZERO_WIDTH_SPACE)
    head, _, tail = gap.partition("\n")
    return head + "\n" + tail.replace("\n", ZERO_WIDTH_SPACE)


def _add_list_item(
    qdoc: QTextDocument, block: Block, offsets: OffsetMap, current: QTextList | None
) -> QTextList:
    """Bullets are painted by Qt, not inserted, so offsets stay put."""
    cursor = QTextCursor(qdoc)
    cursor.setPosition(offsets.to_qt(block.start))
    if current is not None and current.format().indent() == 1 + block.level:
        current.add(cursor.block())
        return current
    fmt = QTextListFormat()
    fmt.setStyle(
        QTextListFormat.Style.ListDisc if block.level == 0 else QTextListFormat.Style.ListCircle
    )
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
