"""The copy that permission tests run as user ``nobody`` works wherever the checkout is."""

from __future__ import annotations

import time

import pytest

from tests.unprivileged import ROOT, is_root, readable_install, run_as_nobody

pytestmark = pytest.mark.skipif(not is_root(), reason="only root can run a check as nobody")

CODE = (
    "import desktop_app, sqlite_utils, whoosh\n"
    "from desktop_app.resources import resources_dir\n"
    "print(desktop_app.__file__); print(resources_dir())\n"
)


def test_nobody_imports_sourcebook_from_a_copy_not_from_the_checkout() -> None:
    result = run_as_nobody(CODE)
    assert result.returncode == 0, result.stderr
    package, resources = result.stdout.split()
    assert not package.startswith(str(ROOT))
    assert resources.endswith("desktop_app/resources")


@pytest.mark.slow
def test_a_copy_of_this_interpreter_serves_when_nobody_may_not_run_it() -> None:
    """A pyenv Python under /root: nobody runs a copy of it instead."""
    started = time.monotonic()
    install = readable_install(copy_interpreter=True)
    assert "PYTHONHOME" in install.env
    print(f"copied in {time.monotonic() - started:.1f} s")
    import subprocess

    from tests.unprivileged import NOBODY

    result = subprocess.run(
        [install.python, "-c", CODE],
        user=NOBODY,
        group=NOBODY,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(install.path), **install.env},
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
