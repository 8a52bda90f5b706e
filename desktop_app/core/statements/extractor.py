"""The statement extractor: text + blocks + language → statements with speakers.

Pure: no database, no Qt. Precision comes first — a statement is kept only
with a speech cue and a speaker that is named, a group, or resolvable within
the document.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from desktop_app.core.statements.coref import resolve
from desktop_app.core.statements.direct import find_direct
from desktop_app.core.statements.indirect import find_indirect
from desktop_app.core.statements.lexicon_intl import LANGUAGES
from desktop_app.core.statements.model import Found
from desktop_app.core.statements.multilingual import extract_language
from desktop_app.core.statements.text import looks_like_heading, mostly_latin, paragraphs
from desktop_app.core.types import Block

# Attribution is modelled for these languages; others yield nothing rather
# than guesses.
SUPPORTED_LANGUAGES = frozenset({"en", *LANGUAGES})
_SCRIPTS = {
    "bn": regex.compile(r"\p{Bengali}"),
    "hi": regex.compile(r"\p{Devanagari}"),
    "ar": regex.compile(r"\p{Arabic}"),
}


def extract(
    text: str,
    blocks: Sequence[Block] = (),
    language: str | None = None,
    *,
    keep_unresolved: bool = False,
) -> list[Found]:
    """Find the statements in a document's canonical text.

    Args:
        text: the NFC text.
        blocks: the importer's blocks; headings are skipped. Without blocks,
            paragraphs are found from blank lines.
        language: BCP-47 code from the metadata, if known. Only English is
            analysed; any other language returns an empty list.
        keep_unresolved: also return statements whose speaker could not be
            resolved to a person or group (for evaluation against gold data
            that scores speakers as written).

    Returns:
        Statements in text order, each with its mention and, when resolved,
        its entity.
    """
    code = language.split("-")[0].lower() if language else None
    if code is not None and code not in SUPPORTED_LANGUAGES:
        return []
    if not text:
        return []
    other = code if code in LANGUAGES else (script_language(text) if code is None else None)
    if other is not None:
        found = extract_language(text, paragraphs(text, blocks), other)
        return found if keep_unresolved else [f for f in found if f.entity or is_described(f)]
    if not mostly_latin(text):
        return []
    paras = [
        (s, e)
        for s, e in paragraphs(text, blocks)
        if not looks_like_heading(text[s:e]) and mostly_latin(text[s:e], 400)
    ]
    direct = find_direct(text, paras)
    indirect = find_indirect(text, paras, [(f.start, f.end) for f in direct])
    found = sorted(direct + indirect, key=lambda f: f.start)
    resolve(text, found)
    if keep_unresolved:
        return found
    # Described speakers ("a spokesman", "the announcer") are kept as written.
    return [f for f in found if f.entity is not None or is_described(f)]


def script_language(text: str, sample: int = 4000) -> str | None:
    """bn, hi or ar when most letters of ``text`` are in that script (Hindi for
    Devanagari: Nepali documents carry their language in the metadata)."""
    chunk = text[:sample]
    letters = sum(1 for ch in chunk if ch.isalpha())
    if not letters:
        return None
    for code, script in _SCRIPTS.items():
        if len(script.findall(chunk)) >= 0.5 * letters:
            return code
    return None


def is_described(found: Found) -> bool:
    """Whether a statement's speaker is described, not named (no person behind it)."""
    mention = found.mention
    return mention is not None and mention.kind in ("anonymous", "role")
