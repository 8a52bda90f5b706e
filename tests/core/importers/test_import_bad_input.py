"""Bad input: every bad file raises ImportFailed with a plain reason, nothing else."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import import_file, limits, ziplimits


def reason_for(path: Path) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_file(path)
    assert caught.value.path == str(path)
    assert caught.value.reason
    return caught.value.reason


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert reason_for(path) == "empty file (0 bytes)"


def test_binary_data_renamed_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "program.txt"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    assert reason_for(path) == "not a text file: it looks like binary data"


def test_damaged_png_renamed_txt_is_refused_as_a_damaged_image(tmp_path: Path) -> None:
    """Images are recognised by content (they import as scanned pages), whatever the name."""
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert reason_for(path) == "not an image Sourcebook can read"


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    assert reason_for(tmp_path / "nope.txt") == "no such file"
    assert reason_for(tmp_path) == "not a regular file"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    """A file the user may not read is refused with that reason (as root: checked as nobody)."""
    from tests.unprivileged import is_root, run_as_nobody, shared_tmp

    folder = shared_tmp() if is_root() else tmp_path
    path = folder / "locked.txt"
    path.write_text("secret text", "utf-8")
    path.chmod(0)
    try:
        if not is_root():
            assert reason_for(path) == "cannot be read: permission denied"
            return
        result = run_as_nobody(
            "from pathlib import Path\n"
            "from desktop_app.core.errors import ImportFailed\n"
            "from desktop_app.core.importers import import_file\n"
            "try:\n"
            f"    import_file(Path({str(path)!r}))\n"
            "except ImportFailed as exc:\n"
            "    print(exc.reason)\n"
        )
        assert result.stdout.strip() == "cannot be read: permission denied", result.stderr
    finally:
        path.chmod(0o600)


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300_000)
    assert reason_for(path).startswith("too large: 1 MB (the limit is 1 MB)")


def test_corrupt_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x14\x00garbage" * 50)
    assert reason_for(path).startswith("damaged zip archive")


def test_zip_that_is_no_document_is_refused(tmp_path: Path, make_zip) -> None:
    path = make_zip(tmp_path / "photos.zip", {"a.jpg": b"x"})
    assert "not a Word, EPUB or OpenDocument file" in reason_for(path)


def test_highly_compressed_member_is_a_zip_bomb(tmp_path: Path, make_zip) -> None:
    path = make_zip(
        tmp_path / "bomb.docx",
        {"word/document.xml": b"<w:document/>", "word/media/zeros.bin": b"\x00" * (4 << 20)},
    )
    reason = reason_for(path)
    assert reason.startswith("looks like a zip bomb:")
    assert "compressed" in reason


def test_too_many_members_is_a_zip_bomb(
    tmp_path: Path, make_zip, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ziplimits, "MAX_MEMBERS", 20)
    members: dict[str, bytes | str] = {"mimetype": "application/epub+zip"}
    members |= {f"OEBPS/{n}.xhtml": b"<p/>" for n in range(30)}
    path = make_zip(tmp_path / "many.epub", members)
    assert reason_for(path) == "looks like a zip bomb: 31 members"


def test_member_larger_than_its_header_says_is_caught(tmp_path: Path, make_zip) -> None:
    path = make_zip(tmp_path / "liar.epub", {"mimetype": "application/epub+zip"})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("META-INF/container.xml", b"<container/>" * 10)
    data = bytearray(path.read_bytes())
    # Shrink the declared size of container.xml in its central-directory entry.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    reason = reason_for(path)
    assert "larger than it says" in reason or "damaged" in reason


def test_legacy_cyrillic_encoding_is_detected(tmp_path: Path) -> None:
    text = (
        "Торговля людьми является тяжким преступлением. Правительство обещает принять "
        "строгие меры против торговцев людьми и помочь пострадавшим."
    )
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("koi8-r"))
    assert import_file(path).text == text
