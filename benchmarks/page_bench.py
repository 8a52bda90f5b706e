"""Page view speed (core part): drawing pages and placing highlights, pdftoppm as baseline.

Prints one table; every baseline is measured in the same run, on the same
page, so a busy machine slows both sides alike:

1. The document's densest text page drawn at 150 % (108 dpi) by the render
   helper (warm: the helper runs and the document is open, as while
   scrolling; and with the document opened first), vs ``pdftoppm -r 108`` on
   that page (a whole process, as pdftoppm always is). Target: no slower than
   pdftoppm.
2. Click → first page of *Free Culture* ready to paint: the library opens the
   document's pages (page map from SQLite, SHA-256 of the original) and the
   helper draws page 1 at 96 dpi — vs ``pdftoppm -r 96 -f 1 -l 1``. Target:
   ≤ 150 ms.
3. Rectangles for 2,000 highlights in one document (*Free Culture*, 352
   pages): all at once the first time the document is ever opened (each
   page's characters measured by PDFium in the helper), at a later opening
   (a new ``DocumentPages`` reading the layouts kept in the library's cache
   and the text from SQLite), with the layouts in memory (warm, as the page
   view keeps them), and one page's highlights (what painting a page asks).
   Target: ≤ 100 ms.
4. Far zoomed in: the sharp tile the page view asks for at 400 % on a screen
   with a pixel ratio of 2 (768 dpi, a 1400 × 900 view: the area
   ``ui/pages/tiles.tile_box`` picks), vs ``pdftoppm -r 768 -x -y -W -H`` on
   the same area of the same page. Target: no slower than pdftoppm. And the
   backdrop under it (the whole page at 8 M pixels) vs the whole page at the
   40 M budget, as it was drawn before tiles.

The GUI numbers of issue 13 (scroll stall, memory growth, click → painted in
the window) belong to the page view; it adds them through :data:`GUI_BENCHES`
(functions of the :class:`Context`, each returning rows), so they print in
this same table.

Usage:
    .venv/bin/python benchmarks/page_bench.py [--pdf FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.pages import DocumentPages
from desktop_app.core.pdf.render import PageRenderer

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TARGET_FIRST_PAGE_MS = 150.0
PDFTOPPM_ISSUE_MS = 340.0
"""pdftoppm -r 96 -f 1 -l 1 on Free Culture when issue 13 set the target."""
FREE_CULTURE = CORPUS / "pdf_good" / "pdfjs__freeculture.pdf"


@dataclass
class Row:
    """One line of the table: what, ours, the baseline, the target."""

    what: str
    ours_ms: float | None
    baseline: str = ""
    baseline_ms: float | None = None
    target: str = ""

    def verdict(self) -> str:
        if self.ours_ms is None:
            return "not measured"
        if self.target == "<= baseline":
            if self.baseline_ms is None:
                return "no baseline"
            return "ok" if self.ours_ms <= self.baseline_ms else "MISSED"
        if self.target.startswith("<="):
            return "ok" if self.ours_ms <= float(self.target[2:].split()[0]) else "MISSED"
        return ""


@dataclass
class Context:
    """What a bench gets: the library, the document and the helper, set up once."""

    library: Library
    doc_id: int
    pdf: Path
    renderer: PageRenderer
    repeat: int
    pages: DocumentPages | None = None
    notes: list[str] = field(default_factory=list)
    scroll_pages: int | None = None
    """How many pages the GUI scroll row goes through (None: all)."""


GUI_BENCHES: list[Callable[[Context], list[Row]]] = []
"""Page-view benches (added by the GUI): scroll stall, memory growth, click → painted."""


def best_ms(run: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in milliseconds (the least disturbed one)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def pdftoppm_ms(pdf: Path, page: int, dpi: int, repeat: int) -> float | None:
    """pdftoppm drawing one page to PNG, as a whole process, fastest of ``repeat``."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory() as out:
        command = [tool, "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", str(pdf)]
        return best_ms(
            lambda: subprocess.run([*command, f"{out}/p"], check=True, capture_output=True),
            repeat,
        )


def bench_page_at_150(ctx: Context) -> list[Row]:
    """Drawing the document's densest text page at 150 %, warm and with the document opened."""
    pages = ctx.library.page_map(ctx.doc_id).pages
    number = max(pages, key=lambda p: p.text_end - p.text_start).number
    baseline = pdftoppm_ms(ctx.pdf, number, 108, ctx.repeat)
    ctx.renderer.render(ctx.pdf, number - 1, dpi=108)  # the document is open in the helper
    warm = best_ms(lambda: ctx.renderer.render(ctx.pdf, number - 1, dpi=108), ctx.repeat)

    def reopened() -> None:
        ctx.renderer.forget()
        ctx.renderer.render(ctx.pdf, number - 1, dpi=108)

    cold = best_ms(reopened, ctx.repeat)
    image = ctx.renderer.render(ctx.pdf, number - 1, dpi=108)
    png = best_ms(lambda: image.to_image().save(Path(tempfile.gettempdir()) / "b.png"), 3)
    label = f"page {number} at 150 % ({image.width}×{image.height})"
    return [
        Row(f"{label}, warm", warm, "pdftoppm -r 108 (process)", baseline, "<= baseline"),
        Row(f"{label}, document opened first", cold, "same", baseline, "<= baseline"),
        Row(f"{label}, warm + PNG written", warm + png, "same", baseline, "<= baseline"),
    ]


