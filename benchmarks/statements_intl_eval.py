"""Score statements in Bengali and Arabic against hand-made gold (benchmarks/gold/).

Run: ``.venv/bin/python benchmarks/statements_intl_eval.py [--corpus DIR] [--mistakes]``

Every gold quote and speaker is an exact string of the article's NFC text; the
script finds its offsets and stops with an error when a string is missing or
appears more than once (so a gold file cannot drift from the texts). Matching
follows issue 16's rule (token containment ≥ 0.6, neither over 4× the other's
tokens, each pairs once); precision counts every statement found in the
article. Rows are split into articles looked at while writing the rules and
held-out ones.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.core.statements.extractor import extract  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "statements_intl.json"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "multilingual"
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# Gold speakers that are a pronoun or only a cue ("وقال"): not judged.
UNNAMED = {"তিনি", "উনি", "उन्होंने", "وقال", "وأضاف", "قال", "وأشار", "وقالت", "معاليه"}


def _is_cue_alone(speaker: str) -> bool:
    """A gold speaker that is only a verb ("وتابع", "وأوضح"): a pronoun subject."""
    return len(speaker.split()) == 1 and speaker.startswith("و") and len(speaker) <= 6


def tokens(text: str) -> list[str]:
    """Word tokens with their combining marks (Bengali and Hindi vowel signs)."""
    return [w.casefold() for w in _WORD.findall(text)]


def matches(a: list[str], b: list[str]) -> float:
    """Token containment of the shorter in the longer when ≥ 0.6 and sizes within 4×."""
    if not a or not b or len(a) > 4 * len(b) or len(b) > 4 * len(a):
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    score = sum((Counter(short) & Counter(long_)).values()) / len(short)
    return score if score >= 0.6 else 0.0


def locate(text: str, needle: str, what: str, times: int = 1) -> int:
    """The offset of ``needle`` in ``text``; error when missing or ambiguous.

    A quote may appear more than once only when the gold lists it as often
    (a sentence a report repeats is two statements).
    """
    first = text.find(needle)
    if first == -1:
        raise SystemExit(f"gold {what} not in the text: {needle[:60]!r}")
    if what == "quote" and text.count(needle) != times:
        raise SystemExit(f"gold {what} appears {text.count(needle)} times: {needle[:60]!r}")
    return first


def score(
    corpus: Path, show: bool, *, seen_only: bool = False
) -> dict[tuple[str, bool], Counter[str]]:
    """Counts per (language, held out): found, correct, gold, hit, judged, speaker."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    rows: dict[tuple[str, bool], Counter[str]] = {}
    for doc in gold["documents"]:
        if seen_only and doc["held_out"]:
            continue
        raw = (corpus / doc["file"]).read_text(encoding="utf-8-sig")
        text = unicodedata.normalize("NFC", raw)
        wanted = []
        listed = Counter(g["quote"] for g in doc["statements"])
        for g in doc["statements"]:
            if "occurrence" in g:  # the same words said again after a headline held them
                start = -1
                for _ in range(g["occurrence"]):
                    start = text.index(g["quote"], start + 1)
            else:
                start = locate(text, g["quote"], "quote", listed[g["quote"]])
            assert text[start : start + len(g["quote"])] == g["quote"]
            locate(text, g["speaker"], "speaker")
            wanted.append((g, tokens(g["quote"])))
        found = extract(text, language=doc["lang"])
        row = rows.setdefault((doc["lang"], doc["held_out"]), Counter())
        row["docs"] += 1
        row["found"] += len(found)
        row["gold"] += len(wanted)
        found_tokens = [tokens(f.quote) for f in found]
        for f, ft in zip(found, found_tokens, strict=True):
            if any(matches(ft, gt) for _g, gt in wanted):
                row["correct"] += 1
            elif show:
                print(f"  {doc['file']}: not in gold: {f.quote[:80]!r}")
        pairs = sorted(
            (
                (m, fi, gi)
                for fi, ft in enumerate(found_tokens)
                for gi, (_g, gt) in enumerate(wanted)
                if (m := matches(ft, gt))
            ),
            reverse=True,
        )
        used_f: set[int] = set()
        used_g: set[int] = set()
        for _m, fi, gi in pairs:
            if fi in used_f or gi in used_g:
                continue
            used_f.add(fi)
            used_g.add(gi)
            g = wanted[gi][0]
            if g["speaker"] in UNNAMED or _is_cue_alone(g["speaker"]):
                continue
            row["judged"] += 1
            f = found[fi]
            words = set(
                tokens(
                    " ".join(
                        filter(
                            None,
                            [
                                f.entity.name if f.entity else None,
                                f.mention.text if f.mention else None,
                            ],
                        )
                    )
                )
            )
            gold_words = tokens(g["speaker"])
            # The head: a surname (last word) or, in Arabic descriptions, the
            # first noun ("مصدر مطلع في ديوان المظالم" → مصدر).
            heads = {gold_words[-1]} | ({gold_words[0]} if doc["lang"] == "ar" else set())
            right = bool(heads & words)
            row["speaker"] += right
            if show and not right:
                print(f"  {doc['file']}: speaker {sorted(words)} for gold {g['speaker']!r}")
        row["hit"] += len(used_g)
        if show:
            for gi, (g, _t) in enumerate(wanted):
                if gi not in used_g:
                    print(f"  {doc['file']}: missed ({g['speaker']}) {g['quote'][:80]!r}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--mistakes", action="store_true", help="list misses and extras")
    parser.add_argument(
        "--seen-only", action="store_true", help="score only the articles used to tune the rules"
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    rows = score(args.corpus, args.mistakes, seen_only=args.seen_only)
    header = (
        f"{'language':<20} {'docs':>5} {'gold':>5} {'found':>6} {'precision':>9} "
        f"{'recall':>7} {'speaker':>8}"
    )
    print(header)
    print("-" * len(header))
    for (lang, held), c in sorted(rows.items()):
        p = c["correct"] / c["found"] if c["found"] else 0.0
        r = c["hit"] / c["gold"] if c["gold"] else 0.0
        s = f"{c['speaker'] / c['judged']:.3f}" if c["judged"] else "-"
        name = f"{lang} {'held-out' if held else 'seen'}"
        print(
            f"{name:<20} {c['docs']:>5} {c['gold']:>5} {c['found']:>6} {p:>9.3f} {r:>7.3f} {s:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
