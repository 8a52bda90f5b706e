"""Page-view tests start the process-wide render helper; stop it after each module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.pdf.render import shutdown_renderer


@pytest.fixture(autouse=True, scope="module")
def _stop_shared_helpers() -> Iterator[None]:
    yield
    shutdown_renderer()
    shutdown_worker()
