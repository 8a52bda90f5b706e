"""``sourcebook page`` and ``sourcebook show --outline`` from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.cli import main
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.paint import tint
from tests.core.pdf.samples import labelled_with_outline, pages_with_text, two_columns


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """A library with a two-column PDF (document 1, two highlights) and a labelled one (2)."""
    root = tmp_path / "lib"
    two_columns(tmp_path / "columns.pdf")
    labelled_with_outline(tmp_path / "labelled.pdf")
    with Library.open(LibraryPaths(root)) as library:
        library.import_paths([tmp_path / "columns.pdf", tmp_path / "labelled.pdf"])
        library.annotate_quote(1, "debt bondage", color="yellow")
        library.annotate_quote(1, "inspectors came late", color="blue")
        library.annotate_quote(2, "Body page text", color="green")
    return root


def run(lib_dir: Path, *args: str) -> int:
    return main(["--library", str(lib_dir), *args])


def test_page_draws_the_png_and_prints_highlight_rects_in_its_pixels(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p1.png"
    assert run(lib_dir, "page", "1", "1", "--dpi", "144", "-o", str(out), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("path", "page", "label", "width", "height")} == {
        "path": str(out),
        "page": 1,
        "label": "1",
        "width": 1200,
        "height": 1600,
    }
    assert [(h["annotation_id"], h["color"], len(h["rects"])) for h in data["highlights"]] == [
        (1, "yellow", 1),
        (2, "blue", 1),
    ]
    picture = Image.open(out).convert("RGB")
    assert picture.size == (1200, 1600)
    for highlight in data["highlights"]:
        x0, y0, x1, y1 = highlight["rects"][0]
        assert 0 <= x0 < x1 <= 1200 and 0 <= y0 < y1 <= 1600
        # Paper inside the rectangle is the highlight's tint; just outside it is white.
        assert picture.getpixel((x0 + 1, y0 + 1)) == tint(highlight["color"])
        assert picture.getpixel((x0 + 1, y0 - 2)) == (255, 255, 255)


def test_page_labels_come_from_the_pdf_and_other_pages_draw_clean(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.png"
    assert run(lib_dir, "page", "2", "2", "--dpi", "72", "-o", str(out), "--json") == 0
    front = json.loads(capsys.readouterr().out)
    assert (front["label"], front["highlights"]) == ("ii", [])
    assert run(lib_dir, "page", "2", "3", "-o", str(out), "--json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["label"] == "1" and [h["color"] for h in body["highlights"]] == ["green"]


def test_show_outline_lists_titles_pages_and_levels(
    lib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(lib_dir, "show", "2", "--outline", "--json") == 0
    assert json.loads(capsys.readouterr().out) == [
        {"title": "Preface", "page": 1, "level": 1, "label": "i"},
        {"title": "Chapter 1", "page": 3, "level": 1, "label": "1"},
        {"title": "1.1 Recruitment", "page": 4, "level": 2, "label": "2"},
    ]
    assert run(lib_dir, "show", "1", "--outline", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(lib_dir, "show", "2", "--outline") == 0
    assert "  1.1 Recruitment  p. 2" in capsys.readouterr().out


def test_bad_requests_exit_with_a_reason(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "x.png")
    assert run(lib_dir, "page", "1", "1", "--dpi", "20", "-o", out) == 2
    assert run(lib_dir, "page", "1", "9", "-o", out) == 1
    assert "there is no page 9" in capsys.readouterr().err
    assert run(lib_dir, "page", "7", "1", "-o", out) == 1
    assert not Path(out).exists()


def test_a_replaced_original_draws_without_highlights_and_says_so(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.pdf"
    pages_with_text(other, ["Another document entirely."])
    with Library.open(LibraryPaths(lib_dir)) as library:
        original = library.original_path(1)
    original.chmod(0o644)
    shutil.copyfile(other, original)
    out = tmp_path / "p.png"
    assert run(lib_dir, "page", "1", "1", "-o", str(out), "--json") == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["highlights"] == []
    assert "replaced" in data["warnings"][0] and "replaced" in captured.err
    assert out.is_file()
