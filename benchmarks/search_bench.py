"""Search benchmark: Sourcebook's Whoosh index next to SQLite FTS5, same texts.

Builds a library of at least 10,000 real news documents from ../shared/corpus
(BBC News, PolNeAR, the multilingual news set; replicated to reach the count,
which the output says), indexes it through the real code path
(``SearchIndex.rebuild`` reading from SQLite), puts the same texts in an FTS5
table in the same run, and prints index build speed, index size / text size
and query latency p50/p95 for single words, two-word AND, phrases and
prefixes: Whoosh top 20 with snippets (and facets) beside FTS5 top 20 with
``snippet()``.

    .venv/bin/python benchmarks/search_bench.py [--min-docs 10000] [--procs 2]

It also indexes the same texts with stock Whoosh (its StandardAnalyzer and
stock ``TEXT`` field) and runs the same queries on it (top 20, no snippets),
as the issue did where it set its targets; the ratio between the two
machines' stock numbers scales the targets to this machine, and the last
table prints both verdicts.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser as StockParser
from whoosh.searching import Searcher

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.core.library import Library  # noqa: E402
from desktop_app.core.paths import LibraryPaths  # noqa: E402
from desktop_app.core.search import whoosh_internals  # noqa: E402
from desktop_app.core.search.index import SearchIndex  # noqa: E402
from desktop_app.core.search.parallel import default_procs  # noqa: E402
from desktop_app.core.search.results import run_search  # noqa: E402
from desktop_app.core.store import documents_repo  # noqa: E402
from desktop_app.core.types import (  # noqa: E402
    Block,
    BlockKind,
    DocumentMetadata,
    ImportedDocument,
)

CORPUS = ROOT.parent / "shared" / "corpus"

QUERIES: dict[str, list[str]] = {
    "single word": [
        "government",
        "election",
        "minister",
        "football",
        "economy",
        "police",
        "market",
        "film",
        "court",
        "president",
        "music",
        "bank",
        "health",
        "immigration",
        "trafficking",
        "कोरोना",
        "السعودية",
    ],
    "two-word AND": [
        "government economy",
        "police court",
        "election campaign",
        "market growth",
        "film award",
        "bank interest",
        "minister health",
        "trump clinton",
        "school children",
        "oil prices",
    ],
    "phrase": [
        '"prime minister"',
        '"human rights"',
        '"interest rates"',
        '"white house"',
        '"general election"',
        '"world cup"',
        '"chief executive"',
        '"health care"',
        '"stock market"',
        '"united states"',
    ],
    "prefix": [
        "econom*",
        "elect*",
        "minist*",
        "govern*",
        "immigr*",
        "footb*",
        "invest*",
        "campaign*",
        "terror*",
        "technolog*",
    ],
}


@dataclass(frozen=True)
class Text:
    """One news text of the corpus."""

    title: str
    body: str
    language: str


def load_corpus(root: Path) -> list[Text]:
    """BBC News (5 categories), PolNeAR articles and the multilingual news set."""
    texts: list[Text] = []
    for path in sorted((root / "big_text" / "bbc_news").rglob("*.txt")):
        raw = path.read_bytes()
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body = raw.decode("latin-1")  # sport/199.txt, as in the original set
        texts.append(Text(body.split("\n", 1)[0].strip(), body, "en"))
    for path in sorted((root / "quotes").rglob("*.txt")):
        if "/text/" in str(path):
            texts.append(Text(path.stem, path.read_text(encoding="utf-8"), "en"))
    for path in sorted((root / "multilingual").rglob("*.txt")):
        raw = path.read_bytes()
        if raw.startswith(b"\xff\xfe"):
            body = raw.decode("utf-16")
        else:
            body = raw.decode("utf-8-sig", errors="replace")
        texts.append(Text(path.stem, body.lstrip("\ufeff"), path.parent.name))
    return texts


def fill_library(library: Library, texts: list[Text]) -> None:
    """Insert the texts through the document repository (one transaction)."""
    with library.context.lock, library.context.db.conn:
        for number, text in enumerate(texts):
            doc = ImportedDocument(
                text=text.body,
                blocks=[Block(BlockKind.PARAGRAPH, 0, len(text.body))],
                kind="txt",
                metadata=DocumentMetadata(title=text.title, language=text.language),
            )
            sha = hashlib.sha256(f"{number}:{text.title}".encode()).hexdigest()
            documents_repo.insert_document(
                library.context.db,
                doc,
                sha256=sha,
                original_name=f"{number}.txt",
                file_ext=".txt",
                file_size=len(text.body),
            )


def build_fts(path: Path, texts: list[Text]) -> float:
    """Index the texts in an FTS5 table; returns seconds."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
    start = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO docs (title, body) VALUES (?, ?)", [(t.title, t.body) for t in texts]
        )
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def build_stock_whoosh(folder: Path, texts: list[Text]) -> tuple[float, float]:
    """Index with Whoosh's stock analyzer and schema; returns (wall, CPU) seconds."""
    from whoosh import fields, index

    folder.mkdir()
    schema = fields.Schema(
        id=fields.ID(stored=True), title=fields.TEXT(stored=True), body=fields.TEXT()
    )
    ix = index.create_in(str(folder), schema)
    start, cpu = time.perf_counter(), time.process_time()
    writer = ix.writer(limitmb=256)
    for number, text in enumerate(texts):
        writer.add_document(id=str(number), title=text.title, body=text.body)
    writer.commit()
    return time.perf_counter() - start, time.process_time() - cpu


