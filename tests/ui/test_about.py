"""Help → About shows the one version number (desktop_app.__version__)."""

from __future__ import annotations

from typing import Any

from desktop_app import __version__


def test_about_shows_the_package_version(make_window: Any, dialogs: Any) -> None:
    window = make_window()
    window.actions_["about"].trigger()
    [(_name, args)] = [call for call in dialogs.calls if call[0] == "info"]
    assert f"Sourcebook {__version__}" in args[2]
