"""The first-start page of an empty library."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.icons import APP_ICON, icon


class WelcomePage(QWidget):
    """ "Import documents…" and "Add sample documents".

    Signals:
        import_requested(), samples_requested()
    """

    import_requested = Signal()
    samples_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        logo = QLabel(self)
        logo.setPixmap(icon(APP_ICON).pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("Welcome to Sourcebook", self)
        title.setObjectName("welcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Your library is empty. Bring in the reports you work with — PDF, Word, web "
            "pages, EPUB or plain text — then read, highlight, take notes and search them. "
            "Everything stays on this computer.",
            self,
        )
        text.setObjectName("welcomeText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A word-wrapped label in a centred layout is sized from its hint, not
        # its wrapped height: fix both so no line is cut off (again once the
        # style sheet has set the real font; see _fit_text).
        text.setFixedWidth(560)
        self._text = text
        self._fit_text()
        self.import_button = QPushButton(icon("document-import"), "Import documents…", self)
        self.import_button.setObjectName("welcomeButton")
        self.import_button.setToolTip("Choose files or a folder to import (Ctrl+O)")
        self.import_button.setDefault(True)
        self.samples_button = QPushButton(icon("list-add"), "Add sample documents", self)
        self.samples_button.setObjectName("welcomeButton")
        self.samples_button.setToolTip(
            "Add four short sample reports (English, Bengali, Arabic) to try Sourcebook"
        )
        hint = QLabel("You can also drop files and folders onto this window.", self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.samples_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(logo)
        column.addSpacing(8)
        column.addWidget(title)
        column.addSpacing(4)
        column.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(18)
        column.addLayout(buttons)
        column.addSpacing(10)
        column.addWidget(hint)
        column.addStretch(3)
        self.setLayout(column)
        self.import_button.clicked.connect(self.import_requested)
        self.samples_button.clicked.connect(self.samples_requested)

    def _fit_text(self) -> None:
        text = self._text
        text.setMinimumHeight(text.heightForWidth(text.width()) + text.fontMetrics().descent() + 4)

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the text to the font the style sheet gave it (known only now)."""
        self._fit_text()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Refit the text when the font or style changes (theme, text size)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_text()
