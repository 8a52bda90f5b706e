"""PDF with highlights, out and back in, on every real PDF of the corpus.

For each PDF: import it, highlight a few passages chosen at random (fixed
seed; 3-12 words from a word start, often over a line break), export "PDF
with highlights", and check

1. **exact quads**: with PDFium, the characters whose centres lie inside each
   written annotation's QuadPoints are exactly the highlighted ones;
2. **round trip**: importing the exported PDF into a fresh library with its
   annotations gives the same highlights (same span, colour and note).

Times are printed beside a baseline measured in the same run on the same
file: PDFium opening it and saving an incremental copy with no annotation
(the floor any annotated export pays), so a busy machine slows both alike.

``--scale N`` instead puts N highlights on *Free Culture* (352 pages) and
times the export and the import of their annotations, beside the W3C JSON
export of the same highlights (same run) as the baseline.

Usage:
    .venv/bin/python benchmarks/pdf_interchange_eval.py [--per-file N] [--files GLOB]
    .venv/bin/python benchmarks/pdf_interchange_eval.py --scale 2000
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from desktop_app.core.export import ExportSpec
from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.render import shutdown_renderer
from desktop_app.core.types import COLORS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class Outcome:
    """One file's numbers."""

    name: str
    highlights: int = 0
    exact: int = 0
    round_trip: int = 0
    export_ms: float = 0.0
    import_ms: float = 0.0
    baseline_ms: float = 0.0
    note: str = ""


