"""Keeping memory flat while a long document is read page by page.

MuPDF keeps what it parsed (fonts, images, page objects) for as long as the document is open,
and glibc keeps freed heap for reuse; over hundreds of pages both grow with the page count.
Reopening the document every few dozen pages and handing free heap back to the system keeps
the footprint near that of one page.
"""
from __future__ import annotations

import ctypes
import ctypes.util

import pymupdf

REOPEN_EVERY = 50  # pages

_libc = None
try:  # glibc only; elsewhere the allocator is left alone
    _name = ctypes.util.find_library("c")
    if _name:
        _lib = ctypes.CDLL(_name)
        if hasattr(_lib, "malloc_trim"):
            _libc = _lib
except OSError:
    _libc = None


def release_memory() -> None:
    """Empty MuPDF's cache and return free heap to the operating system."""
    pymupdf.TOOLS.store_shrink(100)
    if _libc is not None:
        _libc.malloc_trim(0)
