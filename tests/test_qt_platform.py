"""`make run` explains a missing display or missing X11 libraries instead of a Qt abort."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import qt_platform

ROOT = Path(__file__).resolve().parents[1]


def test_no_display_is_explained() -> None:
    """Without DISPLAY (and not offscreen), the message says a desktop session is needed."""
    message = qt_platform.display_problem({"PATH": "/usr/bin"})
    if sys.platform.startswith("linux"):
        assert message is not None and "DISPLAY is not set" in message
    else:
        assert message is None


def test_offscreen_and_wayland_are_left_to_qt() -> None:
    """Other platforms than xcb are not second-guessed."""
    assert qt_platform.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert qt_platform.display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux only")
def test_missing_xcb_libraries_are_named_with_their_debian_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each missing library is reported as the apt package that provides it."""
    monkeypatch.setattr(
        qt_platform.ctypes.util,
        "find_library",
        lambda name: None if name in ("xcb-cursor", "xkbcommon-x11") else f"lib{name}.so",
    )
    message = qt_platform.display_problem({"DISPLAY": ":0"})
    assert message is not None
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux only")
def test_starting_the_app_without_a_display_exits_with_the_message(tmp_path: Path) -> None:
    """`sourcebook` with no display prints one clear line and exits 1 (no Qt abort)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--library", str(tmp_path / "lib")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "no display found" in result.stderr
    assert "Traceback" not in result.stderr
