"""File ▸ Batch…: summarize many documents into a folder, with a row of status per document.

The batch is mmsum's ``run_batch`` (the CLI's) on local worker processes, each loading the
models once; a thread of this process only hands out documents and forwards the batch's typed
events, which a :class:`~mmsum.batch.board.BatchBoard` turns into rows for the table. A failure
is a row with its reason and the batch goes on; documents already done in the output folder
(same content, same settings) are skipped when "Skip documents already done" is on; Cancel
lets running documents stop at their next step, starts no new one, and keeps every finished
document's files. A cancelled document is shown as Cancelled, not as Failed.
"""
from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from PySide6.QtCore import QSize, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from mmsum.batch import BatchSettings, LocalEngine, default_workers, expand_inputs, run_batch
from mmsum.batch.board import BatchBoard
from mmsum.batch.events import DocumentFinished
from mmsum.batch.resources import usable_cores
from mmsum.errors import MmsumError
from mmsum.options import SummaryOptions

from .batch_table import BatchTable
from .controls import SummaryControls
from .elided_label import ElidedLabel
from .engine import Engine
from .settings import AppSettings
from .summary_options import describe, summary_options
from .theme import icon
from .tool_window import ToolWindow
from .worker import CancelToken, EventRelay, in_thread, run_blocking


def inputs_folder(paths: list[Path]) -> Path | None:
    """The folder that holds every one of ``paths`` (None for none): beside the documents."""
    if not paths:
        return None
    try:
        return Path(os.path.commonpath([str(p.parent) for p in paths]))
    except ValueError:  # on different drives (Windows): beside the first one
        return paths[0].parent


