"""Text from documents and users is shown as plain text, never as HTML.

Qt guesses: a QLabel, a QMessageBox and every tooltip render their text as
HTML when its first line looks like a tag (``Qt::mightBeRichText``). A title
such as ``<img src="/dev/zero">`` would then make Qt read a local file, for
ever. So labels that show such text are set to ``Qt.PlainText``, message
boxes too, and tooltips (which have no format setting) are built here as
HTML from escaped text. Only our own markup (search marks, a speaker's name
in bold) is rich, and it is built from escaped parts.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox


def plain_label(label: QLabel) -> QLabel:
    """Make ``label`` show its text literally; returns it."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_box(box: QMessageBox) -> QMessageBox:
    """Make a message box show its text literally; returns it."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def plain_tooltip(text: str | None) -> str:
    """A tooltip that shows ``text`` literally, line breaks kept ("" for none)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
