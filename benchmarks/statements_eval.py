"""Score the statement extractor against gold data and time it on a book.

Run: ``.venv/bin/python benchmarks/statements_eval.py [--corpus DIR] [--splits dev train]``

Prints one table: for the seed report (every statement, direct and indirect)
and for PolNeAR splits (direct quotes with a cue and a source, the only part of
PolNeAR comparable to what the extractor claims), quote precision and recall
by overlap and speaker accuracy on the quotes found; then MB/s on a book.

Scoring rules (documented in docs/STATEMENTS.md):
- A found quote is *correct* when its span overlaps the content of any gold
  attribution (PolNeAR annotates paraphrase too, so that is not a false
  statement) — for the seed report, any gold statement.
- *Recall* counts gold direct quotes (content starting with a quote mark,
  with a cue and a source) overlapped by some found quote.
- *Speaker accuracy*: of correct found quotes, the share whose speaker
  mention overlaps the gold source span, or whose resolved name shares a
  word with the gold source text. For the seed report the resolved name must
  equal the gold speaker.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.statements_rule import HEADER as RULE_HEADER  # noqa: E402
from benchmarks.statements_rule import RuleScore, Said, score_document, speaker_words  # noqa: E402
from desktop_app.core.statements.extractor import extract  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
QUOTE_START = ('"', "“", "'", "‘")


@dataclass
class Score:
    """Counts for one row of the table."""

    found: int = 0
    correct: int = 0
    gold: int = 0
    recalled: int = 0
    speaker_right: int = 0
    named: int = 0
    named_right: int = 0
    docs: int = 0
    seconds: float = 0.0
    mistakes: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        p = self.correct / self.found if self.found else 0.0
        r = self.recalled / self.gold if self.gold else 0.0
        s = self.speaker_right / self.correct if self.correct else 0.0
        n = f"{self.named_right / self.named:>9.3f}" if self.named else f"{'-':>9}"
        return (
            f"{name:<28} {self.docs:>5} {self.gold:>6} {self.found:>6} {p:>9.3f} "
            f"{r:>7.3f} {s:>9.3f} {n}"
        )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_seed(corpus: Path) -> Score:
    """Every statement of the seed report, with speakers."""
    seed = corpus / "seed"
    gold = json.loads((seed / "statements.gold.json").read_text(encoding="utf-8"))
    text = (seed / gold["file"]).read_text(encoding="utf-8")
    found = extract(text)
    score = Score(docs=1, gold=len(gold["statements"]), found=len(found))
    matched: set[int] = set()
    for f in found:
        best = max(
            range(len(gold["statements"])),
            key=lambda i: _overlap(
                (f.start, f.end), (gold["statements"][i]["start"], gold["statements"][i]["end"])
            ),
        )
        g = gold["statements"][best]
        if _overlap((f.start, f.end), (g["start"], g["end"])) == 0:
            score.mistakes.append(f"false statement: {f.quote[:60]!r}")
            continue
        score.correct += 1
        matched.add(best)
        name = f.entity.name if f.entity else None
        score.named += 1
        if name == g["speaker"]:
            score.speaker_right += 1
            score.named_right += 1
        else:
            score.mistakes.append(f"wrong speaker {name!r} for {g['speaker']!r}")
    score.recalled = len(matched)
    return score


def _polnear_docs(corpus: Path, split: str) -> list[dict]:
    docs: dict[str, dict] = {}
    folder = corpus / "quotes" / "derived_gold_jsonl"
    for path in sorted(folder.glob(f"gold_{split}*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            # One annotation file per document: the first annotator in sort order.
            key = record["doc"]
            if key not in docs or record["annotator"] < docs[key]["annotator"]:
                docs[key] = record
    return [docs[k] for k in sorted(docs)]


def score_polnear(corpus: Path, split: str, *, keep_unresolved: bool) -> Score:
    """Direct quotes of a PolNeAR split."""
    score = Score()
    base = corpus / "quotes"
    for record in _polnear_docs(corpus, split):
        text = (base / record["text_file"]).read_text(encoding="utf-8")
        score.docs += 1
        started = time.perf_counter()
        found = [f for f in extract(text, keep_unresolved=keep_unresolved) if f.kind == "direct"]
        score.seconds += time.perf_counter() - started
        attributions = record["attributions"]
        spans = [[(c["start"], c["end"]) for c in a["content"]] for a in attributions]
        gold_direct = [
            i
            for i, a in enumerate(attributions)
            if a["content"]
            and a["cue"]
            and a["source"]
            and a["content"][0]["text"].lstrip().startswith(QUOTE_START)
        ]
        score.gold += len(gold_direct)
        score.found += len(found)
        hit: set[int] = set()
        for f in found:
            overlaps = [
                (sum(_overlap((f.start, f.end), s) for s in pieces), i)
                for i, pieces in enumerate(spans)
            ]
            best_overlap, best = max(overlaps, default=(0, -1))
            if best_overlap == 0:
                score.mistakes.append(f"{record['doc']}: no gold for {f.quote[:70]!r}")
                continue
            score.correct += 1
            for amount, i in overlaps:
                if amount:
                    hit.add(i)
            named = _gold_name(attributions[best])
            if named and f.entity is not None:
                # Resolution check: gold names a person; does our resolved
                # speaker carry that name (even when we read "he")?
                score.named += 1
                score.named_right += f.entity.name.split()[-1].casefold() in named
            if _speaker_ok(f, attributions[best]):
                score.speaker_right += 1
            else:
                src = " / ".join(s["text"] for s in attributions[best]["source"]) or "-"
                said = f.mention.text if f.mention else None
                name = f.entity.name if f.entity else None
                score.mistakes.append(
                    f"{record['doc']}: speaker {said!r}->{name!r}, gold {src!r}: {f.quote[:50]!r}"
                )
        score.recalled += len(hit & set(gold_direct))
    return score


def _gold_name(attribution: dict) -> set[str]:
    """Capitalised words of a gold source that names someone (not "he", "a source")."""
    words = [
        re.sub(r"['’]s$", "", w.strip(".,()")).casefold()
        for s in attribution["source"]
        for w in s["text"].split()
        if w[:1].isupper()
    ]
    skip = {"he", "she", "they", "it", "i", "we", "the", "a", "mr", "mrs", "ms", "dr"}
    return {w for w in words if w and w not in skip}


def _speaker_ok(f, attribution: dict) -> bool:
    sources = attribution["source"]
    if not sources or f.mention is None:
        return False
    m = (f.mention.start, f.mention.end)
    if any(_overlap(m, (s["start"], s["end"])) for s in sources):
        return True
    if f.entity is None:
        return False
    gold_words = {
        re.sub(r"['’]s$", "", w.strip(".,()")).casefold()
        for s in sources
        for w in s["text"].split()
    }
    name_words = {w.casefold() for w in f.entity.name.split()}
    return bool(gold_words & name_words - {"the", "a", "mr.", "mrs.", "ms."})


def score_polnear_rule(corpus: Path, split: str) -> RuleScore:
    """Issue 16's rule (see ``statements_rule.py``): every kind, as the app stores them."""
    score = RuleScore()
    base = corpus / "quotes"
    for record in _polnear_docs(corpus, split):
        text = (base / record["text_file"]).read_text(encoding="utf-8")
        said = [
            Said(
                f.quote,
                f.kind,
                speaker_words(
                    f.entity.name if f.entity else None, f.mention.text if f.mention else None
                ),
            )
            for f in extract(text)
        ]
        score_document(record["doc"], said, record["attributions"], score)
    return score


