"""Fixtures shared by every test: user folders redirected, a fresh library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's data, config or cache folders."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SOURCEBOOK_LIBRARY", raising=False)


@pytest.fixture(autouse=True)
def _index_never_breaks_by_itself(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """Fail a test in which the search index needed healing it did not cause.

    Healing (rebuild on damage) would otherwise hide a bug in the index code:
    the search still works, only slower. Tests that damage the index on
    purpose are marked ``damages_index``.
    """
    yield
    if request.node.get_closest_marker("damages_index"):
        return
    healed = [
        r.getMessage()
        for r in caplog.get_records("call")
        if r.name.startswith("desktop_app.core.search") and "rebuilding" in r.getMessage()
    ]
    assert not healed, f"the search index had to heal itself: {healed}"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """A new, empty library in a temporary folder."""
    lib = Library.open(LibraryPaths(tmp_path / "library"))
    try:
        yield lib
    finally:
        lib.close()


@pytest.fixture
def corpus_dir() -> Path:
    """../shared/corpus, or skip when this checkout has no corpus beside it."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a text fixture and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path
