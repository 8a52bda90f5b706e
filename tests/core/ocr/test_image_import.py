"""Images as documents: formats recognised by content, bad images refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import import_file
from desktop_app.core.importers.guarded import import_file_guarded
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.core.ocr.scans import page_image, save_png


def reason(path: Path) -> str:
    with pytest.raises(ImportFailed) as failed:
        import_file_guarded(path)
    return failed.value.reason


@pytest.mark.parametrize(("name", "fmt"), [("a.png", "PNG"), ("b.jpg", "JPEG"), ("c.tif", "TIFF")])
def test_png_jpeg_and_tiff_import_as_one_empty_page_each(
    tmp_path: Path, name: str, fmt: str
) -> None:
    path = tmp_path / name
    page_image().save(path, fmt)  # type: ignore[attr-defined]
    renamed = path.rename(tmp_path / f"scan-{fmt}.dat")  # chosen by content, not name
    doc = import_file(renamed)
    assert doc.kind == "image" and doc.text == "" and doc.page_starts == [0]
    assert doc.metadata.title == f"scan-{fmt}"


def test_an_image_of_20000_by_20000_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("1", (20_000, 20_000), 1).save(path)  # a real image: 90 KB on disk, 400 Mpx
    assert path.stat().st_size < 1_000_000
    message = reason(path)
    assert message.startswith("image too large: 20,000 × 20,000 pixels")
    assert "decompression bombs" in message


def test_a_truncated_png_is_refused_as_damaged(tmp_path: Path) -> None:
    whole = save_png(tmp_path / "whole.png", page_image())
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert reason(cut).startswith("damaged or truncated image")


def test_a_truncated_jpeg_is_refused_as_damaged(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    page_image().save(whole, "JPEG")  # type: ignore[attr-defined]
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[:3000])
    assert reason(cut).startswith("damaged or truncated image")


def test_a_corrupt_png_is_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 100)
    good = tmp_path / "note.txt"
    good.write_text("A note that imports.\n", encoding="utf-8")
    with Library.open(LibraryPaths(tmp_path / "lib")) as library:
        results = library.import_paths([bad, good])
        assert [r.status for r in results] == ["failed", "imported"]
        assert (results[0].reason or "").startswith("damaged image")
        assert len(library.documents()) == 1


def test_a_tiff_with_a_damaged_second_page_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "two.tiff"
    page_image().save(  # type: ignore[attr-defined]
        path, save_all=True, append_images=[page_image()], compression="tiff_lzw"
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 2000])
    assert reason(path).startswith("damaged or truncated image")
