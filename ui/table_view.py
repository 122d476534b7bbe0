"""A table as a grid: its caption over its rows and columns (sortable by a click on a column's
heading), "Copy as Markdown", "Copy as CSV" and "Show in document". A table whose structure
could not be read shows its crop, its caption and why.

The grid's content and its rules (order, matches, copies) are :class:`ui.table_grid.TableGrid`;
this module adapts it to Qt.
"""
from __future__ import annotations

import html

from PySide6.QtCore import (QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, QSize, Qt,
                            Signal)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from mmsum.document import Table

from .figure_view import available_size, caption_html, crop_area, text_label
from .table_grid import TableGrid


class TableModel(QAbstractTableModel):
    """Qt's view of a :class:`TableGrid`; sorting reorders the grid's rows."""

    def __init__(self, grid: TableGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else self.grid.row_count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else self.grid.column_count

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.grid.cell(index.row(), index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt name
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.grid.columns[section] if 0 <= section < self.grid.column_count else None
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.grid.column_count:
            return
        self.layoutAboutToBeChanged.emit()
        self.grid.sort(column, descending=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class TableView(QDialog):
    """Shows ``table`` as a grid; ``query`` selects the cells that hold it (a hit of Find).

    ``showInDocument()`` asks the window to show the table's box on its page;
    ``copied(message)`` after a copy.
    """

    showInDocument = Signal()
    copied = Signal(str)

    def __init__(self, table: Table, parent: QWidget | None = None, *, query: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("tableViewDialog")
        self.table = table
        self.grid = TableGrid(table)
        name = table.label or "Table"
        self.setWindowTitle(f"{name} — page {table.page + 1}")

        self.caption = text_label(caption_html(table.label, table.caption, table.page, fallback="Table"),
                                  "figureViewCaption")
        lay = QVBoxLayout(self)
        lay.addWidget(self.caption)

        avail = available_size(self)
        self.view: QTableView | None = None
        self.reason: QLabel | None = None
        if self.grid.readable:
            self.model = TableModel(self.grid, self)
            self.view = QTableView()
            self.view.setObjectName("tableGrid")
            self.view.setModel(self.model)
            # the document's order until the reader clicks a heading (enabling sorting sorts
            # by the indicator's column at once: none)
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.view.setSortingEnabled(True)
            self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            self.view.setWordWrap(False)
            lay.addWidget(self.view, 1)
        else:
            area, self.image = crop_area(table.image_png, avail, "The table's image is not available.")
            lay.addWidget(area, 1)
            self.reason = text_label("Its rows and columns could not be read: "
                                     + html.escape(table.unread or "no reason was given") + ".", "tableUnread")
            lay.addWidget(self.reason)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_md = QPushButton("Copy as Markdown")
        self.copy_md.clicked.connect(self.copy_markdown)
        self.copy_csv = QPushButton("Copy as CSV")
        self.copy_csv.clicked.connect(self.copy_csv_text)
        self.show_button = QPushButton("Show in document")
        self.show_button.setToolTip("Go to the table's page and show its box")
        self.show_button.clicked.connect(self.showInDocument)
        for b in (self.copy_md, self.copy_csv, self.show_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_md.setEnabled(self.grid.readable)
        self.copy_csv.setEnabled(self.grid.readable)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._avail, self._fitted = avail, False
        self.resize(self._fitting_size(avail))
        if query:
            self.select_matches(query)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._fitted:  # the style sheet's fonts and paddings apply once shown: measure then
            self._fitted = True
            if self.view is not None:
                self.view.resizeColumnsToContents()
                self.view.resizeRowsToContents()
            self.resize(self._fitting_size(self._avail))

    def _fitting_size(self, avail: QSize) -> QSize:
        """The whole grid where the screen allows (pixels), else most of the screen."""
        if self.view is None:
            return QSize(min(avail.width(), 640), min(avail.height() + 120, 480))
        header = self.view.horizontalHeader()
        width = sum(header.sectionSize(c) for c in range(self.grid.column_count))
        frame = 2 * self.view.frameWidth()
        width += self.view.verticalHeader().sizeHint().width() + frame + 40
        rows = sum(self.view.rowHeight(r) for r in range(self.grid.row_count))
        height = rows + header.sizeHint().height() + frame + self.caption.sizeHint().height() + 80
        return QSize(min(avail.width(), max(width, 480)), min(avail.height() + 120, max(height, 240)))

    def select_matches(self, query: str) -> int:
        """Select the cells that hold ``query`` and scroll to the first; how many there are."""
        if self.view is None:
            return 0
        found = self.grid.matches(query)
        selection = QItemSelection()
        for row, col in found:
            index = self.model.index(row, col)
            selection.select(index, index)
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if found:
            first = self.model.index(*found[0])
            self.view.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(first)
        return len(found)

    def copy_markdown(self) -> None:
        """The table as Markdown (rows in the order shown) on the clipboard."""
        if self.grid.readable:
            QGuiApplication.clipboard().setText(self.grid.markdown())
            self.copied.emit(f"{self.table.label or 'The table'} copied as Markdown.")

    def copy_csv_text(self) -> None:
        """The table as CSV (rows in the order shown) on the clipboard."""
        if self.grid.readable:
            QGuiApplication.clipboard().setText(self.grid.csv())
            self.copied.emit(f"{self.table.label or 'The table'} copied as CSV.")
