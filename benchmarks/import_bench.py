"""Import speed: files/s and MB/s per format, pdftotext as the PDF baseline.

Prints three tables:

1. Extraction (``import_file_guarded``, the path the Library uses) per
   format over the given folders.
2. PDFs: our import vs ``pdftotext`` (poppler-utils) on the same files in
   the same run, and the ratio (target: <= 1.0, i.e. no slower).
3. The BBC News corpus (2,225 short articles) stored into a temporary
   library through ``Library.import_paths`` (target: < 20 s).

Usage:
    .venv/bin/python benchmarks/import_bench.py [FOLDER ...] [--bbc FOLDER] [--no-store]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.guarded import import_file_guarded, shutdown_worker

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT_FOLDERS = [
    CORPUS / "pdf_good",
    CORPUS / "office",
    CORPUS / "news_html" / "test-pages",
    CORPUS / "multilingual",
    CORPUS / "big_text" / "books",
    CORPUS / "big_text" / "reports",
]
SKIP_NAMES = {"SOURCES.md", "README.md", "manifest.json", "MANIFEST.tsv", "expected.html"}
SKIP_SUFFIXES = {".json", ".tsv", ".ann"}


def documents(folders: list[Path]) -> list[Path]:
    """Every document file under ``folders`` (corpus bookkeeping files left out)."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in SKIP_NAMES and path.suffix not in SKIP_SUFFIXES:
                found.append(path)
    return found


def bench_extraction(files: list[Path]) -> dict[str, float]:
    """Import each file; print per-format throughput; return seconds per PDF path."""
    stats: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0])
    pdf_times: dict[str, float] = {}
    import_file_guarded(files[0])  # start the worker outside the timings
    for path in files:
        size = path.stat().st_size
        started = time.perf_counter()
        try:
            kind = import_file_guarded(path).kind
            failed = 0
        except ImportFailed:
            kind, failed = "failed", 1
        elapsed = time.perf_counter() - started
        row = stats[kind]
        row[0] += 1
        row[1] += size
        row[2] += elapsed
        row[3] += failed
        if kind == "pdf":
            pdf_times[str(path)] = elapsed
    print("\nExtraction (import_file_guarded: sniff, parse, blocks, language; no storing)")
    print(f"{'format':8} {'files':>6} {'MB':>8} {'seconds':>8} {'files/s':>8} {'MB/s':>7}")
    for kind in sorted(stats):
        count, size, seconds, _failed = stats[kind]
        mb = size / 1e6
        print(
            f"{kind:8} {count:6d} {mb:8.2f} {seconds:8.2f} "
            f"{count / seconds if seconds else 0:8.1f} {mb / seconds if seconds else 0:7.2f}"
        )
    return pdf_times


def bench_pdftotext(pdf_times: dict[str, float]) -> float | None:
    """Time pdftotext on the same PDFs, print the ratio, return pdftotext's seconds."""
    if not pdf_times:
        return None
    tool = shutil.which("pdftotext")
    if tool is None:
        print("\npdftotext not found (apt-get install poppler-utils); no PDF baseline")
        return None
    baseline = 0.0
    for path in pdf_times:
        started = time.perf_counter()
        subprocess.run([tool, "-q", path, "-"], stdout=subprocess.DEVNULL, check=False)
        baseline += time.perf_counter() - started
    ours = sum(pdf_times.values())
    mb = sum(Path(p).stat().st_size for p in pdf_times) / 1e6
    print(f"\nPDF: {len(pdf_times)} files, {mb:.1f} MB")
    print(f"{'':22} {'seconds':>8} {'MB/s':>7}")
    print(f"{'sourcebook import':22} {ours:8.2f} {mb / ours:7.2f}")
    print(f"{'pdftotext':22} {baseline:8.2f} {mb / baseline:7.2f}")
    print(f"ratio ours / pdftotext: {ours / baseline:.2f} (target <= 1.00)")
    cpu_ours, cpu_pdfium, cpu_tool = pdf_cpu_times(list(pdf_times), tool)
    print("CPU time (fairer on a shared machine; ours in-process, no worker round trip):")
    print(f"  pypdfium2 text alone {cpu_pdfium:6.2f} s = {cpu_pdfium / cpu_tool:.2f} x pdftotext")
    print(f"  sourcebook import    {cpu_ours:6.2f} s = {cpu_ours / cpu_tool:.2f} x pdftotext")
    print(f"  pdftotext            {cpu_tool:6.2f} s")
    return baseline


def pdf_cpu_times(paths: list[str], tool: str) -> tuple[float, float, float]:
    """CPU seconds: our whole PDF import, bare pypdfium2 text extraction, pdftotext."""
    import resource

    import pypdfium2 as pdfium

    from desktop_app.core.importers import import_file

    started = time.process_time()
    for path in paths:
        import_file(Path(path))
    ours = time.process_time() - started
    started = time.process_time()
    for path in paths:
        document = pdfium.PdfDocument(path)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()
    bare = time.process_time() - started
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for path in paths:
        subprocess.run([tool, "-q", path, "-"], stdout=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tool_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ours, bare, tool_cpu


def bench_store(folder: Path, pattern: str, *, index: bool) -> float | None:
    """Store a folder into a temporary library through the Library facade.

    Returns:
        The seconds taken, or None when the Library cannot import yet.
    """
    from desktop_app.core.library import Library
    from desktop_app.core.paths import LibraryPaths

    if not hasattr(Library, "import_paths"):
        print("\nLibrary.import_paths is not there yet; store timing skipped")
        return None
    count = sum(1 for _ in folder.rglob(pattern))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        library = Library.open(LibraryPaths(Path(tmp) / "library"))
        library.auto_index = index
        try:
            results = list(library.import_paths([folder]))
        finally:
            library.close()
        elapsed = time.perf_counter() - started
    statuses: dict[str, int] = defaultdict(int)
    for result in results:
        statuses[result.status] += 1
    where = "with search index" if index else "index excluded"
    print(f"\nStore {folder.name} ({count} {pattern}, {where}): {dict(statuses)}")
    print(f"time {elapsed:.1f} s, {len(results) / elapsed:.0f} files/s")
    return elapsed


def main(argv: list[str]) -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--bbc", type=Path, default=CORPUS / "big_text" / "bbc_news")
    parser.add_argument("--no-store", action="store_true", help="skip the library store run")
    args = parser.parse_args(argv)
    folders = args.folders or [f for f in DEFAULT_FOLDERS if f.is_dir()]
    files = documents(folders)
    if not files:
        print("no files found; pass folders to import")
        return 1
    try:
        pdf_times = bench_extraction(files)
        baseline = bench_pdftotext(pdf_times)
        if not args.no_store:
            pdf_folder = CORPUS / "pdf_good"
            if baseline and pdf_folder.is_dir() and pdf_folder in folders:
                stored = bench_store(pdf_folder, "*.pdf", index=False)
                if stored:
                    print(f"ratio (extract + store) / pdftotext: {stored / baseline:.2f}")
            if args.bbc.is_dir():
                bench_store(args.bbc, "*.txt", index=False)
                print("(target < 20 s)")
                bench_store(args.bbc, "*.txt", index=True)
    finally:
        shutdown_worker()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
