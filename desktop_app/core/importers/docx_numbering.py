"""List numbers for Word paragraphs, from ``word/numbering.xml``.

Word stores the number format per list level (decimal, letters, roman,
bullet) and leaves counting to the reader. This counts like Word does for
the common cases: a level's counter restarts when a shallower level moves.
"""

from __future__ import annotations

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


class Numbering:
    """Counts list items per list and level and renders their labels."""

    def __init__(self, root: etree._Element | None) -> None:
        self._formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._counters: dict[str, list[int]] = {}
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iterchildren(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.iterchildren(f"{_W}lvl"):
                index = _int(lvl.get(f"{_W}ilvl"), 0)
                fmt = _val(lvl.find(f"{_W}numFmt"), "decimal")
                text = _val(lvl.find(f"{_W}lvlText"), "")
                start = _int(_val(lvl.find(f"{_W}start"), "1"), 1)
                levels[index] = (fmt, text, start)
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iterchildren(f"{_W}num"):
            ref = _val(num.find(f"{_W}abstractNumId"), "")
            for index, spec in abstract.get(ref, {}).items():
                self._formats[(num.get(f"{_W}numId", ""), index)] = spec

    def label(self, num_id: str, level: int) -> tuple[int, str]:
        """Advance the counter of ``(num_id, level)``; return ``(depth, label)``.

        The label is empty for bullets and unknown lists.
        """
        level = max(0, min(level, 8))
        counters = self._counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        fmt, text, _start = self._formats.get((num_id, level), ("bullet", "", 1))
        if fmt in ("bullet", "none") or not text:
            return level, ""
        label = text
        for index in range(level + 1):
            spec = self._formats.get((num_id, index), ("decimal", "", 1))
            value = counters[index] + spec[2] - 1 if counters[index] else spec[2]
            label = label.replace(f"%{index + 1}", _render(spec[0], value))
        return level, label


def _render(fmt: str, value: int) -> str:
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerRoman":
        return roman(value)
    if fmt == "upperRoman":
        return roman(value).upper()
    return str(value)


def _letters(value: int) -> str:
    value = max(1, value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def roman(value: int) -> str:
    """``value`` in lower-case roman numerals."""
    out = []
    for number, numeral in _ROMAN:
        while value >= number:
            out.append(numeral)
            value -= number
    return "".join(out) or "0"


def _val(node: etree._Element | None, default: str) -> str:
    if node is None:
        return default
    return str(node.get(f"{_W}val", default))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default