def bench_first_page(ctx: Context) -> list[Row]:
    """Click → first page ready: open the pages (map, hash) and draw page 1 at 96 dpi."""
    baseline = pdftoppm_ms(ctx.pdf, 1, 96, ctx.repeat)

    def click() -> None:
        ctx.renderer.forget()
        pages = ctx.library.open_pages(ctx.doc_id, renderer=ctx.renderer)
        pages.render(0, dpi=96)

    ours = best_ms(click, ctx.repeat)
    rows = [
        Row(
            "click → Free Culture page 1 drawn (96 dpi)",
            ours,
            "pdftoppm -r 96 -f 1 -l 1",
            baseline,
            f"<= {TARGET_FIRST_PAGE_MS:.0f} ms",
        )
    ]
    if baseline is not None and baseline > PDFTOPPM_ISSUE_MS:
        # The machine is slower now than when the issue was measured (pdftoppm
        # took 0.34 s there): the same target, scaled by pdftoppm's time.
        scaled = TARGET_FIRST_PAGE_MS * baseline / PDFTOPPM_ISSUE_MS
        rows.append(
            Row(
                "  same, target scaled to this machine's load",
                ours,
                "",
                None,
                f"<= {scaled:.0f} ms",
            )
        )
    return rows


def random_highlights(text: str, count: int, seed: int = 13) -> list[tuple[int, int]]:
    """``count`` spans of 20-300 characters spread over ``text``, deterministic."""
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        start = rng.randrange(0, len(text) - 400)
        spans.append((start, start + rng.randint(20, 300)))
    return sorted(spans)


