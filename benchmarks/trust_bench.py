"""What the trust checks cost: opening, daily copies, backup, restore, check.

Builds a library of synthetic reports (default 2,000 of ~20 KB, one highlight
each) and times, in the same run, each step against the plain operation it
wraps (the baseline):

- the daily database copy: ``VACUUM INTO`` + ``quick_check`` on the copy
  (what Sourcebook does) vs SQLite's backup API alone (what it did);
- opening with strays in ``files/`` (``quick_check`` before moving them) vs
  opening a tidy library;
- ``backup``: with the vetting of the copy vs zipping the same files;
- ``restore``: extraction with limits and vetting vs ``ZipFile.extractall``
  (both followed by the search index rebuild every restore does);
- ``check`` (read-only) for scale.

Usage:
    .venv/bin/python benchmarks/trust_bench.py [--docs N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from desktop_app.core.backup import restore_backup, write_backup
from desktop_app.core.check import check_folder
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store.connection import copy_database, quick_check, read_only_database

WORDS = [
    "debt",
    "bondage",
    "recruitment",
    "fees",
    "migrant",
    "labour",
    "minister",
    "said",
    "report",
    "workers",
]


def timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def build(root: Path, count: int) -> LibraryPaths:
    rng = random.Random(1)
    docs = root / "docs"
    docs.mkdir()
    for number in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(3000))
        (docs / f"r{number:05d}.txt").write_text(
            f"title: Report {number}\n\n{body}.\n", encoding="utf-8"
        )
    paths = LibraryPaths(root / "lib")
    with Library.open(paths) as library:
        library.auto_index = False
        library.import_paths([docs])
        for doc_id in library.document_ids():
            library.annotate(doc_id, 0, 12, note="n")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trust-bench-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        paths = build(root, args.docs)
        print(
            f"built {args.docs:,} documents in {time.perf_counter() - started:.0f} s; "
            f"library.db {paths.db.stat().st_size / 1e6:,.0f} MB"
        )
        rows: list[tuple[str, float, str, float]] = []

        db = read_only_database(paths.db)

        def daily() -> None:
            copy_database(db, root / "copy.db")
            check = read_only_database(root / "copy.db")
            assert not quick_check(check)
            check.conn.close()

        def backup_api() -> None:
            target = sqlite3.connect(root / "api.db")
            db.conn.backup(target)
            target.close()

        rows.append(
            (
                "daily copy: VACUUM INTO + quick_check",
                timed(daily),
                "backup API alone",
                timed(backup_api),
            )
        )
        db.conn.close()

        tidy = timed(lambda: Library.open(paths, rolling_backup=False).close())
        (paths.files / "stray.txt").write_text("x", encoding="utf-8")
        strays = timed(lambda: Library.open(paths, rolling_backup=False).close())
        rows.append(("open with a stray (quick_check)", strays, "open, tidy", tidy))

        backup = root / "lib.sourcebook-backup"
        with Library.open(paths, writer=False) as library:
            ours = timed(lambda: write_backup(library.context, backup))

        def plain_zip() -> None:
            with zipfile.ZipFile(root / "plain.zip", "w", zipfile.ZIP_DEFLATED) as z:
                z.write(paths.db, "library.db")
                for path in paths.files.rglob("*"):
                    if path.is_file():
                        z.write(path, str(path.relative_to(paths.root)), zipfile.ZIP_STORED)

        rows.append(("backup (vetted copy)", ours, "zip of db + files", timed(plain_zip)))

        restored_paths = LibraryPaths(root / "restored")
        restored = timed(lambda: restore_backup(restored_paths, backup))
        extract = timed(lambda: zipfile.ZipFile(backup).extractall(root / "extracted"))
        with Library.open(restored_paths, rolling_backup=False) as library:
            reindex = timed(library.reindex)  # both restores rebuild the index
        rows.append(
            (
                "restore (limits, vetting, reindex)",
                restored,
                "extractall + reindex",
                extract + reindex,
            )
        )
        shutil.rmtree(root / "extracted")

        rows.append(("check (read-only)", timed(lambda: check_folder(paths)), "-", 0.0))

    width = max(len(r[0]) for r in rows)
    print(f"\n{'step':<{width}}  {'ours':>8}  {'baseline':<20} {'time':>8}  ratio")
    for name, ours_s, base_name, base_s in rows:
        ratio = f"{ours_s / base_s:.1f}x" if base_s else "-"
        base = f"{base_s:8.2f}" if base_s else "       -"
        print(f"{name:<{width}}  {ours_s:8.2f}  {base_name:<20} {base}  {ratio}")


if __name__ == "__main__":
    main()
