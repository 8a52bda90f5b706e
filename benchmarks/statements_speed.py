"""Speed of statement extraction and grouping, each with a baseline from the same run.

Run: ``.venv/bin/python benchmarks/statements_speed.py [--corpus DIR]``

Prints one table:

- extraction on the largest book of the corpus (War and Peace, 3.3 MB):
  MB/s of CPU time, next to a baseline pass over the same text (splitting it
  into words and finding every quote mark with one regular expression) that
  says how fast this machine is right now;
- a 5 MB document with 10,000 quote marks and its 2.5 MB half: time must grow
  linearly (the ratio is printed);
- grouping 100,000 statements (2,000 speakers, lines repeated with small edits
  across documents), next to exact-match grouping by a dictionary.

Targets (issue 16): extraction ≥ 1 MB/s; grouping 100,000 statements ≤ 10 s.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.core.statements.extractor import extract  # noqa: E402
from desktop_app.core.statements.grouping import Line, group_lines, normalise  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
_MARKS = re.compile(r"[\"“”‘’']")
_WORDS = [
    "the",
    "minister",
    "said",
    "workers",
    "recruitment",
    "fees",
    "debt",
    "shelter",
    "court",
    "brokers",
    "law",
]


def cpu(call):  # type: ignore[no-untyped-def]
    """``(seconds of CPU time, result)`` of ``call()``."""
    started = time.process_time()
    result = call()
    return time.process_time() - started, result


def baseline_pass(text: str) -> int:
    """A cheap full pass: words and quote marks (the machine's yardstick)."""
    return len(text.split()) + len(_MARKS.findall(text))


def quote_heavy(megabytes: float) -> str:
    """News-like paragraphs with 2,000 quote marks per MB (10,000 in 5 MB)."""
    filler = "Brokers still operate in many districts and workers pay fees to them. " * 13
    para = filler + 'Sultana Parvin said, "The shelter is full and the court is slow."'
    count = int(megabytes * 1e6 / (len(para) + 2))
    return "\n\n".join([para] * count)


def synthetic_lines(n: int, speakers: int, seed: int = 7) -> list[Line]:
    """``n`` statements; a third repeat an earlier line of their speaker, some edited."""
    rng = random.Random(seed)
    lines: list[Line] = []
    said: dict[int, list[str]] = defaultdict(list)
    for i in range(n):
        speaker = rng.randrange(speakers)
        if said[speaker] and rng.random() < 0.33:
            words = rng.choice(said[speaker]).split()
            if rng.random() < 0.5:
                words.insert(rng.randrange(len(words)), rng.choice(_WORDS))
            quote = " ".join(words)
        else:
            quote = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 30)))
            said[speaker].append(quote)
        lines.append(Line(i + 1, i // 3, speaker, quote))
    return lines


def exact_groups(lines: list[Line]) -> int:
    """Baseline: group by speaker and normalised text only."""
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for line in lines:
        groups[(line.speaker_id, normalise(line.quote))].append(line.id)
    return sum(1 for g in groups.values() if len(g) > 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    books = sorted(
        (args.corpus / "big_text" / "books").glob("*.txt"), key=lambda p: -p.stat().st_size
    )
    if books:
        text = books[0].read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        mb = len(text.encode("utf-8")) / 1e6
        base, _ = cpu(lambda: baseline_pass(text))
        took, found = cpu(lambda: extract(text))
        rows.append((f"baseline pass, {books[0].name}", f"{mb / base:8.1f} MB/s", ""))
        rows.append(
            (
                f"extraction, {books[0].name}",
                f"{mb / took:8.2f} MB/s",
                f"{len(found)} statements; target >= 1 MB/s",
            )
        )
    half, full = quote_heavy(2.5), quote_heavy(5.0)
    t_half, _ = cpu(lambda: extract(half))
    t_full, _ = cpu(lambda: extract(full))
    marks = len(_MARKS.findall(full))
    rows.append(("quote-heavy 2.5 MB", f"{t_half:8.2f} s", ""))
    rows.append(
        (
            f"quote-heavy 5 MB ({marks:,} marks)",
            f"{t_full:8.2f} s",
            f"x{t_full / max(t_half, 1e-9):.2f} for twice the text (linear: about 2)",
        )
    )
    lines = synthetic_lines(100_000, 2_000)
    t_exact, exact = cpu(lambda: exact_groups(lines))
    t_group, groups = cpu(lambda: group_lines(lines))
    grouped = len({g for g in groups.values() if g is not None})
    rows.append(("baseline exact grouping, 100,000", f"{t_exact:8.2f} s", f"{exact} groups"))
    rows.append(
        (
            "near-duplicate grouping, 100,000",
            f"{t_group:8.2f} s",
            f"{grouped} groups; target <= 10 s",
        )
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure (CPU time)':<{width}}  {'value':>13}  note")
    print("-" * (width + 40))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>13}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
