"""``sourcebook export`` and ``sourcebook import-annotations`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.conftest import write_text
from tests.core.export.helpers import REPORT_TEXT, annotate_quote, import_one


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    with Library.open(LibraryPaths(root)) as library:
        doc = import_one(library, write_text(tmp_path / "r.txt", REPORT_TEXT))
        annotate_quote(library, doc, "debt bondage persists", tags=["brief"], note="n1")
        annotate_quote(library, doc, "near the border", color="green")
    return root


def test_export_prints_path_format_and_count_as_json(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.docx"
    code = main(["--library", str(lib_dir), "export", "--tag", "brief", "-o", str(out), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {
        "path": str(out),
        "format": "docx",
        "excerpts": 1,
    }
    assert out.read_bytes()[:2] == b"PK"


def test_export_refuses_an_existing_file_without_force(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = write_text(tmp_path / "x.md", "mine")
    assert main(["--library", str(lib_dir), "export", "-o", str(out)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["--library", str(lib_dir), "export", "-o", str(out), "--force"]) == 0
    assert "near the border" in out.read_text(encoding="utf-8")


def test_export_needs_a_format_it_can_tell(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(lib_dir), "export", "-o", str(tmp_path / "x.txt")]) == 2
    assert "add --format" in capsys.readouterr().err


def test_import_annotations_round_trip_reports_counts(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w3c.json"
    assert main(["--library", str(lib_dir), "export", "--format", "json", "-o", str(out)]) == 0
    capsys.readouterr()
    fresh = tmp_path / "fresh"
    with Library.open(LibraryPaths(fresh)) as library:
        import_one(library, tmp_path / "r.txt")
    assert main(["--library", str(fresh), "import-annotations", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": 2, "duplicates": 0, "unplaced": 0}
    assert main(["--library", str(fresh), "import-annotations", str(out)]) == 0
    assert "0 imported, 2 already present, 0 could not be placed" in capsys.readouterr().out