def folder_size(path: Path) -> int:
    """Bytes of every file under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def timed(fn: Callable[[str], object], queries: list[str], repeats: int) -> list[float]:
    """Run each query ``repeats`` times; the latency of each run in seconds."""
    samples = []
    for _ in range(repeats):
        for query in queries:
            start = time.perf_counter()
            fn(query)
            samples.append(time.perf_counter() - start)
    return samples


ISSUE_STOCK_BUILD = 1.25
"""MB/s of stock Whoosh where the issue's targets were set."""
ISSUE_STOCK_LATENCY = (2.7, 8.2)
"""p50/p95 ms of stock Whoosh (top 20, no snippets) where the targets were set."""
TARGET_BUILD, TARGET_SIZE, TARGET_LATENCY = 2.5, 1.5, (10.0, 40.0)


def print_scaled_targets(
    *,
    stock_build: float,
    stock_latency: tuple[float, float],
    stock_fastest: float,
    build: float,
    size: float,
    latency: dict[str, tuple[float, float]],
) -> None:
    """The targets as set, and scaled by how fast stock Whoosh runs on this machine.

    The issue set its targets beside stock Whoosh measured on its machine;
    the same stock build and stock queries run here, in this run, give the
    factor by which this machine differs. For latency that is the fastest
    kind of query (stock Whoosh is much slower on prefixes and phrases than
    on words, and the issue's mix is not known), which scales the least.
    """
    build_factor = stock_build / ISSUE_STOCK_BUILD
    latency_factor = stock_fastest / ISSUE_STOCK_LATENCY[0]
    scaled_build = TARGET_BUILD * build_factor
    scaled_latency = (TARGET_LATENCY[0] * latency_factor, TARGET_LATENCY[1] * latency_factor)

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(
        f"\nstock Whoosh here: {stock_build:.2f} MB/s (the issue: {ISSUE_STOCK_BUILD}), "
        f"p50 {stock_latency[0]:.1f} / p95 {stock_latency[1]:.1f} ms "
        f"(the issue: {ISSUE_STOCK_LATENCY[0]} / {ISSUE_STOCK_LATENCY[1]}); "
        f"fastest kind p50 {stock_fastest:.1f} ms: latency targets x{latency_factor:.2f}, "
        f"build target x{build_factor:.2f}"
    )
    print(
        f"{'target':34}{'as set':>14}{'scaled here':>14}{'result':>10}   verdict (as set / scaled)"
    )
    print(
        f"{'index build MB/s':34}{'>= ' + str(TARGET_BUILD):>14}{'>= ' + f'{scaled_build:.2f}':>14}"
        f"{build:10.2f}   {verdict(build >= TARGET_BUILD)} / {verdict(build >= scaled_build)}"
    )
    print(
        f"{'index size / text':34}{'<= ' + str(TARGET_SIZE):>14}{'(same)':>14}{size:10.2f}"
        f"   {verdict(size <= TARGET_SIZE)}"
    )
    for kind, (p50, p95) in latency.items():
        for name, value, target, scaled in (
            ("p50", p50, TARGET_LATENCY[0], scaled_latency[0]),
            ("p95", p95, TARGET_LATENCY[1], scaled_latency[1]),
        ):
            print(
                f"{kind + ' ' + name + ' ms':34}{'<= ' + f'{target:g}':>14}"
                f"{'<= ' + f'{scaled:.1f}':>14}{value:10.1f}"
                f"   {verdict(value <= target)} / {verdict(value <= scaled)}"
            )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--min-docs", type=int, default=10_000)
    parser.add_argument(
        "--procs", type=int, help="indexing processes (default: as the app, one per core)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="runs of each query")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--stock-docs",
        type=int,
        help="documents for the stock-Whoosh baseline (default: all of them)",
    )
    args = parser.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    base = load_corpus(args.corpus)
    copies = -(-args.min_docs // len(base))
    texts = base * copies
    text_bytes = sum(len(t.body.encode("utf-8")) for t in texts)
    print(
        f"corpus: {len(base):,} real news texts"
        + (f", replicated {copies}x to reach {len(texts):,} documents" if copies > 1 else "")
        + f"; {text_bytes / 1e6:.1f} MB of UTF-8 text"
    )

    work = args.keep or Path(tempfile.mkdtemp(prefix="sourcebook-search-bench-"))
    try:
        return _run(args, work, texts, text_bytes)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path, texts: list[Text], text_bytes: int) -> int:
    work.mkdir(parents=True, exist_ok=True)
    library = Library.open(LibraryPaths(work / "library"), rolling_backup=False)
    library.auto_index = False
    fill_library(library, texts)
    index = library.search_index

    procs = args.procs or default_procs(len(texts))
    start, cpu = time.perf_counter(), time.process_time()
    indexed = index.rebuild(procs=procs)
    whoosh_build = time.perf_counter() - start
    whoosh_cpu = time.process_time() - cpu
    stock_texts = texts[: args.stock_docs] if args.stock_docs else texts
    stock_bytes = sum(len(t.body.encode("utf-8")) for t in stock_texts)
    stock_wall, stock_cpu = build_stock_whoosh(work / "stock", stock_texts)
    whoosh_size = folder_size(library.paths.index)
    fts_seconds = build_fts(work / "fts.db", texts)
    fts_size = (work / "fts.db").stat().st_size

    fts = sqlite3.connect(work / "fts.db")
    stock_ix = whoosh_index.open_dir(str(work / "stock"))
    stock_searcher = stock_ix.searcher()
    run = _runners(index, fts, stock_searcher, StockParser("body", stock_ix.schema))
    for query in [q for qs in QUERIES.values() for q in qs]:  # warm caches, open searchers
        for name in ("whoosh", "fts", "stock"):
            run[name](query)

    print(f"\nindexed {indexed:,} documents (procs={procs})\n")
    print(f"{'':28}{'Whoosh':>12}{'FTS5':>12}{'ratio':>9}")
    wb, fb = text_bytes / 1e6 / whoosh_build, text_bytes / 1e6 / fts_seconds
    print(f"{'index build MB/s':28}{wb:12.2f}{fb:12.2f}{wb / fb:9.2f}")
    print(f"{'index build seconds':28}{whoosh_build:12.1f}{fts_seconds:12.1f}")
    if procs == 1:
        print(f"{'index build MB/s of CPU time':28}{text_bytes / 1e6 / whoosh_cpu:12.2f}")
    print(
        f"baseline, stock Whoosh (StandardAnalyzer, stock TEXT, no chars) on the first "
        f"{len(stock_texts):,} documents: {stock_bytes / 1e6 / stock_wall:.2f} MB/s "
        f"({stock_bytes / 1e6 / stock_cpu:.2f} MB/s of CPU time)"
    )
    ws, fs = whoosh_size / text_bytes, fts_size / text_bytes
    print(f"{'index size / text size':28}{ws:12.2f}{fs:12.2f}{ws / fs:9.2f}")
    ours, stock_samples, stock_p50s = _latency_table(run, args.repeats)
    print_scaled_targets(
        stock_build=stock_bytes / 1e6 / stock_wall,
        stock_latency=percentiles(stock_samples),
        stock_fastest=min(stock_p50s),
        build=wb,
        size=ws,
        latency=ours,
    )
    totals = {kind: index.search(queries[0]).total for kind, queries in QUERIES.items()}
    print("\nmatches of the first query of each kind:", totals)
    # The door's counts (this process only: a parallel rebuild writes in helpers).
    print("whoosh3 fast paths taken:", dict(sorted(whoosh_internals.fast_counts().items())))
    print("stock Whoosh fallbacks:", whoosh_internals.fallback_counts() or "none")
    fts.close()
    stock_searcher.close()
    library.close()
    return 0


