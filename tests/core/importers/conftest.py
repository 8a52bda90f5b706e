"""Fixtures for the importer tests: well-formedness checks and the worker's shutdown."""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.types import ImportedDocument


def check_well_formed(doc: ImportedDocument) -> None:
    """The invariants every importer promises (see ImportedDocument)."""
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.kind in ("pdf", "html", "docx", "epub", "odt", "rtf", "txt", "md", "image")
    assert doc.metadata.title
    previous_end = 0
    for block in doc.blocks:
        assert previous_end <= block.start < block.end <= len(doc.text)
        span = doc.text[block.start : block.end]
        assert span == span.strip() and span
        assert doc.text[previous_end : block.start].strip() == ""
        previous_end = block.end
    assert doc.text[previous_end:].strip() == ""
    assert doc.page_starts == sorted(doc.page_starts)
    assert all(0 <= start <= len(doc.text) for start in doc.page_starts)


@pytest.fixture
def well_formed() -> Callable[[ImportedDocument], None]:
    """A function asserting the importer invariants on a document."""
    return check_well_formed


def block_texts(doc: ImportedDocument) -> list[tuple[str, str, int]]:
    """``(kind, text, level)`` for each block."""
    return [(str(b.kind), doc.text[b.start : b.end], b.level) for b in doc.blocks]


@pytest.fixture
def blocks_of() -> Callable[[ImportedDocument], list[tuple[str, str, int]]]:
    """A function listing a document's blocks as ``(kind, text, level)``."""
    return block_texts


def write_zip(path: Path, members: dict[str, bytes | str], *, stored: tuple[str, ...] = ()) -> Path:
    """Write a zip whose members are given in order (``stored`` ones uncompressed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return path


@pytest.fixture
def make_zip() -> Callable[..., Path]:
    """A function writing a zip fixture (see :func:`write_zip`)."""
    return write_zip


@pytest.fixture(scope="module", autouse=True)
def _stop_import_worker() -> Iterator[None]:
    """Each test module leaves no import worker process behind."""
    yield
    shutdown_worker()
