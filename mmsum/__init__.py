"""mmsum: summaries of documents with figures, every sentence traced to its page.

The core library has no Qt dependency. Heavy libraries (torch, transformers) load lazily.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .local import keep_local

keep_local()  # before any library that phones home can be imported
