"""What a line on a PDF page is: title material, or boilerplate around it.

Patterns look at digits, punctuation, positions and a few keywords (page,
volume, ISSN, months); none depends on letter case, so they hold for
Chinese, Bengali or Arabic pages as for English ones. Keywords are listed
in several languages where they are common on report covers.
"""

from __future__ import annotations

import unicodedata

import regex

from desktop_app.core.importers.pdf_layout import PageLayout, Span

TEXT = "text"
NUMBER = "number"
RUNNING = "running"
BANNER = "banner"
WEB = "web"
NOTICE = "notice"
DATE = "date"
CAPTION = "caption"
SECTION = "section"
OTHER = "other"

MARGIN = 0.12
"""Top and bottom bands of the page where running headers and footers sit."""

_LETTER = regex.compile(r"\p{L}")


def _keys(words: str, separator: str | None = None) -> frozenset[str]:
    """Words of a list as compared: letters only, case-folded."""
    return frozenset(
        "".join(ch for ch in word.casefold() if ch.isalpha()) for word in words.split(separator)
    )


_PAGE_NUMBER = regex.compile(
    r"^\W*(?:page|p\.|pg\.?|seite|página|pagina|pagină|страница|पृष्ठ|পৃষ্ঠা|صفحة|第)?\s*"
    r"(?:\d+|[ivxlcdm]+|[一二三四五六七八九十]+)\s*(?:页|頁|(?:of|/|von|de|sur|из|من)\s*\d+)?\W*$",
    regex.I,
)
_BANNER = regex.compile(
    r"\bvol(?:ume|\.)?\s*(?:\d+|[ivxlc]+\b|x\b)|\bissue\s+\d|"
    r"\bissn\b|\bisbn\b|\bdoi\b|\barxiv\b|\bpp\.\s*\d|第\s*\d+\s*[卷期]",
    regex.I,
)
_WEB = regex.compile(r"https?://|\bwww\.|[\w.-]+@[\w-]+\.\w|\.(?:com|org|gov|int)\b", regex.I)
_NOTICE = regex.compile(
    r"subject\s+to\s+(?:final\s+)?review|for\s+official\s+use\s+only|"
    r"not\s+for\s+(?:distribution|citation|quotation|publication)|do\s+not\s+(?:cite|distribute|"
    r"quote|copy)|intentionally\s+(?:been\s+)?(?:left\s+)?blank|all\s+rights\s+reserved|©|"
    r"\bcopyright\b|embargoed|accepted\s+manuscript|author\s+manuscript|internal\s+use\s+only|"
    r"downloaded\s+from|printed\s+(?:on|in)\s+|licen[cs]ed\s+under|creative\s+commons",
    regex.I,
)
_NOTICE_WORDS = regex.compile(
    r"^\W*(?:draft|confidential|restricted|preprint|unclassified|official|final|"
    r"in\s+press|for\s+review|supplement|annex|appendix|embargo|sample|specimen|"
    r"草稿|机密|內部|内部)\W*$",
    regex.I,
)
_CAPTION = regex.compile(
    r"^\W*(?:table|figure|fig\.|exhibit|chart|graph|map|box|plate|illustration|tabelle|"
    r"abbildung|tableau|tabla|figura|gráfico|表|图|圖|ছক|সারণি|চিত্র|तालिका|सारणी|चित्र|"
    r"جدول|شكل|رسم)\s*[\dIVX一二三四五六七八九十]",
    regex.I,
)
# Headings every report has; never a document's title.
_SECTION_NAMES = _keys(
    (
        "abstract|summary|executive summary|introduction|contents|table of contents|foreword|"
        "preface|acknowledgements|acknowledgments|highlights|key findings|background|overview|"
        "conclusion|conclusions|references|bibliography|appendix|glossary|abbreviations|"
        "acronyms|index|notes|résumé|sommaire|table des matières|avant-propos|resumen|índice|"
        "introducción|prólogo|inhalt|inhaltsverzeichnis|zusammenfassung|einleitung|vorwort|"
        "摘要|目录|目錄|前言|引言|概要|序言|সূচিপত্র|ভূমিকা|সারসংক্ষেপ|মুখবন্ধ|सारांश|विषय सूची|"
        "प्रस्तावना|भूमिका|अनुक्रमणिका|ملخص|المحتويات|مقدمة|تمهيد|الفهرس"
    ),
    "|",
)
_NUMBERING = regex.compile(
    r"^\s*(?:(?:\d{1,2}\.)+\d{0,2}|\d{1,2}|[IVX]{1,5}\.|[A-Z]\.)\s+(?=\p{L})"
)
_DATE_WORDS = _keys(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december monday tuesday wednesday thursday friday "
    "saturday sunday janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre januar februar märz juni juli oktober dezember of de del"
)
_CJK_DATE = regex.compile(r"^[\d\s年月日号號./\-–—:：]+$")
_NAME_NOISE = regex.compile(
    r",?\s*(?:(?:Senior|Student|Life)\s+)?(?:Fellow|Member),?\s*IEEE|"
    r",\s*(?:Ph\.?\s?D|M\.?D|MPH|ScD|DrPH|MSc|M\.?A|B\.?A|RN|JD|LLM|MBA)\.?(?=,|$|\s)|"
    r"[*†‡§¶#∗⋆]+|(?<=\p{L})\d+(?:,\d+)*",
)
_AFFILIATION = regex.compile(
    r"univers|instit|department|centre|center|college|school|ministry|laborator|"
    r"corporation|company|inc\.|ltd|gmbh|agency|office|foundation|association|"
    r"universit|facult|hospital|council|committee|bureau|government|national|"
    r"大学|研究|公司|部|局|委员会|विश्वविद्यालय|বিশ্ববিদ্যালয়|جامعة|وزارة",
    regex.I,
)
_PARTICLES = _keys(
    "de da das do dos del della di van von der den ten ter du la le bin binti ibn al el y e"
)
_BYLINE_CUE = regex.compile(r"^(?:by|par|von|por|di|door|af|av)\s+", regex.I)


