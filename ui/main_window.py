"""The main window: open documents, read them, summarize, jump from summary to source, export."""
from __future__ import annotations

import asyncio
import html
import logging
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QFileDialog, QInputDialog, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMainWindow, QSplitter, QVBoxLayout, QWidget)

from mmsum.errors import MmsumError
from mmsum.progress import Cancelled

from .banner import MessageBanner
from .controls import SummaryControls
from .engine import Engine, SummaryResult
from .figure_strip import FigureStrip
from .menus import WindowMenus
from .render import PasswordRequired
from .settings import AppSettings
from .summary_pane import SummaryPane
from .theme import icon
from .viewer import PdfViewer
from .worker import CancelToken, ProgressRelay

log = logging.getLogger(__name__)

OPEN_FILTER = ("Documents (*.pdf *.xps *.epub *.oxps *.cbz *.fb2);;PDF files (*.pdf);;All files (*)")


def _titled_pane(name: str, title: str, widgets: list[QWidget], *, top: int, spacing: int = 0) -> QWidget:
    """A pane with a small caps title over ``widgets``; the last one takes the spare height."""
    pane = QWidget()
    pane.setObjectName(name)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, top, 0, 0)
    layout.setSpacing(spacing)
    label = QLabel(title)
    label.setObjectName("paneTitle")
    layout.addWidget(label)
    for w in widgets[:-1]:
        layout.addWidget(w)
    layout.addWidget(widgets[-1], 1)
    return pane


@dataclass
class OpenDocument:
    """A document open in the window, and its summary once made."""

    path: Path
    password: str | None = None
    pages: int = 0
    result: SummaryResult | None = None
    item: QListWidgetItem | None = field(default=None, repr=False)


