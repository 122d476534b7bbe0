"""The child side of page rendering: PyMuPDF in its own process.

PyMuPDF keeps Python's interpreter lock while it draws a page (a page of dense vector plots
takes 150 ms and more), so rendering in a thread would freeze the window while scrolling.
In a process it cannot. This module imports no Qt: pages go back as raw RGB rows.
PyMuPDF is also the library the core reads documents with, so page geometry matches the
boxes in a summary exactly.
"""
from __future__ import annotations

from pathlib import Path

from mmsum.errors import DocumentError


class PasswordRequired(DocumentError):
    """The document is encrypted and no (or a wrong) password was given."""


_docs: dict[str, object] = {}        # path -> open pymupdf.Document
_passwords: dict[str, str | None] = {}  # so a document closed by one view reopens for another


def _open(path: str, password: str | None = None):
    doc = _docs.get(path)
    if doc is not None:
        return doc
    import pymupdf

    password = password if password is not None else _passwords.get(path)
    try:
        doc = pymupdf.open(path)
    except FileNotFoundError as err:
        raise DocumentError(f"{Path(path).name}: file not found") from err
    except Exception as err:  # PyMuPDF raises several types for unreadable files
        raise DocumentError(f"{Path(path).name} cannot be opened: it is not a readable "
                            f"document or it is damaged ({err})") from err
    if doc.needs_pass and not (password and doc.authenticate(password)):
        doc.close()
        raise PasswordRequired(f"{Path(path).name} is encrypted; a password is needed")
    if doc.page_count == 0:
        doc.close()
        raise DocumentError(f"{Path(path).name} has no pages")
    _docs[path], _passwords[path] = doc, password
    return doc


def page_sizes(path: str, password: str | None = None) -> list[tuple[float, float]]:
    """Each page's (width, height) in PDF points."""
    close(path)  # the file may have changed since it was last opened
    return [(p.rect.width, p.rect.height) for p in _open(path, password)]


def render_page(path: str, page: int, scale: float) -> tuple[int, int, int, bytes]:
    """Page ``page`` (0-based) at ``scale`` pixels per point: (width, height, stride, RGB)."""
    import pymupdf

    pix = _open(path)[page].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    return pix.width, pix.height, pix.stride, bytes(pix.samples)


def close(path: str) -> None:
    """Forget an open document (frees its memory)."""
    doc = _docs.pop(path, None)
    if doc is not None:
        doc.close()


def warm() -> None:
    """Import PyMuPDF ahead of the first document."""
    import pymupdf  # noqa: F401
