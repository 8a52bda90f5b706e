"""Statement spans for the reader: where a document quotes someone, and who."""

from __future__ import annotations

from desktop_app.core.library import Library


def statement_spans(library: Library, doc_id: int) -> list[tuple[int, int, str]]:
    """``(start, end, tooltip)`` for each statement of a document, in text order.

    Offsets are core offsets (code points) of the quote; the reader converts
    them to Qt positions. The tooltip names the speaker with role and
    organisation, and the cue (“Asaduzzaman Khan Kamal, Home Minister — said”).
    """
    spans = []
    for s in library.statements(doc_id=doc_id):
        who = s.speaker or s.speaker_mention or "Unknown speaker"
        extra = ", ".join(p for p in (s.role, s.organisation) if p)
        tooltip = f"{who}, {extra}" if extra else who
        if s.cue:
            tooltip += f" — {s.cue}"
        spans.append((s.start, s.end, tooltip))
    spans.sort(key=lambda span: (span[0], span[1]))
    return spans
