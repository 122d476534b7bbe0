"""The page viewer: continuous pages in a scroll area, zoom, navigation, highlights, found
text and text selection.

Geometry is kept in PDF points (origin top-left, as every ``bbox`` in mmsum) and mapped to
widget pixels by one factor, ``zoom * 96/72``, so a highlight lands exactly on its text at any
zoom. Pages render lazily, only near the visible area, in the render process; the words of a
page (for selection) are asked for when the reader starts selecting on it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStackedLayout, QWidget

from mmsum.document import BBox

from .page_widget import PX_PER_PT, PageWidget
from .render import Renderer
from .text_selection import TextSelection
from .viewer_text import PageColumn, ViewerText

__all__ = ["PX_PER_PT", "PageWidget", "PdfViewer", "ZOOM_STEPS"]

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MARGIN, SPACING = 18, 14  # around the pages, between pages (pixels)
KEEP_PAGES = 6  # rendered pages kept beyond the visible ones, each way


class _ScrollArea(QScrollArea):
    """Ctrl+wheel zooms, as in every viewer."""

    zoomWheel = Signal(int)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt name
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoomWheel.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
        else:
            super().wheelEvent(event)


class PdfViewer(ViewerText, QWidget):
    """Shows one document's pages. Pages are 0-based in the API, 1-based on screen.

    Signals: ``pageChanged(page)`` when the page at the top of the view changes,
    ``zoomChanged(zoom)`` (1.0 = 100 %), ``loaded(page_count)``, ``failed(error)`` (a
    :class:`~mmsum.errors.DocumentError`; :class:`~mmsum.pages.PasswordRequired` when
    encrypted), ``selectionChanged()``, ``librarySearchRequested(text)`` (the context menu's
    "Search the library", offered once :attr:`library_available` is set).
    """

    pageChanged = Signal(int)
    zoomChanged = Signal(float)
    loaded = Signal(int)
    failed = Signal(object)
    selectionChanged = Signal()
    librarySearchRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewer")
        self._renderer = Renderer(self)
        self._renderer.opened.connect(self._on_opened)
        self._renderer.rendered.connect(self._on_rendered)
        self._renderer.failed.connect(self._on_failed)
        self._renderer.renderFailed.connect(self._on_render_failed)
        self._renderer.wordsReady.connect(self._on_words)
        self._path: str | None = None
        self._password: str | None = None
        self._info = None  # the render process's OpenedDocument: sizes, outline, title
        self.reference_name = ""  # how "Copy with page reference" names the document
        self.library_available = False
        self._token = 0  # bumps on every load, so stale renders are dropped
        self._zoom = 1.0
        self._fit_width = True
        self._pages: list[PageWidget] = []
        self._current = 0
        self._selection = TextSelection()
        self._words_asked: set[int] = set()

        self._area = _ScrollArea()
        self._area.setObjectName("pageArea")
        # pages are placed by hand (see _relayout): positions are then known at once, which
        # navigation needs, rather than after a layout pass on the event loop
        self._area.setWidgetResizable(False)
        self._area.setFrameShape(QFrame.Shape.NoFrame)
        self._area.zoomWheel.connect(lambda d: self.zoom_in() if d > 0 else self.zoom_out())
        self._column = PageColumn(self)
        self._column.setObjectName("pageColumn")
        self._area.setWidget(self._column)
        self._empty = QLabel("<p style='font-size:13pt'>No document open</p>"
                             "<p>Drop PDF files here, or use File ▸ Open (Ctrl+O)</p>")
        self._empty.setObjectName("emptyViewer")
        self._empty.setWordWrap(True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._area)

        # coalesce bursts of scroll/resize events into one visibility pass
        self._refresh = QTimer(self, singleShot=True, interval=15)
        self._refresh.timeout.connect(self._update_visible)
        self._area.verticalScrollBar().valueChanged.connect(lambda _v: self._refresh.start())
        self._area.horizontalScrollBar().valueChanged.connect(lambda _v: self._refresh.start())

    # -- document ---------------------------------------------------------------------------
    @property
    def path(self) -> str | None:
        return self._path

    @property
    def page_count(self) -> int:
        return len(self._pages)

    @property
    def password(self) -> str | None:
        return self._password

    @property
    def info(self):
        """The open document's :class:`~ui.render_process.OpenedDocument` (None before
        ``loaded``)."""
        return self._info

    def page_size(self, page: int) -> tuple[float, float]:
        """Page ``page``'s (width, height) in points."""
        return self._pages[page].size_pt

    def load(self, path: str, password: str | None = None) -> None:
        """Open ``path`` in the background; ``loaded`` or ``failed`` follows."""
        self.clear()
        self._path, self._password = path, password
        self._stack.setCurrentWidget(self._area)
        self._renderer.open(self._token, path, password)

    def clear(self) -> None:
        self._token += 1
        for w in self._pages:
            w.deleteLater()
        self._pages = []
        self._path = self._password = self._info = None
        self._current = 0
        self._selection = TextSelection()
        self._words_asked = set()
        self._relayout()
        self._stack.setCurrentWidget(self._empty)

    def forget(self, path: str) -> None:
        """Release the render process's handle on a closed document."""
        self._renderer.close(path)

    def shutdown(self) -> None:
        self._refresh.stop()
        self._renderer.shutdown()

    # -- navigation -------------------------------------------------------------------------
    @property
    def current_page(self) -> int:
        return self._current

    def go_to_page(self, page: int) -> None:
        """Scroll so that page ``page`` (0-based) starts at the top of the view."""
        if not self._pages:
            return
        page = max(0, min(page, len(self._pages) - 1))
        self._area.verticalScrollBar().setValue(self._pages[page].y() - SPACING // 2)
        self._set_current(page)
        self._update_visible()

    def show_destination(self, page: int, y: float | None = None) -> None:
        """Scroll so that ``y`` (points from the top of ``page``; None: the page's top) is at
        the top of the view: where an outline entry points."""
        if not self._pages or not 0 <= page < len(self._pages):
            return
        if y is None:
            self.go_to_page(page)
            return
        w = self._pages[page]
        self._area.verticalScrollBar().setValue(round(w.y() + y * w._scale) - SPACING)
        self._set_current(page)
        self._update_visible()

    def next_page(self) -> None:
        self.go_to_page(self._current + 1)

    def previous_page(self) -> None:
        self.go_to_page(self._current - 1)

    def show_box(self, page: int, bbox: BBox | None) -> None:
        """Jump to ``page``, highlight ``bbox`` (PDF points) and centre it in the view."""
        if not self._pages or not 0 <= page < len(self._pages):
            return
        self.set_highlight(page, bbox)
        target = self._pages[page]
        if bbox is None:
            self.go_to_page(page)
            return
        r = target.to_widget(bbox)
        cx = target.x() + r.center().x()
        cy = target.y() + r.center().y()
        vp = self._area.viewport().size()
        self._area.verticalScrollBar().setValue(round(cy - vp.height() / 2))
        self._area.horizontalScrollBar().setValue(round(cx - vp.width() / 2))
        self._set_current(page)
        self._update_visible()

    def set_highlight(self, page: int | None, bbox: BBox | None) -> None:
        """Highlight one box (or none): one highlight at a time keeps the eye on it."""
        for w in self._pages:
            want = bbox if w.number == page else None
            if w.highlight != want:
                w.highlight = want
                w.update()

    @property
    def highlight(self) -> tuple[int, BBox] | None:
        """The highlighted (page, bbox), if any."""
        for w in self._pages:
            if w.highlight is not None:
                return w.number, w.highlight
        return None

    def page_widget(self, page: int) -> PageWidget:
        return self._pages[page]

    # -- zoom -------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float, *, fit_width: bool = False) -> None:
        """Set the zoom (1.0 = 100 %), keeping the current page in view."""
        zoom = max(ZOOM_STEPS[0], min(zoom, ZOOM_STEPS[-1]))
        self._fit_width = fit_width
        if abs(zoom - self._zoom) < 1e-3 and self._pages and \
                abs(self._pages[0]._scale - zoom * PX_PER_PT) < 1e-6:
            return
        bar = self._area.verticalScrollBar()
        # keep the same spot of the document at the top of the view
        anchor = bar.value() / max(1, self._column.height())
        self._zoom = zoom
        for w in self._pages:
            w.set_scale(zoom * PX_PER_PT)
        self._relayout()
        bar.setValue(round(anchor * self._column.height()))
        self.zoomChanged.emit(zoom)
        self._refresh.start()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom - 1e-3), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        """Zoom so the widest page fills the view's width."""
        if not self._pages:
            self._fit_width = True
            return
        widest = max(w.size_pt[0] for w in self._pages)
        avail = self._view_width(True) - 2 * MARGIN - 2
        self.set_zoom(avail / (widest * PX_PER_PT), fit_width=True)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        if self._fit_width:
            self.fit_width()
        self._relayout()
        self._refresh.start()

    # -- rendering --------------------------------------------------------------------------
    def _on_opened(self, token: object, info) -> None:
        if token != self._token:
            return
        self._info = info
        sizes = info.sizes
        for i, size in enumerate(sizes):
            w = PageWidget(i, size, self._column)
            w.set_scale(self._zoom * PX_PER_PT)
            w.show()
            self._pages.append(w)
        if self._fit_width:
            self.fit_width()
        self._relayout()
        self._area.verticalScrollBar().setValue(0)
        self._set_current(0)
        self.loaded.emit(len(sizes))
        self._refresh.start()

    def _on_failed(self, token: object, err: Exception) -> None:
        if token == self._token:
            self.failed.emit(err)

    def _on_render_failed(self, token: object, page: int, reason: str) -> None:
        if token != self._token or page >= len(self._pages):
            return
        w = self._pages[page]
        w.requested_scale = 0.0
        w.error = reason
        w.update()

    def _on_rendered(self, token: object, page: int, scale: float, image: QImage) -> None:
        if token != self._token or page >= len(self._pages):
            return
        w = self._pages[page]
        if abs(scale - w.requested_scale) < 1e-6:
            w.requested_scale = 0.0
        image.setDevicePixelRatio(self.devicePixelRatioF())
        w.image, w.image_scale, w.error = image, scale, None
        w.update()

    def _relayout(self) -> None:
        """Place the pages in one centred column and size the scrolled area to fit."""
        height = sum(w.height() + SPACING for w in self._pages) - SPACING + 2 * MARGIN
        width = max([w.width() for w in self._pages] + [0]) + 2 * MARGIN
        width = max(width, self._view_width(height > self._area.height()))
        y = MARGIN
        for w in self._pages:
            w.move((width - w.width()) // 2, y)
            y += w.height() + SPACING
        self._column.resize(width, y - SPACING + MARGIN if self._pages else 0)

    def _view_width(self, vertical_bar: bool) -> int:
        """The width pages can use; the scroll bar's width is taken off before it appears,
        or a page fitted to the width would then need a horizontal bar."""
        bar = self._area.verticalScrollBar()
        return self._area.width() - (bar.sizeHint().width() if vertical_bar else 0)

    def _visible_range(self) -> range:
        if not self._pages:
            return range(0)
        top = self._area.verticalScrollBar().value()
        bottom = top + self._area.viewport().height()
        first = last = None
        for w in self._pages:
            if w.y() + w.height() >= top and w.y() <= bottom:
                first = w.number if first is None else first
                last = w.number
            elif first is not None:
                break
        if first is None:
            return range(0)
        return range(first, last + 1)

    def _update_visible(self) -> None:
        visible = self._visible_range()
        if not visible or self._path is None:
            return
        self._set_current(self._page_at_top())
        want = self._zoom * PX_PER_PT * self.devicePixelRatioF()
        # the visible pages first, then one page of read-ahead either side
        order = list(visible) + [visible.start - 1, visible.stop]
        for n in order:
            if not 0 <= n < len(self._pages):
                continue
            w = self._pages[n]
            if abs(w.image_scale - want) > 1e-6 and abs(w.requested_scale - want) > 1e-6:
                w.requested_scale = want
                self._renderer.render(self._token, self._path, n, want)
        for w in self._pages:  # bound memory on long documents
            if w.image is not None and not (visible.start - KEEP_PAGES <= w.number < visible.stop + KEEP_PAGES):
                w.image, w.image_scale = None, 0.0

    def _page_at_top(self) -> int:
        # the page that fills the upper third of the view counts as "current"
        y = self._area.verticalScrollBar().value() + self._area.viewport().height() // 3
        for w in self._pages:
            if y < w.y() + w.height() + SPACING:
                return w.number
        return len(self._pages) - 1

    def _set_current(self, page: int) -> None:
        if page != self._current:
            self._current = page
            self.pageChanged.emit(page)
