"""10,000 highlights export with progress and bounded memory."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import docx
import pytest

from desktop_app.core.export import ExportSpec
from desktop_app.core.library import Library
from tests.conftest import write_text
from tests.core.export.helpers import import_one

pytestmark = pytest.mark.slow

N = 10_000


@pytest.fixture
def big(library: Library, tmp_path: Path) -> Library:
    """One document of 10,000 paragraphs, each highlighted and tagged."""
    library.auto_index = False  # the index is not what this test measures
    text = "\n\n".join(
        f"Paragraph {i}: the minister said debt bondage persists in camp {i}." for i in range(N)
    )
    doc = library.get_document(import_one(library, write_text(tmp_path / "big.txt", text)))
    for block in doc.blocks:
        library.annotate(doc.id, block.start, block.end, note=f"note {block.start}", tags=["brief"])
    return library


def test_ten_thousand_highlights_export_with_progress_in_bounded_memory(
    big: Library, tmp_path: Path
) -> None:
    for fmt in ("md", "json"):
        seen: list[tuple[int, int]] = []
        out = tmp_path / f"big.{fmt}"
        tracemalloc.start()
        try:
            result = big.export(
                ExportSpec(format=fmt, tag="brief"),
                out,
                progress=lambda d, t, seen=seen: seen.append((d, t)),
            )
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert result.excerpts == N
        assert seen[-1] == (N, N) and 100 <= len(seen) <= 400  # a smooth bar, not 10,000 calls
        # The records of 10,000 excerpts take about 12 MB; the file is never held in memory.
        assert peak < 40_000_000, f"{fmt}: peak {peak / 1e6:.1f} MB"
    items = json.loads((tmp_path / "big.json").read_text(encoding="utf-8"))["first"]["items"]
    assert len(items) == N
    md = (tmp_path / "big.md").read_text(encoding="utf-8")
    assert md.count("\n> Paragraph ") == N
    assert "(“big”, para. 10000)" in md
    # Word is built in memory by python-docx, but in seconds, not minutes.
    out = tmp_path / "big.docx"
    big.export(ExportSpec(format="docx", tag="brief", citation="footnote"), out)
    document = docx.Document(str(out))
    assert sum(p.style.name == "Quote" for p in document.paragraphs) == N
