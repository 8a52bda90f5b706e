"""The statements, speakers and statement commands, run as a user would."""

# ruff: noqa: E501 - the fixtures are news paragraphs, one per line as in real files

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main

REPORT = """date 2022-07-31

Home Minister Rafiqul Islam Khan on Saturday said that the government has a zero-tolerance policy on trafficking.

"Trafficking is a serious crime," he said.

UN Resident Coordinator in Nepal Anna Berg said, "Technology can help us fight it."
"""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main(list(args))
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out) if "--json" in args else out


@pytest.fixture
def lib(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "lib")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    _run(capsys, "--library", folder, "import", str(report))
    return folder


def test_statements_json_answers_what_the_minister_said(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _run(capsys, "--library", lib, "statements", "--speaker", "Khan", "--json")
    assert isinstance(found, list)
    assert [(s["speaker"], s["role"], s["kind"], s["date"]) for s in found] == [
        ("Rafiqul Islam Khan", "Home Minister", "indirect", "2022-07-31"),
        ("Rafiqul Islam Khan", "Home Minister", "direct", "2022-07-31"),
    ]
    assert found[1]["speaker_mention"] == "he"
    table = _run(capsys, "--library", lib, "statements", "--since", "2022-07")
    assert "Anna Berg" in str(table) and "Rafiqul Islam Khan" in str(table)
    assert _run(capsys, "--library", lib, "statements", "--until", "2021", "--json") == []


def test_correcting_from_the_command_line_survives_extract(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    [berg] = _run(capsys, "--library", lib, "statements", "--query", "Technology", "--json")
    fixed = _run(
        capsys,
        "--library",
        lib,
        "statement",
        "set-speaker",
        str(berg["id"]),
        "--name",
        "Anna K. Berg",
        "--json",
    )
    assert fixed["speaker"] == "Anna K. Berg"
    [again] = _run(
        capsys, "--library", lib, "statements", "--extract", "--query", "Technology", "--json"
    )
    assert again["speaker"] == "Anna K. Berg"
    rejected = _run(capsys, "--library", lib, "statement", "reject", str(berg["id"]), "--json")
    assert rejected == {"rejected": berg["id"]}
    assert (
        _run(
            capsys,
            "--library",
            lib,
            "statements",
            "--extract",
            "1",
            "--query",
            "Technology",
            "--json",
        )
        == []
    )


def test_speakers_merge_split_and_add(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    speakers = _run(capsys, "--library", lib, "speakers", "--json")
    names = {s["name"]: s["id"] for s in speakers}
    assert set(names) == {"Rafiqul Islam Khan", "Anna Berg"}
    added = _run(
        capsys,
        "--library",
        lib,
        "statement",
        "add",
        "1",
        "--start",
        "0",
        "--end",
        "13",
        "--speaker",
        "R. I. Khan",
        "--json",
    )
    new_id = added["speaker_id"]
    merged = _run(
        capsys,
        "--library",
        lib,
        "speakers",
        "merge",
        str(names["Rafiqul Islam Khan"]),
        str(new_id),
        "--json",
    )
    assert merged["statements"] == 3 and "R. I. Khan" in merged["aliases"]
    split = _run(
        capsys,
        "--library",
        lib,
        "speakers",
        "split",
        str(names["Rafiqul Islam Khan"]),
        "--alias",
        "R. I. Khan",
        "--json",
    )
    assert split["name"] == "R. I. Khan" and split["aliases"] == ["R. I. Khan"]
    [khan] = [
        s
        for s in _run(capsys, "--library", lib, "speakers", "--json")
        if s["name"] == "Rafiqul Islam Khan"
    ]
    assert "R. I. Khan" not in khan["aliases"]


def test_bad_ids_exit_with_a_message(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--library", lib, "statement", "reject", "999"]) == 1
    assert "no statement with id 999" in capsys.readouterr().err
    assert main(["--library", lib, "speakers", "merge", "1", "999"]) == 1
    assert main(["--library", lib, "statements", "--since", "soon"]) == 1


REPEAT = """date 2022-09-02

"Trafficking is a serious crime," Home Minister Rafiqul Islam Khan said in Sylhet.

A spokesman said, "The ministry will publish the list of agents."
"""


@pytest.fixture
def two_reports(lib: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The library with a second report that repeats a line of the first."""
    second = tmp_path / "second.txt"
    second.write_text(REPEAT, encoding="utf-8")
    _run(capsys, "--library", lib, "import", str(second))
    return lib


def test_the_same_line_in_two_reports_is_one_group_listed_with_group(
    two_reports: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = two_reports
    said = _run(capsys, "--library", lib, "statements", "--query", "serious crime", "--json")
    assert isinstance(said, list) and len(said) == 2
    groups = {s["group"] for s in said}
    assert len(groups) == 1 and None not in groups
    assert {s["occurrences"] for s in said} == {2}
    [group] = groups
    members = _run(capsys, "--library", lib, "statements", "--group", str(group), "--json")
    assert sorted(s["doc_id"] for s in members) == sorted(s["doc_id"] for s in said)  # type: ignore[union-attr]
    alone = _run(capsys, "--library", lib, "statements", "--query", "Technology", "--json")
    assert [(s["group"], s["occurrences"]) for s in alone] == [(None, 1)]  # type: ignore[union-attr]


def test_a_spokesman_is_shown_unnamed_and_no_speaker_is_created(
    two_reports: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = two_reports
    [said] = _run(capsys, "--library", lib, "statements", "--query", "publish", "--json")  # type: ignore[misc]
    assert (said["speaker"], said["speaker_id"], said["speaker_mention"]) == (
        None,
        None,
        "A spokesman",
    )
    table = _run(capsys, "--library", lib, "statements", "--query", "publish")
    assert "A spokesman (unnamed)" in str(table)
    speakers = _run(capsys, "--library", lib, "speakers", "--json")
    assert all("spokesman" not in s["name"].lower() for s in speakers)  # type: ignore[union-attr]


def test_statements_filter_by_kind_and_language(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    direct = _run(capsys, "--library", lib, "statements", "--kind", "direct", "--json")
    assert direct and {s["kind"] for s in direct} == {"direct"}  # type: ignore[union-attr]
    reported = _run(capsys, "--library", lib, "statements", "--kind", "indirect", "--json")
    assert {s["kind"] for s in reported} == {"indirect"}  # type: ignore[union-attr]
    assert _run(capsys, "--library", lib, "statements", "--language", "bn", "--json") == []


def test_export_can_collapse_a_repeated_line_into_one_excerpt_citing_both_sources(
    two_reports: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = two_reports
    both, one = tmp_path / "both.md", tmp_path / "one.md"
    _run(capsys, "--library", lib, "export", "--statements", "--speaker", "Khan", "-o", str(both))
    _run(
        capsys, "--library", lib, "export", "--statements", "--speaker", "Khan",
        "--collapse-groups", "-o", str(one),
    )  # fmt: skip
    expanded, collapsed = both.read_text(encoding="utf-8"), one.read_text(encoding="utf-8")
    assert expanded.count("Trafficking is a serious crime") == 2
    assert collapsed.count("Trafficking is a serious crime") == 1
    [citation] = [line for line in collapsed.splitlines() if "“second”" in line]
    assert "“report”" in citation  # one citation names both documents