def _passages(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    starts = [i for i in range(1, len(text)) if text[i - 1].isspace() and text[i].isalnum()]
    chosen: list[tuple[int, int]] = []
    for _ in range(count * 20):
        if len(chosen) == count or not starts:
            break
        start = rng.choice(starts)
        words = rng.randint(3, 12)
        end, seen = start, 0
        while end < len(text) and seen < words:
            end += 1
            if end < len(text) and text[end].isspace() and not text[end - 1].isspace():
                seen += 1
        if end - start < 4 or any(s < end and start < e for s, e in chosen):
            continue
        chosen.append((start, end))
    return chosen


def _baseline_ms(source: Path, folder: Path) -> float:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    began = time.perf_counter()
    document = pdfium.PdfDocument(source)
    document.save(str(folder / "plain-copy.pdf"), flags=pdfium_c.FPDF_INCREMENTAL)
    document.close()
    return (time.perf_counter() - began) * 1000


def _exact(library: Library, doc_id: int, pdf: Path) -> int:
    """How many written highlights cover exactly their characters (PDFium's QuadPoints)."""
    from desktop_app.core.pdf.markup_io import MarkupIO

    geometry = library.open_pages(doc_id).geometry
    assert geometry is not None
    wanted = {a.note: (a.start, a.end) for a in library.annotations(doc_id)}
    found: dict[str, list[tuple[int, int]]] = {}
    with MarkupIO() as helper:
        for markup in helper.read(pdf).markups:
            note = markup.contents.split("\n\n")[0]
            found.setdefault(note, []).extend(
                geometry.spans_inside(markup.page, list(markup.shapes))
            )
    exact = 0
    for note, span in wanted.items():
        text = geometry.text
        spans = sorted(_trim(text, s, e) for s, e in found.get(note, []))
        merged = (spans[0][0], spans[-1][1]) if spans else None
        joined = all(not text[a[1] : b[0]].strip() for a, b in itertools.pairwise(spans))
        exact += merged == span and joined
    return exact


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without white space at its ends (a space's box may lie inside a quad)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _own_markups(source: Path) -> int:
    """Markup annotations the original already holds (brought in too, as they should be)."""
    from desktop_app.core.pdf.markup_io import MarkupIO

    with MarkupIO() as helper:
        return len(helper.read(source).markups)


def evaluate(source: Path, per_file: int, work: Path, rng: random.Random) -> Outcome:
    outcome = Outcome(source.name)
    first = Library.open(LibraryPaths(work / "first"))
    try:
        [result] = first.import_paths([source])
        if result.doc_id is None or first.document(result.doc_id).kind != "pdf":
            outcome.note = f"not imported: {result.reason}"
            return outcome
        doc_id = result.doc_id
        text = first.get_document(doc_id).text
        for k, (start, end) in enumerate(_passages(text, per_file, rng)):
            first.annotate(doc_id, start, end, color=COLORS[k % len(COLORS)], note=f"n{k}")
        outcome.highlights = len(first.annotations(doc_id))
        if not outcome.highlights:
            outcome.note = "no text to highlight"
            return outcome
        out = work / "annotated.pdf"
        began = time.perf_counter()
        first.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
        outcome.export_ms = (time.perf_counter() - began) * 1000
        outcome.baseline_ms = _baseline_ms(source, work)
        outcome.exact = _exact(first, doc_id, out)
        mine = {(a.start, a.end, a.color, a.note) for a in first.annotations(doc_id)}
    except Exception as exc:  # a file the export refuses is reported, the run goes on
        outcome.note = f"{type(exc).__name__}: {exc}"[:90]
        return outcome
    finally:
        first.close()
    second = Library.open(LibraryPaths(work / "second"))
    try:
        began = time.perf_counter()
        results = second.import_paths([out])
        second.import_annotations_from_pdfs(results)
        outcome.import_ms = (time.perf_counter() - began) * 1000
        theirs = {(a.start, a.end, a.color, a.note) for a in second.annotations()}
        outcome.round_trip = len(mine & theirs)
        own = _own_markups(source)
        if len(theirs) != len(mine) + own:
            outcome.note = f"{len(theirs)} highlights came back for {len(mine)} (+{own} its own)"
        elif own:
            outcome.note = f"+ its own {own} annotation(s), also brought in"
    finally:
        second.close()
    return outcome


def scale(count: int) -> None:
    """``count`` highlights on one long book, out as a PDF and back in (see the docstring)."""
    source = CORPUS / "pdf_good" / "pdfjs__freeculture.pdf"
    with tempfile.TemporaryDirectory(prefix="sb-interchange-") as folder:
        work = Path(folder)
        with Library.open(LibraryPaths(work / "first")) as first:
            [result] = first.import_paths([source])
            assert result.doc_id is not None
            text = first.get_document(result.doc_id).text
            for k, (start, end) in enumerate(_passages(text, count, random.Random(1))):
                first.annotate(result.doc_id, start, end, note=f"n{k}", tags=["t"])
            spec = {"doc_ids": [result.doc_id]}
            began = time.perf_counter()
            first.export(ExportSpec(format="json", **spec), work / "x.json")  # type: ignore[arg-type]
            json_s = time.perf_counter() - began
            began = time.perf_counter()
            out = work / "x.pdf"
            first.export(ExportSpec(format="pdf-annotated", **spec), out)  # type: ignore[arg-type]
            pdf_s = time.perf_counter() - began
            placed = len(first.annotations(result.doc_id))
        with Library.open(LibraryPaths(work / "second")) as second:
            results = second.import_paths([out])
            began = time.perf_counter()
            [back] = second.import_annotations_from_pdfs(results).values()
            import_s = time.perf_counter() - began
        print(f"{'what':<44} {'seconds':>8}")
        print(f"{'W3C JSON export (baseline, same run)':<44} {json_s:>8.2f}")
        print(f"{f'PDF with highlights, {placed} highlights':<44} {pdf_s:>8.2f}")
        print(f"{'their annotations imported from the PDF':<44} {import_s:>8.2f}")
        print(f"back: {back.to_json()}; file {out.stat().st_size / 1e6:.2f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-file", type=int, default=6, help="highlights per PDF")
    parser.add_argument("--files", default="pdf_good/*.pdf", help="glob under the corpus")
    parser.add_argument("--scale", type=int, help="N highlights on one long book instead")
    args = parser.parse_args()
    if args.scale:
        try:
            scale(args.scale)
        finally:
            shutdown_renderer()
            shutdown_worker()
        return 0
    files = sorted(CORPUS.glob(args.files))
    if not files:
        print(f"no files match {CORPUS / args.files}", file=sys.stderr)
        return 1
    rng = random.Random(14)
    rows = []
    try:
        for source in files:
            with tempfile.TemporaryDirectory(prefix="sb-interchange-") as folder:
                rows.append(evaluate(source, args.per_file, Path(folder), rng))
            row = rows[-1]
            print(
                f"{row.name[:44]:<44} {row.highlights:>3} {row.exact:>5} {row.round_trip:>5} "
                f"{row.export_ms:>8.0f} {row.import_ms:>8.0f} {row.baseline_ms:>8.1f}  {row.note}",
                flush=True,
            )
    finally:
        shutdown_renderer()
        shutdown_worker()
    total = sum(r.highlights for r in rows)
    exact = sum(r.exact for r in rows)
    back = sum(r.round_trip for r in rows)
    print(
        f"\n{'file':<44} {'hl':>3} {'exact':>5} {'back':>5} {'export':>8} {'import':>8} {'base':>8}"
    )
    print(
        f"{len(rows)} files, {total} highlights: {exact} with exact quads "
        f"({exact / max(total, 1):.1%}), {back} round-tripped ({back / max(total, 1):.1%})"
    )
    print("times in ms; base = PDFium incremental save of the file without annotations (same run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
