"""The privacy guarantee: the whole workflow never tries to open a connection."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.mark.slow
def test_the_whole_workflow_makes_no_connection_attempt(tmp_path: Path) -> None:
    """Import every format, read, highlight, search, extract, export: zero connections."""
    log = tmp_path / "connections.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(ROOT)])
    env["SOURCEBOOK_CONNECT_LOG"] = str(log)
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, str(HERE / "workflow.py"), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "workflow ok" in result.stdout
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert attempts == ""


def test_the_guard_really_refuses_and_records(tmp_path: Path) -> None:
    """The guard itself works: a connection attempt is refused and logged."""
    log = tmp_path / "connections.log"
    env = dict(os.environ, PYTHONPATH=str(HERE), SOURCEBOOK_CONNECT_LOG=str(log))
    code = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9))\n"
        "except ConnectionRefusedError as e:\n"
        "    print('refused')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "refused"
    assert "create_connection" in log.read_text(encoding="utf-8")
