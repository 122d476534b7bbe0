"""mmsum: summaries of documents with figures, every sentence traced to its page.

The core library has no Qt dependency. Heavy libraries (torch, transformers) load lazily.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .local import keep_local
from .unused_imports import skip_unused_imports

keep_local()  # before any library that phones home can be imported
skip_unused_imports()  # before anything imports PyMuPDF
