"""OCR quality and speed per language: Sourcebook against Tesseract's own output, same run.

Reads the scans ``make_scans.py`` wrote. For each language, on the same
pages in the same run:

* **CER** (character error rate: edit distance ÷ truth length, whitespace
  collapsed) of ``tesseract page.png - -l LANG`` (the baseline) and of
  Sourcebook's text, importing the image-only ``LANG.pdf`` with
  ``--ocr-lang LANG`` and with the language left to OSD. Target: ours ≤
  1.15 × Tesseract's.
* **Seconds per page** of the baseline (one ``tesseract`` at a time over the
  PNGs with ``OMP_THREAD_LIMIT=1``, run before and after ours and averaged;
  ``--default-threads`` also times its default OpenMP threads, which were
  3-6x slower than one thread on this shared, loaded machine) and of
  Sourcebook's whole import (render, OCR in parallel, text). Target: ours ≤
  0.7 × the one-thread baseline, the stricter of the two. Wall-clock time
  depends on what else the machine runs (two pages at once need two free
  cores), so CPU seconds per page are printed too: this process and the
  ``tesseract`` processes (the render worker, a grandchild, is not counted;
  it spends about 0.1 s a page).

``--long`` also imports ``long.pdf`` (make it with ``make_scans.py --long
300``) and prints its time per page and the peak memory of this process
and of the biggest child process.

Usage:
    .venv/bin/python benchmarks/make_scans.py /tmp/scans --pages 3 [--long 300]
    .venv/bin/python benchmarks/ocr_bench.py /tmp/scans [--langs eng ben] [--long]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from rapidfuzz.distance import Levenshtein

from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.ocr.stage import OcrOptions, import_with_ocr
from desktop_app.core.ocr.tesseract import find_tesseract
from desktop_app.core.types import ImportedDocument

LANGUAGES = ("eng", "ben", "hin", "nep", "ara", "chi_sim")
CER_TARGET = 1.15
SPEED_TARGET = 0.7


def cpu_seconds() -> float:
    """CPU time of this process and of its waited-for children (the tesseracts)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join(text.split())


def cer(found: str, truth: str) -> float:
    """Character error rate of ``found`` against ``truth``."""
    truth = collapse(truth)
    return Levenshtein.distance(collapse(found), truth) / max(1, len(truth))


def page_texts(document: ImportedDocument) -> list[str]:
    """Each page's text, by the document's page starts."""
    starts = [*document.page_starts, len(document.text)]
    return [document.text[starts[i] : starts[i + 1]] for i in range(len(document.page_starts))]


def baseline(
    executable: str, pages: list[Path], language: str, *, one_thread: bool
) -> tuple[list[str], float]:
    """Tesseract's own text per page, and the seconds it took in all.

    With ``one_thread``, ``OMP_THREAD_LIMIT=1``; otherwise Tesseract's own
    default (OpenMP threads, as a user running the command gets).
    """
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if one_thread:
        env["OMP_THREAD_LIMIT"] = "1"
    texts: list[str] = []
    started = time.perf_counter()
    for page in pages:
        done = subprocess.run(
            [executable, str(page), "-", "-l", language],
            capture_output=True,
            check=True,
            env=env,
        )
        texts.append(done.stdout.decode("utf-8", "replace"))
    return texts, time.perf_counter() - started


def ours(pdf: Path, languages: str | None) -> tuple[list[str], float]:
    """Sourcebook's text per page of the scan, and the seconds the import took."""
    started = time.perf_counter()
    document = import_with_ocr(pdf, OcrOptions(languages=languages)).document
    return page_texts(document), time.perf_counter() - started


def mean_cer(texts: list[str], truths: list[str]) -> float:
    """CER over all pages together (total edits ÷ total truth length)."""
    edits = sum(cer(t, g) * max(1, len(collapse(g))) for t, g in zip(texts, truths, strict=True))
    return edits / max(1, sum(len(collapse(g)) for g in truths))


