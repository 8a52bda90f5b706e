"""The extractor on real documents from ../shared/corpus (skipped without it)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from desktop_app.core.library import Library
from desktop_app.core.statements.extractor import extract, is_described

pytestmark = pytest.mark.corpus


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def test_seed_report_matches_its_gold_statements(corpus_dir: Path) -> None:
    """At least 10 of 11 statements, every speaker right, no false statement."""
    seed = corpus_dir / "seed"
    gold = json.loads((seed / "statements.gold.json").read_text(encoding="utf-8"))
    text = (seed / gold["file"]).read_text(encoding="utf-8")
    found = extract(text)
    matched = set()
    for f in found:
        hits = [
            i
            for i, g in enumerate(gold["statements"])
            if _overlap((f.start, f.end), (g["start"], g["end"]))
        ]
        assert hits, f"false statement: {f.quote!r}"
        g = gold["statements"][hits[0]]
        assert f.entity is not None and f.entity.name == g["speaker"], f.quote
        matched.add(hits[0])
    assert len(matched) >= 10


def test_importing_the_seed_report_lists_the_home_minister(
    corpus_dir: Path, library: Library
) -> None:
    [result] = library.import_paths([corpus_dir / "seed" / "000_6bd1b63bc5bb6051.txt"])
    said = library.statements(speaker="Kamal")
    assert len(said) == 3
    assert {(s.speaker, s.role, s.date) for s in said} == {
        ("Asaduzzaman Khan Kamal", "Home Minister", "2022-07-31")
    }
    assert result.doc_id == said[0].doc_id


@pytest.mark.slow
def test_a_long_novel_gives_only_attributed_dialogue(corpus_dir: Path) -> None:
    """A 3 MB novel: no nonsense (speed is measured in benchmarks/statements_eval.py)."""
    book = max((corpus_dir / "big_text" / "books").glob("*.txt"), key=lambda p: p.stat().st_size)
    text = book.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    found = extract(text)
    # Dialogue is kept only with a named, resolved or described speaker ("the old man").
    assert all(f.cue and (f.entity is not None or is_described(f)) for f in found)


def _read(path: Path) -> str:
    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8-sig")
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("language", ["zh", "ne"])
def test_news_in_languages_not_modelled_gives_no_statements(
    corpus_dir: Path, language: str
) -> None:
    for path in sorted((corpus_dir / "multilingual" / language).glob("*.txt"))[:20]:
        assert extract(_read(path), language=language) == [], path.name


@pytest.mark.parametrize("language", ["bn", "hi", "ar"])
def test_bengali_hindi_and_arabic_news_give_statements_with_exact_offsets(
    corpus_dir: Path, language: str
) -> None:
    total = 0
    for path in sorted((corpus_dir / "multilingual" / language).glob("*.txt"))[:20]:
        text = _read(path)
        for f in extract(text, language=language):
            total += 1
            assert text[f.start : f.end] == f.quote, path.name
            assert f.mention is not None
            assert text[f.mention.start : f.mention.end] == f.mention.text, path.name
    assert total >= 5
