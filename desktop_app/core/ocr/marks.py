"""How a document says which of its pages were read by OCR: its warnings.

Until the page map stores a source per page, the warning ``OCR: pages 1–3,
5 read by OCR (…)`` is the record; ``show`` JSON prints it and export
citations read it back (``p. 3 (OCR)``).
"""

from __future__ import annotations

OCR_WARNING_PREFIX = "OCR:"
"""Warnings about OCR'd pages start with this."""


def pages_text(indexes: list[int]) -> str:
    """'page 3' or 'pages 1–4, 7' (1-based) for 0-based ``indexes``."""
    numbers = sorted(i + 1 for i in indexes)
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(f"{start}–{previous}" if previous > start else str(start))
        if number is not None:
            start = previous = number
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(runs)


def ocr_pages(warnings: list[str]) -> set[int]:
    """The 1-based pages a document's warnings say were read by OCR."""
    pages: set[int] = set()
    for warning in warnings:
        if warning.startswith(OCR_WARNING_PREFIX):
            pages |= page_numbers(warning)
    return pages


def page_numbers(warning: str) -> set[int]:
    """The 1-based pages an OCR warning names (for citations)."""
    numbers: set[int] = set()
    head = warning.removeprefix(OCR_WARNING_PREFIX).split(" read by", 1)[0]
    for part in head.replace("pages", "").replace("page", "").split(","):
        bounds = part.strip().split("–")
        if all(b.isdigit() for b in bounds) and bounds[0]:
            numbers.update(range(int(bounds[0]), int(bounds[-1]) + 1))
    return numbers
