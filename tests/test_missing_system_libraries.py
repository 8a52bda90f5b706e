"""A system without Qt's libraries gets a message naming what to install, not a Qt abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.qt_platform import qt_import_problem

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux shared libraries")
def test_a_broken_egl_library_is_named_with_its_package(tmp_path: Path) -> None:
    """libEGL unloadable (here: an empty file found first): exit 1 and the apt command."""
    fake = tmp_path / "lib"
    fake.mkdir()
    (fake / "libEGL.so.1").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--library", str(tmp_path / "library")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={
            **os.environ,
            "LD_LIBRARY_PATH": str(fake),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
        },
    )
    assert result.returncode == 1
    assert "system library libEGL.so.1 cannot be loaded" in result.stderr
    assert "sudo apt-get install libegl1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "library").exists(), "nothing is created when no window can start"


def test_an_unknown_missing_library_is_still_named() -> None:
    message = qt_import_problem(
        ImportError("libfoo.so.3: cannot open shared object file: No such file or directory")
    )
    assert "libfoo.so.3 cannot be loaded" in message
    assert "Install the system package that provides it" in message


def test_another_import_error_says_to_reinstall() -> None:
    message = qt_import_problem(ImportError("No module named 'PySide6'"))
    assert "Qt cannot start" in message and "Reinstall" in message


def _exported_pdf_text(library: object, tmp_path: Path, text: str) -> str:
    import pypdfium2

    from desktop_app.core.export.model import ExportSpec

    source = tmp_path / "report.txt"
    source.write_text(text, encoding="utf-8")
    [result] = library.import_paths([source])  # type: ignore[attr-defined]
    library.annotate_quote(result.doc_id, text.split("\n")[0])  # type: ignore[attr-defined]
    out = tmp_path / "out.pdf"
    library.export(ExportSpec(format="pdf"), out)  # type: ignore[attr-defined]
    pdf = pypdfium2.PdfDocument(out)
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in pdf)
    finally:
        pdf.close()


def test_a_pdf_export_says_when_chinese_is_left_out_for_want_of_a_font(
    library: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.core.export.writers import pdf as pdf_writer

    monkeypatch.setattr(pdf_writer, "system_cjk_font", lambda: None)
    text = _exported_pdf_text(library, tmp_path, "人权组织 report on migrant workers\n")
    assert "no CJK font is installed" in " ".join(text.split())
    assert "fonts-noto-cjk" in text


def test_a_pdf_export_without_cjk_text_has_no_such_note(
    library: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.core.export.writers import pdf as pdf_writer

    monkeypatch.setattr(pdf_writer, "system_cjk_font", lambda: None)
    text = _exported_pdf_text(library, tmp_path, "A report on migrant workers\n")
    assert "CJK" not in text