Runner = Callable[[str], object]


def _runners(
    index: SearchIndex, fts: sqlite3.Connection, stock_searcher: Searcher, stock_parser: StockParser
) -> dict[str, Runner]:
    """One query, each way the table measures it."""

    def fts_search(query: str) -> object:
        return fts.execute(
            "SELECT rowid, title, snippet(docs, 1, '<b>', '</b>', '…', 16) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT 20",
            [query],
        ).fetchall()

    def whoosh_bare(query: str) -> object:
        # Ranking only: no snippets, no facets (the issue's stock baseline shape).
        q = index.searching.parser.parse(query)
        with index.files.ix_lock:
            return run_search(
                index.files.searcher(),
                q,
                text=query,
                limit=20,
                load=lambda k, i: {},
                fragments=0,
                facets=False,
                caches=index.searching.caches(),
            )

    def cold_search(query: str) -> object:
        # Texts for snippets come from SQLite each time (the snippet text
        # cache helps search-as-you-type; repeated benchmark queries would
        # otherwise measure only the cache).
        index.searching.forget_texts()
        return index.search(query)

    def stock_search(query: str) -> object:
        # The issue's reference: stock schema, top 20, no snippets.
        results = stock_searcher.search(stock_parser.parse(query), limit=20)
        return [hit["id"] for hit in results[:20]]

    return {
        "whoosh": cold_search,
        "fts": fts_search,
        "bare": whoosh_bare,
        "typed": index.quick_search,
        "stock": stock_search,
    }


