"""mmsum: summaries of documents with figures, every sentence traced to its page.

The core library has no Qt dependency. Heavy libraries (torch, transformers) load lazily.
"""
from __future__ import annotations

__version__ = "0.1.0"