class BatchDialog(ToolWindow):
    """The batch window. ``finished(results)`` when a batch ends (also when cancelled);
    ``running(bool)`` when one starts or stops."""

    finished = Signal(list)
    running = Signal(bool)

    def __init__(self, engine: Engine, controls: SummaryControls, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(QSize(960, 600), parent)
        self.setWindowTitle("Batch summaries")
        self.setObjectName("batchDialog")
        self._engine, self._controls, self._settings = engine, controls, settings
        self._paths: list[Path] = []
        self._token: CancelToken | None = None
        self._task: asyncio.Task | None = None
        self._busy = False
        self.board = BatchBoard([])
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

        # the folder last used, else (once documents are added) the folder beside them
        remembered = settings.saved_dir("batch-out")
        self._out_chosen = remembered is not None  # documents added later no longer move it
        self.out_edit = QLineEdit(remembered or "")
        self.out_edit.setPlaceholderText("Output folder: beside the documents, or choose one")
        self.out_edit.textEdited.connect(self._out_edited)
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

        store = settings.store
        self.workers_spin = QSpinBox()
        self.workers_spin.setRange(1, max(8, 2 * usable_cores()))
        saved = int(store.value("batch/workers", 0) or 0)
        self.workers_spin.setValue(saved or default_workers(usable_cores()))
        self.workers_spin.setToolTip("Documents summarized at the same time, each in its own process "
                                     "with its own copy of the models (0.6 to 2 GB of memory each)")
        self.resume_box = QCheckBox("Skip documents already done")
        self.resume_box.setToolTip("Documents whose summaries in the output folder are complete and were "
                                   "made from the same file with the same settings are not redone")
        self.resume_box.setChecked(str(store.value("batch/resume", "true")).lower() == "true")
        run_row = QHBoxLayout()
        run_row.addWidget(QLabel("Workers"))
        run_row.addWidget(self.workers_spin)
        run_row.addSpacing(12)
        run_row.addWidget(self.resume_box)
        run_row.addStretch(1)

        self.options_label = ElidedLabel()
        self.options_label.setObjectName("hint")
        self.overall = QProgressBar()
        self.overall.setObjectName("rowProgress")
        self.overall.setRange(0, 1000)
        self.overall.setTextVisible(False)
        self.overall.setFixedHeight(6)
        self.summary_label = ElidedLabel("Add documents or a folder, check the output folder, then Start.")
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
        lay.addLayout(run_row)
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
        # listing a folder is light (no model, no document opened): a thread of this process
        try:
            found = await run_blocking(expand_inputs, folders)
        except (MmsumError, OSError) as err:
            self.summary_label.setText(str(err))
            return
        if not found:
            self.summary_label.setText("No documents found in " + ", ".join(f.name for f in folders))
        self._add_rows([Path(f).resolve() for f in found])

    def set_output_dir(self, folder: Path | str) -> None:
        """Write the outputs to ``folder`` (documents added later no longer change it)."""
        self._out_chosen = True
        self.out_edit.setText(str(folder))

    def _out_edited(self, text: str) -> None:
        # a folder typed by hand stays; emptied, the field follows the documents again
        self._out_chosen = bool(text.strip())
        if not self._out_chosen:
            self._follow_inputs()

    def _follow_inputs(self) -> None:
        """Offer the folder beside the documents, where ``mmsum summarize`` without
        ``--out-dir`` writes (unless a folder was chosen)."""
        if not self._out_chosen:
            folder = inputs_folder(self._paths)
            self.out_edit.setText(str(folder) if folder is not None else "")

    def clear(self) -> None:
        if self.is_running:
            return
        self._paths = []
        self.results = []
        self.table.setRowCount(0)
        self._follow_inputs()
        self._update_state()

    def _add_rows(self, files: list[Path]) -> None:
        for f in files:
            if f in self._paths:
                continue
            self._paths.append(f)
            self.table.add_document(f)
        self._follow_inputs()
        self._update_state()

    def _remove_selected(self) -> None:
        if self.is_running:
            return
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self._paths[row]
        self._follow_inputs()
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
        folder = QFileDialog.getExistingDirectory(self, "Output folder",
                                                  self.out_edit.text() or self._settings.last_dir("batch-out"))
        if folder:
            self.set_output_dir(folder)

    # -- running ------------------------------------------------------------------------------
    def options(self) -> SummaryOptions:
        """What each document is summarized with: the main window's Summarize options."""
        return summary_options(self._controls, self._settings)

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
        # a folder the user chose is offered again next time; the one beside the documents is not
        self._settings.set_last_dir("batch-out", out if self._out_chosen else "")
        self._settings.store.setValue("batch/workers", self.workers_spin.value())
        self._settings.store.setValue("batch/resume", "true" if self.resume_box.isChecked() else "false")
        # busy at once, before the first worker has started
        self._token = CancelToken()
        self.results, self._busy = [], True
        paths = list(self._paths)
        self.board = BatchBoard(paths)
        for row in range(self.table.rowCount()):
            self._show_row(row)
        self.running.emit(True)
        self._update_state()
        settings = BatchSettings(models=self._engine.model_options, options=self.options(),
                                 formats=self.formats(), nice=True)
        # every worker is a process of its own, also when there is one: document work never
        # runs in the window's process
        engine = LocalEngine(self.workers_spin.value(), in_process=False)
        self._task = asyncio.ensure_future(self._run(paths, Path(out), settings, engine,
                                                     self.resume_box.isChecked()))

    def cancel(self) -> None:
        """Stop the batch: running documents stop at their next step, finished ones keep their files."""
        if self._busy and self._token is not None:
            self._token.cancel()
            self.summary_label.setText("Cancelling: running documents stop at their next step…")

    async def _run(self, paths: list[Path], out_dir: Path, settings: BatchSettings, engine: LocalEngine,
                   resume: bool) -> None:
        token = self._token
        relay = EventRelay(parent=self)
        relay.event.connect(self._on_event)
        started = time.perf_counter()
        outcome = ""
        self.summary_label.setText(f"Starting {engine.planned_workers(len(paths))} worker(s) and loading "
                                   "the models…")
        try:
            report = await in_thread(run_batch, paths, settings, out_dir=out_dir, engine=engine,
                                      on_event=relay, cancel=token, resume=resume)
            for i, r in enumerate(report.results):  # a result whose event is still in flight
                if self.board.rows[i].result is None:
                    self._on_event(DocumentFinished(i, r))
        except MmsumError as err:
            outcome = f"Stopped: {err}. "
        except Exception as err:  # a bug: say so in the window, keep what was written
            outcome = f"Stopped by an unexpected error: {err!r}. "
        finally:
            relay.close()
            relay.deleteLater()
        for row, r in enumerate(self.board.rows):
            if r.result is None:  # the batch stopped before this document ran
                self.table.set_row(row, "cancelled", "Not run", progress=0.0, detail="no output")
        if token.cancelled and not outcome:
            outcome = "Cancelled. "
        b = self.board
        done = b.count("success", "partial")
        reused = sum(1 for r in b.rows if r.result is not None and r.result.reused)
        parts = [f"{done} of {len(paths)} summarized" + (f" ({reused} already done)" if reused else ""),
                 f"{b.count('failure')} failed"]
        if b.count("cancelled"):
            parts.append(f"{b.count('cancelled')} cancelled")
        self.summary_label.setText(f"{outcome}{', '.join(parts)}, in {time.perf_counter() - started:.1f} s.")
        self.overall.setValue(1000)
        self._busy = False
        self.table.setCurrentCell(-1, -1)
        self.running.emit(False)
        self._update_state()
        self.finished.emit(list(self.results))

    def _on_event(self, event) -> None:
        for row in self.board.apply(event):
            self._show_row(row)
            if isinstance(event, DocumentFinished):
                self.results.append(event.result)
        if self._busy:
            self.overall.setValue(round(self.board.fraction * 1000))
            running = self.board.count("running")
            if running:
                self.summary_label.setText(f"{len(self.results)} of {len(self.board.rows)} done, "
                                           f"{running} running…")

    def _show_row(self, row: int) -> None:
        if not 0 <= row < self.table.rowCount() or row >= len(self.board.rows):
            return
        r = self.board.rows[row]
        self.table.set_row(row, r.state, r.label, progress=r.fraction, detail=r.detail, seconds=r.seconds,
                           worker=r.worker)

    def row_state(self, row: int) -> tuple[str, str]:
        """(status key, output-or-reason text) of a row, as shown."""
        return self.table.status(row), self.table.detail(row)

    def _open_row(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.results) or self.table.status(row) in ("success", "partial"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.out_edit.text()))

    def _update_state(self) -> None:
        busy = self.is_running
        self.options_label.setText(f"Summary settings from the main window: {describe(self.options())}.")
        for w in (self.add_files_btn, self.add_folder_btn, self.remove_btn, self.clear_btn,
                  self.out_edit, self.md_box, self.json_box, self.workers_spin, self.resume_box):
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
