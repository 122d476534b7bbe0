"""The list of open documents: one row a file, its name elided in the middle to fit the
pane (the start and the end of a name tell files apart), the full path in a tooltip."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QAbstractItemView, QListWidget, QListWidgetItem, QStyledItemDelegate,
                               QStyleOptionViewItem, QWidget)

from .theme import icon

if TYPE_CHECKING:
    from .session import OpenDocument, Session


class _FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the view, never wider: the text is elided instead of scrolling."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        view = self.parent()
        width = view.viewport().width() - 2 * view.spacing() if view is not None else hint.width()
        return QSize(max(40, width), hint.height())


class DocumentList(QListWidget):
    """Open documents, one row each in the order opened; :meth:`follow` keeps them as a
    session's documents."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("docList")
        self.setIconSize(QSize(16, 16))
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setItemDelegate(_FitWidthDelegate(self))

    def add_document(self, path: Path, icon: QIcon) -> QListWidgetItem:
        item = QListWidgetItem(icon, path.name)
        item.setToolTip(str(path))
        self.addItem(item)
        return item

    def follow(self, session: Session) -> None:
        """Keep one row per open document of ``session``, the current one selected and a
        summarized one marked, by its events. Selecting a row here is the window's to act
        on (``currentRowChanged``); following the session never emits it."""
        session.events.added.connect(lambda doc: self.add_document(doc.path, icon("document")))
        session.events.removed.connect(self._take_row)
        session.events.current.connect(
            lambda doc: self._select(session.documents.index(doc) if doc is not None else -1))
        session.events.summary.connect(lambda doc: self._mark_done(session.documents, doc))

    def _mark_done(self, documents: list[OpenDocument], doc: OpenDocument) -> None:
        if doc in documents:  # a summary may end just after its document was closed
            self.item(documents.index(doc)).setIcon(icon("document-done"))

    def _take_row(self, _doc: OpenDocument, row: int) -> None:
        self.blockSignals(True)
        try:
            self.takeItem(row)
        finally:
            self.blockSignals(False)

    def _select(self, row: int) -> None:
        self.blockSignals(True)
        try:
            self.setCurrentRow(row)
        finally:
            self.blockSignals(False)

    def refresh_icons(self, documents: list[OpenDocument]) -> None:
        """Redraw the rows' icons in the current theme (``documents`` in row order)."""
        for row, doc in enumerate(documents):
            self.item(row).setIcon(icon("document-done" if doc.result is not None else "document"))

    def shown_text(self, row: int) -> str:
        """The name as row ``row`` shows it now (elided to the row's width)."""
        item = self.item(row)
        rect = self.visualItemRect(item)
        width = rect.width() - self.iconSize().width() - 24  # icon, its gap and the padding
        return self.fontMetrics().elidedText(item.text(), Qt.TextElideMode.ElideMiddle, max(0, width))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self.doItemsLayout()  # rows follow the new width
