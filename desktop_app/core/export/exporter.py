"""Running an export: arrange excerpts, report progress, write atomically."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop_app.core.errors import ExportError
from desktop_app.core.export.arrange import arrange
from desktop_app.core.export.atomic import ExportCancelled, atomic_target, check_target
from desktop_app.core.export.citations import style
from desktop_app.core.export.model import (
    FORMATS,
    CancelCallback,
    Excerpt,
    ExportDocument,
    ExportResult,
    Group,
    ProgressCallback,
)
from desktop_app.core.store.clock import today_iso

WRITERS: dict[str, str] = {
    "md": "markdown:write_markdown",
    "docx": "docx:write_docx",
    "pdf": "pdf:write_pdf",
    "html": "html:write_html",
    "csv": "tabular:write_csv",
    "xlsx": "tabular:write_xlsx",
    "json": "webanno:write_webanno",
}
"""Writer of each format, as ``module:function`` under ``writers``.

Imported on use, so opening the library does not load python-docx, fpdf2 and
openpyxl.
"""


def writer_for(format: str) -> Callable[[Path, ExportDocument], None]:
    """The function that writes ``format``."""
    module, name = WRITERS[format].split(":")
    return getattr(importlib.import_module(f"desktop_app.core.export.writers.{module}"), name)


def _ticking(
    groups: list[Group],
    total: int,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
) -> Iterator[Group]:
    """The groups, with excerpts that report progress and honour cancel as they are written."""
    done = 0
    step = max(1, total // 200)  # about 200 progress calls, whatever the size

    def tick(excerpts: Iterable[Excerpt]) -> Iterator[Excerpt]:
        nonlocal done
        for excerpt in excerpts:
            if cancel is not None and done % step == 0 and cancel():
                raise ExportCancelled("export cancelled; nothing was written")
            yield excerpt
            done += 1
            if progress is not None and (done % step == 0 or done == total):
                progress(done, total)

    for group in groups:
        yield Group(group.heading, tick(group.excerpts), group.source)


def write_export(
    excerpts: Iterable[Excerpt],
    path: str | Path,
    *,
    format: str,
    group_by: str = "document",
    citation: str = "short",
    sort: str | None = None,
    title: str | None = None,
    force: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ExportResult:
    """Write ``excerpts`` to ``path`` in ``format``; never leaves a half-written file.

    Raises:
        ExportError: bad format/grouping/style, an existing target without
            ``force``, an unwritable path, or a cancel (:class:`ExportCancelled`).
    """
    if format not in WRITERS:
        raise ExportError(f"unknown export format {format!r} (choose from {', '.join(FORMATS)})")
    try:
        style(citation)
        # A W3C collection lists each annotation once, whatever the grouping.
        groups = arrange(
            excerpts, "none" if format == "json" and group_by == "tag" else group_by, sort
        )
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    check_target(path, force=force)
    total = sum(len(list(g.excerpts)) for g in groups)
    unique = len({(e.kind, e.id) for g in groups for e in g.excerpts})
    doc = ExportDocument(
        title=title or "Excerpts",
        citation=citation,
        groups=_ticking(groups, total, progress, cancel),
        total=total,
        generated=today_iso(),
        subtitle=f"{unique} excerpt{'s' if unique != 1 else ''} · exported {today_iso()}",
    )
    with atomic_target(path, force=force) as tmp:
        writer_for(format)(tmp, doc)
    return ExportResult(path=str(Path(path).expanduser()), format=format, excerpts=unique)
