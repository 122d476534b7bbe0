"""Page rendering for the viewer, on its own thread.

PyMuPDF is the same library the core reads documents with, so page geometry and the boxes in
a summary agree exactly. Its documents are not safe to share between threads, so every call
here runs on the single render thread, which owns the open documents; results travel to the
GUI thread as signals. PyMuPDF itself is imported there too: it takes most of a second.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from mmsum.errors import DocumentError


class PasswordRequired(DocumentError):
    """The document is encrypted and no (or a wrong) password was given."""


_docs: dict[str, object] = {}  # path -> pymupdf.Document, touched only on the render thread


def _open(path: str, password: str | None = None):
    doc = _docs.get(path)
    if doc is not None:
        return doc
    import pymupdf

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
    _docs[path] = doc
    return doc


def page_sizes(path: str, password: str | None = None) -> list[tuple[float, float]]:
    """Each page's (width, height) in PDF points; opens the document on the render thread."""
    doc = _open(path, password)
    return [(p.rect.width, p.rect.height) for p in doc]


def render_page(path: str, page: int, scale: float) -> QImage:
    """Page ``page`` (0-based) rendered at ``scale`` device pixels per point."""
    import pymupdf

    doc = _open(path)
    pix = doc[page].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    # copy(): the QImage must own its pixels once the pixmap is freed
    return QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888).copy()


def close(path: str) -> None:
    """Forget an open document (frees its memory)."""
    doc = _docs.pop(path, None)
    if doc is not None:
        doc.close()


class Renderer(QObject):
    """Queues renders on one thread and reports results on the GUI thread.

    ``rendered(token, page, scale, image)``: ``token`` is whatever the caller passed, so a
    view can drop results that belong to a document or zoom it no longer shows.
    """

    opened = Signal(object, object)   # token, list of page sizes
    rendered = Signal(object, int, float, QImage)
    failed = Signal(object, object)   # token, DocumentError: the document cannot be opened
    renderFailed = Signal(object, int, str)  # token, page, reason: one page cannot be drawn

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mmsum-render")
        self._closed = False

    def open(self, token: object, path: str, password: str | None = None) -> None:
        if self._closed:
            return
        self._pool.submit(page_sizes, path, password).add_done_callback(
            lambda f: self._deliver(f, token, lambda sizes: self.opened.emit(token, sizes)))

    def render(self, token: object, path: str, page: int, scale: float) -> None:
        if self._closed:
            return
        self._pool.submit(render_page, path, page, scale).add_done_callback(
            lambda f: self._deliver(f, token, lambda img: self.rendered.emit(token, page, scale, img),
                                    lambda err: self.renderFailed.emit(token, page, str(err))))

    def close(self, path: str) -> None:
        if not self._closed:
            self._pool.submit(close, path)

    def shutdown(self) -> None:
        """Stop rendering; late requests (a timer firing after close) are ignored."""
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _deliver(self, future: Future, token: object, emit, fail=None) -> None:
        # runs on the render thread; the signals are queued to the GUI thread
        if future.cancelled():
            return
        err = future.exception()
        if err is None:
            emit(future.result())
        elif fail is not None:
            fail(err)
        elif isinstance(err, DocumentError):
            self.failed.emit(token, err)
        else:
            self.failed.emit(token, DocumentError(f"rendering failed: {err}"))
