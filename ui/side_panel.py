"""The side panel beside the pages: page thumbnails and the document's outline.

Thumbnails are drawn by the background render lane, only for the rows in view and at most
two at a time, so scrolling through a 500-page book neither floods the renderer nor holds
up the page the reader is looking at; the rows not drawn yet show a blank sheet.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QListView, QListWidget, QListWidgetItem,
                               QStackedWidget, QStyledItemDelegate, QStyleOptionViewItem, QTabWidget,
                               QTreeWidget, QTreeWidgetItem, QWidget)

from .render import BACKGROUND, Renderer

THUMB_WIDTH = 116   # logical pixels
IN_FLIGHT = 2       # thumbnails being drawn at once
PAGE_ROLE = Qt.ItemDataRole.UserRole


class ThumbnailList(QListWidget):
    """One row a page; ``pageActivated(page)`` when the reader picks one (0-based).

    ``thumbnailReady(page)`` after a page's thumbnail arrives (tests and measurements wait on
    it); :attr:`drawn` holds the pages drawn so far.
    """

    pageActivated = Signal(int)
    thumbnailReady = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnails")
        # a column of rows, each centred (item alignment works in list mode), each drawn with
        # its number under the page
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setItemAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setItemDelegate(_ThumbnailDelegate(self))
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(6)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._renderer = Renderer(self, lane=BACKGROUND)
        self._renderer.rendered.connect(self._on_rendered)
        self._renderer.renderFailed.connect(self._on_failed)
        self._path: str | None = None
        self._token = 0
        self._sizes: list[tuple[float, float]] = []
        self.drawn: set[int] = set()
        self._pending: set[int] = set()   # asked for, not back yet
        self._failed: set[int] = set()
        self._timer = QTimer(self, singleShot=True, interval=40)
        self._timer.timeout.connect(self._request_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        self.itemClicked.connect(lambda item: self.pageActivated.emit(item.data(PAGE_ROLE)))
        self.itemActivated.connect(lambda item: self.pageActivated.emit(item.data(PAGE_ROLE)))

    def set_document(self, path: str | None, password: str | None,
                     sizes: list[tuple[float, float]]) -> None:
        """Show ``sizes`` (points) as blank sheets and draw those in view."""
        self._token += 1
        self._path, self._sizes = path, list(sizes)
        self.drawn, self._pending, self._failed = set(), set(), set()
        self.clear()
        if path is None or not sizes:
            return
        self._renderer.remember_password(path, password)
        w0, h0 = sizes[0]
        icon_size = QSize(THUMB_WIDTH, round(THUMB_WIDTH * h0 / max(w0, 1.0)))
        self.setIconSize(icon_size)
        blank = _untinted(_blank(icon_size, self.devicePixelRatioF()))
        self.setUpdatesEnabled(False)
        for i in range(len(sizes)):
            item = QListWidgetItem(blank, str(i + 1))
            item.setData(PAGE_ROLE, i)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setToolTip(f"Page {i + 1}")
            self.addItem(item)
        self.setUpdatesEnabled(True)
        self.set_current_page(0)
        self._timer.start()

    def set_current_page(self, page: int) -> None:
        """Select ``page``'s row and keep it in view (without emitting ``pageActivated``)."""
        if 0 <= page < self.count():
            self.blockSignals(True)
            self.setCurrentRow(page)
            self.blockSignals(False)
            self.scrollToItem(self.item(page), QAbstractItemView.ScrollHint.EnsureVisible)

    def visible_pages(self) -> range:
        """The rows in view now."""
        if not self.count():
            return range(0)
        first = self.indexAt(self.viewport().rect().topLeft() + self._inset())
        last = self.indexAt(self.viewport().rect().bottomLeft() + self._inset(up=True))
        start = first.row() if first.isValid() else 0
        stop = last.row() if last.isValid() else self.count() - 1
        # the view's spacing can put the probe between rows: widen by one either way
        return range(max(0, start - 1), min(self.count(), stop + 2))

    def _inset(self, up: bool = False):
        from PySide6.QtCore import QPoint

        return QPoint(self.viewport().width() // 2, -4 if up else 4)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self._timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._timer.start()

    def _request_visible(self) -> None:
        if self._path is None or not self.isVisible():
            return
        want = [p for p in self.visible_pages()
                if p not in self.drawn and p not in self._pending and p not in self._failed]
        scale_dpr = self.devicePixelRatioF()
        for page in want[:max(0, IN_FLIGHT - len(self._pending))]:
            w, _h = self._sizes[page]
            self._pending.add(page)
            self._renderer.render(self._token, self._path, page, THUMB_WIDTH * scale_dpr / max(w, 1.0))

    def _on_rendered(self, token: object, page: int, _scale: float, image: QImage) -> None:
        if token != self._token:
            return
        self._pending.discard(page)
        if 0 <= page < self.count():
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self.item(page).setIcon(_untinted(_framed(image, self.iconSize(), self.devicePixelRatioF())))
            self.drawn.add(page)
            self.thumbnailReady.emit(page)
        self._request_visible()

    def _on_failed(self, token: object, page: int, _reason: str) -> None:
        if token == self._token:
            self._pending.discard(page)
            self._failed.add(page)
            self._request_visible()

    def shutdown(self) -> None:
        self._timer.stop()
        self._renderer.shutdown()


class _ThumbnailDelegate(QStyledItemDelegate):
    """The page above its number, as thumbnails are shown everywhere."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Top
        option.decorationAlignment = Qt.AlignmentFlag.AlignHCenter
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        view = self.parent()
        icon = view.iconSize()
        return QSize(icon.width() + 16, icon.height() + view.fontMetrics().height() + 14)


def _untinted(pix: QPixmap) -> QIcon:
    """An icon that looks the same selected: the row's colour marks the current page, the
    page itself keeps its colours."""
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
        icon.addPixmap(pix, mode)
    return icon


def _blank(size: QSize, dpr: float) -> QPixmap:
    pix = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
    pix.setDevicePixelRatio(dpr)
    pix.fill(QColor("#ffffff"))
    p = QPainter(pix)
    p.setPen(QColor(200, 206, 214))
    p.drawRect(0, 0, size.width() - 1, size.height() - 1)
    p.end()
    return pix


def _framed(image: QImage, size: QSize, dpr: float) -> QPixmap:
    """The thumbnail centred on a sheet of the row's size, with a thin edge."""
    pix = _blank(size, dpr)
    p = QPainter(pix)
    w, h = image.width() / dpr, image.height() / dpr
    fit = min(size.width() / max(w, 1), size.height() / max(h, 1), 1.0)
    tw, th = w * fit, h * fit
    from PySide6.QtCore import QRectF

    target = QRectF((size.width() - tw) / 2, (size.height() - th) / 2, tw, th)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.drawImage(target, image)
    p.setPen(QColor(200, 206, 214))
    p.drawRect(target.adjusted(0, 0, -1, -1))
    p.end()
    return pix


class OutlineTree(QStackedWidget):
    """The document's table of contents; ``destinationActivated(page, y)`` (0-based page, y
    in points or None) when the reader picks an entry."""

    destinationActivated = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("outline")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        self.empty = QLabel("This document has no table of contents.")
        self.empty.setObjectName("sideHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.addWidget(self.tree)
        self.addWidget(self.empty)
        self.set_outline([])

    def set_outline(self, entries) -> None:
        """Fill from :class:`~mmsum.pages.OutlineEntry` items (levels 1, 2, …)."""
        self.tree.clear()
        parents: list[QTreeWidgetItem] = []
        for e in entries:
            level = max(1, e.level)
            del parents[level - 1:]
            parent = parents[-1] if parents else None
            item = QTreeWidgetItem([e.title, str(e.page + 1) if e.page >= 0 else ""])
            item.setData(0, PAGE_ROLE, (e.page, e.y))
            item.setToolTip(0, e.title)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            while len(parents) < level - 1:  # a level skipped: hang it on what there is
                parents.append(item)
            parents.append(item)
        self.tree.expandToDepth(0)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setSectionResizeMode(1, header.ResizeMode.ResizeToContents)
        self.setCurrentWidget(self.tree if entries else self.empty)

    def entry_count(self) -> int:
        n, stack = 0, [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            n += 1
            stack += [item.child(i) for i in range(item.childCount())]
        return n

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        page, y = item.data(0, PAGE_ROLE)
        if page >= 0:
            self.destinationActivated.emit(page, y)


class SidePanel(QTabWidget):
    """Thumbnails ("Pages"), the outline ("Contents") and other panels in tabs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideTabs")
        self.setDocumentMode(True)
        # every tab's name stays in view: the panel is at least as wide as its tabs, instead of
        # scrolling the first ones away behind arrow buttons
        self.tabBar().setUsesScrollButtons(False)
        self.thumbnails = ThumbnailList()
        self.outline = OutlineTree()
        self.addTab(self.thumbnails, "Pages")
        self.addTab(self.outline, "Contents")

    def clear_document(self) -> None:
        """No thumbnails and no contents (another document is being shown)."""
        self.thumbnails.set_document(None, None, [])
        self.outline.set_outline([])