def letters(text: str) -> int:
    """How many letters ``text`` holds (any script)."""
    return len(_LETTER.findall(text))


def normalized(text: str) -> str:
    """Letters only, case-folded: lines compared across pages (page numbers differ)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalpha())


def recurring_lines(pages: list[list[str]]) -> set[str]:
    """Normalised lines of the following pages: a first-page line among them recurs."""
    found: set[str] = set()
    for lines in pages:
        found.update(key for key in (normalized(line) for line in lines) if len(key) >= 4)
    return found


def classify(layout: PageLayout, span: Span, running: set[str], line: str) -> str:
    """What ``span`` is: :data:`TEXT` (title material) or a kind of boilerplate.

    ``line`` is all text set on the same line (a banner may be several spans).
    """
    text = span.text
    if span.rotated or letters(text) < 2:
        return OTHER
    if _PAGE_NUMBER.match(text):
        return NUMBER
    if _BANNER.search(line):
        return BANNER
    if _WEB.search(text):
        return WEB
    if _NOTICE.search(text) or _NOTICE_WORDS.match(text):
        return NOTICE
    if is_date(text):
        return DATE
    if _CAPTION.match(text):
        return CAPTION
    if normalized(text) in _SECTION_NAMES:
        return SECTION
    in_margin = not MARGIN <= layout.fraction(span) <= 1 - MARGIN
    if in_margin and normalized(text) in running:
        return RUNNING
    return TEXT


def classify_page(layout: PageLayout, running: set[str]) -> list[str]:
    """:func:`classify` for every span; a caption's second line is caption too."""
    lines = visual_lines(layout.spans)
    kinds = [
        classify(layout, span, running, line)
        for span, line in zip(layout.spans, lines, strict=True)
    ]
    for index, span in enumerate(layout.spans):
        if kinds[index] != CAPTION:
            continue
        previous = span
        for following in range(index + 1, min(index + 4, len(layout.spans))):
            line = layout.spans[following]
            if kinds[following] != TEXT:
                break
            same_font = abs(line.size - previous.size) < 0.1 * previous.size
            if not same_font or line.top - previous.bottom > 0.8 * previous.size:
                break
            kinds[following] = CAPTION
            previous = line
    return kinds


def visual_lines(spans: tuple[Span, ...]) -> list[str]:
    """For each span, the text of all spans set on its line (spans run top to bottom)."""
    groups: list[list[int]] = []
    for index, span in enumerate(spans):
        if groups:
            first = spans[groups[-1][0]]
            if abs(span.top - first.top) < 0.5 * max(first.size, 1.0):
                groups[-1].append(index)
                continue
        groups.append([index])
    lines = [""] * len(spans)
    for group in groups:
        text = " ".join(spans[i].text for i in sorted(group, key=lambda i: spans[i].left))
        for index in group:
            lines[index] = text
    return lines


def is_date(text: str) -> bool:
    """True for a line that is only a date ("Thursday, August 6, 2020", "2018年4月")."""
    if _CJK_DATE.match(text):
        return True
    words = regex.findall(r"\p{L}+", text.casefold())
    return (
        bool(words)
        and all(word in _DATE_WORDS for word in words)
        and any(ch.isdigit() for ch in text)
    )


def strip_numbering(text: str) -> str:
    """Drop a section number before a heading ("5.2. Continuing education" → the words)."""
    stripped = _NUMBERING.sub("", text, count=1).strip()
    return stripped.rstrip(" :;,.-–—|•·*†‡").strip() or text.strip()


def title_shaped(text: str) -> bool:
    """A title has letters, is not a sentence that runs on, and is not a list marker."""
    if letters(text) < 2 or len(text.split()) > 40:
        return False
    return not text.rstrip().endswith((",", ";", ":"))


