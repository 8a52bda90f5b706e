"""Running a check as an ordinary user, so permission tests also run as root.

CI runs as root, who can read and write any file, so a test of "unreadable
file" or "unwritable folder" would prove nothing there. These helpers run the
check in a child process as the unprivileged user ``nobody`` instead.

``nobody`` often cannot read the checkout (a clone in root's home or in a
``mktemp -d`` folder) nor run this Python (pyenv under /root). So the child
gets an installed copy of its own, made once per test session in a folder
everyone can read: the ``desktop_app`` package with its resources, the
distributions it needs at run time, and an interpreter ``nobody`` may run (a
system one of the same version, else a copy of this one). Files are
hard-linked where the file system allows, so the copy takes a moment.
"""

from __future__ import annotations

import atexit
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOBODY = 65534
QT_DISTRIBUTIONS = {"pyside6-essentials", "shiboken6"}
"""Left out of the copy: the child runs core code, which imports no Qt
(tests/test_architecture.py), and Qt is half of the installed size."""


def is_root() -> bool:
    """True when permission bits do not stop this process."""
    return os.name == "posix" and os.geteuid() == 0


def shared_tmp() -> Path:
    """A fresh folder under /tmp that user ``nobody`` can enter and write."""
    folder = Path(tempfile.mkdtemp(prefix="sourcebook-perm-"))
    folder.chmod(0o777)
    return folder


@dataclass(frozen=True)
class Install:
    """A Python and the import path that ``nobody`` can run and read."""

    python: str
    path: list[str]
    env: dict[str, str]


_install: Install | None = None


def run_as_nobody(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` as user ``nobody`` with Sourcebook importable."""
    install = readable_install()
    home = shared_tmp()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": os.pathsep.join(install.path),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
        **install.env,
    }
    return subprocess.run(
        [install.python, "-c", code],
        user=NOBODY,
        group=NOBODY,
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def readable_install(*, copy_interpreter: bool = False) -> Install:
    """The copy ``nobody`` runs (made on first use, removed at exit)."""
    global _install
    if _install is not None and not copy_interpreter:
        return _install
    base = Path(tempfile.mkdtemp(prefix="sourcebook-nobody-"))
    base.chmod(0o755)
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    app = base / "app"
    _link_tree(ROOT / "desktop_app", app / "desktop_app")
    _link_tree(ROOT / "resources", app / "desktop_app" / "resources")  # as in the wheel
    site = base / "site"
    for distribution in _run_time_distributions():
        _link_distribution(distribution, site)
    python = None if copy_interpreter else _system_interpreter()
    env: dict[str, str] = {}
    if python is None:
        python, env = _copy_interpreter(base / "python")
    for folder in [base, *base.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)  # whatever the umask made them
    install = Install(python, [str(app), str(site)], env)
    if not copy_interpreter:
        _install = install
    return install


def _run_time_distributions() -> list[importlib.metadata.Distribution]:
    """Sourcebook's installed run-time dependencies, transitively (no extras, no Qt)."""
    found: dict[str, importlib.metadata.Distribution] = {}
    todo = [r for r in importlib.metadata.requires("sourcebook") or [] if "extra ==" not in r]
    while todo:
        name = re.split(r"[<>=~!\[ ;(]", todo.pop(), maxsplit=1)[0].strip()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found or key in QT_DISTRIBUTIONS:
            continue
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a requirement for another platform
        found[key] = distribution
        todo += [r for r in distribution.requires or [] if "extra ==" not in r]
    return list(found.values())


def _link_distribution(distribution: importlib.metadata.Distribution, site: Path) -> None:
    base = Path(str(distribution.locate_file(""))).resolve()
    for file in distribution.files or []:
        source = Path(str(distribution.locate_file(file))).resolve()
        if not source.is_file() or base not in source.parents:
            continue  # scripts in bin/, or files outside site-packages
        _link(source, site / source.relative_to(base))


def _link_tree(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            _link(path, target / path.relative_to(source))


def _link(source: Path, target: Path) -> None:
    """Hard-link (fast, same file system) or copy ``source``, readable by all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    if not os.stat(target).st_mode & 0o004:
        shutil.copy2(source, target.with_suffix(target.suffix + ".tmp"))
        os.replace(target.with_suffix(target.suffix + ".tmp"), target)
        target.chmod(0o644)


def _system_interpreter() -> str | None:
    """This Python, or a system one of the same version, if ``nobody`` may run it."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if _nobody_runs(candidate, {}):
            return candidate
    return None


def _copy_interpreter(target: Path) -> tuple[str, dict[str, str]]:
    """A copy of this Python's installation (no site-packages) that ``nobody`` runs."""
    prefix = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    _link_tree_filtered(stdlib, target / "lib" / version, skip={"site-packages", "test"})
    for library in (prefix / "lib").glob("libpython*"):
        if library.is_file():
            _link(library.resolve(), target / "lib" / library.name)
    executable = Path(sys.executable).resolve()
    python = target / "bin" / version
    _link(executable, python)
    env = {"PYTHONHOME": str(target), "LD_LIBRARY_PATH": str(target / "lib")}
    if not _nobody_runs(str(python), env):
        raise RuntimeError(f"user nobody cannot run the copy of {executable} in {target}")
    return str(python), env


def _link_tree_filtered(source: Path, target: Path, *, skip: set[str]) -> None:
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if relative.parts[0] in skip or "__pycache__" in relative.parts:
            continue
        if path.is_file():
            _link(path.resolve(), target / relative)


def _nobody_runs(python: str, env: dict[str, str]) -> bool:
    try:
        check = subprocess.run(
            [python, "-c", "import sys, json; print(tuple(sys.version_info[:2]))"],
            user=NOBODY,
            group=NOBODY,
            capture_output=True,
            text=True,
            check=False,
            env={"PATH": "/usr/bin:/bin", **env},
            cwd="/",
            timeout=60,
        )
    except OSError:
        return False  # not there, or nobody may not run it
    return check.returncode == 0 and check.stdout.strip() == str(tuple(sys.version_info[:2]))
