"""Statements through the Library: import, query, corrections that survive."""

# ruff: noqa: E501 - the fixtures are news paragraphs, one per line as in real files

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import NotFoundError, SourcebookError
from desktop_app.core.library import Library
from desktop_app.core.store.outbox import pending_count

REPORT = """date 2023-05-02

Terming debt bondage a modern form of slavery, Labour Minister Nasreen Akter Chowdhury on Tuesday said that the government will license every recruiting agent.

"Workers must never pay to work. Fees push families into debt, she said, adding, "We will publish the names of agents who cheat."

Participants in the dialogue called on employers to stop charging recruitment fees to workers.

ILO Country Director Tomas Berg said, "Fair recruitment is possible and it pays."
"""

FOLLOW_UP = """date 2023-09-14

Labour Minister Nasreen Akter Chowdhury said, "Two hundred agents have lost their licences."
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(library: Library, path: Path) -> int:
    [result] = library.import_paths([path])
    assert result.status == "imported", result
    assert result.doc_id is not None
    return result.doc_id


def test_importing_a_report_lists_its_statements_with_speakers_roles_and_date(
    library: Library, tmp_path: Path
) -> None:
    doc = _import(library, _write(tmp_path, "report.txt", REPORT))
    found = library.statements(doc_id=doc)
    assert [(s.speaker, s.kind, s.cue) for s in found] == [
        ("Nasreen Akter Chowdhury", "indirect", "said"),
        ("Nasreen Akter Chowdhury", "direct", "said"),
        ("Nasreen Akter Chowdhury", "direct", "adding"),
        ("Participants in the dialogue", "indirect", "called on"),
        ("Tomas Berg", "direct", "said"),
    ]
    assert {s.date for s in found} == {"2023-05-02"}
    berg = found[-1]
    assert (berg.role, berg.organisation) == ("Country Director", "ILO")
    text = library.get_document(doc).text
    for s in found:
        assert text[s.start : s.end] == s.quote
        if s.mention_start is not None:
            assert text[s.mention_start : s.mention_end] == s.speaker_mention
    assert set(berg.to_json()) == {
        "id",
        "doc_id",
        "quote",
        "start",
        "end",
        "kind",
        "cue",
        "speaker",
        "speaker_id",
        "speaker_mention",
        "mention_start",
        "mention_end",
        "role",
        "organisation",
        "date",
        "confidence",
        "quoted",
        "group",
        "occurrences",
        "language",
    }


def test_one_person_across_documents_is_one_speaker_found_by_surname(
    library: Library, tmp_path: Path
) -> None:
    _import(library, _write(tmp_path, "a.txt", REPORT))
    _import(library, _write(tmp_path, "b.txt", FOLLOW_UP))
    by_surname = library.statements(speaker="chowdhury")
    assert len({s.doc_id for s in by_surname}) == 2
    assert len({s.speaker_id for s in by_surname}) == 1
    [minister] = [sp for sp in library.speakers() if sp.name == "Nasreen Akter Chowdhury"]
    assert minister.statements == 4
    assert "Chowdhury" in minister.aliases


def test_date_and_text_filters(library: Library, tmp_path: Path) -> None:
    _import(library, _write(tmp_path, "a.txt", REPORT))
    _import(library, _write(tmp_path, "b.txt", FOLLOW_UP))
    assert len(library.statements(since="2023-06")) == 1
    assert len(library.statements(until="2023-05")) == 5
    assert len(library.statements(since="2023", until="2023")) == 6
    assert [s.speaker for s in library.statements(query="LICENCES")] == ["Nasreen Akter Chowdhury"]
    with pytest.raises(SourcebookError):
        library.statements(since="someday")


def test_every_statement_change_goes_through_the_index_outbox(
    library: Library, tmp_path: Path
) -> None:
    library.auto_index = False
    doc = _import(library, _write(tmp_path, "a.txt", REPORT))
    ids = {s.id for s in library.statements(doc_id=doc)}
    queued = {
        row[0]
        for row in library.context.db.execute(
            "SELECT target_id FROM index_jobs WHERE kind = 'statement'"
        ).fetchall()
    }
    assert ids <= queued
    before = pending_count(library.context.db)
    library.reject_statement(min(ids))
    assert pending_count(library.context.db) > before


def test_search_finds_statements_by_speaker(library: Library, tmp_path: Path) -> None:
    _import(library, _write(tmp_path, "a.txt", REPORT))
    hits = library.search("speaker:berg", kind="statement")
    assert hits.total == 1


def test_a_corrected_speaker_stays_corrected_after_re_extraction(
    library: Library, tmp_path: Path
) -> None:
    doc = _import(library, _write(tmp_path, "a.txt", REPORT))
    berg = library.statements(speaker="Berg")[0]
    library.set_statement_speaker(berg.id, name="Tomas Berg-Larsen")
    library.extract_statements(doc)
    again = library.statement(berg.id)
    assert again.speaker == "Tomas Berg-Larsen"
    assert again.confidence == 1.0
    library.extract_statements()
    assert library.statement(berg.id).speaker == "Tomas Berg-Larsen"


def test_rejected_and_added_statements_survive_re_import_with_replace(
    library: Library, tmp_path: Path
) -> None:
    doc = _import(library, _write(tmp_path, "a.txt", REPORT))
    group = library.statements(speaker="Participants")[0]
    library.reject_statement(group.id)
    text = library.get_document(doc).text
    start = text.index("Fair recruitment")
    changes = library.add_statement(
        doc, start, start + len("Fair recruitment is possible"), name="Tomas Berg"
    )
    assert changes.statements
    newer = REPORT.replace("date 2023-05-02", "date 2023-05-03\n\nUpdated version.")
    [result] = library.import_paths([_write(tmp_path, "a2.txt", newer)], replace=doc)
    assert result.status == "replaced"
    after = library.statements(doc_id=doc)
    assert not any(s.speaker == "Participants in the dialogue" for s in after)
    fair = [s for s in after if s.quote.startswith("Fair recruitment")]
    assert [s.speaker for s in fair] == ["Tomas Berg"]
    assert {s.date for s in after} == {"2023-05-03"}


def test_adding_a_statement_the_extractor_missed(library: Library, tmp_path: Path) -> None:
    doc = _import(library, _write(tmp_path, "a.txt", "date 2023-01-01\n\nNo quotes here at all.\n"))
    assert library.statements(doc_id=doc) == []
    text = library.get_document(doc).text
    start = text.index("No quotes")
    library.add_statement(doc, start, len(text), name="Rina Das")
    [added] = library.statements(doc_id=doc)
    assert (added.quote, added.speaker, added.kind) == (
        "No quotes here at all.",
        "Rina Das",
        "indirect",
    )
    library.extract_statements(doc)
    assert [s.quote for s in library.statements(doc_id=doc)] == ["No quotes here at all."]
    with pytest.raises(SourcebookError):
        library.add_statement(doc, 5, 5000, name="Rina Das")
    with pytest.raises(NotFoundError):
        library.add_statement(9999, 0, 3, name="Rina Das")


def test_merge_then_split_speakers(library: Library, tmp_path: Path) -> None:
    _import(library, _write(tmp_path, "a.txt", REPORT))
    _import(library, _write(tmp_path, "b.txt", 'date 2023-10-01\n\nT. Berg said, "Audits work."\n'))
    berg, t_berg = (library.statements(speaker=n)[0].speaker_id for n in ("Tomas", "T. Berg"))
    assert berg != t_berg and berg is not None and t_berg is not None
    changes = library.merge_speakers(berg, t_berg)
    assert changes.speakers == {berg, t_berg}
    merged = library.speaker(berg)
    assert merged.statements == 2 and "T. Berg" in merged.aliases
    with pytest.raises(NotFoundError):
        library.speaker(t_berg)
    # A re-extraction meets the alias "T. Berg" and keeps it with the merged speaker.
    library.extract_statements()
    assert library.speaker(berg).statements == 2

    changes = library.split_speaker(berg, ["T. Berg"])
    [new_id] = changes.speakers - {berg}
    assert library.speaker(new_id).statements == 1
    library.extract_statements()
    assert library.speaker(new_id).statements == 1
    assert library.speaker(berg).statements == 1
    with pytest.raises(SourcebookError):
        library.split_speaker(berg, ["Nobody Here"])
    with pytest.raises(SourcebookError):
        library.merge_speakers(berg, berg)


def test_statements_of_trashed_documents_are_hidden(library: Library, tmp_path: Path) -> None:
    doc = _import(library, _write(tmp_path, "a.txt", REPORT))
    library.trash_documents([doc])
    assert library.statements() == []
    assert library.speakers() == []


def test_a_novel_like_text_without_cues_adds_nothing(library: Library, tmp_path: Path) -> None:
    text = "\n\n".join(f'"Line {i} of the song," and the music went on.' for i in range(50))
    doc = _import(library, _write(tmp_path, "song.txt", text))
    assert library.statements(doc_id=doc) == []
