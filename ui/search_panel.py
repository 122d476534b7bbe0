"""Search in the open document by meaning: a query field and the sentences, figures and tables
that answer it (figure thumbnails beside their captions). A click on a result emits
``resultActivated(page, bbox)`` (0-based page, box in PDF points) for the viewer to show, and
for a table ``tableActivated(id)`` too, to open it as a grid.

The panel holds no document logic: the window runs the search in the worker process
(:meth:`ui.engine.Engine.search`) and hands the answer to :meth:`SearchPanel.show_answer`.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QToolButton,
                               QVBoxLayout, QWidget)

from .result_list import ResultList

KINDS = (("Sentences, figures and tables", "all"), ("Figures", "figure"), ("Tables", "table"),
         ("Sentences and footnotes", "sentence"))


class SearchPanel(QWidget):
    """``searchRequested(query, kind)`` when the reader presses Enter; ``cancelRequested()``;
    ``resultActivated(page, bbox)`` when a result is clicked, and ``tableActivated(id)`` when
    it is a table."""

    searchRequested = Signal(str, str)
    cancelRequested = Signal()
    resultActivated = Signal(int, object)
    tableActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.field = QLineEdit()
        self.field.setObjectName("semanticSearch")
        self.field.setPlaceholderText("Search by meaning: words or a question")
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self._request)
        self.kind = QComboBox()
        for label, value in KINDS:
            self.kind.addItem(label, value)
        self.kind.currentIndexChanged.connect(lambda _i: self.field.text().strip() and self._request())
        self.stop = QToolButton()
        self.stop.setText("Stop")
        self.stop.setToolTip("Stop this search")
        self.stop.clicked.connect(self.cancelRequested)
        self.stop.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(4)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.results = ResultList()
        self.results.resultActivated.connect(self._activate)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.field, 1)
        top.addWidget(self.stop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addWidget(self.kind)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addWidget(self.results, 1)
        self.set_enabled_for(False)

    # --- state -------------------------------------------------------------------------------
    def set_enabled_for(self, has_document: bool) -> None:
        """Enable the field when a document is open."""
        self.field.setEnabled(has_document)
        self.kind.setEnabled(has_document)
        if not has_document:
            self.clear()
            self.status.setText("Open a document to search it.")

    def clear(self) -> None:
        """No query, no results (a new document was shown)."""
        self.results.clear()
        self.status.setText("")
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.stop.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)

    def show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(message[:1].upper() + message[1:] + "…" if message else "Searching…")

    def show_message(self, text: str) -> None:
        self.set_busy(False)
        self.status.setText(text)

    def _request(self) -> None:
        query = " ".join(self.field.text().split())
        if query:
            self.searchRequested.emit(query, str(self.kind.currentData()))

    # --- results -----------------------------------------------------------------------------
    def _activate(self, r: dict) -> None:
        self.resultActivated.emit(int(r["page"]), tuple(r["bbox"]))
        if r["kind"] == "table":
            self.tableActivated.emit(str(r["id"]))

    def show_answer(self, results: list[dict], thumbs: dict | None = None) -> None:
        """List ``results`` (RESULT records, best first); ``thumbs``: figure id -> QImage."""
        self.set_busy(False)
        self.results.show_results(results, thumbs)
        n = len(results)
        self.status.setText(f"{n} result{'s' if n != 1 else ''}, best first." if n else "Nothing found.")

    def result(self, row: int) -> dict | None:
        return self.results.result(row)
