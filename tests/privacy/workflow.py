"""The whole Sourcebook workflow, run by tests/privacy/test_no_network.py.

Imports every format, reads each document, highlights, searches, extracts
statements and exports every format. Prints "workflow ok" at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.core.export.model import ExportSpec
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.format_samples import make_all

EXPORT_FORMATS = ("md", "docx", "pdf", "html", "csv", "xlsx", "json")


def main(work: Path) -> None:
    samples = make_all(work / "in")
    with Library.open(LibraryPaths(work / "lib")) as library:
        results = library.import_paths(sorted(samples.values()))
        failed = [r for r in results if r.status != "imported"]
        assert not failed, failed
        for doc_id in library.document_ids():
            document = library.get_document(doc_id)
            position = document.text.find("debt bondage")
            assert position >= 0, document.summary.title
            library.annotate(
                doc_id, position, position + len("debt bondage"), note="privacy", tags=["brief"]
            )
        assert library.search("debt bondage").total >= len(samples)
        library.extract_statements()
        library.statements()
        for fmt in EXPORT_FORMATS:
            library.export(ExportSpec(format=fmt, tag="brief"), work / f"out.{fmt}")
        _read_in_the_gui(library)
    print("workflow ok")


def _read_in_the_gui(library: Library) -> None:
    """Open every document in the real reader (offscreen)."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.reader.pane import ReaderPane

    app = QApplication.instance() or QApplication([])
    reader = ReaderPane()
    reader.resize(900, 700)
    reader.show()
    for doc_id in library.document_ids():
        reader.show_document(library.get_document(doc_id), library.annotations(doc_id))
        app.processEvents()
    reader.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
