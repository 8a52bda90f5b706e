"""The GUI half of the adversarial suite uses the fixtures of the GUI tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.ui.conftest import (  # noqa: F401 - fixtures shared with tests/ui
    _empty_clipboard_afterwards,
    _user_folders,
    dialogs,
    library_paths,
    make_window,
    report_files,
    ui_paths,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
