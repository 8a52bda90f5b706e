"""Reading and writing PDF annotations, in a helper process.

PDFium runs on a document only in helper processes (a hostile PDF may crash
or hang it). :class:`MarkupIO` sends "read the markup annotations of this
file" and "write this copy with these highlights" to a helper
(:mod:`markup_worker`) with a time limit, and turns any failure into a
:class:`SourcebookError` whose message says why in plain words.

Use it as a context manager; one helper serves every request of a batch.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from desktop_app.core.errors import SourcebookError
from desktop_app.core.helper_process import HelperFailed, HelperProcess
from desktop_app.core.pdf.markup_types import MarkupsRead, WriteReport, WriteRequest

DEFAULT_TIMEOUT_S = 120.0
"""Per request: reading every annotation of a long file, or writing thousands."""

MEMORY_LIMIT_BYTES = 3 * 1024 * 1024 * 1024


class MarkupFailed(SourcebookError):
    """The helper could not read or write the file; ``reason`` is fit to show."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


_WHY = {
    "start": "the PDF helper could not start",
    "timeout": "reading the PDF took longer than {:g} s; the file may be damaged",
    "crash": "the PDF engine crashed on this file; it may be damaged",
}


class MarkupIO:
    """A helper process that reads and writes PDF annotations.

    Args:
        timeout_s: Time limit per request.
        memory_limit: Address-space limit of the helper (POSIX).
    """

    def __init__(
        self,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        memory_limit: int | None = MEMORY_LIMIT_BYTES,
    ) -> None:
        from desktop_app.core.pdf.markup_worker import main

        self.timeout_s = timeout_s
        self.helper = HelperProcess(main, name="sourcebook-annotations", memory_limit=memory_limit)

    def read(self, path: str | Path) -> MarkupsRead:
        """The Highlight, Underline, StrikeOut and Squiggly annotations of a PDF.

        Raises:
            MarkupFailed: the file cannot be opened or read.
        """
        result = self._request("read", str(path))
        assert isinstance(result, MarkupsRead)
        return result

    def write(self, request: WriteRequest) -> WriteReport:
        """Write ``request.target``: ``request.source`` with the highlights added.

        Raises:
            MarkupFailed: the source cannot be opened, forbids annotations, or
                the copy cannot be written.
        """
        result = self._request("write", request)
        assert isinstance(result, WriteReport)
        return result

    def _request(self, operation: str, argument: object) -> object:
        try:
            status, payload = self.helper.request(operation, argument, timeout_s=self.timeout_s)
        except HelperFailed as failed:
            raise MarkupFailed(_WHY[failed.kind].format(self.timeout_s)) from None
        if status == "ok":
            return payload
        if status == "failed":
            raise MarkupFailed(str(payload))
        raise MarkupFailed(f"the PDF could not be handled ({payload})")

    def close(self) -> None:
        """Stop the helper."""
        self.helper.close()

    def __enter__(self) -> MarkupIO:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()
