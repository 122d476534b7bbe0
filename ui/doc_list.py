"""The list of open documents: one row a file, its name elided in the middle to fit the
pane (the start and the end of a name tell files apart), the full path in a tooltip."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QAbstractItemView, QListWidget, QListWidgetItem, QStyledItemDelegate,
                               QStyleOptionViewItem, QWidget)


class _FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the view, never wider: the text is elided instead of scrolling."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        view = self.parent()
        width = view.viewport().width() - 2 * view.spacing() if view is not None else hint.width()
        return QSize(max(40, width), hint.height())


class DocumentList(QListWidget):
    """Open documents; :meth:`add_document` adds a row for a file."""

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

    def shown_text(self, row: int) -> str:
        """The name as row ``row`` shows it now (elided to the row's width)."""
        item = self.item(row)
        rect = self.visualItemRect(item)
        width = rect.width() - self.iconSize().width() - 24  # icon, its gap and the padding
        return self.fontMetrics().elidedText(item.text(), Qt.TextElideMode.ElideMiddle, max(0, width))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self.doItemsLayout()  # rows follow the new width
