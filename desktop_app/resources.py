"""Finding bundled resources (icons, styles, samples, fonts) wherever we run.

Qt-free, so the core (the PDF export's fonts) and the GUI share it.

One function, :func:`resources_dir`, finds ``resources/`` in a source checkout,
in an installed package (``desktop_app/resources`` as package data) and in a
PyInstaller bundle (``sys._MEIPASS/resources``). Everything else asks it.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

RESOURCES_ENV = "SOURCEBOOK_RESOURCES"


def _candidates() -> list[Path]:
    found: list[Path] = []
    if os.environ.get(RESOURCES_ENV):
        found.append(Path(os.environ[RESOURCES_ENV]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / "resources")
    package = Path(__file__).resolve().parent  # desktop_app/
    found.append(package / "resources")  # installed wheel with package data
    found.append(package.parent / "resources")  # source checkout
    return found


@functools.cache
def resources_dir() -> Path:
    """The ``resources/`` folder.

    Raises:
        FileNotFoundError: when no candidate holds an ``icons`` folder.
    """
    for candidate in _candidates():
        if (candidate / "icons").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in _candidates())
    raise FileNotFoundError(f"Sourcebook's resources folder is missing (looked in {tried})")


def resource_path(*parts: str) -> Path:
    """A path inside ``resources/`` (it may not exist)."""
    return resources_dir().joinpath(*parts)


def icon_path(name: str) -> Path:
    """The bundled SVG for a freedesktop icon name."""
    return resource_path("icons", f"{name}.svg")


def sample_documents() -> list[Path]:
    """The sample reports offered on the welcome page, in name order."""
    folder = resource_path("samples")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in {".txt", ".md"})


def font_files() -> list[Path]:
    """Bundled fonts (Noto for Bengali, Devanagari and Arabic; DejaVu)."""
    folder = resource_path("fonts")
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.ttf"))