class MainWindow(WindowMenus, QMainWindow):
    """The application window.

    Document and model work runs in the worker process (see :mod:`ui.engine`), awaited through
    qasync; these signals report its outcome (tests wait on them):
    ``documentShown(path)`` once a document's pages are laid out, ``summaryFinished(summary)``,
    ``summaryFailed(message)``, ``summaryCancelled()``, ``exported(paths)``.
    """

    documentShown = Signal(str)
    summaryFinished = Signal(object)
    summaryFailed = Signal(str)
    summaryCancelled = Signal()
    exported = Signal(list)

    def __init__(self, settings: AppSettings | None = None, engine: Engine | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or AppSettings()
        self.engine = engine or Engine(self.settings.model_options())
        self.engine.setParent(self)
        self.engine.modelsChanged.connect(self._show_models)
        self.engine.loadFailed.connect(lambda msg: self.show_error(f"The models could not be loaded: {msg}"))
        self.docs: list[OpenDocument] = []
        self._current: OpenDocument | None = None
        self._job: CancelToken | None = None
        self._job_doc: OpenDocument | None = None
        self._batch_dialog = None
        self._tasks: set[asyncio.Task] = set()

        self.setWindowTitle("mmsum")
        self.setWindowIcon(icon("mmsum"))
        self.setAcceptDrops(True)
        self.resize(1440, 900)
        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self.controls.set_options(self.settings.summary_options())
        self._restore_layout()
        self._update_actions()
        if self.engine.loaded:
            self._show_models(dict(self.engine.models_used), self.engine.device)

    # -- construction -------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.doc_list = QListWidget()
        self.doc_list.setObjectName("docList")
        self.doc_list.setIconSize(QSize(16, 16))
        self.doc_list.currentRowChanged.connect(self._on_doc_selected)
        left = _titled_pane("leftPane", "DOCUMENTS", [self.doc_list], top=10, spacing=6)

        self.viewer = PdfViewer()
        self.viewer.loaded.connect(self._on_viewer_loaded)
        self.viewer.failed.connect(self._on_viewer_failed)
        self.viewer.pageChanged.connect(self._on_page_changed)
        self.viewer.zoomChanged.connect(self._on_zoom_changed)

        self.controls = SummaryControls()
        self.controls.summarizeRequested.connect(self.summarize)
        self.controls.cancelRequested.connect(self.cancel_summary)
        self.controls.optionsChanged.connect(
            lambda: self.settings.set_summary_options(self.controls.options()))
        self.summary_pane = SummaryPane()
        self.summary_pane.sentenceActivated.connect(self._on_sentence)
        right = _titled_pane("rightPane", "SUMMARY", [self.controls, self.summary_pane], top=10)

        self.figure_strip = FigureStrip()
        self.figure_strip.figureActivated.connect(self._on_figure)
        self.figure_strip.setMinimumHeight(self.figure_strip.card_height())
        bottom = _titled_pane("stripPane", "KEY FIGURES", [self.figure_strip], top=8)

        self.banner = MessageBanner()
        self.banner.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        center = QWidget()
        cl = QVBoxLayout(center)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.banner)
        cl.addWidget(self.viewer, 1)

        reading = QSplitter(Qt.Orientation.Horizontal)
        reading.addWidget(center)
        reading.addWidget(right)
        reading.setStretchFactor(0, 3)
        reading.setStretchFactor(1, 2)
        reading.setSizes([760, 460])
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(reading)
        vertical.addWidget(bottom)
        vertical.setStretchFactor(0, 1)
        vertical.setSizes([900 - 40 - self.figure_strip.card_height(), 40 + self.figure_strip.card_height()])
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(left)
        outer.addWidget(vertical)
        outer.setStretchFactor(1, 1)
        outer.setSizes([210, 1230])
        self._splitters = {"reading": reading, "vertical": vertical, "outer": outer}
        for name, s in self._splitters.items():
            s.setObjectName(name)
            s.setChildrenCollapsible(False)
            s.setHandleWidth(1)
        self.setCentralWidget(outer)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        sb.setObjectName("statusBar")
        self.device_label = QLabel("Device: loading…")
        self.device_label.setObjectName("deviceLabel")
        self.models_label = QLabel("Models: loading in the background…")
        self.models_label.setObjectName("modelsLabel")
        sb.addPermanentWidget(self.models_label)
        sb.addPermanentWidget(self.device_label)

    # -- start-up -----------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the models in the background so the first Summarize starts at once."""
        self._spawn(self._warm_up())

    async def _warm_up(self) -> None:
        try:
            await self.engine.ensure_loaded()
        except Exception as err:  # loadFailed already shows it; keep the app usable
            log.info("model warm-up failed: %s", err)
            self.models_label.setText("Models: not loaded (see the message above)")

    def _show_models(self, models: dict, device: str) -> None:
        names = {"text": "Text", "image": "Image", "generator": "Generator"}
        parts = [f"{label}: {models.get(role) or '—'}" for role, label in names.items()]
        self.models_label.setText("   ·   ".join(parts))
        self.device_label.setText(f"Device: {device}")

    # -- documents ----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open documents", self.settings.last_dir("open"),
                                                OPEN_FILTER)
        if paths:
            self.settings.set_last_dir("open", Path(paths[0]).parent)
            self.open_files([Path(p) for p in paths])

    def open_files(self, paths: list[Path | str]) -> None:
        """Open each file (or show the one already open); the last one is shown."""
        for p in paths:
            path = Path(p).resolve()
            if not path.is_file():
                self.show_error(f"{path.name}: file not found" if not path.exists()
                                else f"{path.name} is a folder; use File ▸ Batch… for folders")
                continue
            doc = next((d for d in self.docs if d.path == path), None)
            if doc is None:
                doc = OpenDocument(path)
                doc.item = QListWidgetItem(icon("document"), path.name)
                doc.item.setToolTip(str(path))
                self.docs.append(doc)
                self.doc_list.addItem(doc.item)
            self.doc_list.setCurrentItem(doc.item)

    def close_current(self) -> None:
        doc = self._current
        if doc is None:
            return
        if self._job_doc is doc:
            self.cancel_summary()
        row = self.docs.index(doc)
        self.docs.remove(doc)
        self.viewer.forget(str(doc.path))
        self._current = None
        self.doc_list.takeItem(row)
        if not self.docs:
            self._show_doc(None)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for p in recent:
            a = self.recent_menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.setStatusTip(p)
            a.triggered.connect(lambda _c=False, p=p: self.open_files([p]))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self.settings.clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _on_doc_selected(self, row: int) -> None:
        self._show_doc(self.docs[row] if 0 <= row < len(self.docs) else None)

    def _show_doc(self, doc: OpenDocument | None) -> None:
        self._current = doc
        if doc is None:
            self.viewer.clear()
            self.summary_pane.show_placeholder()
            self.figure_strip.set_figures([], [])
            self.page_box.setRange(1, 1)
            self.page_count_label.setText(" / –")
            self.setWindowTitle("mmsum")
        else:
            self.setWindowTitle(f"{doc.path.name} — mmsum")
            self.viewer.load(str(doc.path), doc.password)
            self._show_result(doc)
        self._update_actions()

    def _show_result(self, doc: OpenDocument) -> None:
        if self._job_doc is doc:
            return  # its summary is being made: the pane shows the progress
        if doc.result is None:
            self.summary_pane.show_placeholder("Click <b>Summarize</b> to summarize this document.")
            self.figure_strip.set_figures([], [])
        else:
            self.summary_pane.show_summary(doc.result.summary)
            self.figure_strip.set_figures(doc.result.summary.figures, doc.result.thumbs,
                                          "No figures were found in this document.")

    def _on_viewer_loaded(self, pages: int) -> None:
        doc = self._current
        if doc is None:
            return
        doc.pages = pages
        self.settings.add_recent(doc.path)  # only files that did open
        self.page_box.setRange(1, max(1, pages))
        self.page_count_label.setText(f" / {pages}")
        self._update_actions()
        self.documentShown.emit(str(doc.path))

    def _on_viewer_failed(self, err: Exception) -> None:
        doc = self._current
        if doc is None:
            return
        if isinstance(err, PasswordRequired):
            password, ok = QInputDialog.getText(self, "Password", f"{doc.path.name} is encrypted. Password:",
                                                QLineEdit.EchoMode.Password)
            if ok and password:
                doc.password = password
                self.viewer.load(str(doc.path), password)
                return
        self.show_error(str(err))
        self.close_current()

    def _on_page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")

    # -- summary ------------------------------------------------------------------------------
    def summarize(self) -> None:
        """Summarize the current document with the controls' options (in the background)."""
        doc = self._current
        if doc is None:
            self.show_error("Open a document first (File ▸ Open, or drop a file on the window).",
                            "info")
            return
        if self._job is not None:
            return
        options = self.controls.options()
        self.settings.set_summary_options(options)
        token, relay = CancelToken(), ProgressRelay(parent=self)
        relay.progressed.connect(self.controls.show_progress)
        relay.token.connect(self._on_stream)
        # the window says "busy" at once, before the work reaches the worker process
        self._job, self._job_doc = token, doc
        self.banner.hide()
        self.controls.set_busy(True)
        if options.generate:
            self.summary_pane.begin_stream()
        self._update_actions()
        self._spawn(self._summarize(doc, options, token, relay))

    async def _summarize(self, doc: OpenDocument, options, token: CancelToken,
                         relay: ProgressRelay) -> None:
        started = time.perf_counter()
        try:
            result = await self.engine.summarize(
                doc.path, options, password=doc.password, progress=relay.report, cancel=token,
                on_token=relay.stream if options.generate else None)
        except Cancelled:
            self._end_job(doc, relay, "Cancelled.")
            self.summaryCancelled.emit()
        except MmsumError as err:
            self._end_job(doc, relay, "")
            self.show_error(f"{doc.path.name}: {err}")
            self.summaryFailed.emit(str(err))
        except Exception as err:  # a bug, not a user error: still a message, never a crash
            log.error("summary failed:\n%s", traceback.format_exc())
            self._end_job(doc, relay, "")
            self.show_error(f"{doc.path.name}: unexpected error: {err!r}")
            self.summaryFailed.emit(repr(err))
        else:
            relay.flush()
            doc.result = result
            if doc.item is not None:
                doc.item.setIcon(icon("document-done"))
            # the generator loads on the first generated summary: name it now
            self._show_models(dict(result.summary.models), str(result.summary.device))
            self._end_job(doc, relay, f"Done in {time.perf_counter() - started:.1f} s.")
            notes = result.summary.notes
            if notes:
                self.show_error("<br>".join(html.escape(n) for n in notes), "warning")
            self.summaryFinished.emit(result.summary)

    def _end_job(self, doc: OpenDocument, relay: ProgressRelay, outcome: str) -> None:
        """Back to idle: the outcome under the buttons, the document's summary (if any) shown."""
        self._job, self._job_doc = None, None
        relay.close()
        relay.deleteLater()
        self.controls.set_busy(False)
        self.controls.show_outcome(outcome)
        if doc is self._current:
            self._show_result(doc)
        self._update_actions()

    def cancel_summary(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.controls.show_progress(self.controls.progress.value() / 1000, "Cancelling…")

    def _on_stream(self, text: str) -> None:
        if self._job_doc is self._current:
            self.summary_pane.append_stream(text)

    def _on_sentence(self, index: int) -> None:
        doc = self._current
        if doc is None or doc.result is None:
            return
        s = doc.result.summary.sentences[index].sentence
        self.viewer.show_box(s.page, s.bbox)

    def _on_figure(self, index: int) -> None:
        doc = self._current
        if doc is None or doc.result is None:
            return
        f = doc.result.summary.figures[index].figure
        self.viewer.show_box(f.page, f.bbox)

    # -- export -------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        doc = self._current
        if doc is None or doc.result is None:
            self.show_error("Summarize the document first; then export its summary.", "info")
            return
        folder = QFileDialog.getExistingDirectory(self, "Export Markdown to folder",
                                                  self.settings.last_dir("export"))
        if folder:
            self.settings.set_last_dir("export", folder)
            self.export_markdown(Path(folder))

    def export_markdown(self, out_dir: Path) -> None:
        """Write the current summary as ``out_dir/<stem>.md`` (+ figures), as the CLI does."""
        doc = self._current
        if doc is None or doc.result is None:
            return
        self._spawn(self._export(doc, out_dir))

    async def _export(self, doc: OpenDocument, out_dir: Path) -> None:
        try:
            paths = await self.engine.export(doc.result.summary, out_dir, ("md",))
        except (MmsumError, OSError) as err:
            self.show_error(f"Export failed: {err}")
            return
        md = next((p for p in paths if p.suffix == ".md"), paths[0] if paths else out_dir)
        url = QUrl.fromLocalFile(str(Path(md).parent)).toString()
        self.show_error(f"Exported <b>{Path(md).name}</b> to {Path(md).parent} — "
                        f"<a href='{url}'>open folder</a>", "info")
        self.exported.emit([str(p) for p in paths])

    # -- batch and settings -------------------------------------------------------------------
    def open_batch(self) -> None:
        from .batch_dialog import BatchDialog

        if self._batch_dialog is None:
            self._batch_dialog = BatchDialog(self.engine, self.controls, self.settings, self)
            self._batch_dialog.running.connect(lambda _busy: self._update_actions())
        self._batch_dialog.show()
        self._batch_dialog.raise_()
        self._batch_dialog.activateWindow()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.engine.model_options, self)
        if dlg.exec():
            self.apply_model_options(dlg.options())

    def apply_model_options(self, models) -> None:
        """Use ``models`` from now on: remember them and reload in the background."""
        if models == self.engine.model_options:
            return
        self.settings.set_model_options(models)
        self.engine.set_model_options(models)
        self.models_label.setText("Models: loading…")
        self.device_label.setText("Device: …")
        if self._job is None and not self._batch_running():
            self.warm_up()

    def _batch_running(self) -> bool:
        return self._batch_dialog is not None and self._batch_dialog.is_running

    # -- helpers ------------------------------------------------------------------------------
    def show_error(self, text: str, kind: str = "error") -> None:
        """Show a message in the window (``error``, ``warning`` or ``info``)."""
        if kind == "error":
            log.warning("%s", text)
        self.banner.show_message(text, kind)
        self.statusBar().showMessage(re.sub(r"<[^>]+>", "", text), 8000)

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # keep a reference: the loop holds tasks only weakly
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # a slip in the window's own code: shown, not lost in a log
            err = task.exception()
            log.error("".join(traceback.format_exception(type(err), err, err.__traceback__)))
            self.show_error(f"Unexpected error: {err!r}")

    def _update_actions(self) -> None:
        has_doc = self._current is not None
        busy = self._job is not None or self._batch_running()
        self.act_summarize.setEnabled(has_doc and not busy)
        self.controls.summarize.setEnabled(has_doc and not busy)
        self.act_cancel.setEnabled(self._job is not None)
        self.act_export.setEnabled(has_doc and self._current.result is not None)
        self.act_close.setEnabled(has_doc)
        for a in (self.act_prev, self.act_next, self.act_first, self.act_last, self.act_zoom_in,
                  self.act_zoom_out, self.act_actual, self.act_fit):
            a.setEnabled(has_doc)
        self.page_box.setEnabled(has_doc)

    # -- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt name
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt name
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        folders = [p for p in paths if p.is_dir()]
        if files:
            self.open_files(files)
        if folders:
            self.show_error("Folders go to File ▸ Batch…; dropped files open here.", "info")
        event.acceptProposedAction()

    def _restore_layout(self) -> None:
        store = self.settings.store
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in self._splitters.items():
            state = store.value(f"window/{name}")
            if state is not None:
                splitter.restoreState(state)

    def _save_layout(self) -> None:
        store = self.settings.store
        store.setValue("window/geometry", self.saveGeometry())
        for name, splitter in self._splitters.items():
            store.setValue(f"window/{name}", splitter.saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        self._save_layout()
        if self._job is not None:
            self._job.cancel()
        if self._batch_dialog is not None:
            self._batch_dialog.cancel()
        self.viewer.shutdown()
        super().closeEvent(event)
