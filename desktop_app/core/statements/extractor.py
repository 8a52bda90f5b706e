"""The statement extractor: text + blocks + language → statements with speakers.

Pure: no database, no Qt. Precision comes first — a statement is kept only
with a speech cue and a speaker that is named, a group, or resolvable within
the document.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.statements.coref import resolve
from desktop_app.core.statements.direct import find_direct
from desktop_app.core.statements.indirect import find_indirect
from desktop_app.core.statements.model import Found
from desktop_app.core.statements.text import looks_like_heading, mostly_latin, paragraphs
from desktop_app.core.types import Block

# Attribution is only modelled for English so far; other languages yield
# nothing rather than guesses.
SUPPORTED_LANGUAGES = frozenset({"en"})


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
    if language and language.split("-")[0].lower() not in SUPPORTED_LANGUAGES:
        return []
    if not text or not mostly_latin(text):
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


def is_described(found: Found) -> bool:
    """Whether a statement's speaker is described, not named (no person behind it)."""
    mention = found.mention
    return mention is not None and mention.kind in ("anonymous", "role")
