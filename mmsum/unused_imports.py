"""Parts of libraries that load themselves on import although mmsum never uses them.

PyMuPDF 2 imports ``pymupdf.layout`` (its layout analyser: an ONNX model loaded on import,
with onnxruntime, about 0.7 s of every process's start-up on a quiet 2-core machine) and
``pymupdf4llm`` whenever they are installed, and it requires both. mmsum reads layout itself
and calls ``find_tables(..., use_layout=False)``, so neither is needed: a ``sys.modules`` entry
of ``None`` makes PyMuPDF's optional import of each fail quietly. It takes effect only when
nothing in the process has imported ``pymupdf`` yet, so :func:`skip_unused_imports` runs when
the ``mmsum`` package is imported (and again in every worker process, which imports it too).
"""
from __future__ import annotations

import os
import sys

UNUSED_MODULES = ("pymupdf.layout", "pymupdf4llm")


def skip_unused_imports() -> None:
    """Keep the modules in :data:`UNUSED_MODULES` from loading in this process."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)
    # without its analyser, find_tables prints advice to install it on stdout, which would
    # corrupt the JSON that ``mmsum figures`` prints there
    os.environ.setdefault("PYMUPDF_SUGGEST_LAYOUT_ANALYZER", "0")
