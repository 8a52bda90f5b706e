"""Fuzzed importers: mutated copies of real files either import or fail clearly.

Hypothesis mutates the tests' own sample of every format (bit flips, cuts,
inserted junk). Each mutant goes through the Library like a user's file:
it is imported or fails with a reason, within the per-file time limit, and
the library stays consistent. The corpus test does the same for every file in
../shared/corpus/pdf_bad and ../shared/corpus/office.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.check import check_library
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store.db import integrity_problems
from tests.format_samples import MAKERS

PER_FILE_LIMIT_S = 20.0  # the importer's own limit is 15 s; allow for worker restart


@st.composite
def mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """A damaged copy of ``data``: flipped bytes, a cut, or junk inserted."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "zero-run"]))
        if not buf:
            break
        at = draw(st.integers(0, len(buf) - 1))
        if kind == "flip":
            buf[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del buf[at:]
        elif kind == "insert":
            buf[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            buf[at : at + 32] = bytes(min(32, len(buf) - at))
    return bytes(buf)


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("samples")
    return {kind: make(folder).read_bytes() for kind, make in MAKERS.items()}


@pytest.fixture(scope="module")
def fuzz_library(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    library = Library.open(LibraryPaths(tmp_path_factory.mktemp("fuzzlib")))
    yield library
    assert integrity_problems(library.context.db) == []
    library.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_mutated_files_import_or_fail_with_a_reason(
    kind: str,
    originals: dict[str, bytes],
    fuzz_library: Library,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Every mutant of a real file is imported or refused with a reason, in time."""
    folder = tmp_path_factory.mktemp(f"mutants-{kind}")

    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        mutant = data.draw(mutations(originals[kind]))
        path = folder / f"mutant.{kind}"
        path.write_bytes(mutant)
        started = time.monotonic()
        result = fuzz_library.import_one(path, sync=False)
        assert time.monotonic() - started < PER_FILE_LIMIT_S
        assert result.status in ("imported", "duplicate", "failed")
        if result.status == "failed":
            assert result.reason and result.reason.strip()
        else:
            assert result.doc_id is not None
            fuzz_library.get_document(result.doc_id)

    run()
    report = check_library(fuzz_library)
    assert [p for p in report.problems if p["kind"] in ("stray-file", "database")] == []


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("folder", ["pdf_bad", "office"])
def test_every_hostile_corpus_file_is_imported_or_refused_clearly(
    folder: str, corpus_dir: Path, tmp_path: Path
) -> None:
    """No crash or hang on the corpus's broken, encrypted and odd files."""
    with Library.open(LibraryPaths(tmp_path / "lib")) as library:
        started = time.monotonic()
        results = library.import_paths([corpus_dir / folder])
        elapsed = time.monotonic() - started
        assert results, "the corpus folder is empty"
        for result in results:
            assert result.status in ("imported", "duplicate", "failed"), result
            if result.status == "failed":
                assert result.reason, result
        assert elapsed < PER_FILE_LIMIT_S * len(results)
        assert integrity_problems(library.context.db) == []
        report = check_library(library)
        assert [p for p in report.problems if p["kind"] == "stray-file"] == []
