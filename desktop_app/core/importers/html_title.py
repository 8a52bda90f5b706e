"""A saved web page's title: the headline printed on it, checked against what
the page declares.

A page names its article in several places: the ``<h1>`` headline readers
see, the ``<title>`` a browser shows (usually with the site's name after a
separator), the Open Graph and Twitter titles meant for sharing (sometimes
a different headline written for social media), and whatever trafilatura
settles on. The printed ``<h1>`` wins when one of the declared titles
agrees with it (so a site logo or a section name set as ``<h1>`` never
does); otherwise the ``<title>`` without the site's name, and failing that
the first ``<h1>``; trafilatura's choice is the last resort.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from desktop_app.core.importers.titles import agree, cut, is_artefact, normalize, tidy

H1_LIMIT = 5
"""Headlines looked at; later ``<h1>`` elements are teasers for other articles."""

_SEPARATOR = regex.compile(r"\s+[|\-–—»·•]\s+|\s*[_｜]\s*|\s+::\s+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


@dataclass
class PageTitles:
    """The title candidates a page offers."""

    headlines: list[str] = field(default_factory=list)
    declared: list[str] = field(default_factory=list)
    """``og:title`` and ``twitter:title``."""
    title_tag: str = ""
    site_name: str = ""


def read_titles(tree: Any) -> PageTitles:
    """Collect ``<h1>``, ``<title>`` and sharing titles from a parsed page."""
    found = PageTitles()
    for element in tree.iter("h1"):
        text = tidy(element.text_content())
        if text:
            found.headlines.append(text)
        if len(found.headlines) >= H1_LIMIT:
            break
    for element in tree.iter("title"):
        found.title_tag = tidy(element.text_content())
        break
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").casefold()
        content = tidy(element.get("content"))
        if key in ("og:title", "twitter:title") and content:
            found.declared.append(content)
        elif key in ("og:site_name", "application-name") and content and not found.site_name:
            found.site_name = content
    return found


def choose_html_title(page: PageTitles, extracted: str | None, site_name: str | None) -> str | None:
    """The page's title by the rules in the module docstring."""
    site = page.site_name or tidy(site_name)
    title_tag = without_site_name(page.title_tag, site)
    extracted = tidy(extracted)
    if extracted and _shortens(extracted, title_tag):
        title_tag = extracted  # trafilatura cut a site name the rules above did not know
    declared = [t for t in (*page.declared, title_tag) if t and not is_artefact(t)]
    headlines = [h for h in page.headlines if _headline_shaped(h) and not (site and agree(h, site))]
    for headline in headlines:
        if any(agree(headline, title) for title in declared):
            return cut(headline)
    for candidate in (title_tag, *headlines, extracted, *page.declared):
        if candidate and not is_artefact(candidate):
            return cut(without_site_name(candidate, site))
    return None


def without_site_name(title: str, site: str | None) -> str:
    """``title`` without the site's name and section after the last separators.

    "Obama admits … - BBC News" → "Obama admits …"; "宇航员…严重 _探索者 _光明网"
    → "宇航员…严重". A trailing part goes when it names the site, or when it
    is short next to what stays (a section, a date).
    """
    text = tidy(title)
    for _ in range(3):
        parts = _SEPARATOR.split(text)
        if len(parts) < 2:
            break
        matches = list(_SEPARATOR.finditer(text))
        head, tail = text[: matches[-1].start()].strip(), parts[-1].strip()
        names_site = bool(site) and bool(tail) and agree(tail, site or "")
        if not names_site and not _short_beside(tail, head):
            break
        text = head
    return text


def _shortens(short: str, title: str) -> bool:
    """True when ``short`` is ``title`` with something cut from its end."""
    a, b = normalize(short), normalize(title)
    return len(a) >= 3 and len(a) < len(b) and b.startswith(a)


def _short_beside(tail: str, head: str) -> bool:
    """A trailing part short enough to be a site, section or date, next to a real title."""

    def size(text: str) -> int:
        return len(_CJK.findall(text)) // 2 + len(_CJK.sub(" ", text).split())

    return size(tail) <= 4 and size(head) >= 2 * max(size(tail), 1) and size(head) >= 3


def _headline_shaped(text: str) -> bool:
    words = text.split()
    return (len(words) >= 2 or len(_CJK.findall(text)) >= 4) and len(text) <= 400
