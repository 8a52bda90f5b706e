"""A wheel built from the checkout carries what the app reads at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")


@pytest.mark.slow
def test_the_wheel_carries_the_resources_folder(tmp_path: Path) -> None:
    # Built from a copy: pip builds in the source folder (build/, egg-info).
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    out = tmp_path / "wheel"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    subprocess.run([*command, str(source)], check=True, timeout=600, cwd=tmp_path)
    (wheel,) = out.glob("sourcebook-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            inside = "desktop_app/resources/" + path.relative_to(ROOT / "resources").as_posix()
            assert inside in names, f"{inside} is missing from {wheel.name}"
    assert "desktop_app/core/search/bulk.py" in names
    assert not any(name.startswith(("tests/", "resources/")) for name in names)


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
