"""Compare HTML main-text extractors against the expected outputs in the corpus.

For each page in ``news_html/test-pages/*`` this extracts the main text with
trafilatura and with readability-lxml, and scores it against
``expected.html`` with a word-level F1 (bag of words; CJK characters count
as words), and the metadata against ``expected-metadata.json`` (title,
author/byline, site name, published date, language). Prints a table.

Usage:
    .venv/bin/python benchmarks/html_extract_eval.py [PAGES_DIR]
"""

from __future__ import annotations

import json
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

DEFAULT_PAGES = (
    Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_html" / "test-pages"
)
_WORD = re.compile(r"[\u3400-\u9fff]|\w+", re.UNICODE)


def words(text: str) -> Counter[str]:
    """Lower-cased word (or CJK character) counts."""
    return Counter(_WORD.findall(text.lower()))


def f1(got: str, expected: str) -> float:
    """Word-level F1 of ``got`` against ``expected``."""
    a, b = words(got), words(expected)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def html_text(markup: str) -> str:
    """The visible text of an HTML fragment."""
    if not markup.strip():
        return ""
    return lxml.html.fromstring(markup).text_content()


def _norm(value: object) -> str:
    text = " ".join(str(value or "").lower().replace(";", ",").split())
    return re.sub(r"^(by|par|por|von)\s+", "", text)


def meta_scores(got: dict[str, str | None], expected: dict[str, object]) -> dict[str, bool | None]:
    """Field -> correct (None when the expected value is absent)."""
    pairs = {
        "title": (got.get("title"), expected.get("title")),
        "author": (got.get("author"), expected.get("byline")),
        "site": (got.get("source"), expected.get("siteName")),
        "date": (got.get("published"), expected.get("publishedTime")),
        "lang": (got.get("language"), expected.get("lang")),
    }
    result: dict[str, bool | None] = {}
    for field, (value, want) in pairs.items():
        if not want:
            result[field] = None
            continue
        a, b = _norm(value), _norm(want)
        if field == "date":
            result[field] = bool(a) and a[:10] == b[:10]
        elif field == "lang":
            result[field] = bool(a) and a.split("-")[0] == b.split("-")[0]
        else:
            result[field] = bool(a) and (a in b or b in a)
    return result


def run_trafilatura(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata with trafilatura (what Sourcebook's importer calls)."""
    from desktop_app.core.importers.html import extract_html

    document = extract_html(html)
    meta = document.metadata
    return document.text, {
        "title": meta.title,
        "author": meta.author,
        "source": meta.source,
        "published": meta.published,
        "language": meta.language,
    }


def run_readability(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text and title with readability-lxml (it reads no other metadata)."""
    from readability import Document

    doc = Document(html)
    return html_text(doc.summary(html_partial=True)), {"title": doc.short_title()}


EXTRACTORS: dict[str, Callable[[str], tuple[str, dict[str, str | None]]]] = {
    "trafilatura": run_trafilatura,
    "readability-lxml": run_readability,
}


def main(argv: list[str]) -> int:
    """Print the comparison table."""
    pages_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_PAGES
    pages = sorted(p for p in pages_dir.iterdir() if (p / "source.html").exists())
    if not pages:
        print(f"no pages under {pages_dir}")
        return 1
    fields = ("title", "author", "site", "date", "lang")
    print(f"{len(pages)} pages from {pages_dir}\n")
    print("| extractor | mean word F1 | median F1 | " + " | ".join(fields) + " | s/page |")
    print("|---|---|---|" + "---|" * len(fields) + "---|")
    for name, extract in EXTRACTORS.items():
        scores: list[float] = []
        right: Counter[str] = Counter()
        asked: Counter[str] = Counter()
        started = time.perf_counter()
        for page in pages:
            html = (page / "source.html").read_text(encoding="utf-8", errors="replace")
            expected_text = html_text((page / "expected.html").read_text(encoding="utf-8"))
            expected_meta = json.loads((page / "expected-metadata.json").read_text("utf-8"))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    text, meta = extract(html)
                except Exception as exc:
                    print(f"  {name} failed on {page.name}: {exc}", file=sys.stderr)
                    text, meta = "", {}
            scores.append(f1(text, expected_text))
            for field, ok in meta_scores(meta, expected_meta).items():
                if ok is not None:
                    asked[field] += 1
                    right[field] += bool(ok)
        elapsed = (time.perf_counter() - started) / len(pages)
        ordered = sorted(scores)
        cells = [f"{right[f]}/{asked[f]}" for f in fields]
        print(
            f"| {name} | {sum(scores) / len(scores):.3f} | {ordered[len(ordered) // 2]:.3f} | "
            + " | ".join(cells)
            + f" | {elapsed:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
