"""The command line for PDF interchange: export --format pdf-annotated, import --with-annotations,
import-annotations FILE.pdf and settings --author."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.render import shutdown_renderer
from tests.conftest import write_text
from tests.core.export.pdf_samples import TWO_LINES, pdfium_annotations, report_pdf


@pytest.fixture(autouse=True, scope="module")
def _stop_shared_helpers() -> Iterator[None]:
    yield
    shutdown_renderer()
    shutdown_worker()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    with Library.open(LibraryPaths(root)) as library:
        [pdf] = library.import_paths([report_pdf(tmp_path / "in" / "report.pdf")])
        assert pdf.doc_id == 1
        library.annotate_quote(1, TWO_LINES, note="two lines", tags=["brief"])
        [text] = library.import_paths([write_text(tmp_path / "in" / "t.txt", "debt bondage")])
        library.annotate_quote(text.doc_id or 0, "debt bondage")
    return root


def test_export_pdf_annotated_prints_the_usual_json_and_uses_author(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = str(lib_dir)
    assert run(capsys, "--library", lib, "settings", "--author", "  Amina   Rahman ")[0] == 0
    code, out, _ = run(capsys, "--library", lib, "settings", "--json")
    assert (code, json.loads(out)) == (0, {"author": "Amina Rahman"})
    target = tmp_path / "with-highlights.pdf"
    code, out, err = run(
        capsys, "--library", lib, "export", "--format", "pdf-annotated", "--doc", "1",
        "-o", str(target), "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == {"path": str(target), "format": "pdf-annotated", "excerpts": 1}
    [written] = pdfium_annotations(target)
    assert written.strings["T"] == "Amina Rahman"


def test_export_pdf_annotated_of_a_text_document_fails_in_one_line(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.pdf"
    code, _out, err = run(
        capsys, "--library", str(lib_dir), "export", "--format", "pdf-annotated", "--doc", "2",
        "-o", str(target),
    )  # fmt: skip
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "not a PDF (txt)" in err
    assert not target.exists()
    code, _out, err = run(
        capsys, "--library", str(lib_dir), "export", "--format", "pdf-annotated", "-o", str(target)
    )
    assert code == 1 and "choose one (--doc ID)" in err


def test_import_with_annotations_then_import_annotations_reports_counts(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "with-highlights.pdf"
    assert run(
        capsys, "--library", str(lib_dir), "export", "--format", "pdf-annotated", "--doc", "1",
        "-o", str(target),
    )[0] == 0  # fmt: skip
    fresh = str(tmp_path / "fresh")
    code, out, err = run(
        capsys, "--library", fresh, "import", str(target), "--with-annotations", "--json"
    )
    assert code == 0, err
    [row] = json.loads(out)
    assert row["status"] == "imported"
    assert row["annotations"] == {"imported": 1, "duplicates": 0, "unplaced": 0}
    code, out, _ = run(capsys, "--library", fresh, "import-annotations", str(target), "--json")
    assert (code, json.loads(out)) == (0, {"imported": 0, "duplicates": 1, "unplaced": 0})
    # Without the option, import leaves a PDF's annotations where they are.
    other = str(tmp_path / "other")
    code, out, _ = run(capsys, "--library", other, "import", str(target), "--json")
    assert "annotations" not in json.loads(out)[0]
    code, out, _ = run(capsys, "--library", other, "annotations", "--json")
    assert json.loads(out) == []


def test_import_annotations_of_a_pdf_without_a_match_fails_in_one_line(
    lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = report_pdf(tmp_path / "plain.pdf")
    code, _out, err = run(capsys, "--library", str(lib_dir), "import-annotations", str(plain))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "holds no highlight" in err
