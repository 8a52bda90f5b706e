"""Citation styles, described as data.

Each style is one :class:`CitationStyle` in :data:`CITATION_STYLES`: an ordered
list of parts (which field, how it is printed, what joins it to the previous
part). A part whose field is empty is left out with its joiner, so a document
without an author or a URL still gets a clean citation. Adding a style means
adding one entry here; writers only ask :func:`cite` for the text and
``style.placement`` for where to put it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from desktop_app.core.export.model import Excerpt

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Part:
    """One piece of a citation: ``template.format(value)`` after ``joiner``."""

    field: str
    template: str = "{}"
    joiner: str = ", "


@dataclass(frozen=True)
class CitationStyle:
    """How a citation is built and where it goes.

    ``placement`` is ``"inline"`` (after the quote, in the text) or ``"note"``
    (a numbered footnote/endnote). ``date_format`` is ``"iso"`` or ``"long"``
    (31 July 2022).
    """

    name: str
    label: str
    placement: Literal["inline", "note"]
    parts: tuple[Part, ...]
    wrap: str = "{}"
    date_format: Literal["iso", "long"] = "iso"
    page_label: str = "p."
    paragraph_label: str = "para."


CITATION_STYLES: dict[str, CitationStyle] = {
    # (Dhaka Tribune, 2022-07-31, p. 4)
    "short": CitationStyle(
        name="short",
        label="Short inline",
        placement="inline",
        parts=(Part("who"), Part("published"), Part("locator")),
        wrap="({})",
        date_format="iso",
    ),
    # A. Rahman, “Consultation on trafficking”, Dhaka Tribune, 31 July 2022, p. 4,
    # https://example.org/a (accessed 28 November 2026).
    "footnote": CitationStyle(
        name="footnote",
        label="Footnotes",
        placement="note",
        parts=(
            Part("author"),
            Part("title", "“{}”"),
            Part("outlet"),
            Part("published"),
            Part("locator"),
            Part("url"),
            Part("accessed", "(accessed {})", joiner=" "),
        ),
        wrap="{}.",
        date_format="long",
    ),
}
"""Every citation style by name; the CLI's ``--citation`` choices."""


def style(name: str) -> CitationStyle:
    """The style called ``name``.

    Raises:
        ValueError: for an unknown style, listing the known ones.
    """
    try:
        return CITATION_STYLES[name]
    except KeyError:
        known = ", ".join(CITATION_STYLES)
        raise ValueError(f"unknown citation style {name!r} (choose from {known})") from None


def format_date(value: str | None, how: str) -> str:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) in the style's format.

    Anything that is not an ISO date is returned as it is.
    """
    if not value:
        return ""
    value = value.strip()
    if how != "long":
        return value
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?", value)
    if not match:
        return value
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = _MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def locator(excerpt: Excerpt, st: CitationStyle) -> str:
    """Where in the document: the page for paged documents, else the paragraph.

    The page is the one printed on it when the PDF has page labels ("p. iv"),
    the physical page number otherwise.
    """
    if excerpt.page is not None:
        return f"{st.page_label} {excerpt.cited_page}" + (" (OCR)" if excerpt.ocr else "")
    if excerpt.paragraph is not None:
        return f"{st.paragraph_label} {excerpt.paragraph}"
    return ""


def _fields(excerpt: Excerpt, st: CitationStyle) -> dict[str, str]:
    src = excerpt.source
    outlet = src.source or ""
    author = src.author or ""
    return {
        "who": outlet or author or f"“{src.title}”",
        "author": author,
        "outlet": "" if outlet == author else outlet,
        "title": src.title,
        "published": format_date(src.published, st.date_format),
        "locator": locator(excerpt, st),
        "url": src.url or "",
        "accessed": format_date(src.accessed, st.date_format),
        "speaker": excerpt.speaker or "",
    }


def cite(excerpt: Excerpt, name: str = "short") -> str:
    """The citation for ``excerpt`` in the style called ``name``, as plain text."""
    st = style(name)
    values = _fields(excerpt, st)
    text = ""
    for part in st.parts:
        value = values.get(part.field, "")
        if not value:
            continue
        piece = part.template.format(value)
        text = f"{text}{part.joiner}{piece}" if text else piece
    main = st.wrap.format(text) if text else ""
    if excerpt.also:  # a collapsed group: every source of the same line
        return "; ".join([main, *(cite(other, name) for other in excerpt.also)])
    return main
