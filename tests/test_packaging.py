"""The Linux packaging files: one app id everywhere, valid for the desktop tools.

``desktop-file-validate`` (Debian: desktop-file-utils) and ``appstreamcli``
(Debian: appstream) run when installed; the other checks need nothing.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from desktop_app import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
APP_ICON = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
SPEC = ROOT / "packaging" / "sourcebook.spec"
BUILD_SH = ROOT / "packaging" / "build.sh"
SCREENSHOTS = ROOT / "docs" / "screenshots"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ElementTree.Element:
    return ElementTree.parse(METAINFO).getroot()


def _spec_assignment(name: str) -> object:
    """The literal value the spec assigns to ``name`` (the spec is Python)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in {SPEC.name}")


def _script_name() -> str:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (name,) = pyproject["project"]["scripts"]
    return str(name)


def test_desktop_file_metainfo_and_icon_are_named_by_the_app_id() -> None:
    """The .desktop file, the metainfo and the icon all carry desktop_app.APP_ID."""
    assert DESKTOP_FILE.is_file()
    assert METAINFO.is_file()
    assert APP_ICON.is_file()
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert _desktop_entry()["Icon"] == APP_ID
    assert f"ID={APP_ID}" in BUILD_SH.read_text(encoding="utf-8")


def test_desktop_file_names_an_icon_by_theme_name_and_no_app_version() -> None:
    """Icon= is a theme name (not a path) and Version= is not the app's version."""
    entry = _desktop_entry()
    assert "/" not in entry["Icon"]
    # Version= is the Desktop Entry spec's version, never the app's.
    assert entry.get("Version") in (None, "1.0", "1.5")
    assert entry.get("Version") != __version__


def test_the_same_binary_name_is_launched_provided_and_built() -> None:
    """Exec=, <provides><binary>, the spec's output and the pip script agree."""
    binary = _script_name()
    assert _desktop_entry()["Exec"].split()[0] == binary
    assert _desktop_entry()["TryExec"] == binary
    assert _metainfo().findtext("provides/binary") == binary
    assert _spec_assignment("APP_NAME") == binary


def test_metainfo_lists_the_current_version_as_the_newest_release() -> None:
    """Bumping desktop_app.__version__ needs a <release> entry (newest first)."""
    releases = _metainfo().findall("releases/release")
    assert releases, "no <release> in the metainfo"
    assert releases[0].get("version") == __version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date") or "")
    assert {r.get("version"): r.get("date") for r in releases}["0.1.0"] == "2026-11-28"


def test_metainfo_has_description_screenshots_and_content_rating() -> None:
    """What software centres show: description, screenshots, an OARS rating."""
    root = _metainfo()
    assert root.find("description/p") is not None
    images = [img.text or "" for img in root.iter("image")]
    assert images
    assert all(url.startswith("https://") for url in images)
    assert root.find("content_rating") is not None
    assert len(root.findall("screenshots/screenshot[@type='default']")) == 1


def test_metainfo_screenshots_are_files_in_docs_screenshots() -> None:
    """Each screenshot URL ends in the name of a PNG kept in docs/screenshots/."""
    if not any(SCREENSHOTS.glob("*.png")):
        # The GUI's screenshot script fills docs/screenshots/; until it has run once
        # there is nothing to compare the metainfo with.
        pytest.skip("docs/screenshots/ holds no PNG yet")
    names = {Path(img.text or "").name for img in _metainfo().iter("image")}
    missing = sorted(n for n in names if not (SCREENSHOTS / n).is_file())
    assert missing == [], f"not in docs/screenshots/: {missing}"


def test_app_icon_is_a_square_svg() -> None:
    """The icon is SVG (hicolor/scalable) with a square canvas."""
    root = ElementTree.parse(APP_ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == root.get("height")


def test_every_package_the_spec_collects_data_from_is_installed_with_data() -> None:
    """A renamed or dropped dependency shows up here, not as a broken bundle."""
    packages = _spec_assignment("DATA_PACKAGES")
    assert isinstance(packages, list)
    empty = []
    for name, why in packages:
        assert why, f"{name}: say why its data is needed"
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.submodule_search_locations, f"{name} is not installed"
        folder = Path(next(iter(spec.submodule_search_locations)))
        data = [
            p
            for p in folder.rglob("*")
            if p.is_file() and p.suffix not in {".py", ".pyc", ".pyi", ".typed"}
        ]
        if not data:
            empty.append(name)
    assert empty == []


def test_build_script_is_executable_bash_without_syntax_errors() -> None:
    """packaging/build.sh runs as a program and bash can parse it."""
    assert os.access(BUILD_SH, os.X_OK)
    subprocess.run(["bash", "-n", str(BUILD_SH)], check=True)


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian: desktop-file-utils)",
)
def test_desktop_file_passes_desktop_file_validate() -> None:
    """desktop-file-validate reports no error and no warning."""
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None,
    reason="appstreamcli is not installed (Debian: appstream)",
)
def test_metainfo_passes_appstreamcli_validate_offline() -> None:
    """appstreamcli validate --no-net passes (errors and warnings fail it)."""
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "W:" not in result.stdout and "E:" not in result.stdout