def heading_shaped(text: str) -> bool:
    """Stricter, for a plain line at body size: short, mostly letters, no sentence end."""
    stripped = text.strip()
    words = stripped.split()
    cjk = len(regex.findall(r"\p{Han}", stripped))
    if not (2 <= len(words) <= 15 or 4 <= cjk <= 40):
        return False
    if letters(stripped) < 0.6 * len(stripped.replace(" ", "")):
        return False
    numbered = sum(any(ch.isdigit() for ch in word) for word in words)
    if numbered > 2 or 3 * numbered > len(words):
        return False
    return not stripped.endswith((".", ",", ";", ":", "。", "،", "।"))


def running_name(layout: PageLayout, kinds: list[str]) -> str | None:
    """A running header or footer that names the report ("Campus Attacks Page 5").

    Page numbers and separators around the name are dropped; of several, the
    one with the most letters wins ("Projections of Education Statistics to
    2021" over "[In thousands]").
    """
    names = []
    for span, kind in zip(layout.spans, kinds, strict=True):
        if kind != RUNNING:
            continue
        name = regex.sub(r"\s*[|•·/–—-]?\s*(?:page|p\.)?\s*\d+\s*$", "", span.text, flags=regex.I)
        name = regex.sub(r"^\s*\d+\s*[|•·/–—-]?\s*", "", name).strip(" .|•·/–—-")
        numbered = sum(any(ch.isdigit() for ch in word) for word in name.split())
        if letters(name) >= 4 and numbered <= 1 and heading_shaped(name):
            names.append(name)
    return max(names, key=letters) if names else None


def caption(layout: PageLayout, kinds: list[str]) -> str | None:
    """The first figure or table caption, without its number (a last guess)."""
    for index, (span, kind) in enumerate(zip(layout.spans, kinds, strict=True)):
        if kind != CAPTION or not _CAPTION.match(span.text):
            continue
        lines = [span.text]
        for following in range(index + 1, min(index + 3, len(kinds))):
            if kinds[following] != CAPTION or _CAPTION.match(layout.spans[following].text):
                break
            lines.append(layout.spans[following].text)
        text = regex.sub(
            r"^\W*\w+\.?\s*[\dIVX一二三四五六七八九十.\-–]*[.:]?\s*", "", " ".join(lines)
        )
        if letters(text) >= 4:
            return text.strip()
    return None


def outlet(layout: PageLayout, kinds: list[str]) -> str | None:
    """The journal or series a banner names ("IEEE TRANSACTIONS ON …, VOL. X").

    A masthead may stack the name above the volume line ("Federal Register"
    over "Vol. 85, No. 152"); then the line just above names it.
    """
    for index, (span, kind) in enumerate(zip(layout.spans, kinds, strict=True)):
        if kind != BANNER or MARGIN < layout.fraction(span) < 1 - MARGIN:
            continue
        name = _name_before_marker(span.text) or _name_above(layout, kinds, index)
        if name:
            return name
    return None


def _name_before_marker(text: str) -> str | None:
    for segment in regex.split(r"\s[/|•·]\s|\s{3,}", text):
        name = regex.split(
            r",?\s*(?:\bvol(?:ume|\.)?\s|\bno\.?\s*[\dx]|\bissn\b|\bisbn\b|\d)",
            segment,
            maxsplit=1,
            flags=regex.I,
        )[0]
        name = name.strip(" ,;:/|•·–—-")
        if letters(name) >= 4 and not is_date(name) and len(name) <= 100:
            return name
    return None


def _name_above(layout: PageLayout, kinds: list[str], index: int) -> str | None:
    banner = layout.spans[index]
    for other in range(index - 1, -1, -1):
        span = layout.spans[other]
        if banner.top - span.bottom > 1.5 * banner.size:
            break
        if abs(span.left - banner.left) < 0.5 * banner.size and kinds[other] == TEXT:
            return _name_before_marker(span.text)
    return None


def names_line(text: str) -> str | None:
    """``text`` as a list of author names, or None when it does not look like one.

    A byline is short, has no sentence end, names no institution, holds no
    digits beyond footnote marks, and every name starts with a capital; "by"
    before it is dropped. Scripts without capitals give no byline: a wrong
    author is worse than none.
    """
    line = _BYLINE_CUE.sub("", text.strip())
    if _AFFILIATION.search(line) or _WEB.search(line):
        return None
    line = " ".join(_NAME_NOISE.sub("", line).split()).strip(" ,;")
    line = regex.sub(r",?\s*\b(?:and|&)\s*$", "", line)
    line = regex.sub(r",?\s+(?:and|&)\s+", ", ", line)
    words = line.replace(",", " ").split()
    if not words or len(words) > 24 or letters(line) < 4 or any(ch.isdigit() for ch in line):
        return None
    if line.endswith((".", ":", "?", "!")) and not regex.search(r"\b\p{L}\.$", line):
        return None
    for word in words:
        initial = next((ch for ch in word if ch.isalpha()), "")
        if not initial.isupper() and word.casefold() not in _PARTICLES:
            return None
    parts = [part.strip() for part in line.split(",") if part.strip()]
    if any(len(part.split()) > 4 for part in parts):
        return None
    return ", ".join(parts)
