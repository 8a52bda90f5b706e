"""The Word export opens in a real office suite, footnotes and all (skips without LibreOffice)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest

from desktop_app.core.export import write_export
from tests.core.export.samples import excerpts

pytestmark = pytest.mark.slow


def test_libreoffice_renders_word_footnotes_at_the_foot_of_the_page(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "annex.docx"
    write_export(excerpts(), source, format="docx", citation="footnote", title="Annex")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = pypdfium2.PdfDocument(str(tmp_path / "annex.pdf"))
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    flat = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f]", "", text).split())
    # The footnote texts come after the last quote on the page: they are real footnotes.
    assert flat.index("Trafficking in Persons Report”, Dhaka Tribune, 31 July 2022, p. 4") > (
        flat.index("across two lines")
    )
    assert "(accessed 2 November 2026)" in flat
