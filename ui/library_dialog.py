"""Library ▸ Show Library: the documents of a library with their status and summary, adding folders
to it, and search across it.

Adding is :func:`mmsum.library.add_to_library` on local worker processes (document work never
runs in the window's process); a thread of this process hands out documents and forwards the
batch's typed events, and Cancel lets running documents stop at their next step while every
finished one stays stored. Searching runs :func:`mmsum.library.search.search_library` in a
thread. A result (a sentence, or a figure with its thumbnail) asks the main window to open
its document at the page and box (``openLocation``).
"""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QImage
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser,
                               QVBoxLayout, QWidget)

from mmsum.batch import BatchStarted, DocumentFinished, DocumentStarted, LocalEngine
from mmsum.errors import MmsumError

from .result_list import ResultList
from .tool_window import ToolWindow
from .worker import CancelToken, EventRelay, in_thread

STATUS_TEXT = {"ok": "OK", "partial": "Partial", "failed": "Failed"}


def _list_documents(library: Path) -> list[dict]:
    from mmsum.library import Library

    if not library.exists():
        return []
    with Library(library, readonly=True) as lib:
        return lib.documents()


def _crops(library: Path, results: list[dict]) -> dict[tuple[str, str], bytes]:
    """(document, figure id) -> crop PNG of the figure results."""
    from mmsum.library import Library

    wanted = {(r["document"], r["id"]) for r in results if r["kind"] == "figure"}
    if not wanted:
        return {}
    out = {}
    with Library(library, readonly=True) as lib:
        for doc, fid in wanted:
            row = lib.db.execute("SELECT f.crop FROM figures f JOIN documents d ON d.id = f.doc_id "
                                 "WHERE d.path = ? AND f.fig_id = ?", (doc, fid)).fetchone()
            if row and row[0]:
                out[(doc, fid)] = row[0]
    return out


def _search(library: Path, query: str, models) -> tuple[list[dict], dict]:
    from mmsum.library.search import search_library

    results = search_library(library, [query], top=20, models=models)[0]["results"]
    return results, _crops(library, results)



def title_of(document: dict) -> str:
    """A stored document's title, else its file name."""
    return document["title"] or Path(document["path"]).name


