"""Running a check as an ordinary user, so permission tests also run as root.

CI runs as root, who can read and write any file, so a test of "unreadable
file" or "unwritable folder" would prove nothing there. These helpers run the
check in a child process as the unprivileged user ``nobody`` instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOBODY = 65534


def is_root() -> bool:
    """True when permission bits do not stop this process."""
    return os.name == "posix" and os.geteuid() == 0


def shared_tmp() -> Path:
    """A fresh folder under /tmp that user ``nobody`` can enter and write."""
    folder = Path(tempfile.mkdtemp(prefix="sourcebook-perm-"))
    folder.chmod(0o777)
    return folder


def _interpreter_for_nobody() -> tuple[str, list[str]]:
    """A Python of this version that ``nobody`` may run, and our site-packages.

    The virtual environment's interpreter often links into root's home (pyenv),
    which ``nobody`` cannot enter; a system Python of the same minor version
    can load the same site-packages.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        try:
            check = subprocess.run(
                [candidate, "-c", "import sys; print(tuple(sys.version_info[:2]))"],
                user=NOBODY,
                group=NOBODY,
                capture_output=True,
                text=True,
                check=False,
                env={"PATH": "/usr/bin:/bin"},
                cwd="/",
            )
        except OSError:
            continue  # not there, or nobody may not run it
        if check.returncode == 0 and check.stdout.strip() == str(tuple(sys.version_info[:2])):
            return candidate, [p for p in sys.path if p.endswith("site-packages")]
    pytest.skip(f"no {version} that user nobody may run (a pyenv Python under /root)")


def run_as_nobody(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` as user ``nobody`` with this checkout importable."""
    if not (ROOT / "desktop_app").is_dir() or not os.access(ROOT, os.R_OK | os.X_OK):
        pytest.skip("the checkout is not readable by other users")
    python, site_packages = _interpreter_for_nobody()
    home = shared_tmp()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(ROOT), *site_packages]),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    result = subprocess.run(
        [python, "-c", code],
        user=NOBODY,
        group=NOBODY,
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result
