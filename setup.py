"""Build hook: ship ``resources/`` inside the wheel as ``desktop_app/resources``.

Everything else about the package is in pyproject.toml. The checkout keeps
``resources/`` at the top (the app, the tests and the PyInstaller spec find
it there); an installed wheel has no checkout around it, so the folder is
copied into the package while building. ``desktop_app/resources.py`` looks
in both places. Editable installs need no copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    """``build_py`` that also copies ``resources/`` into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "desktop_app" / "resources"
        shutil.copytree(RESOURCES, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
