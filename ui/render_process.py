"""The child side of the viewer's document work: :mod:`mmsum.pages` in its own process.

PyMuPDF keeps Python's interpreter lock while it draws a page (a page of dense vector plots
takes 150 ms and more), so rendering in a thread would freeze the window while scrolling.
In a process it cannot. This module imports no Qt: pages go back as raw RGB rows. Opening,
passwords and every refusal are the core's (:class:`mmsum.pages.PageSource`), so the viewer
shows exactly the documents a summary can read, and page geometry matches a summary's boxes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mmsum.pages import FindHit, OutlineEntry, PageSource, RenderedPage, Word

_docs: dict[str, tuple[tuple[int, int], PageSource]] = {}  # path -> (file stamp, open document)
_words: dict[tuple[str, int], list[Word]] = {}  # (path, page) -> its words, for find and selection
_WORDS_KEPT = 400  # pages of words kept (a long book's search reads every page once)


@dataclass
class OpenedDocument:
    """What a view needs at once: page sizes (points), the outline and the title."""

    sizes: list[tuple[float, float]]
    outline: list[OutlineEntry] = field(default_factory=list)
    title: str | None = None


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def _open(path: str, password: str | None) -> PageSource:
    """The open document at ``path``, reopened if the file changed since it was opened."""
    stamp = _stamp(path)
    held = _docs.get(path)
    if held is not None and held[0] == stamp:
        return held[1]
    close(path)
    source = PageSource.open(Path(path), password)
    _docs[path] = (stamp, source)
    return source


def open_document(path: str, password: str | None = None) -> OpenedDocument:
    """Open (or reopen) ``path``: its page sizes, outline and title."""
    close(path)  # a view opening a document starts from the file as it is now
    source = _open(path, password)
    return OpenedDocument(source.sizes(), source.outline(), source.title)


def render_page(path: str, password: str | None, page: int, scale: float) -> RenderedPage:
    """Page ``page`` (0-based) at ``scale`` pixels per point."""
    return _open(path, password).render(page, scale)


def page_words(path: str, password: str | None, page: int) -> list[Word]:
    """The words on ``page`` with their boxes (points)."""
    key = (path, page)
    words = _words.get(key)
    if words is None:
        words = _open(path, password).words(page)
        if len(_words) >= _WORDS_KEPT:
            _words.pop(next(iter(_words)))
        _words[key] = words
    return words


def find(path: str, password: str | None, query: str, pages: list[int]) -> list[FindHit]:
    """Occurrences of ``query`` on ``pages``, in page order."""
    from mmsum.pages import find_in_words

    source = _open(path, password)
    hits = []
    for n in pages:
        if 0 <= n < source.page_count:
            hits += [FindHit(n, boxes) for boxes in find_in_words(page_words(path, password, n), query)]
    return hits


def close(path: str) -> None:
    """Forget an open document (frees its memory)."""
    held = _docs.pop(path, None)
    for key in [k for k in _words if k[0] == path]:
        del _words[key]
    if held is not None:
        held[1].close()


def warm() -> None:
    """Import PyMuPDF and the opener ahead of the first document."""
    from importlib import import_module

    import_module("mmsum.ingest.open")
