"""Hand-built excerpts for writer tests: two documents, non-BMP text, Arabic, Bengali."""

from __future__ import annotations

from desktop_app.core.export.model import Excerpt, SourceInfo

REPORT = SourceInfo(
    doc_id=1,
    title="Trafficking in Persons Report",
    source="Dhaka Tribune",
    author="A. Rahman",
    published="2022-07-31",
    url="https://example.org/report",
    kind="pdf",
    sha256="ab" * 32,
    accessed="2026-11-01",
    language="en",
)
ARTICLE = SourceInfo(
    doc_id=2,
    title="মানব পাচার প্রতিবেদন",
    source="প্রথম আলো",
    published="2021-03-05",
    kind="html",
    sha256="cd" * 32,
    accessed="2026-11-02",
    language="bn",
)

BMP_FREE = "The 𝔘nion said 😀 debt bondage *persists* in [brokers'] camps"
ARABIC = "قال وزير الداخلية إن الحكومة تعمل على مكافحة الاتجار بالبشر"
BENGALI = "স্বরাষ্ট্রমন্ত্রী বলেছেন, মানব পাচার রোধে সরকার কাজ করছে।"


def excerpts() -> list[Excerpt]:
    """Three excerpts: two from the PDF report (pages 4 and 2), one from the Bengali article."""
    return [
        Excerpt(
            kind="annotation",
            id=11,
            source=REPORT,
            start=500,
            end=560,
            text=BMP_FREE + "\nacross two lines",
            prefix="before ",
            suffix=" after",
            note="Use in the brief, section 2",
            tags=("brief", "debt bondage"),
            color="yellow",
            color_meaning="evidence",
            page=4,
            paragraph=9,
            created="2026-11-20T10:00:00Z",
            updated="2026-11-21T10:00:00Z",
        ),
        Excerpt(
            kind="annotation",
            id=12,
            source=REPORT,
            start=100,
            end=160,
            text=ARABIC,
            note="ملاحظة بالعربية",
            tags=("brief",),
            color="green",
            page=2,
            paragraph=3,
            created="2026-11-20T10:00:00Z",
            updated="2026-11-20T10:00:00Z",
        ),
        Excerpt(
            kind="annotation",
            id=21,
            source=ARTICLE,
            start=10,
            end=60,
            text=BENGALI,
            note="",
            tags=(),
            color="blue",
            paragraph=2,
            created="2026-11-20T10:00:00Z",
            updated="2026-11-20T10:00:00Z",
        ),
    ]
