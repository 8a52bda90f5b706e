"""``sourcebook search`` and ``sourcebook reindex`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.core.search.helpers import add_document

REPORT = (
    "date 2022-07-31 Home Minister Asaduzzaman Khan Kamal said the government has a "
    "zero-tolerance policy on human trafficking."
)


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    with Library.open(LibraryPaths(root)) as library:
        add_document(library.context.db, REPORT, title="Dhaka consultation", published="2022-07-31")
        add_document(
            library.context.db, "Debt bondage in brick kilns.", title="Kilns", published="2021"
        )
    return root  # the index jobs are still pending: search must apply them


def test_search_json_prints_total_facets_and_hits(
    lib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--library", str(lib_dir), "search", '"zero-tolerance policy"', "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1
    assert data["facets"]["year"] == {"2022": 1}
    hit = data["hits"][0]
    assert hit["kind"] == "document" and hit["annotation_id"] is None
    assert "<b>policy</b>" in hit["snippet"]
    assert REPORT[hit["offset"] :].startswith("zero")


def test_search_prints_readable_hits_with_marked_terms(
    lib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(lib_dir), "search", "bondage", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 match\n")
    assert "[document] Kilns (doc 2, offset 5)" in out
    assert "Debt [bondage] in brick kilns." in out


def test_search_kind_filter_and_no_matches(
    lib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(lib_dir), "search", "bondage", "--kind", "statement"]) == 0
    assert capsys.readouterr().out.startswith("0 matches")


@pytest.mark.parametrize("query", ["", "colour:green", "date:July", "*ing"])
def test_a_malformed_query_is_one_line_on_stderr_and_exit_2(
    lib_dir: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert main(["--library", str(lib_dir), "search", query]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sourcebook: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_reindex_rebuilds_a_deleted_index(
    lib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(lib_dir), "reindex", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"indexed": 2}
    import shutil

    shutil.rmtree(lib_dir / "index")
    assert main(["--library", str(lib_dir), "reindex"]) == 0
    assert capsys.readouterr().out == "indexed 2 records\n"
    assert main(["--library", str(lib_dir), "search", "kilns", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
