"""One PDF document's pages as the page view (and ``sourcebook page``) sees them.

:class:`DocumentPages` ties together the document's page map, its canonical
text, its original file and a :class:`~desktop_app.core.pdf.render.PageRenderer`:
it draws pages, places highlights on them, and answers geometry questions
through :class:`~desktop_app.core.pdf.geometry.DocumentGeometry` (character
boxes come from the render helper, never from PDFium in this process).

The original is checked against the hash the map was made from when the
pages are opened. A file replaced on disk by a different one still draws
(it is what is on disk), but :attr:`DocumentPages.problem` says so and no
highlight, selection or geometry is offered: a highlight must never land on
the wrong words.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from desktop_app.core.pdf.errors import PagesUnavailable
from desktop_app.core.pdf.geometry import DocumentGeometry, KeptLayouts
from desktop_app.core.pdf.pagemap import Box, MappedPage, PageMap
from desktop_app.core.pdf.paint import HighlightPaint, draw_highlights, highlight_paints
from desktop_app.core.pdf.render import PageRenderer
from desktop_app.core.pdf.render_types import MAX_RENDER_PIXELS, RenderedPage
from desktop_app.core.types import Annotation


@dataclass(frozen=True)
class DrawnPage:
    """A page drawn with its highlights: the image and what was painted on it."""

    page: MappedPage
    image: RenderedPage
    highlights: list[HighlightPaint] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def save_png(self, target: Path) -> None:
        """Write the page, highlights painted, as a PNG (atomically)."""
        from desktop_app.core.export.atomic import atomic_target

        picture = self.image.to_image().copy()
        draw_highlights(picture, self.highlights)
        with atomic_target(target, force=True) as temporary:
            picture.save(temporary, format="PNG")

    def to_json(self, path: str) -> dict[str, object]:
        """The shape printed by ``sourcebook page``."""
        data: dict[str, object] = {
            "path": path,
            "page": self.page.number,
            "label": self.page.display_label,
            "width": self.image.width,
            "height": self.image.height,
            "highlights": [paint.to_json() for paint in self.highlights],
        }
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data


class DocumentPages:
    """A PDF document's pages: drawing, highlights and geometry.

    Args:
        doc_id: The document.
        path: Its original file in the library.
        page_map: Its page map.
        text: Its canonical text, or a function that loads it (called once,
            when geometry is first needed, so the first page draws sooner).
        renderer: The helper that draws pages and measures characters.
        problem: Why highlights cannot be placed (the file changed), or None.
        kept: Where measured page layouts are kept between openings, if anywhere.
    """

    def __init__(
        self,
        doc_id: int,
        path: Path,
        page_map: PageMap,
        text: str | Callable[[], str],
        renderer: PageRenderer,
        *,
        problem: str | None = None,
        kept: KeptLayouts | None = None,
    ) -> None:
        self.doc_id = doc_id
        self.path = path
        self.page_map = page_map
        self.renderer = renderer
        self.problem = problem
        self._text = text
        self._geometry: DocumentGeometry | None = None
        self._kept = kept
        self._lock = threading.Lock()

    @property
    def geometry(self) -> DocumentGeometry | None:
        """Geometry on the pages; None when :attr:`problem` forbids placing anything."""
        if self.problem is not None:
            return None
        with self._lock:
            if self._geometry is None:
                text = self._text if isinstance(self._text, str) else self._text()
                self._geometry = DocumentGeometry(self.page_map, text, self._boxes, kept=self._kept)
            return self._geometry

    def keep_layouts(self) -> None:
        """Keep the pages measured so far for the next opening (call off the GUI thread)."""
        with self._lock:
            geometry = self._geometry
        if geometry is not None:
            geometry.keep_measured()

    def _boxes(self, index: int) -> np.ndarray:
        return self.renderer.char_boxes(self.path, index)

    @property
    def pages(self) -> tuple[MappedPage, ...]:
        """The pages, in order (size, rotation, label of each)."""
        return self.page_map.pages

    def page(self, number: int) -> MappedPage:
        """Page ``number`` (1-based).

        Raises:
            PagesUnavailable: for a page the document does not have.
        """
        if not 1 <= number <= len(self.page_map.pages):
            raise PagesUnavailable(
                f"document {self.doc_id} has {len(self.page_map.pages)} page(s); "
                f"there is no page {number}"
            )
        return self.page_map.pages[number - 1]

    def render(
        self,
        index: int,
        *,
        dpi: float,
        clip: Box | None = None,
        max_pixels: int = MAX_RENDER_PIXELS,
    ) -> RenderedPage:
        """Draw page ``index`` (0-based) without highlights (see :class:`PageRenderer`)."""
        return self.renderer.render(self.path, index, dpi=dpi, clip=clip, max_pixels=max_pixels)

    def highlight_boxes(
        self, index: int, annotations: Sequence[Annotation]
    ) -> list[tuple[int, str, list[Box]]]:
        """``(annotation_id, color, boxes in points)`` of each highlight on page ``index``.

        Orphaned and trashed annotations are left out, and everything is when
        the original changed (:attr:`problem`).
        """
        geometry = self.geometry
        if geometry is None:
            return []
        page = self.page_map.pages[index]
        wanted = [
            a
            for a in annotations
            if not a.orphaned
            and not a.trashed
            and a.doc_id == self.doc_id
            and a.start < page.text_end
            and page.text_start < a.end
        ]
        rects = geometry.page_rects(index, [(a.start, a.end) for a in wanted])
        return [(a.id, a.color, boxes) for a, boxes in zip(wanted, rects, strict=True) if boxes]

    def draw(self, number: int, *, dpi: float, annotations: Sequence[Annotation] = ()) -> DrawnPage:
        """Page ``number`` (1-based) drawn at ``dpi`` with its highlights.

        Raises:
            PagesUnavailable: no such page.
            RenderFailed: the page cannot be drawn.
        """
        page = self.page(number)
        image = self.render(page.index, dpi=dpi)
        paints = highlight_paints(image, self.highlight_boxes(page.index, annotations))
        warnings = [self.problem] if self.problem else []
        if image.scale < dpi / 72.0 * 0.99:
            warnings.append(
                f"the page is too large to draw at {dpi:g} dpi; drawn at {image.dpi:.0f}"
            )
        return DrawnPage(page, image, paints, warnings)