def run_language(
    executable: str, scans: Path, language: str, *, default_threads: bool
) -> list[str]:
    """One table row for ``language``.

    The one-thread baseline runs before and after Sourcebook and the two
    times are averaged, so a change in the machine's load during the row
    weighs on both sides alike.
    """
    pages = sorted((scans / language).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    truths = [p.with_suffix(".txt").read_text(encoding="utf-8") for p in pages]
    pdf = scans / f"{language}.pdf"
    cpu = cpu_seconds()
    base_texts, before_s = baseline(executable, pages, language, one_thread=True)
    base_cpu = cpu_seconds() - cpu
    cpu = cpu_seconds()
    our_texts, our_s = ours(pdf, language)
    our_cpu = cpu_seconds() - cpu
    auto_texts, auto_s = ours(pdf, None)
    _texts, after_s = baseline(executable, pages, language, one_thread=True)
    base_s = (before_s + after_s) / 2
    default_s = float("nan")
    if default_threads:
        _texts, default_s = baseline(executable, pages, language, one_thread=False)
    n = len(pages)
    base_cer = mean_cer(base_texts, truths)
    our_cer = mean_cer(our_texts, truths)
    auto_cer = mean_cer(auto_texts, truths)
    ratio = our_cer / base_cer if base_cer else float("inf")
    speed = (our_s / n) / (base_s / n)
    return [
        language,
        str(n),
        f"{base_cer:.3f}",
        f"{our_cer:.3f}",
        f"{ratio:.2f} {'ok' if ratio <= CER_TARGET else 'MISS'}",
        f"{auto_cer:.3f}",
        f"{default_s / n:.2f}",
        f"{base_s / n:.2f}",
        f"{our_s / n:.2f}",
        f"{speed:.2f} {'ok' if speed <= SPEED_TARGET else 'MISS'}",
        f"{auto_s / n:.2f}",
        f"{base_cpu / n:.2f}",
        f"{our_cpu / n:.2f}",
    ]


def long_scan(scans: Path) -> None:
    """Import the long scan and report speed and peak memory."""
    pdf = scans / "long.pdf"
    if not pdf.exists():
        print("no long.pdf (make_scans.py --long N)")
        return
    seen: list[int] = []
    started = time.perf_counter()
    document = import_with_ocr(
        pdf, OcrOptions(languages="eng"), progress=lambda d, t: seen.append(d)
    ).document
    took = time.perf_counter() - started
    pages = len(document.page_starts)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\nlong scan: {pages} pages in {took:.0f} s ({took / pages:.2f} s/page), "
        f"{len(document.text):,} characters; progress reported {len(seen)} times; "
        f"peak memory: this process {self_mb:.0f} MB, largest child {child_mb:.0f} MB"
    )


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """Aligned columns."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scans", type=Path)
    parser.add_argument("--langs", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--long", action="store_true", help="also import long.pdf")
    parser.add_argument(
        "--default-threads",
        action="store_true",
        help="also time tesseract with its default OpenMP threads (slow on a busy machine)",
    )
    args = parser.parse_args()
    executable = find_tesseract()
    if executable is None:
        raise SystemExit("Tesseract is not installed (Debian: apt install tesseract-ocr)")
    ours(args.scans / f"{args.langs[0]}.pdf", args.langs[0])  # warm up: worker, models on disk
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at start")
    rows = [
        run_language(executable, args.scans, lang, default_threads=args.default_threads)
        for lang in args.langs
    ]
    print_table(
        rows,
        [
            "lang",
            "pages",
            "CER tess",
            "CER ours",
            f"ratio (≤{CER_TARGET})",
            "CER ours/OSD",
            "s/p tess",
            "s/p tess 1 thr",
            "s/p ours",
            f"ratio (≤{SPEED_TARGET})",
            "s/p ours/OSD",
            "CPU s/p tess",
            "CPU s/p ours",
        ],
    )
    print(f"load average {os.getloadavg()[0]:.1f} at end")
    if args.long:
        long_scan(args.scans)
    shutdown_worker()


if __name__ == "__main__":
    main()
