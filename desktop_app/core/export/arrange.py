"""Grouping and ordering excerpts: by document in reading order, or by tag."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from desktop_app.core.export.model import GROUPINGS, Excerpt, Group

UNTAGGED = "Untagged"
"""Heading of the group of excerpts without tags when grouping by tag."""

_LAST = "\U0010ffff"  # sorts undated documents after dated ones


def _date_key(excerpt: Excerpt) -> tuple[str, str, int, int]:
    src = excerpt.source
    return (src.published or _LAST, src.title.casefold(), src.doc_id, excerpt.start)


def _reading_key(order: dict[int, int]):
    def key(excerpt: Excerpt) -> tuple[int, int, int]:
        return (order[excerpt.doc_id], excerpt.start, excerpt.id)

    return key


def arrange(
    excerpts: Iterable[Excerpt], group_by: str = "document", sort: str | None = None
) -> list[Group]:
    """Put excerpts in the groups and order of an export.

    Documents keep the order they were selected in (or, with ``sort="date"``,
    oldest published first, undated last); excerpts within a document follow
    reading order. Grouping by tag repeats an excerpt under each of its tags;
    tags are in alphabetical order with untagged excerpts last.

    Raises:
        ValueError: for an unknown grouping or sort.
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r} (choose from {', '.join(GROUPINGS)})")
    if sort not in (None, "date", "reading"):
        raise ValueError(f"unknown sort {sort!r} (choose from date, reading)")
    items = list(excerpts)
    order: dict[int, int] = {}
    for excerpt in items:
        order.setdefault(excerpt.doc_id, len(order))
    key = _date_key if sort == "date" else _reading_key(order)
    items.sort(key=key)
    if group_by == "none":
        return [Group("Excerpts", items)] if items else []
    if group_by == "document":
        by_doc: dict[int, list[Excerpt]] = defaultdict(list)
        for excerpt in items:
            by_doc[excerpt.doc_id].append(excerpt)
        return [
            Group(group[0].source.title, group, source=group[0].source) for group in by_doc.values()
        ]
    by_tag: dict[str, list[Excerpt]] = defaultdict(list)
    names: dict[str, str] = {}
    for excerpt in items:
        for tag in excerpt.tags or (UNTAGGED,):
            folded = tag.casefold() if excerpt.tags else "\U0010ffff"
            names.setdefault(folded, tag)
            by_tag[folded].append(excerpt)
    return [Group(names[k], by_tag[k]) for k in sorted(by_tag)]
