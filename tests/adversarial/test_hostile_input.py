"""Hostile text, names and queries: one bad file never aborts a batch, output stays safe.

Issue 17, item 4 (lone surrogates aborting a batch) and the low items: escape
sequences in file names, nested brackets in a query, deep or broken JSON in
import-annotations, spreadsheet formulas in a CSV export, a 250-byte export name.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import pytest

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.adversarial.attack import Filled, filled_library, lib_args, sb

# An RTF writer spells an emoji as the two halves of its UTF-16 surrogate pair.
EMOJI_RTF = (
    r"{\rtf1\ansi\ansicpg1252 Hello \u55357?\u56832? world, \u-10179?\u-8704? again. "
    r"A lone half \u55357? here.}"
)


@pytest.fixture
def filled(tmp_path: Path) -> Filled:
    return filled_library(tmp_path)


@pytest.mark.skipif(sys.platform == "win32", reason="file names are UTF-16 on Windows")
def test_surrogates_and_odd_names_never_abort_a_batch(tmp_path: Path) -> None:
    """An RTF with an emoji, a file name that is not UTF-8 and one with escape
    sequences, among good files: every file gets its line, all are imported."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-first.txt").write_text("title: First\n\nFirst report.\n", encoding="utf-8")
    (folder / "emoji.rtf").write_text(EMOJI_RTF, encoding="ascii")
    os.close(os.open(os.fsencode(folder) + b"/latin-\xe9.txt", os.O_CREAT | os.O_WRONLY))
    Path(os.fsdecode(os.fsencode(folder) + b"/latin-\xe9.txt")).write_text(
        "title: Latin\n\nA name in Latin-1.\n", encoding="utf-8"
    )
    (folder / "evil\x1b]0;owned\x07\x1b[2J.txt").write_text("Escapes in the name.\n")
    (folder / "z-last.txt").write_text("title: Last\n\nLast report.\n", encoding="utf-8")
    paths = LibraryPaths(tmp_path / "lib")
    run = sb(lib_args(paths, "import", str(folder), "--json"))
    assert run.code == 0, run
    results = run.json()
    assert [r["status"] for r in results] == ["imported"] * 5  # type: ignore[union-attr]
    assert "\x1b" not in run.out and "\\u001b" in run.out
    assert any("latin-\ufffd.txt" in r["path"] for r in results)  # type: ignore[union-attr]
    text = sb(lib_args(paths, "import", str(folder)))
    assert "\x1b" not in text.out + text.err and "\x07" not in text.out
    with Library.open(paths) as library:
        emoji = next(d for d in library.documents() if d.kind == "rtf")
        assert library.get_document(emoji.id).text == (
            "Hello 😀 world, 😀 again. A lone half \ufffd here."
        )
    assert sb(lib_args(paths, "check")).code == 0


def test_latin1_arguments_are_stored_with_a_replacement_character(filled: Filled) -> None:
    """`edit --title`, `annotate --note` and `statement add --speaker` with bytes that
    are not UTF-8."""
    latin = os.fsdecode(b"caf\xe9")  # what Python makes of a Latin-1 argument
    doc = str(filled.doc_ids[1])
    assert sb(lib_args(filled.paths, "edit", doc, "--title", latin)).code == 0
    made = sb(lib_args(filled.paths, "annotate", doc, "--quote", "debt", "--note", latin))
    assert made.code == 0
    shown = sb(lib_args(filled.paths, "show", doc, "--json")).json()
    assert shown["title"] == "caf\ufffd"  # type: ignore[index]
    notes = sb(lib_args(filled.paths, "annotations", doc, "--json")).json()
    assert notes[0]["note"] == "caf\ufffd"  # type: ignore[index]
    search = sb(lib_args(filled.paths, "search", latin))
    assert search.code == 0
    said = sb(
        lib_args(
            filled.paths,
            "statement",
            "add",
            doc,
            "--start",
            "0",
            "--end",
            "9",
            "--speaker",
            latin,
            "--json",
        )
    )
    assert said.code == 0 and said.json()["speaker"] == "caf\ufffd"  # type: ignore[index]
    assert sb(lib_args(filled.paths, "statements", "--speaker", latin)).code == 0


def test_titles_with_escape_sequences_reach_the_terminal_escaped(filled: Filled) -> None:
    title = "Report \x1b]0;owned\x07\x1b[31mred\x9b2J"
    assert sb(lib_args(filled.paths, "edit", "1", "--title", title)).code == 0
    for command in (["list"], ["show", "1"], ["search", "debt"], ["trash"]):
        run = sb(lib_args(filled.paths, *command))
        assert not any(c in run.out for c in "\x1b\x07\x9b"), run.out
    listed = sb(lib_args(filled.paths, "list", "--json"))
    assert json.loads(listed.out)[-1]["title"] == title  # JSON keeps the data, escaped


def test_deeply_nested_queries_are_refused_in_one_line(filled: Filled) -> None:
    for query in ("(" * 990 + "debt" + ")" * 990, "[" * 500 + "a", "NOT " * 450 + "debt"):
        run = sb(lib_args(filled.paths, "search", query))
        assert run.code in (0, 2), run
        if run.code:
            assert run.one_line_error


def test_import_annotations_with_deep_or_broken_json_says_why(
    filled: Filled, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run = sb(lib_args(filled.paths, "import-annotations", str(deep)))
    assert run.code == 1 and "nested too deeply" in run.one_line_error
    lone = tmp_path / "lone.json"
    lone.write_text(
        json.dumps(
            [
                {
                    "type": "Annotation",
                    "body": [
                        {"type": "TextualBody", "value": "\udce9 note", "purpose": "commenting"}
                    ],
                    "target": {"selector": [{"type": "TextQuoteSelector", "exact": "More text"}]},
                }
            ]
        ),
        encoding="utf-8",
    )
    run = sb(lib_args(filled.paths, "import-annotations", str(lone), "--json"))
    assert run.code == 0 and run.json()["imported"] == 1  # type: ignore[index]


def test_csv_export_neutralises_spreadsheet_formulas(filled: Filled, tmp_path: Path) -> None:
    doc = str(filled.doc_ids[2])
    for note in ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3"):
        made = sb(lib_args(filled.paths, "annotate", doc, "--quote", "debt", f"--note={note}"))
        assert made.code == 0, made
    out = tmp_path / "x.csv"
    assert sb(lib_args(filled.paths, "export", "--format", "csv", "-o", str(out))).code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert '\'=HYPERLINK("http://x","y")' in cells and "'-2+3" in cells


def test_an_export_name_of_the_longest_legal_length_works(filled: Filled, tmp_path: Path) -> None:
    name = "x" * 246 + ".csv"  # 250 bytes; the temporary name used to be longer
    out = tmp_path / name
    run = sb(lib_args(filled.paths, "export", "--format", "csv", "-o", str(out)))
    assert run.code == 0, run
    assert out.exists() and not list(tmp_path.glob(".sourcebook-export-*"))
