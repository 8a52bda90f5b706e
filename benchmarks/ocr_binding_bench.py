"""How to call Tesseract: the command with TSV output, pytesseract, or tesserocr.

Measures, on the same page images in the same run: start-up (a blank
50 × 20 image), seconds per page one at a time and two at a time, and peak
memory. The command is what Sourcebook uses (see docs/ARCHITECTURE.md);
pytesseract and tesserocr are measured when installed (they are not
dependencies: ``pip install pytesseract tesserocr`` in a scratch venv).

Usage:
    .venv/bin/python benchmarks/ocr_binding_bench.py PAGE.png [PAGE.png ...] [--lang eng]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TESSDATA = "/usr/share/tesseract-ocr/5/tessdata/"


def timed(label: str, work: Callable[[str], object], pages: list[str], workers: int = 1) -> None:
    """Print seconds per page of ``work`` over ``pages``."""
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, pages))
    took = time.perf_counter() - started
    print(f"{label:<44} {took / len(pages):6.2f} s/page  ({len(pages)} pages, {workers} at once)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--lang", default="eng")
    args = parser.parse_args()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    pages: list[str] = args.pages
    print(f"load average {os.getloadavg()[0]:.1f}")

    def command(page: str) -> object:
        return subprocess.run(
            ["tesseract", page, "stdout", "-l", args.lang, "tsv"],
            capture_output=True,
            check=True,
            env=env,
        )

    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        blank = str(Path(folder) / "blank.png")
        Image.new("L", (50, 20), 255).save(blank)
        started = time.perf_counter()
        for _ in range(5):
            subprocess.run(["tesseract", blank, "stdout", "-l", args.lang], capture_output=True)
        print(
            f"{'command: start-up (blank image)':<44} {(time.perf_counter() - started) / 5:6.3f} s"
        )
    timed("command, TSV", command, pages)
    timed("command, TSV", command, pages * 2, workers=2)
    print(
        f"{'command: peak memory of one tesseract':<44} "
        f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:6.0f} MB"
    )
    try:
        import pytesseract

        timed(
            "pytesseract image_to_data",
            lambda p: pytesseract.image_to_data(Image.open(p), lang=args.lang),
            pages,
        )
    except ImportError:
        print("pytesseract: not installed")
    try:
        import tesserocr
    except ImportError:
        print("tesserocr: not installed")
        return
    print(f"tesserocr runs its own Tesseract: {tesserocr.tesseract_version().splitlines()[0]}")
    started = time.perf_counter()
    api = tesserocr.PyTessBaseAPI(path=TESSDATA, lang=args.lang)
    print(f"{'tesserocr: model load':<44} {time.perf_counter() - started:6.3f} s")

    def one(page: str, api: object = api) -> object:
        api.SetImageFile(page)  # type: ignore[attr-defined]
        return api.GetTSVText(0)  # type: ignore[attr-defined]

    timed("tesserocr, TSV (one API)", one, pages)
    local = threading.local()

    def per_thread(page: str) -> object:
        if not hasattr(local, "api"):
            local.api = tesserocr.PyTessBaseAPI(path=TESSDATA, lang=args.lang)
        return one(page, local.api)

    timed("tesserocr, TSV (one API per thread)", per_thread, pages * 2, workers=2)
    print(
        f"{'tesserocr: peak memory of this process':<44} "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB"
    )


if __name__ == "__main__":
    main()
