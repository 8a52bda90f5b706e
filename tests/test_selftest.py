"""``sourcebook --self-test``: a throw-away library, import, search, export, exit code."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.selftest import STEPS, run_self_test

ROOT = Path(__file__).resolve().parents[1]


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose temp, home and data folders are all under ``tmp_path``."""
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update({"TMPDIR": str(temp), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)})
    return env


@pytest.fixture(scope="module")
def self_test_run() -> tuple[int, str, str]:
    """One in-process self-test run: (exit code, report, error output).

    Without the main window: it would restyle this process's QApplication, which
    the GUI tests reuse. The subprocess test below opens it.
    """
    out, err = io.StringIO(), io.StringIO()
    code = run_self_test(out, err, main_window=False)
    return code, out.getvalue(), err.getvalue()


def test_self_test_passes_every_step_and_returns_zero(self_test_run: tuple[int, str, str]) -> None:
    """On a working install each step prints ok and the result is 0."""
    code, report, errors = self_test_run
    assert code == 0, report + errors
    for name, _step in STEPS:
        assert f"ok    {name}" in report
    assert "FAIL" not in report
    assert "Self-test passed" in report
    assert errors == ""


def test_self_test_searches_english_bengali_and_html_and_exports_every_format(
    self_test_run: tuple[int, str, str],
) -> None:
    """The report names each query's hits and every export format written."""
    _code, report, _errors = self_test_run
    assert "'trafficking'" in report and "'moneylenders': 1" in report
    assert "'পাচার': 1" in report
    export_line = next(line for line in report.splitlines() if "ok    export" in line)
    for fmt in ("md", "docx", "pdf", "html", "csv", "xlsx", "json"):
        assert fmt in export_line


@pytest.mark.slow
def test_a_broken_install_fails_with_exit_1_naming_the_step(tmp_path: Path) -> None:
    """Resources without the app icon: exit 1 and a message saying what is missing."""
    broken = tmp_path / "resources"
    (broken / "icons").mkdir(parents=True)
    env = _clean_env(tmp_path) | {"SOURCEBOOK_RESOURCES": str(broken)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from desktop_app.selftest import run_self_test; sys.exit(run_self_test())",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "FAIL  resources" in result.stdout
    assert "self-test failed at step 'resources': the app icon is missing" in result.stderr


@pytest.mark.slow
def test_python_m_desktop_app_self_test_exits_0_and_leaves_no_files(tmp_path: Path) -> None:
    """The command-line flag runs the self-test; its temporary library is removed."""
    env = _clean_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--self-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Self-test passed" in result.stdout
    assert "main window showed 5 documents" in result.stdout
    # (multiprocessing's own pymp-* folder may still be going away: not ours to check)
    assert list((tmp_path / "tmp").glob("sourcebook-selftest-*")) == []
    # The user's own library and settings (here: redirected folders) are never created.
    assert not (Path(env["XDG_DATA_HOME"]) / "Sourcebook").exists()
    assert not (Path(env["XDG_CONFIG_HOME"]) / "Sourcebook").exists()
