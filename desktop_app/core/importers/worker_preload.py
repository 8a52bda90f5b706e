"""Imported once by the forkserver so every import worker starts warm.

Only the forkserver process imports this module (it is named in
``guarded._PRELOAD``); importing it loads the parsers and the language
model, which forked workers then share copy-on-write. Restarting a worker
after a timeout then costs milliseconds instead of a second or two.
"""

from __future__ import annotations

import os

# Before numpy loads: one BLAS thread, as in the worker itself.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import docx  # noqa: E402, F401
import lxml.etree  # noqa: E402, F401
import lxml.html  # noqa: E402, F401
import odf.opendocument  # noqa: E402, F401
import pypdfium2  # noqa: E402, F401
import striprtf.striprtf  # noqa: E402, F401
import trafilatura  # noqa: E402, F401

from desktop_app.core.importers import (  # noqa: E402, F401
    dispatch,
    docx as docx_importer,
    epub,
    html,
    markdown,
    odt,
    pdf,
    rtf,
    textfile,
    worker,
)
from desktop_app.core.importers.language import _identifier  # noqa: E402

_identifier()
