"""W3C Web Annotation JSON round-trips into a fresh library, without duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.errors import ImportFailed
from desktop_app.core.export import ExportSpec
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.conftest import write_text
from tests.core.export.helpers import REPORT_TEXT, annotate_quote, import_one, make_pdf


def _highlights(library: Library) -> list[tuple[str, str, tuple[str, ...], str]]:
    return sorted((a.exact, a.note, a.tags, a.color) for a in library.annotations())


@pytest.fixture
def exported(library: Library, tmp_path: Path) -> tuple[Library, Path, Path, Path]:
    """A library with highlights in a text and a PDF, exported as W3C JSON."""
    report = write_text(tmp_path / "in" / "report.txt", REPORT_TEXT)
    study = make_pdf(tmp_path / "in" / "study.pdf")
    r, s = import_one(library, report), import_one(library, study)
    annotate_quote(
        library,
        r,
        "debt bondage persists in 𝔘nion camps 😀",
        note="key line",
        tags=["brief", "debt bondage"],
        color="pink",
    )
    annotate_quote(library, r, "مكافحة الاتجار بالبشر", note="ملاحظة", tags=["brief"])
    annotate_quote(library, r, "মানব পাচার রোধে", color="blue")
    annotate_quote(library, s, "social media", tags=["online recruitment"])
    out = tmp_path / "w3c.json"
    library.export(ExportSpec(format="json"), out)
    return library, out, report, study


def _fresh(tmp_path: Path, name: str) -> Library:
    return Library.open(LibraryPaths(tmp_path / name))


def test_json_round_trips_into_a_fresh_library_with_the_same_highlights(
    exported: tuple[Library, Path, Path, Path], tmp_path: Path
) -> None:
    library, out, report, study = exported
    with _fresh(tmp_path, "fresh") as fresh:
        import_one(fresh, report)
        import_one(fresh, study)
        result = fresh.import_annotations(out)
        assert result.to_json() == {"imported": 4, "duplicates": 0, "unplaced": 0}
        assert _highlights(fresh) == _highlights(library)
        again = fresh.import_annotations(out)
        assert again.to_json() == {"imported": 0, "duplicates": 4, "unplaced": 0}
        assert len(fresh.annotations()) == 4


def test_documents_are_found_by_title_or_by_quote_when_the_file_differs(
    exported: tuple[Library, Path, Path, Path], tmp_path: Path
) -> None:
    _, out, _, _ = exported
    with _fresh(tmp_path, "edited") as fresh:
        # The same report saved again with an extra line: another hash, same quotes.
        edited = write_text(tmp_path / "in2" / "report-v2.txt", "Preface added.\n\n" + REPORT_TEXT)
        doc_id = import_one(fresh, edited)
        result = fresh.import_annotations(out)
        assert result.imported == 3  # the PDF is not in this library
        assert result.unplaced == 1
        text = fresh.get_document(doc_id).text
        for a in fresh.annotations():
            assert text[a.start : a.end] == a.exact


def test_a_document_found_by_title_places_the_quote_in_it(
    exported: tuple[Library, Path, Path, Path], tmp_path: Path
) -> None:
    _, out, _, _ = exported
    data = json.loads(out.read_text(encoding="utf-8"))
    item = data["first"]["items"][0]
    item["target"]["source"] = "urn:sha256:" + "0" * 64
    item["target"]["dc:title"] = "Renamed report"
    data["first"]["items"] = [item]
    edited = tmp_path / "one.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    with _fresh(tmp_path, "bytitle") as fresh:
        doc_id = import_one(fresh, write_text(tmp_path / "in3" / "r.txt", "x\n\n" + REPORT_TEXT))
        fresh.update_metadata(doc_id, title="Renamed report")
        assert fresh.import_annotations(edited).imported == 1


def test_a_file_that_is_not_json_is_refused_with_its_name(library: Library, tmp_path: Path) -> None:
    bad = write_text(tmp_path / "bad.json", "{not json")
    with pytest.raises(ImportFailed, match=r"bad\.json: not a JSON file"):
        library.import_annotations(bad)
    empty = write_text(tmp_path / "empty.json", "[]")
    with pytest.raises(ImportFailed, match="holds no W3C Web Annotations"):
        library.import_annotations(empty)
    with pytest.raises(ImportFailed, match="cannot read"):
        library.import_annotations(tmp_path / "missing.json")


def test_a_plain_list_of_annotations_from_another_tool_is_accepted(
    library: Library, tmp_path: Path
) -> None:
    doc_id = import_one(library, write_text(tmp_path / "r.txt", REPORT_TEXT))
    items = [
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "Annotation",
            "id": "urn:x:1",
            "body": {"type": "TextualBody", "value": "from Hypothesis"},
            "target": {
                "source": "https://example.org/r",
                "selector": {"type": "TextQuoteSelector", "exact": "near the border"},
            },
        },
        {"type": "Annotation", "target": "https://example.org/no-selector"},
    ]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = library.import_annotations(path)
    assert (result.imported, result.duplicates, result.unplaced) == (1, 0, 1)
    [a] = library.annotations(doc_id)
    assert (a.exact, a.note, a.color) == ("near the border", "from Hypothesis", "yellow")
