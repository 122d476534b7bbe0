"""Page rendering for the viewer: requests go to the render process, images come back as signals.

One render process serves every view (see :mod:`ui.render_process` for why a process). It is
started on first use, or ahead of time by :func:`warm_up`; results arrive on a pool thread and
are handed to the GUI thread as queued signals.
"""
from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from mmsum.errors import DocumentError

from . import render_process
from .render_process import PasswordRequired

__all__ = ["PasswordRequired", "Renderer", "warm_up", "shutdown"]
log = logging.getLogger(__name__)

_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _submit(fn, *args) -> Future:
    global _pool
    try:
        return _executor().submit(fn, *args)
    except BrokenProcessPool:  # it died (MuPDF crashed on a file): start a fresh one
        _pool = None
        return _executor().submit(fn, *args)


def warm_up() -> None:
    """Start the render process and import PyMuPDF there, before the first document."""
    _submit(render_process.warm)


def shutdown() -> None:
    """Stop the render process (at exit) without waiting for renders in flight."""
    global _pool
    if _pool is not None:
        processes = list(getattr(_pool, "_processes", {}).values())
        _pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:  # a page still drawing must not hold up quitting
            p.terminate()
        _pool = None


def _to_image(raw: tuple[int, int, int, bytes]) -> QImage:
    width, height, stride, samples = raw
    # copy(): the QImage must own its pixels, not borrow the bytes object's
    return QImage(samples, width, height, stride, QImage.Format.Format_RGB888).copy()


class Renderer(QObject):
    """One view's requests. ``token`` is whatever the caller passed, so a view can drop
    results that belong to a document or zoom it no longer shows."""

    opened = Signal(object, object)          # token, list of page sizes (points)
    rendered = Signal(object, int, float, QImage)
    failed = Signal(object, object)          # token, DocumentError: the document cannot be opened
    renderFailed = Signal(object, int, str)  # token, page, reason: one page cannot be drawn

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False

    def open(self, token: object, path: str, password: str | None = None) -> None:
        if not self._closed:
            _submit(render_process.page_sizes, path, password).add_done_callback(
                lambda f: self._deliver(f, lambda sizes: self.opened.emit(token, sizes),
                                        lambda err: self.failed.emit(token, _document_error(err))))

    def render(self, token: object, path: str, page: int, scale: float) -> None:
        if not self._closed:
            _submit(render_process.render_page, path, page, scale).add_done_callback(
                lambda f: self._deliver(
                    f, lambda raw: self.rendered.emit(token, page, scale, _to_image(raw)),
                    lambda err: self.renderFailed.emit(token, page, str(err))))

    def close(self, path: str) -> None:
        if not self._closed:
            _submit(render_process.close, path)

    def shutdown(self) -> None:
        """This view is going away: ignore its results from now on."""
        self._closed = True

    def _deliver(self, future: Future, ok, fail) -> None:
        # runs on the pool's thread; the signals are queued to the GUI thread
        if future.cancelled() or self._closed:
            return
        try:
            err = future.exception()
            if err is None:
                ok(future.result())
            else:
                fail(err)
        except RuntimeError:  # the view was deleted meanwhile
            log.debug("render result for a deleted view dropped")


def _document_error(err: BaseException) -> DocumentError:
    if isinstance(err, DocumentError):
        return err
    if isinstance(err, BrokenProcessPool):
        return DocumentError("the page renderer stopped unexpectedly (the document may have "
                             "crashed it); open the document again")
    return DocumentError(f"the document cannot be shown: {err}")
