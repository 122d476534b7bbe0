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

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QListWidgetItem, QMainWindow, QSplitter, QToolButton, QVBoxLayout,
                               QWidget)

from mmsum.errors import MmsumError
from mmsum.formats import file_dialog_filter
from mmsum.pages import PasswordRequired
from mmsum.progress import Cancelled

from . import theme
from .banner import MessageBanner
from .controls import SummaryControls
from .doc_list import DocumentList
from .engine import Engine, SummaryResult
from .figure_strip import FigureStrip
from .find import DocumentSearch, FindBar
from .dialog_commands import DialogCommands
from .library_commands import LibraryCommands
from .menus import WindowMenus
from .reader_commands import ReaderCommands
from .render import Renderer
from .screen_fit import MAIN_WINDOW_SIZE, first_window_geometry
from .search_panel import SearchPanel
from .settings import AppSettings
from .side_panel import SidePanel
from .summary_options import summary_options
from .summary_pane import SummaryPane
from .theme import icon
from .viewer import PdfViewer
from .worker import CancelToken, ProgressRelay

log = logging.getLogger(__name__)

SEARCH_RESULTS = 20  # results listed by the search panel


def _titled_pane(name: str, title: str, widgets: list[QWidget], *, top: int, spacing: int = 0,
                 actions: list[QWidget] | None = None) -> QWidget:
    """A pane with a small caps title (and ``actions`` at its right) over ``widgets``; the
    last widget takes the spare height."""
    pane = QWidget()
    pane.setObjectName(name)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, top, 0, 0)
    layout.setSpacing(spacing)
    label = QLabel(title)
    label.setObjectName("paneTitle")
    if actions:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 10, 0)
        row.addWidget(label)
        row.addStretch(1)
        for a in actions:
            row.addWidget(a)
        layout.addLayout(row)
    else:
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
    outcome: str = ""  # the line under the buttons after its last summary ("Done in 2.1 s.")
    item: QListWidgetItem | None = field(default=None, repr=False)


