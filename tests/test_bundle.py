"""The PyInstaller bundle builds and passes its self-test away from the checkout.

Slow (a PyInstaller build of PySide6 takes one to a few minutes), and still
run in CI: it is the proof that the app installs on a machine with no Python
project checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app import APP_ID

ROOT = Path(__file__).resolve().parents[1]
BUILD_TIMEOUT_S = 900
SELF_TEST_TIMEOUT_S = 300

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
]


def _clean_env(home: Path) -> dict[str, str]:
    """What a user's desktop session has: no PYTHONPATH, no venv, no checkout."""
    return {
        "HOME": str(home),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": str(home / "tmp"),
        "QT_QPA_PLATFORM": "offscreen",
    }


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app built by packaging/build.sh, then moved to a folder of its own."""
    build = tmp_path_factory.mktemp("build")
    started = time.monotonic()
    result = subprocess.run(
        [
            str(ROOT / "packaging" / "build.sh"),
            "--dist",
            str(build / "dist"),
            "--work",
            str(build / "work"),
        ],
        env={**_clean_env(build), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    # Moved away from where it was built: nothing may point back to the build folder.
    installed = tmp_path_factory.mktemp("opt") / "sourcebook"
    shutil.move(build / "dist" / "sourcebook", installed)
    shutil.rmtree(build)
    return installed


def test_bundled_app_passes_its_self_test_outside_the_checkout(
    bundle: Path, tmp_path: Path
) -> None:
    """sourcebook --self-test from the bundle, clean environment, another folder: exit 0."""
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    result = subprocess.run(
        [str(bundle / "sourcebook"), "--self-test"],
        cwd=home,
        env=_clean_env(home),
        capture_output=True,
        text=True,
        timeout=SELF_TEST_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bundled app" in result.stdout
    assert "Self-test passed" in result.stdout
    assert "main window showed 5 documents" in result.stdout  # Qt plugins and the ui load
    # Icons and fonts came from inside the bundle, not from this checkout.
    assert f"resources in {bundle}" in result.stdout
    assert str(ROOT) not in result.stdout
    assert list((home / "tmp").glob("sourcebook-selftest-*")) == []


def test_bundle_carries_its_desktop_file_metainfo_and_icon(bundle: Path) -> None:
    """share/ in the bundle holds the files a package or installer puts in place."""
    share = bundle / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_bundle_has_the_qt_plugins_for_x11_offscreen_and_svg_icons(bundle: Path) -> None:
    """xcb for desktops, offscreen for headless runs, svg for the icon set."""
    (plugins,) = bundle.glob("_internal/PySide6/Qt/plugins")
    for plugin in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "platforms/libqwayland.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ):
        assert (plugins / plugin).is_file(), plugin
