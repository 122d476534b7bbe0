"""File ▸ Batch…: summarize many documents into a folder, with a row of status per document.

The batch itself is mmsum's ``summarize_batch`` (the CLI's), run in the worker process: a
failure is a row with its reason and the batch goes on; Cancel stops after the current
step and every document finished by then keeps its files.
"""
from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from mmsum.errors import MmsumError
from mmsum.progress import Cancelled, check

from .controls import SummaryControls
from .engine import Engine
from .settings import AppSettings
from .batch_table import BatchTable
from .theme import icon
from .worker import CancelToken, ProgressRelay

class _ResultRelay(QObject):
    """Carries each finished document's result from the message thread to the dialog."""

    result = Signal(object)


class BatchDialog(QDialog):
    """The batch window. ``finished(results)`` when a batch ends (also when cancelled);
    ``running(bool)`` when one starts or stops."""

    finished = Signal(list)
    running = Signal(bool)

    def __init__(self, engine: Engine, controls: SummaryControls, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Batch summaries")
        self.setObjectName("batchDialog")
        self.resize(900, 560)
        self._engine, self._controls, self._settings = engine, controls, settings
        self._paths: list[Path] = []
        self._token: CancelToken | None = None
        self._task: asyncio.Task | None = None
        self._n_done = 0
        self._busy = False
        self.results: list = []

        self.table = BatchTable()
        self.table.cellDoubleClicked.connect(self._open_row)

        self.add_files_btn = QPushButton(icon("document"), "Add files…")
        self.add_files_btn.clicked.connect(self._choose_files)
        self.add_folder_btn = QPushButton(icon("open"), "Add folder…")
        self.add_folder_btn.clicked.connect(self._choose_folder)
        self.remove_btn = QPushButton("Remove")
        self.remove_btn.clicked.connect(self._remove_selected)
        self.clear_btn = QPushButton("Clear")
        self.clear_btn.clicked.connect(self.clear)
        inputs = QHBoxLayout()
        for b in (self.add_files_btn, self.add_folder_btn, self.remove_btn, self.clear_btn):
            inputs.addWidget(b)
        inputs.addStretch(1)

        self.out_edit = QLineEdit(settings.last_dir("batch-out") if settings else "")
        self.out_edit.setPlaceholderText("Output folder")
        out_browse = QPushButton("Browse…")
        out_browse.clicked.connect(self._choose_out_dir)
        self.md_box = QCheckBox("Markdown")
        self.md_box.setChecked(True)
        self.json_box = QCheckBox("JSON")
        self.json_box.setChecked(True)
        out_row = QHBoxLayout()
        out_row.addWidget(QLabel("Output folder"))
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(out_browse)
        out_row.addSpacing(12)
        out_row.addWidget(self.md_box)
        out_row.addWidget(self.json_box)

        self.options_label = QLabel()
        self.options_label.setObjectName("hint")
        self.overall = QProgressBar()
        self.overall.setObjectName("rowProgress")
        self.overall.setRange(0, 1000)
        self.overall.setTextVisible(False)
        self.overall.setFixedHeight(6)
        self.summary_label = QLabel("Add documents or a folder, choose an output folder, then Start.")
        self.summary_label.setObjectName("hint")

        self.start_btn = QPushButton(icon("summarize"), "Start")
        self.start_btn.setObjectName("primary")
        self.start_btn.clicked.connect(self.start)
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.setObjectName("cancel")
        self.cancel_btn.clicked.connect(self.cancel)
        self.open_out_btn = QPushButton("Open output folder")
        self.open_out_btn.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.out_edit.text())))
        self.close_btn = QPushButton("Close")
        self.close_btn.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary_label, 1)
        buttons.addWidget(self.open_out_btn)
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.start_btn)
        buttons.addWidget(self.close_btn)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 14, 16, 14)
        lay.setSpacing(10)
        lay.addLayout(inputs)
        lay.addWidget(self.table, 1)
        lay.addLayout(out_row)
        lay.addWidget(self.options_label)
        lay.addWidget(self.overall)
        lay.addLayout(buttons)
        self._update_state()

    # -- inputs -------------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self._busy

    @property
    def paths(self) -> list[Path]:
        return list(self._paths)

    def add_paths(self, paths: list[Path | str]) -> None:
        """Add files now and the documents inside folders once they are listed."""
        files = [Path(p).resolve() for p in paths if Path(p).is_file()]
        folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
        missing = [Path(p).name for p in paths if not Path(p).exists()]
        self._add_rows(files)
        if folders:
            asyncio.ensure_future(self._add_folders(folders))
        if missing:
            self.summary_label.setText("Not found: " + ", ".join(missing))

    async def _add_folders(self, folders: list[Path]) -> None:
        try:
            found = await self._engine.expand(folders)
        except MmsumError as err:
            self.summary_label.setText(str(err))
            return
        if not found:
            self.summary_label.setText("No documents found in " + ", ".join(f.name for f in folders))
        self._add_rows(found)

    def set_output_dir(self, folder: Path | str) -> None:
        self.out_edit.setText(str(folder))

    def clear(self) -> None:
        if self.is_running:
            return
        self._paths = []
        self.table.setRowCount(0)
        self._update_state()

    def _add_rows(self, files: list[Path]) -> None:
        for f in files:
            if f in self._paths:
                continue
            self._paths.append(f)
            self.table.add_document(f)
        self._update_state()

    def _remove_selected(self) -> None:
        if self.is_running:
            return
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self._paths[row]
        self._update_state()

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add documents", self._settings.last_dir("batch-in"),
                                                "Documents (*.pdf *.xps *.epub);;All files (*)")
        if files:
            self._settings.set_last_dir("batch-in", Path(files[0]).parent)
            self.add_paths(files)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of documents",
                                                  self._settings.last_dir("batch-in"))
        if folder:
            self._settings.set_last_dir("batch-in", folder)
            self.add_paths([folder])

    def _choose_out_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Output folder", self.out_edit.text())
        if folder:
            self.set_output_dir(folder)

    # -- running ------------------------------------------------------------------------------
    def formats(self) -> tuple[str, ...]:
        return tuple(f for f, box in (("md", self.md_box), ("json", self.json_box)) if box.isChecked())

    def start(self) -> None:
        """Run the batch on the listed documents (in the background)."""
        if self.is_running:
            return
        out = self.out_edit.text().strip()
        if not self._paths:
            self.summary_label.setText("Add documents first.")
            return
        if not out:
            self.summary_label.setText("Choose an output folder first.")
            return
        if not self.formats():
            self.summary_label.setText("Choose Markdown, JSON or both.")
            return
        if self._settings is not None:
            self._settings.set_last_dir("batch-out", out)
        # busy at once, before the work reaches the model thread
        self._token = CancelToken()
        self.results, self._n_done, self._busy = [], 0, True
        for row in range(self.table.rowCount()):
            self.table.set_row(row, "waiting", "Waiting", progress=0.0, detail="", seconds=None)
        self.running.emit(True)
        self._update_state()
        self._task = asyncio.ensure_future(self._run(list(self._paths), Path(out), self.formats()))

    def cancel(self) -> None:
        """Stop the batch; documents already written keep their files."""
        if self._busy and self._token is not None:
            self._token.cancel()
            self.summary_label.setText("Cancelling after the current step…")

    async def _run(self, paths: list[Path], out_dir: Path, formats: tuple[str, ...]) -> None:
        options = self._controls.options()
        token = self._token
        relay, results = ProgressRelay(parent=self), _ResultRelay(self)
        relay.progressed.connect(lambda f, m: self._on_progress(len(paths), f, m))
        results.result.connect(self._on_result)
        started = time.perf_counter()
        outcome = ""
        try:
            self.summary_label.setText("Loading models…")
            await self._engine.ensure_loaded(cancel=token)
            check(token)
            self.summary_label.setText(f"Summarizing {len(paths)} documents…")
            returned = await self._engine.batch(paths, options, out_dir, formats, progress=relay.report,
                                                cancel=token, on_result=results.result.emit)
            # a result that did not come through on_result is still shown
            for r in returned:
                if all(getattr(x, "path", None) != r.path for x in self.results):
                    self._on_result(r)
        except Cancelled:
            outcome = "Cancelled. "
        except MmsumError as err:
            outcome = f"Stopped: {err}. "
        except Exception as err:  # a bug: say so in the window, keep what was written
            outcome = f"Stopped by an unexpected error: {err!r}. "
        finally:
            relay.close()
            relay.deleteLater()
            results.deleteLater()
        done = {Path(getattr(r, "path", "")).resolve() for r in self.results}
        for row, p in enumerate(paths):
            if p not in done:
                self.table.set_row(row, "cancelled", "Cancelled" if token.cancelled else "Not run",
                              detail="no output")
        if token.cancelled and not outcome:
            outcome = "Cancelled. "  # summarize_batch returns normally when cancelled
        ok = sum(1 for r in self.results if _status(r) in ("success", "partial"))
        failed = sum(1 for row in range(self.table.rowCount()) if self.table.status(row) == "failure")
        self.summary_label.setText(f"{outcome}{ok} of {len(paths)} summarized, {failed} failed, "
                                   f"in {time.perf_counter() - started:.1f} s.")
        self.overall.setValue(1000)
        self._busy = False
        self.table.setCurrentCell(-1, -1)
        self.running.emit(False)
        self._update_state()
        self.finished.emit(list(self.results))

    def _on_progress(self, n: int, fraction: float, message: str) -> None:
        # summarize_batch reports the whole batch as 0..1; document i owns [i/n, (i+1)/n)
        self.overall.setValue(round(fraction * 1000))
        i = min(n - 1, int(fraction * n + 1e-9))
        if 0 <= i < self.table.rowCount() and self.table.status(i) in ("waiting", "running"):
            # the row names the document: drop the "[2/5] name: " the batch puts in front
            stage = re.sub(r"^\[\d+/\d+\] .*?: ", "", message)
            self.table.set_row(i, "running", "Running", progress=fraction * n - i,
                          detail=stage[:1].upper() + stage[1:])

    def _on_result(self, r) -> None:
        self.results.append(r)
        self._n_done += 1
        try:
            row = self._paths.index(Path(r.path).resolve())
        except ValueError:
            return
        status = _status(r)
        outputs = [Path(p) for p in (getattr(r, "outputs", None) or [])]
        message = _reason(r)
        if status == "failure" and self._token is not None and self._token.cancelled \
                and message == "cancelled":
            self.table.set_row(row, "cancelled", "Cancelled", progress=0.0, detail="no output",
                          seconds=getattr(r, "seconds", None))
            return
        if status == "failure":
            detail = message or "failed"
        else:
            detail = ", ".join(p.name for p in outputs)
            if status == "partial" and message:
                detail = f"{detail} — {message}"
        label = {"success": "Done", "partial": "Partial", "failure": "Failed"}.get(status, status)
        self.table.set_row(row, status, label, progress=1.0 if status != "failure" else 0.0,
                      detail=detail, seconds=getattr(r, "seconds", None))

    def row_state(self, row: int) -> tuple[str, str]:
        """(status key, output-or-reason text) of a row, as shown."""
        return self.table.status(row), self.table.detail(row)

    def _open_row(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.results) or self.table.status(row) in ("success", "partial"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.out_edit.text()))

    def _update_state(self) -> None:
        busy = self.is_running
        o = self._controls.options()
        mode = "generated" if o.generate else "extractive"
        focus = f", focus “{o.query}”" if o.query else ""
        self.options_label.setText(f"Summary settings from the main window: {o.words} words, "
                                   f"{o.figures} figures, {mode}{focus}.")
        for w in (self.add_files_btn, self.add_folder_btn, self.remove_btn, self.clear_btn,
                  self.out_edit, self.md_box, self.json_box):
            w.setEnabled(not busy)
        self.start_btn.setEnabled(not busy and bool(self._paths))
        self.cancel_btn.setVisible(busy)
        self.close_btn.setVisible(not busy)
        self.overall.setVisible(busy or bool(self.results))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._update_state()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if self.is_running:  # closing the window must not leave an invisible batch running
            self.cancel()
        super().closeEvent(event)


def _reason(result) -> str:
    """The result's message without a leading copy of the document's path (the row names it)."""
    message = str(getattr(result, "message", "") or "")
    for prefix in (str(result.path), Path(result.path).name):
        if message.startswith(prefix + ": "):
            return message[len(prefix) + 2:]
    return message


def _status(result) -> str:
    s = getattr(result, "status", "")
    return str(getattr(s, "value", s))