def _latency_table(
    run: dict[str, Runner], repeats: int
) -> tuple[dict[str, tuple[float, float]], list[float], list[float]]:
    """Print the latency table; ours ``kind -> (p50, p95)``, stock samples and p50s."""
    print(
        "\nquery latency, ms (Whoosh: top 20, 2 snippet fragments, facets; "
        "FTS5: top 20 with snippet())"
    )
    print(
        f"{'':18}{'Whoosh p50':>11}{'p95':>8}{'FTS5 p50':>10}{'p95':>8}{'p50 ratio':>11}"
        f"{'bare p50':>10}{'as-you-type p50':>17}{'stock p50':>11}{'p95':>7}"
    )
    ours: dict[str, tuple[float, float]] = {}
    stock_samples: list[float] = []
    stock_p50s: list[float] = []
    for kind, queries in QUERIES.items():
        w50, w95 = percentiles(timed(run["whoosh"], queries, repeats))
        f50, f95 = percentiles(timed(run["fts"], queries, repeats))
        b50, _ = percentiles(timed(run["bare"], queries, repeats))
        typed = [q.strip('"*')[:-2] for q in queries]
        t50, _ = percentiles(timed(run["typed"], typed, repeats))
        stock = timed(run["stock"], queries, repeats)
        stock_samples += stock
        s50, s95 = percentiles(stock)
        stock_p50s.append(s50)
        ours[kind] = (w50, w95)
        print(
            f"{kind:18}{w50:11.1f}{w95:8.1f}{f50:10.2f}{f95:8.2f}{w50 / f50:11.1f}"
            f"{b50:10.1f}{t50:17.1f}{s50:11.1f}{s95:7.1f}"
        )
    return ours, stock_samples, stock_p50s


if __name__ == "__main__":
    sys.exit(main())
