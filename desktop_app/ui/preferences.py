"""User preferences (typed, with defaults in one place) and window state.

Preferences are a dataclass saved as JSON in the user's config folder; window
state (geometry, splitters, the open document, recents) goes to QSettings.
Neither is touched at import time: the paths come from :class:`UiPaths`, which
tests point at ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QSettings

from desktop_app.core.ocr.tesseract import are_language_codes

ORGANISATION = "Sourcebook"
APPLICATION = "Sourcebook"
APP_ID = "org.sourcebook.Sourcebook"
CONFIG_ENV = "SOURCEBOOK_CONFIG_DIR"

THEMES = ("system", "light", "dark")
OCR_MODES = ("auto", "always", "never")


@dataclass
class Preferences:
    """What a user can choose; each field's metadata holds its help text."""

    theme: str = field(default="system", metadata={"help": "system, light or dark"})
    text_size: int = field(default=12, metadata={"help": "reader font size in points (8-32)"})
    search_delay_ms: int = field(
        default=200, metadata={"help": "pause after typing before search runs"}
    )
    show_page_markers: bool = field(
        default=True, metadata={"help": "show 'p. 12' beside PDF page starts"}
    )
    dark_pages: bool = field(
        default=False,
        metadata={"help": "page view: PDF pages with their colours inverted (light print on dark)"},
    )
    import_pdf_annotations: bool = field(
        default=True,
        metadata={"help": "importing a PDF brings in the highlights already in it"},
    )

    ocr_mode: str = field(
        default="auto",
        metadata={
            "help": "read scanned pages by OCR: auto (pages without usable text), always or never"
        },
    )
    ocr_languages: str = field(
        default="",
        metadata={
            "help": "Tesseract language codes joined by + (ben+eng); empty: "
            "each page's script decides"
        },
    )

    def clamp(self) -> Preferences:
        """Bring out-of-range values (from a hand-edited file) back into range."""
        self.text_size = max(8, min(32, int(self.text_size)))
        self.search_delay_ms = max(0, min(2000, int(self.search_delay_ms)))
        if self.theme not in THEMES:
            self.theme = "system"
        if self.ocr_mode not in OCR_MODES:
            self.ocr_mode = "auto"
        self.ocr_languages = clean_ocr_languages(str(self.ocr_languages)) or ""
        return self

    @classmethod
    def load(cls, path: Path) -> Preferences:
        """Read preferences; a missing or broken file gives the defaults."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known} if isinstance(data, dict) else {}
        try:
            return cls(**values).clamp()
        except (TypeError, ValueError):
            return cls()

    def save(self, path: Path) -> None:
        """Write preferences atomically (a crash never leaves half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(temp, path)


def clean_ocr_languages(text: str) -> str | None:
    """Tesseract codes as typed ("ben + eng", "Ben,eng") joined by ``+``; None if not codes."""
    codes = "+".join(part for part in re.split(r"[\s+,;]+", text.strip().lower()) if part)
    return codes if are_language_codes(codes) else None


@dataclass(frozen=True)
class UiPaths:
    """Where the GUI keeps its own files (not the library)."""

    config_dir: Path

    @classmethod
    def default(cls) -> UiPaths:
        """``SOURCEBOOK_CONFIG_DIR`` or the platform's user config folder."""
        env = os.environ.get(CONFIG_ENV)
        if env:
            return cls(Path(env).expanduser())
        return cls(platformdirs.user_config_path(APPLICATION, appauthor=False))

    @property
    def preferences(self) -> Path:
        """The preferences JSON file."""
        return self.config_dir / "preferences.json"

    @property
    def settings(self) -> Path:
        """The QSettings INI file for window state."""
        return self.config_dir / "window-state.ini"


def configure_application(app: QCoreApplication) -> None:
    """Set the names QSettings and the desktop use to find us."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setOrganizationDomain("sourcebook.org")


def window_settings(paths: UiPaths) -> QSettings:
    """The QSettings for geometry, splitters, the open document and recents."""
    return QSettings(str(paths.settings), QSettings.Format.IniFormat)
