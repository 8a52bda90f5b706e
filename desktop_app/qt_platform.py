"""Checking, before Qt starts, that the system can show a window.

Qt's xcb platform plugin aborts the process with a cryptic message when a few
X11 libraries are missing. We look for them first and say which Debian/Ubuntu
packages to install.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import sys

# library name for ctypes.util.find_library -> Debian/Ubuntu package
XCB_LIBRARIES: dict[str, str] = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


# shared library -> Debian/Ubuntu package, for what Qt itself loads and minimal
# systems (containers, servers with a remote desktop) may lack
QT_SYSTEM_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
}


def qt_import_problem(error: ImportError) -> str:
    """What to tell the user when PySide6 cannot be loaded (a missing system library)."""
    found = re.search(r"(?:^|/)(lib[\w.+-]*?\.so[\d.]*): (.+)$", str(error))
    if found is None:
        return f"Qt cannot start: {error}. Reinstall Sourcebook, or see its README."
    library, reason = found.groups()
    package = QT_SYSTEM_LIBRARIES.get(library)
    advice = (
        f" Install it with:\n    sudo apt-get install {package}"
        if package
        else " Install the system package that provides it."
    )
    return (
        f"Qt cannot start because the system library {library} cannot be loaded ({reason}).{advice}"
    )


def missing_xcb_packages() -> list[str]:
    """Debian/Ubuntu packages whose libraries Qt's xcb plugin needs and cannot find."""
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def display_problem(env: dict[str, str] | None = None) -> str | None:
    """A message saying why no window can be shown here, or None if it can.

    Only Linux with the xcb platform is checked; other platforms and
    ``QT_QPA_PLATFORM=offscreen|wayland|...`` are left to Qt.
    """
    env = dict(os.environ) if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not platform and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return (
            "no display found: Sourcebook needs a desktop session (DISPLAY is not set). "
            "The command-line tools work without one: try `sourcebook --help`."
        )
    missing = missing_xcb_packages()
    if missing:
        return (
            "Qt cannot open a window because system libraries are missing. Install them with:\n"
            f"    sudo apt-get install {' '.join(missing)}"
        )
    return None