def bench_highlight_rects(ctx: Context) -> list[Row]:
    """Rectangles for 2,000 highlights: cold, warm, and one page's worth."""
    text = ctx.library.get_document(ctx.doc_id).text
    spans = random_highlights(text, 2000)

    def all_rects(pages: DocumentPages) -> int:
        assert pages.geometry is not None
        return sum(len(r) for s, e in spans for r in pages.geometry.rects(s, e).values())

    rows = []
    cache = ctx.library.paths.layout_cache
    first_times, later_times = [], []
    for _ in range(max(1, ctx.repeat // 2)):
        cache.unlink(missing_ok=True)  # never measured: PDFium measures every page
        pages = ctx.library.open_pages(ctx.doc_id, renderer=ctx.renderer)
        started = time.perf_counter()
        count = all_rects(pages)
        first_times.append((time.perf_counter() - started) * 1000)
        pages.keep_layouts()
        # A later opening (a new DocumentPages, as after a restart): layouts
        # read from the library's cache, the text from SQLite.
        pages = ctx.library.open_pages(ctx.doc_id, renderer=ctx.renderer)
        started = time.perf_counter()
        assert all_rects(pages) == count
        later_times.append((time.perf_counter() - started) * 1000)
    touched = len({p.index for s, e in spans for p in pages.page_map.pages_between(s, e)})
    rows.append(
        Row(
            f"2,000 highlights → {count} rects, first opening ever ({touched} pages measured)",
            min(first_times),
        )
    )
    rows.append(
        Row(
            "2,000 highlights → rects, a later opening (layouts kept in the library)",
            min(later_times),
            target="<= 100 ms",
        )
    )
    warm = best_ms(lambda: all_rects(pages), ctx.repeat)
    rows.append(Row("2,000 highlights → rects, page layouts cached", warm, target="<= 100 ms"))
    page = pages.page_map.pages[100]
    on_page = [(s, e) for s, e in spans if s < page.text_end and page.text_start < e]
    assert pages.geometry is not None
    one = best_ms(lambda: pages.geometry.page_rects(page.index, on_page), ctx.repeat)  # type: ignore[union-attr]
    rows.append(Row(f"one page's highlights ({len(on_page)}) → rects, cached", one))
    return rows


TILE_DPI = 768
"""400 % on a screen with a pixel ratio of 2 (the view draws 100 % at 96 dpi × ratio)."""


def bench_far_zoom_tile(ctx: Context) -> list[Row]:
    """The tile of a page zoomed far in vs pdftoppm drawing the same area."""
    from desktop_app.ui.pages.tiles import BACKDROP_PIXELS, tile_box  # the view's (imports Qt)

    page = ctx.library.page_map(ctx.doc_id).pages[0]
    scale = TILE_DPI / 72
    view_w, view_h = 1400 * 2 / scale, 900 * 2 / scale  # the view's device pixels, in points
    x0, y0 = page.width * 0.3, page.height * 0.3
    box = tile_box((page.width, page.height), (x0, y0, x0 + view_w, y0 + view_h))
    ctx.renderer.render(ctx.pdf, 0, dpi=TILE_DPI, clip=box)
    ours = best_ms(lambda: ctx.renderer.render(ctx.pdf, 0, dpi=TILE_DPI, clip=box), ctx.repeat)
    tile = ctx.renderer.render(ctx.pdf, 0, dpi=TILE_DPI, clip=box)
    baseline = None
    tool = shutil.which("pdftoppm")
    if tool is not None:
        crop = [str(round(v)) for v in (box[0] * scale, box[1] * scale)]
        size = [str(tile.width), str(tile.height)]
        command = [tool, "-r", str(TILE_DPI), "-f", "1", "-l", "1", "-png"]
        command += ["-x", crop[0], "-y", crop[1], "-W", size[0], "-H", size[1], str(ctx.pdf)]
        with tempfile.TemporaryDirectory() as out:
            baseline = best_ms(
                lambda: subprocess.run([*command, f"{out}/t"], check=True, capture_output=True),
                ctx.repeat,
            )
    whole = round(page.width * scale) * round(page.height * scale) / 1e6
    backdrop = best_ms(
        lambda: ctx.renderer.render(ctx.pdf, 0, dpi=TILE_DPI, max_pixels=BACKDROP_PIXELS),
        ctx.repeat,
    )
    full = best_ms(lambda: ctx.renderer.render(ctx.pdf, 0, dpi=TILE_DPI), max(1, ctx.repeat // 2))
    return [
        Row(
            f"tile at 400 %, ratio 2 ({tile.width}×{tile.height}; whole page {whole:.0f} M px)",
            ours,
            "pdftoppm -r 768 -x -y -W -H",
            baseline,
            "<= baseline",
        ),
        Row(
            f"  its backdrop: the whole page at {BACKDROP_PIXELS // 1_000_000} M px",
            backdrop,
            "the whole page at the 40 M budget (before tiles)",
            full,
            "<= baseline",
        ),
    ]


def print_table(rows: list[Row]) -> None:
    width = max(len(r.what) for r in rows)
    print(
        f"\n{'what':{width}}  {'ours ms':>8}  {'baseline ms':>11}  {'target':12}  verdict  baseline"
    )
    for r in rows:
        ours = f"{r.ours_ms:8.1f}" if r.ours_ms is not None else f"{'—':>8}"
        base = f"{r.baseline_ms:11.1f}" if r.baseline_ms is not None else f"{'':>11}"
        print(f"{r.what:{width}}  {ours}  {base}  {r.target:12}  {r.verdict():7}  {r.baseline}")


def main(argv: list[str]) -> int:
    """Run the benches and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=FREE_CULTURE)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scroll-pages", type=int, default=None, help="GUI scroll: first N pages")
    args = parser.parse_args(argv)
    if not args.pdf.is_file():
        print(f"{args.pdf} not found; pass --pdf")
        return 1
    try:  # the page view's rows (needs PySide6, which the app has anyway)
        from page_gui import GUI_ROWS

        GUI_BENCHES.extend(bench for bench in GUI_ROWS if bench not in GUI_BENCHES)
    except ImportError as missing:
        print(f"GUI rows skipped: {missing}")
    renderer = PageRenderer()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        library = Library.open(LibraryPaths(Path(tmp) / "library"))
        try:
            [result] = library.import_paths([args.pdf])
            assert result.doc_id is not None, result.reason
            renderer.render(args.pdf, 0, dpi=72)  # start the helper outside the timings
            ctx = Context(
                library,
                result.doc_id,
                args.pdf,
                renderer,
                args.repeat,
                scroll_pages=args.scroll_pages,
            )
            benches = (bench_page_at_150, bench_first_page, bench_highlight_rects)
            for bench in (*benches, bench_far_zoom_tile, *GUI_BENCHES):
                rows += bench(ctx)
            if not GUI_BENCHES:
                rows.append(
                    Row(
                        "GUI: scroll 352 pages at 60 steps/s, longest stall",
                        None,
                        target="<= 50 ms",
                    )
                )
                rows.append(
                    Row("GUI: resident memory growth while scrolling", None, target="<= 300 MB")
                )
        finally:
            library.close()
            renderer.close()
            shutdown_worker()
    print_table(rows)
    for note in ctx.notes:
        print(note)
    print("\nms = fastest of the repeats; baselines measured in this same run.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
