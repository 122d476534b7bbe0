"""The batch table: one row per document with its status, progress, time and output or reason."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QProgressBar,
                               QTableWidget, QTableWidgetItem, QWidget)

from .theme import icon

COLUMNS = ("Document", "Status", "Progress", "Time", "Output or reason")
STATUS_COLORS = {"success": "#2e7d5b", "partial": "#9a6a00", "failure": "#b23b2b",  # keys: Status values
                 "cancelled": "#7b8594", "running": "#2f5d8a", "waiting": "#7b8594"}


class BatchTable(QTableWidget):
    """Rows of documents; a row's status key is one of ``STATUS_COLORS``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("batchTable")
        self.setHorizontalHeaderLabels(COLUMNS)
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        head = self.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((250, 90, 150, 60)):
            self.setColumnWidth(col, width)

    def add_document(self, path: Path) -> int:
        """Append a waiting row for ``path``; its row number."""
        row = self.rowCount()
        self.insertRow(row)
        name = QTableWidgetItem(icon("document"), path.name)
        name.setToolTip(str(path))
        self.setItem(row, 0, name)
        for col in (1, 3, 4):
            self.setItem(row, col, QTableWidgetItem(""))
        bar = QProgressBar()
        bar.setObjectName("rowProgress")
        bar.setRange(0, 1000)
        bar.setTextVisible(False)
        bar.setFixedHeight(6)
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(6, 0, 10, 0)
        lay.addWidget(bar)
        self.setCellWidget(row, 2, holder)
        self.set_row(row, "waiting", "Waiting")
        return row

    def status(self, row: int) -> str:
        item = self.item(row, 1)
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def detail(self, row: int) -> str:
        return self.item(row, 4).text()

    def set_row(self, row: int, status: str, label: str, *, progress: float | None = None,
                detail: str | None = None, seconds: float | None = -1.0, worker: str | None = None) -> None:
        """Show a row's state; ``None`` leaves progress/detail as they are, ``seconds=None``
        clears the time and a negative value leaves it; ``worker`` names who ran it (tooltip)."""
        item = self.item(row, 1)
        item.setText(label)
        if worker is not None:
            item.setToolTip(f"on worker {worker}" if worker else "")
        item.setData(Qt.ItemDataRole.UserRole, status)
        item.setForeground(QColor(STATUS_COLORS.get(status, "#1d2a3a")))
        if progress is not None:
            self.cellWidget(row, 2).findChild(QProgressBar).setValue(round(progress * 1000))
        if detail is not None:
            self.item(row, 4).setText(detail)
            self.item(row, 4).setToolTip(detail)
        if seconds is None:
            self.item(row, 3).setText("")
        elif seconds >= 0:
            self.item(row, 3).setText(f"{seconds:.1f} s")
