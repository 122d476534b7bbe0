"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The implementation lives in :mod:`mmsum.atomic`, below every stage, so that the embedding
cache uses it too.
"""
from __future__ import annotations

from ..atomic import write_bytes_atomic, write_text_atomic

__all__ = ["write_bytes_atomic", "write_text_atomic"]
