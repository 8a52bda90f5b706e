"""Every OCR test stops the import worker it started."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.core.importers.guarded import shutdown_worker


@pytest.fixture(autouse=True)
def _stop_worker() -> Iterator[None]:
    yield
    shutdown_worker()
