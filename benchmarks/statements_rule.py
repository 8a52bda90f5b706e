"""Issue 16's scoring rule for statements against PolNeAR (the second table).

- **Gold**: every attribution whose Content contains a quote mark (``"``,
  ``“`` or ``”``), that has a Source, and whose Cue holds a speech verb of
  :data:`SPEECH_VERBS` in any form. The gold quote is the whole Content (its
  spans joined); the gold speaker is the Source text.
- **Match**: a statement of any kind matches a gold quote when the token
  containment of the shorter in the longer is ≥ 0.6 and neither has more than
  4 × the other's tokens; each pairs at most once, best overlap first.
- **Precision**: statements matching any attribution's Content (all
  attributions, not only gold) ÷ all statements.
- **Speaker right**: the gold speaker's head word (surname or head noun) is
  among the words of the statement's speaker or speaker mention; pronoun gold
  speakers are not judged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

# The verbs; "according to" is matched as a phrase.
SPEECH_VERBS = (  # noqa: SIM905 - a word list reads best as text
    "say tell add note state comment explain argue claim write ask warn urge insist "
    "declare announce remark reply respond continue recall acknowledge"
).split()
_IRREGULAR = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"]}


def _forms(verb: str) -> set[str]:
    forms = {verb, *(_IRREGULAR.get(verb, []))}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
    if verb == "say":
        forms.discard("sayed")
    return forms


_VERB_FORMS = frozenset(f for v in SPEECH_VERBS for f in _forms(v))
_WORD = re.compile(r"[\w’']+")
_QUOTE_MARKS = ('"', "“", "”")
PRONOUNS = frozenset(
    "he she they i we you it him her them his hers their theirs our us me".split()  # noqa: SIM905
)
_CUT = re.compile(r",|\s(?:who|which|that|for|at|from|with|in|on|about|to)\s|\s\(")


def cue_is_speech(cue_text: str) -> bool:
    """Whether a gold cue holds a speech verb of the list (any form) or "according to"."""
    low = cue_text.lower()
    if "according to" in low:
        return True
    return any(w.strip("’'") in _VERB_FORMS for w in _WORD.findall(low))


def tokens(text: str) -> list[str]:
    """Case-folded word tokens (quote marks and punctuation dropped)."""
    return [w.strip("’'") for w in _WORD.findall(text.casefold()) if w.strip("’'")]


def containment(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the shorter token list's tokens found in the longer (multiset)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return 0.0
    common = Counter(short) & Counter(long_)
    return sum(common.values()) / len(short)


def matches(a: Sequence[str], b: Sequence[str]) -> float:
    """The containment when the two match under the rule, else 0."""
    if not a or not b or len(a) > 4 * len(b) or len(b) > 4 * len(a):
        return 0.0
    score = containment(a, b)
    return score if score >= 0.6 else 0.0


def head_word(source: str) -> str | None:
    """The head of a gold speaker: "Republican nominee Donald Trump" → trump.

    The phrase is cut at a comma, a relative pronoun or a preposition (so "a
    spokesman for Clinton" → spokesman); "of" cuts only after a lowercase word
    ("Secretary of State John Kerry" stays whole). A possessive is dropped.
    """
    text = " ".join(source.split())
    cut = _CUT.search(text)
    if cut is not None and cut.start() > 0:
        text = text[: cut.start()]
    of = re.search(r"\s(?=of\s)", text)
    if (
        of is not None
        and text[: of.start()].split()[-1:]
        and text[: of.start()].split()[-1].islower()
    ):
        text = text[: of.start()]
    words = tokens(re.sub(r"['’]s\b", "", text))
    return words[-1] if words else None


@dataclass
class RuleScore:
    """Counts for one row of the rule's table."""

    docs: int = 0
    gold: int = 0
    found: int = 0
    correct: int = 0
    recalled: int = 0
    judged: int = 0
    speaker_right: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    mistakes: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        p = self.correct / self.found if self.found else 0.0
        r = self.recalled / self.gold if self.gold else 0.0
        s = self.speaker_right / self.judged if self.judged else 0.0
        kinds = " ".join(f"{k}={n}" for k, n in sorted(self.by_kind.items()))
        return (
            f"{name:<28} {self.docs:>5} {self.gold:>6} {self.found:>6} {self.recalled:>6} "
            f"{p:>9.3f} {r:>7.3f} {s:>8.3f}  {kinds}"
        )


HEADER = (
    f"{'data set':<28} {'docs':>5} {'gold':>6} {'found':>6} {'hit':>6} {'precision':>9} "
    f"{'recall':>7} {'speaker':>8}  kinds found"
)


@dataclass(frozen=True)
class Said:
    """A found statement as the rule sees it."""

    quote: str
    kind: str
    speaker_words: frozenset[str]


def speaker_words(*names: str | None) -> frozenset[str]:
    """The words of a statement's speaker and mention, possessives dropped."""
    return frozenset(w for n in names if n for w in tokens(re.sub(r"['’]s\b", "", n)))


def score_document(
    doc: str, said: Sequence[Said], attributions: Sequence[dict], score: RuleScore
) -> None:
    """Add one document's statements and gold attributions to ``score``."""
    contents = [" ".join(c["text"] for c in a["content"]) for a in attributions]
    content_tokens = [tokens(c) for c in contents]
    gold = [
        i
        for i, a in enumerate(attributions)
        if a["source"]
        and any(q in contents[i] for q in _QUOTE_MARKS)
        and cue_is_speech(" ".join(c["text"] for c in a["cue"]))
    ]
    said_tokens = [tokens(s.quote) for s in said]
    score.docs += 1
    score.gold += len(gold)
    score.found += len(said)
    for s, toks in zip(said, said_tokens, strict=True):
        score.by_kind[s.kind] += 1
        if any(matches(toks, ct) for ct in content_tokens):
            score.correct += 1
        else:
            score.mistakes.append(f"{doc}: [{s.kind}] no attribution for {s.quote[:90]!r}")
    pairs = sorted(
        (
            (m, -abs(len(said_tokens[si]) - len(content_tokens[gi])), si, gi)
            for si in range(len(said))
            for gi in gold
            if (m := matches(said_tokens[si], content_tokens[gi]))
        ),
        reverse=True,
    )
    used_s: set[int] = set()
    used_g: set[int] = set()
    for _m, _d, si, gi in pairs:
        if si in used_s or gi in used_g:
            continue
        used_s.add(si)
        used_g.add(gi)
        source = " ".join(x["text"] for x in attributions[gi]["source"])
        head = head_word(source)
        if head is None or head in PRONOUNS:
            continue
        score.judged += 1
        if head in said[si].speaker_words:
            score.speaker_right += 1
        else:
            score.mistakes.append(
                f"{doc}: speaker {sorted(said[si].speaker_words)} for gold {source!r}: "
                f"{said[si].quote[:60]!r}"
            )
    score.recalled += len(used_g)
    for gi in gold:
        if gi not in used_g:
            source = " ".join(x["text"] for x in attributions[gi]["source"])
            score.missed.append(f"{doc}: missed ({source}) {contents[gi][:110]!r}")
