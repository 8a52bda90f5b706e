"""Real files from ../shared/corpus (skipped when it is absent)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import import_file
from desktop_app.core.importers.guarded import DEFAULT_TIMEOUT_S, import_file_guarded

pytestmark = pytest.mark.corpus

_NOT_DOCUMENTS = {"SOURCES.md", "manifest.json", "MANIFEST.tsv", "README.md"}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in _NOT_DOCUMENTS)


@pytest.mark.slow
def test_every_bad_pdf_and_office_file_imports_or_fails_plainly(
    corpus_dir: Path, well_formed
) -> None:
    files = _files(corpus_dir / "pdf_bad") + _files(corpus_dir / "office")
    assert len(files) > 50
    outcomes: dict[str, str] = {}
    for path in files:
        started = time.monotonic()
        try:
            doc = import_file_guarded(path)
        except ImportFailed as failed:
            assert failed.reason.strip(), path
            outcomes[path.name] = "failed: " + failed.reason
        else:
            well_formed(doc)
            outcomes[path.name] = "imported"
        assert time.monotonic() - started < DEFAULT_TIMEOUT_S + 5, path
    assert outcomes["plumber__password-example.pdf"].startswith("failed: encrypted")
    assert outcomes["pypdf__r6-owner-password.pdf"] == "imported"
    assert outcomes["plumber__empty.pdf"] == "failed: empty file (0 bytes)"
    assert outcomes["pandoc__wasteland.epub"] == "imported"


def test_seed_report_date_becomes_metadata(corpus_dir: Path) -> None:
    doc = import_file(corpus_dir / "seed" / "000_6bd1b63bc5bb6051.txt")
    assert doc.metadata.published == "2022-07-31"
    assert doc.text.startswith("Terming the human trafficking")
    assert doc.metadata.language == "en"


def test_bbc_latin1_article_and_headline(corpus_dir: Path) -> None:
    doc = import_file(corpus_dir / "big_text" / "bbc_news" / "sport" / "199.txt")
    assert doc.metadata.title == "Chelsea sack Mutu"
    assert "£15.8m" in doc.text


@pytest.mark.parametrize("language", ["bn", "hi", "ne", "ar", "zh", "en"])
def test_multilingual_news_language_is_detected(corpus_dir: Path, language: str) -> None:
    files = sorted((corpus_dir / "multilingual" / language).glob("*.txt"))[:10]
    assert files
    detected = [import_file(path).metadata.language for path in files]
    assert detected.count(language) >= 9, detected


def test_news_page_extraction(corpus_dir: Path, well_formed) -> None:
    page = corpus_dir / "news_html" / "test-pages" / "bbc-1" / "source.html"
    doc = import_file(page)
    well_formed(doc)
    assert doc.kind == "html"
    assert doc.metadata.title == "Obama admits US gun laws are his 'biggest frustration'"
    assert doc.metadata.source == "BBC News"
    assert doc.metadata.published == "2015-07-24"
    assert "greatest frustration of his presidency" in doc.text
