"""Exporting from a real library: selection, citations, errors, progress, cancel."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest

from desktop_app.core.errors import ExportError, NotFoundError
from desktop_app.core.export import ExportCancelled, ExportSpec
from desktop_app.core.library import Library
from tests.conftest import write_text
from tests.core.export.helpers import REPORT_TEXT, annotate_quote, import_one, make_pdf


@pytest.fixture
def filled(library: Library, tmp_path: Path) -> tuple[Library, int, int]:
    """A library with a text report and a PDF, highlighted and tagged."""
    report = import_one(library, write_text(tmp_path / "in" / "report.txt", REPORT_TEXT))
    study = import_one(library, make_pdf(tmp_path / "in" / "study.pdf"))
    library.update_metadata(
        report,
        title="Consultation report",
        source="Dhaka Tribune",
        published="2022-07-31",
        url="https://example.org/c",
    )
    library.update_metadata(study, title="Recruitment study", author="IOM", published="2021-05-01")
    library.set_color_meaning("yellow", "evidence")
    annotate_quote(
        library,
        report,
        "debt bondage persists in 𝔘nion camps 😀",
        note="key line",
        tags=["brief", "debt bondage"],
    )
    annotate_quote(library, report, "مكافحة الاتجار بالبشر", color="green", tags=["brief"])
    annotate_quote(library, report, "মানব পাচার রোধে", color="blue")
    annotate_quote(
        library,
        study,
        "Online recruitment through social media",
        note="for the annex",
        tags=["brief"],
    )
    return library, report, study


def test_exporting_tagged_highlights_cites_pdf_pages_and_text_paragraphs(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, _, _ = filled
    out = tmp_path / "brief.md"
    result = library.export(ExportSpec(format="md", tag="brief"), out)
    assert result.to_json() == {"path": str(out), "format": "md", "excerpts": 3}
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Highlights tagged “brief”")
    assert "(IOM, 2021-05-01, p. 2)" in text  # the PDF's page
    assert "(Dhaka Tribune, 2022-07-31, para. 2)" in text  # the text's paragraph
    assert "Colour: yellow (evidence)" in text
    assert "মানব পাচার রোধে" not in text  # untagged highlight left out


def test_exporting_several_documents_keeps_the_order_they_were_asked_in(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, report, study = filled
    out = tmp_path / "two.md"
    library.export(ExportSpec(format="md", doc_ids=[study, report]), out)
    text = out.read_text(encoding="utf-8")
    assert text.index("## Recruitment study") < text.index("## Consultation report")
    assert text.count("\n> ") == 4


def test_colour_and_query_select_highlights(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, _, _ = filled
    out = tmp_path / "green.csv"
    assert library.export(ExportSpec(format="csv", color="green"), out).excerpts == 1
    out2 = tmp_path / "q.csv"
    assert library.export(ExportSpec(format="csv", query="ANNEX recruitment"), out2).excerpts == 1
    assert "Online recruitment" in out2.read_text(encoding="utf-8-sig")


def test_word_export_of_three_documents_reads_like_an_annex(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, _, _ = filled
    out = tmp_path / "annex.docx"
    library.export(ExportSpec(format="docx", tag="brief", citation="footnote"), out)
    document = docx.Document(str(out))
    assert document.paragraphs[0].style.name == "Title"
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes[0] == "debt bondage persists in 𝔘nion camps 😀"
    assert "Online recruitment through social media" in quotes


def test_an_existing_file_is_refused_unless_forced(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, _, _ = filled
    out = tmp_path / "x.html"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists; use --force"):
        library.export(ExportSpec(format="html"), out)
    assert out.read_text(encoding="utf-8") == "keep me"
    library.export(ExportSpec(format="html"), out, force=True)
    assert "<!DOCTYPE html>" in out.read_text(encoding="utf-8")


def test_an_unwritable_folder_is_an_export_error_naming_the_path(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    from tests.unprivileged import is_root, run_as_nobody, shared_tmp

    library, _, _ = filled
    locked = (shared_tmp() if is_root() else tmp_path) / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if not is_root():
            with pytest.raises(ExportError, match=str(locked / "x.pdf")):
                library.export(ExportSpec(format="pdf"), locked / "x.pdf")
            return
        # As root, permission bits stop nobody: run the same export as user nobody.
        result = run_as_nobody(
            "import tempfile\n"
            "from pathlib import Path\n"
            "from desktop_app.core.errors import ExportError\n"
            "from desktop_app.core.export.model import ExportSpec\n"
            "from desktop_app.core.library import Library\n"
            "from desktop_app.core.paths import LibraryPaths\n"
            "work = Path(tempfile.mkdtemp())\n"
            "(work / 'r.txt').write_text('The report on debt bondage.\\n', encoding='utf-8')\n"
            "with Library.open(LibraryPaths(work / 'lib')) as lib:\n"
            "    [r] = lib.import_paths([work / 'r.txt'])\n"
            "    lib.annotate_quote(r.doc_id, 'debt bondage')\n"
            "    try:\n"
            f"        lib.export(ExportSpec(format='pdf'), Path({str(locked / 'x.pdf')!r}))\n"
            "    except ExportError as exc:\n"
            "        print('ExportError:', exc)\n"
        )
        assert f"ExportError: {locked / 'x.pdf'}" in result.stdout or (
            "ExportError:" in result.stdout and str(locked) in result.stdout
        ), result.stdout + result.stderr
        assert not (locked / "x.pdf").exists()
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_missing_folder_is_an_export_error(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, _, _ = filled
    with pytest.raises(ExportError, match="does not exist"):
        library.export(ExportSpec(format="md"), tmp_path / "nope" / "x.md")


def test_a_failing_writer_leaves_neither_target_nor_temporary_file(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, _, _ = filled
    out = tmp_path / "x.json"
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1  # stop after the first excerpt

    with pytest.raises(ExportCancelled):
        library.export(ExportSpec(format="json"), out, cancel=cancel)
    assert list(tmp_path.glob("*x.json*")) == []


def test_progress_reaches_the_total(filled: tuple[Library, int, int], tmp_path: Path) -> None:
    library, _, _ = filled
    seen: list[tuple[int, int]] = []
    library.export(
        ExportSpec(format="xlsx"),
        tmp_path / "p.xlsx",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (4, 4)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_unknown_or_trashed_documents_are_clear_errors(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, report, _ = filled
    with pytest.raises(NotFoundError):
        library.export(ExportSpec(format="md", doc_ids=[999]), tmp_path / "a.md")
    library.trash_documents([report])
    with pytest.raises(NotFoundError, match="in the trash"):
        library.export(ExportSpec(format="md", doc_ids=[report]), tmp_path / "a.md")
    # Exporting everything simply leaves the trashed document out.
    result = library.export(ExportSpec(format="json"), tmp_path / "b.json")
    assert result.excerpts == 1
    assert not (tmp_path / "a.md").exists()


def test_bad_options_are_export_errors(filled: tuple[Library, int, int], tmp_path: Path) -> None:
    library, _, _ = filled
    for spec in (
        ExportSpec(format="odt"),
        ExportSpec(format="md", group_by="colour"),
        ExportSpec(format="md", citation="apa"),
        ExportSpec(format="md", sort="size"),
    ):
        with pytest.raises(ExportError):
            library.export(spec, tmp_path / "bad.out")
    assert not (tmp_path / "bad.out").exists()


def test_json_targets_the_original_files_hash(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, report, _ = filled
    out = tmp_path / "w3c.json"
    library.export(ExportSpec(format="json", doc_ids=[report]), out)
    items = json.loads(out.read_text(encoding="utf-8"))["first"]["items"]
    sha = library.document(report).sha256
    assert {i["target"]["source"] for i in items} == {f"urn:sha256:{sha}"}
    text = library.get_document(report).text
    for item in items:
        position = next(
            s for s in item["target"]["selector"] if s["type"] == "TextPositionSelector"
        )
        quote = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        assert text[position["start"] : position["end"]] == quote["exact"]


def test_a_folder_no_one_may_write_is_an_export_error_naming_the_path(
    filled: tuple[Library, int, int],
) -> None:
    """/proc refuses new files even to root: the error names the target."""
    library, _, _ = filled
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc on this system")
    with pytest.raises(ExportError, match=r"/proc/sourcebook-export\.md: cannot write"):
        library.export(ExportSpec(format="md"), Path("/proc/sourcebook-export.md"))


def test_chosen_highlights_export_by_id(filled: tuple[Library, int, int], tmp_path: Path) -> None:
    library, report, _ = filled
    chosen = [a.id for a in library.annotations(report)][:2]
    out = tmp_path / "chosen.csv"
    assert library.export(ExportSpec(format="csv", annotation_ids=chosen), out).excerpts == 2


def test_temporary_files_of_a_killed_export_are_swept_later(
    filled: tuple[Library, int, int], tmp_path: Path
) -> None:
    library, _, _ = filled
    stale = tmp_path / ".sourcebook-export-abc123.part"
    fresh = tmp_path / ".sourcebook-export-def456.part"
    stale.write_text("half", encoding="utf-8")
    fresh.write_text("in progress elsewhere", encoding="utf-8")
    os.utime(stale, (1, 1))
    library.export(ExportSpec(format="md"), tmp_path / "x.md")
    assert not stale.exists()
    assert fresh.exists()  # may belong to an export still running