def ask_library(parent: QWidget, start: Path) -> Path | None:
    """The library file the user picks, an existing one or a new name (None: cancelled)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Open or create a library", str(start),
                                          "mmsum library (*.sqlite);;All files (*)",
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    return Path(path) if path else None


def ask_folder(parent: QWidget) -> Path | None:
    """The folder the user picks to add to the library (None: cancelled)."""
    folder = QFileDialog.getExistingDirectory(parent, "Add a folder to the library")
    return Path(folder) if folder else None

class LibraryDialog(ToolWindow):
    """The library window. ``openLocation(path, page, bbox)`` asks to show a result;
    ``running(bool)`` when an add starts or stops; ``libraryChanged(path)`` when another
    library is opened."""

    openLocation = Signal(str, int, object)
    running = Signal(bool)
    libraryChanged = Signal(str)

    def __init__(self, library: Path, models, parent: QWidget | None = None, *, workers: int = 1) -> None:
        super().__init__(QSize(1400, 900), parent)
        self.setWindowTitle("Library")
        self.setObjectName("libraryDialog")
        self.library = Path(library)
        self._models = models
        self._workers = workers
        self._token: CancelToken | None = None
        self._task: asyncio.Task | None = None
        self._search_task: asyncio.Task | None = None
        self.documents: list[dict] = []
        self.results: list[dict] = []

        self.path_label = QLabel()
        self.open_btn = QPushButton("Open Library…")
        self.add_folder_btn = QPushButton("Add Folder…")
        self.add_files_btn = QPushButton("Add Files…")
        self.train_btn = QPushButton("Train Ranker")
        self.train_btn.setToolTip("Fit the ranker on this library's papers (their abstracts are the labels); it "
                                  "ranks the library's summaries when it beats the bundled one")
        self.train_btn.clicked.connect(self.train)
        self._training = None
        self.cancel_btn = QPushButton("Cancel")
        self.open_btn.clicked.connect(self._choose_library)
        self.add_folder_btn.clicked.connect(self._choose_folder)
        self.add_files_btn.clicked.connect(self._choose_files)
        self.cancel_btn.clicked.connect(self.cancel)
        top = QHBoxLayout()
        top.addWidget(self.path_label, 1)
        for b in (self.open_btn, self.add_folder_btn, self.add_files_btn, self.train_btn, self.cancel_btn):
            top.addWidget(b)

        self.ranking_label = QLabel()  # which model ranks this library's summaries
        self.ranking_label.setObjectName("libraryRanking")
        self.ranking_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)  # a reason to read whole
        self.status_label.hide()  # until there is something to say

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("libraryTable")
        self.table.setHorizontalHeaderLabels(["Status", "Title", "Pages", "File"])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line a document; a long title ends in "…" (tooltip: all of it)
        header = self.table.horizontalHeader()
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Interactive)):
            header.setSectionResizeMode(col, mode)
        header.setStretchLastSection(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_summary(row))
        self.summary_view = QTextBrowser()

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search the library (sentences and figures)…")
        self.search_edit.returnPressed.connect(lambda: self.search(self.search_edit.text()))
        self.results_list = ResultList()  # as the Search tab shows them, with the document's title
        self.results_list.resultActivated.connect(
            lambda r: self.openLocation.emit(r["document"], int(r["page"]), tuple(r["bbox"])))

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(self.summary_view)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.search_edit)
        rl.addWidget(self.results_list)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)  # the documents' titles take most of a wider window
        split.setStretchFactor(1, 2)
        split.setSizes([round(self.width() * 0.6), round(self.width() * 0.4)])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.ranking_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(split, 1)
        self.set_library(self.library)

    # --- state --------------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        """Whether an add or a training runs."""
        return (self._task is not None and not self._task.done()) or bool(self._training and self._training.running)

    def set_library(self, library: Path) -> None:
        """Show the library at ``library`` (created on the first add)."""
        self.library = Path(library)
        self.path_label.setText(str(self.library))
        self.libraryChanged.emit(str(self.library))
        self.refresh()

    def refresh(self) -> None:
        """Read the documents again (a library written by another process too)."""
        try:
            self.documents = _list_documents(self.library)
        except MmsumError as err:
            self.documents = []
            self._say(str(err))
        self.table.setRowCount(len(self.documents))
        for row, d in enumerate(self.documents):
            status = STATUS_TEXT.get(d["status"], d["status"]) + (" (file gone)" if d["missing"] else "")
            cells = [status, title_of(d), str(d["pages"]), Path(d["path"]).name]
            tips = ["", title_of(d), "", d["path"]]  # the whole title and path; why it failed
            for col, (text, tip) in enumerate(zip(cells, tips)):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join(t for t in (tip, d["reason"]) if t))
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self._size_file_column()
        self._show_ranking()
        self._update_state()

    def _show_ranking(self) -> None:
        """Which model ranks the library's summaries: the bundled heuristic or learned model, or
        the library's own (``mmsum library train``) with its cross-validated score."""
        from mmsum.library.ranker_model import describe_ranking

        line = describe_ranking(self.library)
        self.ranking_label.setText("Ranking: " + line[0].lower() + line[1:])
        self.ranking_label.setToolTip("`mmsum library train` fits a ranker on this library's documents; "
                                      "it ranks their summaries when it beats the bundled one")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._size_file_column()

    def _say(self, text: str) -> None:
        """The line under the buttons: progress, the outcome of an add, or why it stopped."""
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def _size_file_column(self) -> None:
        """The file names as wide as they are where the titles leave room, else a quarter of the
        table at most: the title column keeps the rest."""
        table = self.table
        others = sum(table.sizeHintForColumn(c) for c in (0, 1, 2)) + 24
        room = max(table.viewport().width() // 4, table.viewport().width() - others)
        table.horizontalHeader().resizeSection(3, max(80, min(table.sizeHintForColumn(3) + 12, room)))

    def _show_summary(self, row: int) -> None:
        if not 0 <= row < len(self.documents):
            self.summary_view.clear()
            return
        d = self.documents[row]
        text = d["summary"] or (f"Failed: {d['reason']}" if d["status"] == "failed" else "No summary.")
        self.summary_view.setPlainText(f"{title_of(d)}\n\n{text}")

    def _update_state(self) -> None:
        busy = self.is_running
        for w in (self.open_btn, self.add_folder_btn, self.add_files_btn, self.train_btn):
            w.setEnabled(not busy)
        self.cancel_btn.setVisible(busy)
        self.progress.setVisible(busy)

    # --- adding -------------------------------------------------------------------------------
    def _choose_library(self) -> None:
        path = ask_library(self, self.library)
        if path:
            self.set_library(path)

    def _choose_folder(self) -> None:
        folder = ask_folder(self)
        if folder:
            self.add([folder])

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add documents to the library")
        if paths:
            self.add([Path(p) for p in paths])

    def add(self, paths: list[Path]) -> None:
        """Add ``paths`` (files or folders) to the library in the background."""
        if self.is_running:
            return
        self._token = CancelToken()
        self.progress.setValue(0)
        self._say("Starting the workers and loading the models…")
        self._task = asyncio.ensure_future(self._add(paths, self._token))
        self.running.emit(True)
        self._update_state()

    def cancel(self) -> None:
        """Stop adding: running documents stop at their next step; stored ones stay."""
        if self._training is not None and self._training.running:
            self._training.cancel()
            self._say("Cancelling the training…")
        elif self.is_running and self._token is not None:
            self._token.cancel()
            self._say("Cancelling: running documents stop at their next step…")

    def train(self) -> None:
        """Train the library's ranker (``mmsum library train``, a child process) in the background."""
        from .library_training import LibraryTraining

        if self.is_running:
            return
        t = self._training = LibraryTraining(self.library, self)
        t.progress.connect(lambda done, total, name: (self.progress.setValue(round(1000 * done / max(1, total))),
                                                      self._say(f"Training: read {name} ({done} of {total})")))
        t.line.connect(self._say)
        t.finished.connect(self._trained)
        self.progress.setValue(0)
        self._say("Training: loading the models…")
        t.start()
        self.running.emit(True)
        self._update_state()

    def _trained(self, code: int, text: str) -> None:
        self._say(("Trained: " if code == 0 else "Not trained: ") + " ".join(text.split()))
        self.refresh()
        self.running.emit(False)
        self._update_state()

    async def _add(self, paths: list[Path], token: CancelToken) -> None:
        from mmsum.library import add_to_library

        relay = EventRelay(parent=self)
        counts = {"total": 0, "done": 0}

        def on_event(event) -> None:
            if isinstance(event, DocumentStarted):
                self._say(f"Reading {event.path.name}…")
            elif isinstance(event, DocumentFinished):
                counts["done"] += 1
                self.refresh()
            elif isinstance(event, BatchStarted):
                counts["total"] = event.total
            if counts["total"]:
                self.progress.setValue(round(1000 * counts["done"] / counts["total"]))

        relay.event.connect(on_event)
        started = time.perf_counter()
        # every worker is a process of its own: document work never runs in the window's process
        engine = LocalEngine(self._workers, in_process=False)
        try:
            report = await in_thread(add_to_library, self.library, paths, models=self._models, engine=engine,
                                      on_event=relay, cancel=token)
            text = (f"{len(report.stored)} stored, {len(report.failed)} failed, {len(report.unchanged)} unchanged"
                    + (f", {len(report.vanished)} gone" if report.vanished else "")
                    + (" (cancelled)" if report.cancelled else "") + f", in {time.perf_counter() - started:.1f} s.")
        except MmsumError as err:
            text = f"Stopped: {err}"
        except Exception as err:  # noqa: BLE001 - a bug: say so in the window, keep what is stored
            text = f"Stopped by an unexpected error: {err!r}"
        finally:
            relay.close()
            relay.deleteLater()
        self._say(text)
        self.refresh()
        self.running.emit(False)
        self._update_state()

    # --- search -------------------------------------------------------------------------------
    def search(self, text: str) -> None:
        """Search the library for ``text`` in the background; results fill the list."""
        text = text.strip()
        if not text:
            return
        self.search_edit.setText(text)
        self.results_list.show_message("Searching…")
        self._search_task = asyncio.ensure_future(self._search(text))

    async def _search(self, text: str) -> None:
        try:
            results, crops = await in_thread(_search, self.library, text, self._models)
        except MmsumError as err:
            self.results_list.show_message(str(err))
            return
        if self.search_edit.text().strip() != text:
            return  # a newer search replaced this one
        self.results = results
        titles = {d["path"]: title_of(d) for d in self.documents}
        thumbs = {key: QImage.fromData(png, "PNG") for key, png in crops.items()}
        self.results_list.show_results(results, thumbs, thumb_key=lambda r: (r["document"], r.get("id")),
                                       source=lambda r: titles.get(r["document"]) or Path(r["document"]).name)
        if not results:
            self.results_list.show_message("Nothing found.")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if self.is_running:  # closing the window must not leave an invisible add running
            self.cancel()
        super().closeEvent(event)
