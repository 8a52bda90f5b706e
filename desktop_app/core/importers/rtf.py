"""RTF through striprtf: plain text, paragraphs split on blank lines or line breaks.

striprtf is a small pure-Python state machine: cheap, but it gives no
structure, so every RTF paragraph becomes a paragraph block. The text is
decoded from the file's ``\\ansicpg`` code page (cp1252 when absent);
``\\u`` escapes carry everything else.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from desktop_app.core.cleantext import join_surrogate_pairs
from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.types import DocumentMetadata, ImportedDocument

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_INFO_FIELD = re.compile(r"\{\\(title|author)\s+([^{}\\]*)\}")


def import_rtf(path: Path, data: bytes) -> ImportedDocument:
    """Import an RTF file.

    Raises:
        ImportFailed: when the RTF cannot be parsed.
    """
    from striprtf.striprtf import rtf_to_text

    encoding = _encoding(data[:4096])
    raw = data.decode("latin-1")  # RTF is 7-bit; high bytes are re-decoded by striprtf
    try:
        text = rtf_to_text(raw, encoding=encoding, errors="replace")
    except (ValueError, IndexError, UnicodeError) as exc:
        raise ImportFailed(path, f"damaged RTF file ({exc})") from None
    # striprtf turns each half of a \u surrogate pair (an emoji, a rare CJK
    # character) into a character of its own: join them before anything else.
    text = join_surrogate_pairs(text)
    builder = TextBuilder()
    for paragraph in re.split(r"\n", text.replace("\r\n", "\n")):
        builder.add(paragraph)
    info = {
        key: join_surrogate_pairs(value.strip()) for key, value in _INFO_FIELD.findall(raw[:65536])
    }
    metadata = DocumentMetadata(title=info.get("title") or None, author=info.get("author") or None)
    return ImportedDocument(builder.text, builder.blocks, "rtf", metadata)


def _encoding(head: bytes) -> str:
    found = _CODEPAGE.search(head)
    if found:
        name = f"cp{int(found.group(1))}"
        try:
            codecs.lookup(name)
        except LookupError:
            return "cp1252"
        return name
    return "cp1252"
