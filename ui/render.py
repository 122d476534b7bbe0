"""The viewer's document work: requests go to render processes, results come back as signals.

Two processes serve every view (see :mod:`ui.render_process` for why processes): one draws
the pages the reader looks at and answers selections; the other, the ``background`` lane,
draws thumbnails and searches, so a long search or a scroll through the thumbnails never
delays the page in front of the reader. Each is a :class:`mmsum.workers.SerialWorker` (the
worker-process stack summaries and batches use) and starts on first use, or ahead of time by
:func:`warm_up`; results arrive on its thread and reach the GUI thread as queued signals.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from mmsum.errors import DocumentError
from mmsum.progress import Cancelled
from mmsum.workers import SerialWorker, Setup, WorkerCrashed

from . import render_process

__all__ = ["Renderer", "warm_up", "shutdown", "PAGES", "BACKGROUND"]
log = logging.getLogger(__name__)

PAGES, BACKGROUND = "pages", "background"
_lanes: dict[str, SerialWorker] = {}


def _worker(lane: str) -> SerialWorker:
    worker = _lanes.get(lane)
    if worker is None:
        # thumbnails and searches yield the CPU to the window and to the page being read
        worker = _lanes[lane] = SerialWorker(f"render-{lane}", Setup(nice=5 if lane == BACKGROUND else 0))
    return worker


def _submit(lane: str, fn, *args) -> Future:
    """``fn(*args)`` in ``lane``'s process; a process that died (MuPDF crashed on a file) is
    replaced for the next call."""
    return _worker(lane).submit(fn, *args, context=False)[1]


def warm_up() -> None:
    """Start the render processes and import PyMuPDF there, before the first document."""
    for lane in (PAGES, BACKGROUND):
        _submit(lane, render_process.warm)


def shutdown() -> None:
    """Stop the render processes (at exit) without waiting for work in flight."""
    for lane in list(_lanes):
        _lanes.pop(lane).shutdown()  # a page still drawing must not hold up quitting


def to_image(raw) -> QImage:
    """A :class:`~mmsum.pages.RenderedPage` as a QImage that owns its pixels."""
    # copy(): the QImage must own its pixels, not borrow the bytes object's
    return QImage(raw.samples, raw.width, raw.height, raw.stride, QImage.Format.Format_RGB888).copy()


class Renderer(QObject):
    """One view's requests. ``token`` is whatever the caller passed, so a view can drop
    results that belong to a document, zoom or search it no longer shows.

    ``opened(token, OpenedDocument)`` or ``failed(token, DocumentError)`` (a
    :class:`~mmsum.pages.PasswordRequired` when encrypted) answer :meth:`open`;
    ``rendered(token, page, scale, image)`` or ``renderFailed(token, page, reason)`` a render;
    ``wordsReady(token, page, words)`` a :meth:`words`; ``found(token, pages, hits)`` a
    :meth:`find` over ``pages``, or ``findFailed(token, reason)``.
    """

    opened = Signal(object, object)
    failed = Signal(object, object)
    rendered = Signal(object, int, float, QImage)
    renderFailed = Signal(object, int, str)
    wordsReady = Signal(object, int, object)
    found = Signal(object, object, object)
    findFailed = Signal(object, str)

    def __init__(self, parent: QObject | None = None, *, lane: str = PAGES) -> None:
        super().__init__(parent)
        self._lane = lane
        self._closed = False
        self._passwords: dict[str, str | None] = {}

    def open(self, token: object, path: str, password: str | None = None) -> None:
        """Open ``path`` afresh (its sizes, outline, title)."""
        if self._closed:
            return
        self._passwords[path] = password
        self._call(render_process.open_document, (path, password),
                   lambda info: self.opened.emit(token, info),
                   lambda err: self.failed.emit(token, _document_error(err)))

    def render(self, token: object, path: str, page: int, scale: float) -> None:
        self._call(render_process.render_page, (path, self._passwords.get(path), page, scale),
                   lambda raw: self.rendered.emit(token, page, scale, to_image(raw)),
                   lambda err: self.renderFailed.emit(token, page, str(err)))

    def words(self, token: object, path: str, page: int) -> None:
        self._call(render_process.page_words, (path, self._passwords.get(path), page),
                   lambda words: self.wordsReady.emit(token, page, words),
                   lambda err: log.info("words of page %d unavailable: %s", page, err))

    def find(self, token: object, path: str, query: str, pages: list[int]) -> None:
        self._call(render_process.find, (path, self._passwords.get(path), query, list(pages)),
                   lambda hits: self.found.emit(token, list(pages), hits),
                   lambda err: self.findFailed.emit(token, str(_document_error(err))))

    def remember_password(self, path: str, password: str | None) -> None:
        """Use ``password`` for ``path`` in this view's requests (another view opened it)."""
        self._passwords[path] = password

    def close(self, path: str) -> None:
        if not self._closed:
            self._passwords.pop(path, None)
            _submit(self._lane, render_process.close, path)

    def shutdown(self) -> None:
        """This view is going away: ignore its results from now on."""
        self._closed = True

    def _call(self, fn, args: tuple, ok, fail) -> None:
        if self._closed:
            return
        _submit(self._lane, fn, *args).add_done_callback(lambda f: self._deliver(f, ok, fail))

    def _deliver(self, future: Future, ok, fail) -> None:
        # runs on the worker's thread, and the signals are queued to the GUI thread; but a future
        # that is done before its callback is added calls back at once, on the GUI thread:
        # the result must then still arrive later, as a queued one would, not in the middle
        # of the caller's own code
        if threading.current_thread() is threading.main_thread():
            QTimer.singleShot(0, self, lambda: self._deliver_now(future, ok, fail))
        else:
            self._deliver_now(future, ok, fail)

    def _deliver_now(self, future: Future, ok, fail) -> None:
        if future.cancelled() or self._closed:
            return
        try:
            err = future.exception()
            if err is None:
                ok(future.result())
            elif not isinstance(err, Cancelled):  # cancelled: the renderers were shut down
                fail(err)
        except RuntimeError:  # the view was deleted meanwhile
            log.debug("render result for a deleted view dropped")


def _document_error(err: BaseException) -> DocumentError:
    if isinstance(err, DocumentError):
        return err
    if isinstance(err, WorkerCrashed):
        return DocumentError("the page renderer stopped unexpectedly (the document may have "
                             "crashed it); open the document again")
    return DocumentError(f"the document cannot be shown: {err}")
