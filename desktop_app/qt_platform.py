"""Checking, before Qt starts, that the system can show a window.

Qt's xcb platform plugin aborts the process with a cryptic message when a few
X11 libraries are missing. We look for them first and say which Debian/Ubuntu
packages to install.
"""

from __future__ import annotations

import ctypes.util
import os
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