class MainWindow(WindowMenus, ReaderCommands, LibraryCommands, DialogCommands, QMainWindow):
    """The application window.

    Document and model work runs in the worker process (see :mod:`ui.engine`), awaited through
    qasync; these signals report its outcome (tests wait on them):
    ``documentShown(path)`` once a document's pages are laid out, ``summaryFinished(summary)``,
    ``summaryFailed(message)``, ``summaryCancelled()``, ``exported(paths)``,
    ``documentFailed(path, message)`` when a document cannot be opened.

    ``librarySearchRequested(text)`` is the viewer's "Search the library for the selection";
    it is offered once :meth:`set_library_available` says a library exists.
    """

    documentShown = Signal(str)
    documentFailed = Signal(str, str)
    summaryFinished = Signal(object)
    summaryFailed = Signal(str)
    summaryCancelled = Signal()
    exported = Signal(list)
    librarySearchRequested = Signal(str)
    searchFinished = Signal(list)  # the results of a search by meaning, best first

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
        self._library_available = False
        theme.appearance().set_mode(self.settings.appearance())
        theme.appearance().changed.connect(self._on_theme_changed)

        self.setWindowTitle("mmsum")
        self.setWindowIcon(icon("mmsum"))
        self.setAcceptDrops(True)
        self._place_first_window()
        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self.controls.set_options(self.settings.summary_options())
        self._restore_layout()
        self._update_actions()
        if self.engine.loaded:
            self._show_models(dict(self.engine.models_used), self.engine.device)

    def _place_first_window(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(MAIN_WINDOW_SIZE)
            return
        self.setGeometry(first_window_geometry(screen.availableGeometry()))

    # -- construction -------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.doc_list = DocumentList()
        self.doc_list.currentRowChanged.connect(self._on_doc_selected)
        docs = _titled_pane("leftPane", "DOCUMENTS", [self.doc_list], top=10, spacing=6)
        self.side_panel = SidePanel()
        self.side_panel.thumbnails.pageActivated.connect(lambda p: self.viewer.go_to_page(p))
        self.side_panel.outline.destinationActivated.connect(
            lambda page, y: self.viewer.show_destination(page, y))
        self.search_panel = SearchPanel()
        self.search_panel.searchRequested.connect(self.search_meaning)
        self.search_panel.cancelRequested.connect(self._cancel_meaning_search)
        self.search_panel.resultActivated.connect(lambda page, box: self.viewer.show_box(page, box))
        self.search_panel.tableActivated.connect(self._open_found_table)
        self._found_tables: dict = {}  # table id -> Table, of the last search by meaning
        self.side_panel.addTab(self.search_panel, "Search")
        self._meaning_job: CancelToken | None = None
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(docs)
        left.addWidget(self.side_panel)
        left.setStretchFactor(1, 1)
        self._checker = Renderer(self)  # opens documents that are listed but not shown
        self._checker.failed.connect(self._on_check_failed)

        self.viewer = PdfViewer()
        self.viewer.loaded.connect(self._on_viewer_loaded)
        self.viewer.failed.connect(self._on_viewer_failed)
        self.viewer.pageChanged.connect(self._on_page_changed)
        self.viewer.zoomChanged.connect(self._on_zoom_changed)
        self.viewer.selectionChanged.connect(self._update_actions)
        self.viewer.librarySearchRequested.connect(self.librarySearchRequested)
        self.find_bar = FindBar()
        self.search = DocumentSearch(self)
        self.find_bar.searchRequested.connect(self._start_search)
        self.find_bar.nextRequested.connect(self.search.next)
        self.find_bar.previousRequested.connect(self.search.previous)
        self.find_bar.closed.connect(self._end_search)
        self.search.pageSearched.connect(self.viewer.set_matches)
        self.search.currentChanged.connect(self.viewer.show_match)
        self.search.currentChanged.connect(self._on_find_current)
        self.find_bar.tableRequested.connect(self.open_found_table_of_find)
        self.search.progressed.connect(self._show_search_status)
        self.search.failed.connect(lambda msg: self.show_error(f"Find failed: {msg}"))

        self.controls = SummaryControls()
        self.controls.summarizeRequested.connect(self.summarize)
        self.controls.cancelRequested.connect(self.cancel_summary)
        self.controls.optionsChanged.connect(
            lambda: self.settings.set_summary_options(self.controls.options()))
        self.summary_pane = SummaryPane()
        self.summary_pane.sentenceActivated.connect(self._on_sentence)
        self.summary_pane.pageActivated.connect(lambda page: self.viewer.go_to_page(page))
        self.summary_pane.copied.connect(
            lambda _t: self.statusBar().showMessage("Summary copied as Markdown.", 4000))
        self.copy_md_button = QToolButton()
        self.copy_md_button.setObjectName("paneAction")
        self.copy_md_button.setText("Copy as Markdown")
        self.copy_md_button.setIcon(icon("copy"))
        self.copy_md_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.copy_md_button.setToolTip("Copy the summary as Markdown (Ctrl+Shift+M)")
        self.copy_md_button.clicked.connect(self.copy_summary_markdown)
        right = _titled_pane("rightPane", "SUMMARY", [self.controls, self.summary_pane], top=10,
                             actions=[self.copy_md_button])

        self.figure_strip = FigureStrip()
        self.figure_strip.figureActivated.connect(self._on_figure)
        self.figure_strip.figureEnlargeRequested.connect(self.show_figure)
        self.figure_strip.tableActivated.connect(self._on_table)
        self.figure_strip.tableOpenRequested.connect(self.show_table)
        self.figure_strip.setMinimumHeight(self.figure_strip.card_height())
        bottom = _titled_pane("stripPane", "KEY FIGURES AND TABLES", [self.figure_strip], top=8)

        self.banner = MessageBanner()
        self.banner.linkActivated.connect(self._open_link)
        center = QWidget()
        cl = QVBoxLayout(center)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.banner)
        cl.addWidget(self.find_bar)
        cl.addWidget(self.viewer, 1)

        reading = QSplitter(Qt.Orientation.Horizontal)
        reading.addWidget(center)
        reading.addWidget(right)
        reading.setStretchFactor(0, 3)
        reading.setStretchFactor(1, 2)
        width, height = self.width(), self.height()
        side = 220 if width >= 1100 else 180
        reading.setSizes([round((width - side) * 0.62), round((width - side) * 0.38)])
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(reading)
        vertical.addWidget(bottom)
        vertical.setStretchFactor(0, 1)
        strip = 40 + self.figure_strip.card_height()
        vertical.setSizes([max(200, height - 90 - strip), strip])
        left.setSizes([150, max(200, height - 240)])
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(left)
        outer.addWidget(vertical)
        outer.setStretchFactor(1, 1)
        outer.setSizes([side, width - side])
        self._splitters = {"reading": reading, "vertical": vertical, "outer": outer, "side": left}
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
            if shiboken6.isValid(self.models_label):  # the window may have closed meanwhile
                self.models_label.setText("Models: not loaded (see the message above)")

    def _show_models(self, models: dict, device: str) -> None:
        names = {"text": "Text", "image": "Image", "generator": "Generator"}
        parts = [f"{label}: {models.get(role) or '—'}" for role, label in names.items()]
        self.models_label.setText("   ·   ".join(parts))
        self.device_label.setText(f"Device: {device}")

    # -- documents ----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open documents", self.settings.last_dir("open"),
                                                file_dialog_filter())
        if paths:
            self.settings.set_last_dir("open", Path(paths[0]).parent)
            self.open_files([Path(p) for p in paths])

    def open_files(self, paths: list[Path | str]) -> None:
        """Open each file (or show the one already open); the last one is shown.

        Every file is opened (in the render process) to check it; each one that cannot be
        opened is reported, not only the last.
        """
        shown = None
        for p in paths:
            path = Path(p).resolve()
            if not path.is_file():
                self.show_error(f"{path.name}: file not found" if not path.exists()
                                else f"{path.name} is a folder; use File ▸ Batch… for folders")
                continue
            doc = next((d for d in self.docs if d.path == path), None)
            if doc is None:
                doc = OpenDocument(path)
                doc.item = self.doc_list.add_document(path, icon("document"))
                self.docs.append(doc)
            shown = doc
        asked = {Path(p).resolve() for p in paths}
        for doc in [d for d in self.docs if d is not shown and d.pages == 0 and d.path in asked]:
            self._checker.open(str(doc.path), str(doc.path), doc.password)
        if shown is not None:
            self.doc_list.setCurrentItem(shown.item)

    def _on_check_failed(self, token: object, err: Exception) -> None:
        doc = next((d for d in self.docs if str(d.path) == token), None)
        if doc is None or doc.pages > 0 or isinstance(err, PasswordRequired):
            return  # removed, or shown meanwhile; a password is asked for when it is shown
        self._report_failed(doc, err)
        self._remove(doc)

    def _report_failed(self, doc: OpenDocument, err: Exception) -> None:
        text = str(err)
        if doc.path.name not in text:  # the core's messages name the file; others may not
            text = f"{doc.path.name}: {text}"
        self.show_error(html.escape(text))
        self.documentFailed.emit(str(doc.path), text)

    def close_current(self) -> None:
        doc = self._current
        if doc is None:
            return
        if self._job_doc is doc:
            self.cancel_summary()
        self._remove(doc)

    def _remove(self, doc: OpenDocument) -> None:
        row = self.docs.index(doc)
        self.docs.remove(doc)
        self.viewer.forget(str(doc.path))
        if doc is self._current:
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
        # nothing of the previous document may linger: page count, outcome, found text
        self.search.stop()
        self.page_box.setRange(1, 1)
        self.page_count_label.setText(" / –")
        self.side_panel.thumbnails.set_document(None, None, [])
        self.side_panel.outline.set_outline([])
        self._cancel_meaning_search()
        self.search_panel.set_enabled_for(doc is not None)
        self.find_bar.set_table(None)
        self._found_tables = {}
        if self._job_doc is None or self._job_doc is not doc:
            self.controls.show_outcome(doc.outcome if doc is not None else "")
        if doc is None:
            self.viewer.clear()
            self.summary_pane.show_placeholder()
            self.figure_strip.set_figures([], [])
            self.find_bar.set_status("")
            self.setWindowTitle("mmsum")
        else:
            self.setWindowTitle(f"{doc.path.name} — mmsum")
            self.viewer.reference_name = doc.path.name
            self.viewer.load(str(doc.path), doc.password)
            self.find_bar.set_status("")
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
                                          "No figures or tables were found in this document.",
                                          doc.result.summary.tables, doc.result.table_thumbs)

    def _on_viewer_loaded(self, pages: int) -> None:
        doc = self._current
        if doc is None:
            return
        doc.pages = pages
        info = self.viewer.info
        if info is not None and info.title:
            self.viewer.reference_name = info.title
        self.settings.add_recent(doc.path)  # only files that did open
        self.page_box.setRange(1, max(1, pages))
        self.page_count_label.setText(f" / {pages}")
        self.side_panel.thumbnails.set_document(str(doc.path), doc.password,
                                                info.sizes if info is not None else [])
        self.side_panel.outline.set_outline(info.outline if info is not None else [])
        if self.find_bar.isVisible() and self.find_bar.edit.text().strip():
            self._start_search(self.find_bar.edit.text())
        self._update_actions()
        self.documentShown.emit(str(doc.path))

    def _on_viewer_failed(self, err: Exception) -> None:
        doc = self._current
        if doc is None:
            return
        if isinstance(err, PasswordRequired):
            prompt = (f"The password for {doc.path.name} is not right. Try again:" if err.wrong
                      else f"{doc.path.name} is encrypted. Password:")
            password, ok = QInputDialog.getText(self, "Password", prompt, QLineEdit.EchoMode.Password)
            if ok and password:
                doc.password = password
                self.viewer.load(str(doc.path), password)
                return
            self.show_error(html.escape(f"{doc.path.name} was not opened: it needs its password."), "info")
            self._remove(doc)
            return
        self._report_failed(doc, err)
        self._remove(doc)

    def _on_page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.side_panel.thumbnails.set_current_page(page)

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
        options = summary_options(self.controls, self.settings)
        self.settings.set_summary_options(options)
        token, relay = CancelToken(), ProgressRelay(parent=self)
        relay.progressed.connect(self.controls.show_progress)
        relay.token.connect(self._on_stream)
        # the window says "busy" at once, before the work reaches the worker process
        self._job, self._job_doc = token, doc
        self.banner.dismiss()
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
        if shiboken6.isValid(relay):  # a failure may already have ended this job's relay
            relay.deleteLater()
        doc.outcome = outcome
        self.controls.set_busy(False)
        self.controls.show_outcome(outcome if doc is self._current else
                                   (self._current.outcome if self._current is not None else ""))
        if doc is self._current:
            self._show_result(doc)
        self._update_actions()
        if outcome == "Cancelled." and not self.engine.loaded and not self._batch_running():
            # a Cancel that had to stop the worker process took its models: load them again
            # in the background, so the next Summarize starts at once
            self.warm_up()

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

    # -- search by meaning --------------------------------------------------------------------
    def search_meaning(self, query: str, kind: str = "all") -> None:
        """Search the current document for ``query`` (sentences and/or figures) in the worker
        process; the results go to the search panel."""
        doc = self._current
        if doc is None or not query.strip():
            return
        self._cancel_meaning_search()
        token, relay = CancelToken(), ProgressRelay(parent=self)
        relay.progressed.connect(self.search_panel.show_progress)
        self._meaning_job = token
        self.search_panel.set_busy(True)
        self.search_panel.show_progress(0.0, "searching")
        self._spawn(self._search_meaning(doc, query, kind, token, relay))

    async def _search_meaning(self, doc: OpenDocument, query: str, kind: str, token: CancelToken,
                              relay: ProgressRelay) -> None:
        try:
            answer = await self.engine.search(doc.path, [query], kind=kind, top=SEARCH_RESULTS,
                                              weights=self.settings.channel_weights(), password=doc.password,
                                              progress=relay.report, cancel=token)
        except Cancelled:
            if self._meaning_job is token or self._meaning_job is None:
                self.search_panel.show_message("Search stopped.")
        except MmsumError as err:
            if self._meaning_job is token:
                self.search_panel.show_message(f"Search failed: {err}")
        except Exception as err:  # a bug, not a user error: a message, never a crash
            log.error("search failed:\n%s", traceback.format_exc())
            if self._meaning_job is token:
                self.search_panel.show_message(f"Search failed: unexpected error: {err!r}")
        else:
            if self._meaning_job is token and doc is self._current:
                self._found_tables = answer.tables
                self.search_panel.show_answer(answer.answers[0]["results"], answer.thumbs)
                self.searchFinished.emit(answer.answers[0]["results"])
        finally:
            relay.close()
            relay.deleteLater()
            if self._meaning_job is token:
                self._meaning_job = None

    def _cancel_meaning_search(self) -> None:
        token, self._meaning_job = self._meaning_job, None
        if token is not None:
            token.cancel()
        self.search_panel.set_busy(False)

    # -- helpers ------------------------------------------------------------------------------
    def show_error(self, text: str, kind: str = "error") -> None:
        """Show a message in the window (``error``, ``warning`` or ``info``; rich text).

        Messages of the same kind that arrive while one is shown are listed together (several
        documents failing at once are all reported)."""
        if kind == "error":
            log.warning("%s", text)
        self.banner.show_message(text, kind)
        self.statusBar().showMessage(html.unescape(re.sub(r"<[^>]+>", "", text)), 8000)

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # keep a reference: the loop holds tasks only weakly
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not shiboken6.isValid(self):
            return  # closed and deleted while the task ran: nowhere to show anything
        if not task.cancelled() and task.exception() is not None:
            # a slip in the window's own code: shown, not lost in a log
            err = task.exception()
            log.error("".join(traceback.format_exception(type(err), err, err.__traceback__)))
            self.show_error(f"Unexpected error: {err!r}")

    def _update_actions(self) -> None:
        has_doc = self._current is not None
        busy = self._job is not None or self._batch_running()
        has_summary = has_doc and self._current.result is not None
        selected = self.viewer.has_selection()
        self.act_summarize.setEnabled(has_doc and not busy)
        self.controls.summarize.setEnabled(has_doc and not busy)
        self.act_cancel.setEnabled(self._job is not None)
        self.act_export.setEnabled(has_summary)
        self.act_copy_md.setEnabled(has_summary)
        self.copy_md_button.setEnabled(has_summary)
        self.act_close.setEnabled(has_doc)
        for a in (self.act_prev, self.act_next, self.act_first, self.act_last, self.act_zoom_in,
                  self.act_zoom_out, self.act_actual, self.act_fit, self.act_find,
                  self.act_find_next, self.act_find_prev, self.act_select_page):
            a.setEnabled(has_doc)
        self.act_copy.setEnabled(selected)
        self.act_copy_ref.setEnabled(selected)
        self.act_search_library.setEnabled(selected and self._library_available)
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
        self.search.stop()
        self.viewer.shutdown()
        self.side_panel.thumbnails.shutdown()
        self._checker.shutdown()
        super().closeEvent(event)
