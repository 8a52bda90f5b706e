"""The guarded import: a worker process with a time and memory limit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fpdf import FPDF

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import guarded, import_file
from desktop_app.core.importers.guarded import ImportWorker, import_file_guarded


def make_pdf(path: Path, text: str) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def worker() -> Iterator[ImportWorker]:
    """A private worker, closed after the module's tests."""
    private = ImportWorker()
    yield private
    private.close()
    assert not private.running


def test_guarded_pdf_import_matches_the_in_process_import(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", "Workers were not paid for six months.")
    assert import_file_guarded(path) == import_file(path)


def test_plain_text_is_read_without_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_worker() -> ImportWorker:
        raise AssertionError("text must not go through the worker")

    monkeypatch.setattr(guarded, "default_worker", no_worker)
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nBody.", "utf-8")
    assert import_file_guarded(path).metadata.title == "Headline"


def test_bad_file_in_the_worker_reports_its_reason(tmp_path: Path, worker: ImportWorker) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<\n")
    with pytest.raises(ImportFailed, match="damaged PDF") as caught:
        worker.import_file(path)
    assert caught.value.path == str(path)


def test_a_file_that_takes_too_long_is_reported_and_the_worker_restarts(
    tmp_path: Path, worker: ImportWorker
) -> None:
    path = make_pdf(tmp_path / "ok.pdf", "After the timeout.")
    worker.import_file(path)
    started = worker.restarts
    with pytest.raises(ImportFailed) as caught:
        worker.call("sleep", 30, path=tmp_path / "hostile.pdf", timeout_s=0.5)
    assert caught.value.reason == "took longer than 0.5 s to read; it may be damaged"
    assert not worker.running
    assert "After the timeout." in worker.import_file(path).text
    assert worker.restarts == started + 1


def test_default_worker_enforces_the_time_limit_and_goes_on(tmp_path: Path) -> None:
    assert guarded.DEFAULT_TIMEOUT_S == 15.0
    with pytest.raises(ImportFailed, match=r": took longer than 0.3 s to read; it may be damaged$"):
        guarded.default_worker().call("sleep", 30, path=tmp_path / "x.pdf", timeout_s=0.3)
    assert "Brief" in import_file_guarded(make_pdf(tmp_path / "b.pdf", "Brief")).text


def test_a_crashing_worker_is_reported_and_replaced(tmp_path: Path, worker: ImportWorker) -> None:
    with pytest.raises(ImportFailed, match="crashed"):
        worker.call("crash", None, path=tmp_path / "x.pdf", timeout_s=10)
    path = make_pdf(tmp_path / "next.pdf", "The batch goes on.")
    assert "The batch goes on." in worker.import_file(path).text


def test_memory_limit_stops_a_runaway_file(tmp_path: Path) -> None:
    small = ImportWorker(memory_limit=1024 * 1024 * 1024)
    try:
        with pytest.raises(ImportFailed, match="memory"):
            small.call("allocate", 2 * 1024**3, path=tmp_path / "x.pdf", timeout_s=30)
        assert small.call("allocate", 1024, path=tmp_path / "x.pdf", timeout_s=30) == 1024
    finally:
        small.close()


def test_worker_can_be_used_from_several_threads(tmp_path: Path, worker: ImportWorker) -> None:
    paths = [make_pdf(tmp_path / f"{n}.pdf", f"Document number {n}.") for n in range(6)]
    results: dict[int, str] = {}

    def run(n: int) -> None:
        results[n] = worker.import_file(paths[n]).text

    threads = [threading.Thread(target=run, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: f"Document number {n}." for n in range(6)}


def test_shutdown_stops_the_default_worker(tmp_path: Path) -> None:
    import_file_guarded(make_pdf(tmp_path / "a.pdf", "x y"))
    assert guarded.default_worker().running
    guarded.shutdown_worker()
    assert not guarded.default_worker().running