def throughput(corpus: Path) -> tuple[str, float, float, float, int]:
    """MB/s of extraction on the largest book: wall clock and CPU time.

    CPU time is the fairer number on a shared machine (other processes slow
    the wall clock, not the work done).
    """
    books = sorted((corpus / "big_text" / "books").glob("*.txt"), key=lambda p: -p.stat().st_size)
    book = books[0]
    text = book.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    started, cpu = time.perf_counter(), time.process_time()
    found = extract(text)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    mb = len(text.encode("utf-8")) / 1e6
    return book.name, mb, mb / seconds, mb / cpu_seconds, len(found)


def _rule_table(args: argparse.Namespace) -> list[tuple[str, RuleScore]]:
    print("\nIssue 16's rule (token containment >= 0.6, every kind; statements_rule.py)")
    print(RULE_HEADER)
    print("-" * len(RULE_HEADER))
    rows = []
    for split in args.splits:
        rows.append((f"PolNeAR {split}", score_polnear_rule(args.corpus, split)))
        print(rows[-1][1].row(rows[-1][0]), flush=True)
    return rows


def _print_rule_mistakes(rows: list[tuple[str, RuleScore]], limit: int) -> None:
    for name, rule in rows:
        print(f"\n## rule {name}")
        for line in rule.mistakes[:limit] + rule.missed[:limit]:
            print("  ", line)


def _print_rule(args: argparse.Namespace) -> int:
    rows = _rule_table(args)
    if args.mistakes:
        _print_rule_mistakes(rows, args.mistakes)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--splits", nargs="*", default=["dev", "train"])
    parser.add_argument("--mistakes", type=int, default=0, help="print N mistakes per row")
    parser.add_argument(
        "--rule-only", action="store_true", help="print only the issue-16 rule's table"
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    if args.rule_only:
        return _print_rule(args)
    header = (
        f"{'data set':<28} {'docs':>5} {'gold':>6} {'found':>6} {'precision':>9} "
        f"{'recall':>7} {'speaker':>9} {'resolved':>9}"
    )
    print(header)
    print("-" * len(header))
    rows = [("seed report (all)", score_seed(args.corpus))]
    for split in args.splits:
        rows.append(
            (f"PolNeAR {split} direct", score_polnear(args.corpus, split, keep_unresolved=False))
        )
        rows.append(
            (
                f"PolNeAR {split} direct +unres.",
                score_polnear(args.corpus, split, keep_unresolved=True),
            )
        )
    for name, score in rows:
        print(score.row(name))
    rule_rows = _rule_table(args)
    name, mb, rate, cpu_rate, count = throughput(args.corpus)
    print(
        f"\nthroughput: {name} ({mb:.1f} MB): {cpu_rate:.2f} MB/s of CPU time "
        f"({rate:.2f} MB/s wall clock), {count} statements"
    )
    if args.mistakes:
        for name, score in rows:
            print(f"\n## {name}")
            for line in score.mistakes[: args.mistakes]:
                print("  ", line)
        _print_rule_mistakes(rule_rows, args.mistakes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
