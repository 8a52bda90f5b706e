"""`check --repair` recomputes titles chosen by older rules, never one the user set."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from desktop_app.core.check import check_library
from desktop_app.core.importers.titles import TITLE_RULES_VERSION
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store import retitle_repo

BODY = (
    "Workers recruited through informal agents described fees of several months' wages "
    "and passports kept by employers. "
) * 6


def _paper(path: Path, title: str, metadata_title: str) -> Path:
    pdf = FPDF()
    pdf.set_title(metadata_title)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=22)
    pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _older_library(tmp_path: Path) -> tuple[LibraryPaths, int, int]:
    """A library as older rules left it: an artefact title, and one the user edited."""
    paths = LibraryPaths(tmp_path / "lib")
    with Library.open(paths) as library:
        results = library.import_paths(
            [
                _paper(tmp_path / "10811.pdf", "Creativity in Machine Learning", "10811.exe"),
                _paper(tmp_path / "brief.pdf", "Recruitment Fees", "brief"),
            ]
        )
        artefact, edited = (r.doc_id for r in results)
        assert artefact is not None and edited is not None
        library.update_metadata(edited, title="My name for the brief")
        # What the older rules stored, and a library that has never been re-titled.
        library.context.db.execute(
            "UPDATE documents SET title = '10811.exe', author = 'ARRAY(0x2c7cf020)' WHERE id = ?",
            [artefact],
        )
        library.context.db.execute("DELETE FROM settings WHERE key = 'title_rules'")
        library.context.db.conn.commit()
    return paths, artefact, edited


def test_check_reports_titles_from_older_rules_and_repair_recomputes_them(
    tmp_path: Path,
) -> None:
    paths, artefact, edited = _older_library(tmp_path)
    with Library.open(paths) as library:
        report = check_library(library)
        assert [p["kind"] for p in report.problems] == ["titles"] and not report.ok
        assert library.document(artefact).title == "10811.exe"  # reporting changes nothing

        repaired = check_library(library, repair=True)
        assert repaired.ok
        assert library.document(artefact).title == "Creativity in Machine Learning"
        assert library.document(artefact).author is None
        assert library.document(edited).title == "My name for the brief"
        hits = library.search("creativity", kind="document").hits
        assert [hit.doc_id for hit in hits] == [artefact]

        assert retitle_repo.title_rules_version(library.context.db) == TITLE_RULES_VERSION
        again = check_library(library)
        assert again.ok and again.problems == []


def test_a_new_librarys_imports_need_no_retitling(tmp_path: Path) -> None:
    paths = LibraryPaths(tmp_path / "lib")
    with Library.open(paths) as library:
        library.import_paths([_paper(tmp_path / "a.pdf", "Labour Migration Outlook", "")])
        assert check_library(library).problems == []


def test_a_read_only_library_only_reports_older_titles(tmp_path: Path) -> None:
    paths, artefact, _ = _older_library(tmp_path)
    with Library.open(paths), Library.open(paths, writer=False) as reader:
        assert reader.read_only
        report = check_library(reader, repair=True)
        assert [p["kind"] for p in report.problems] == ["titles"] and not report.ok
        assert reader.document(artefact).title == "10811.exe"
