"""The release builds from a clean clone and the wheel works where users install it.

``python -m build`` makes the sdist and, from the sdist, the wheel (so the
sdist must carry everything the wheel needs). The wheel is then installed
into a fresh virtual environment with **pip 23.0**, the pip of Debian 12,
without upgrading it, and used as a new user would: the version, a saved web
page and a PDF imported through the CLI, and ``--self-test``.

Downloads come from the pip cache that ``make install`` filled (``.ci/run``
exports one ``PIP_CACHE_DIR`` for the whole run): the packages are fetched
once into a local folder with this pip, then pip 23.0 resolves and installs
from that folder alone, so what it leaves out (such as a dependency named
only through an extra that old pips ignore) is missing for real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from desktop_app import __version__
from tests.format_samples import make_html, make_pdf

ROOT = Path(__file__).resolve().parents[1]
OLDEST_PIP = "23.0.1"  # Debian 12 (bookworm)
NOT_SOURCE = (".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")
# Read before any test redirects HOME: the cache `make install` filled.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip"
)
BIN = "Scripts" if os.name == "nt" else "bin"

pytestmark = pytest.mark.slow


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIP_CACHE_DIR": PIP_CACHE, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=900,
        env={**env, **kwargs.pop("env", {})},  # type: ignore[dict-item]
        **kwargs,  # type: ignore[call-overload]
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _clean_clone(target: Path) -> Path:
    """What a fresh clone of this working tree holds (tracked and new files)."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = _run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT
        ).stdout
        for name in filter(None, listed.split("\0")):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    return target


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel ``python -m build`` makes from a clean clone."""
    work = tmp_path_factory.mktemp("release")
    source = _clean_clone(work / "source")
    _run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)], cwd=work)
    (sdist,) = (work / "dist").glob("sourcebook-*.tar.gz")
    (wheel,) = (work / "dist").glob("sourcebook-*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def installed(release: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with pip 23.0 and the wheel installed by it."""
    work = tmp_path_factory.mktemp("venv")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / BIN / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", f"pip=={OLDEST_PIP}"])
    pip_version = _run([str(python), "-m", "pip", "--version"]).stdout
    assert pip_version.startswith(f"pip {OLDEST_PIP} "), pip_version
    wheelhouse = work / "wheelhouse"
    # Wheels of everything, with this pip (sdist-only packages built once, then cached).
    _run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(wheelhouse), str(release["wheel"])])
    offline = ["--no-index", "--find-links", str(wheelhouse)]
    _run([str(python), "-m", "pip", "install", "-q", *offline, str(release["wheel"])])
    return venv


def test_the_sdist_carries_resources_licence_and_tests(release: dict[str, Path]) -> None:
    with tarfile.open(release["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            assert path.relative_to(ROOT).as_posix() in names
    for name in ("LICENSE", "setup.py", "pyproject.toml", "tests/test_wheel.py", "MANIFEST.in"):
        assert name in names


def test_the_wheel_carries_resources_licence_and_both_launchers(release: dict[str, Path]) -> None:
    with zipfile.ZipFile(release["wheel"]) as wheel:
        names = set(wheel.namelist())
        info = f"sourcebook-{__version__}.dist-info"
        metadata = wheel.read(f"{info}/METADATA").decode()
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            inside = "desktop_app/resources/" + path.relative_to(ROOT / "resources").as_posix()
            assert inside in names, f"{inside} is missing from {release['wheel'].name}"
    assert "desktop_app/core/search/bulk.py" in names
    assert not any(name.startswith(("tests/", "resources/")) for name in names)
    assert f"{info}/licenses/LICENSE" in names
    assert f"Version: {__version__}\n" in metadata
    assert "License-Expression: GPL-3.0-or-later" in metadata
    assert "Requires-Dist: lxml_html_clean" in metadata.replace(
        "lxml-html-clean", "lxml_html_clean"
    )
    assert "[console_scripts]\nsourcebook = desktop_app.cli:main" in entry_points
    assert "[gui_scripts]\nsourcebook-gui = desktop_app.cli:main" in entry_points


def test_pip_23_installs_a_wheel_that_imports_a_web_page_and_a_pdf(
    installed: Path, tmp_path: Path
) -> None:
    """The Debian 12 user's path: no pip upgrade, then `sourcebook import`."""
    page, pdf = make_html(tmp_path), make_pdf(tmp_path)
    version = _run([str(installed / BIN / "sourcebook"), "--version"], cwd=tmp_path).stdout
    assert version.strip() == f"sourcebook {__version__}"
    library = ["--library", str(tmp_path / "library")]
    done = _run(
        [str(installed / BIN / "sourcebook"), "import", "--json", *library, str(page), str(pdf)],
        cwd=tmp_path,
    )
    results = {Path(r["path"]).suffix: r for r in json.loads(done.stdout)}
    assert results[".html"]["status"] == "imported", results
    assert results[".pdf"]["status"] == "imported", results


def test_the_installed_wheel_passes_its_self_test(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    done = _run(
        [str(installed / BIN / "sourcebook"), "--self-test"],
        cwd=tmp_path,
        env={"QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path / "tmp")},
    )
    assert "Self-test passed" in done.stdout
    assert "main window showed 5 documents" in done.stdout
    assert f"resources in {installed}" in done.stdout


def test_the_installed_app_without_a_display_says_so_instead_of_aborting(
    installed: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [str(installed / BIN / "sourcebook"), "--library", str(tmp_path / "library")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "no display found" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_installed_package_finds_resources_inside_itself(tmp_path: Path) -> None:
    # What resources_dir() sees in an installed wheel: desktop_app/resources.
    package = tmp_path / "site" / "desktop_app"
    shutil.copytree(ROOT / "desktop_app", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources", package / "resources")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from desktop_app.resources import resources_dir; print(resources_dir())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "site")],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert Path(out) == package / "resources"
