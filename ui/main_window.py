"""The main window: open documents, read them, summarize, jump from summary to source, export.

The window is wiring: its panes are made in :mod:`ui.window_layout`, its state is the
session's (:class:`ui.session.Session`, Qt-free), and its commands are mixins
(:mod:`ui.document_commands`, :mod:`ui.summary_commands`, :mod:`ui.reader_commands`,
:mod:`ui.library_commands`, :mod:`ui.dialog_commands`, the menus of :mod:`ui.menus`). Panels
follow the session's events (see :meth:`MainWindow._follow_session`).
"""
from __future__ import annotations

import asyncio
import html
import logging
import re
import traceback
from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from . import theme
from .dialog_commands import DialogCommands
from .document_commands import DocumentCommands
from .engine import Engine
from .library_commands import LibraryCommands
from .menus import WindowMenus
from .reader_commands import ReaderCommands
from .screen_fit import MAIN_WINDOW_SIZE, first_window_geometry
from .session import OpenDocument, Session
from .settings import AppSettings
from .summary_commands import SummaryCommands
from .summary_options import summary_options
from .table_grid import picture_table_hits
from .theme import icon
from .window_layout import build_panes

log = logging.getLogger(__name__)

__all__ = ["MainWindow", "OpenDocument", "first_window_geometry"]


class MainWindow(WindowMenus, DocumentCommands, SummaryCommands, ReaderCommands, LibraryCommands,
                 DialogCommands, QMainWindow):
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
        self.session = Session()
        self._batch_dialog = None
        self._tasks: set[asyncio.Task] = set()
        self._library_available = False
        self._meaning_job = None  # the cancel token of the running search by meaning
        self._found_tables: dict = {}  # table id -> Table, of the last search by meaning
        self._find_table = None  # the table the current hit of Find lies in
        theme.appearance().set_mode(self.settings.appearance())
        theme.appearance().changed.connect(self._on_theme_changed)

        self.setWindowTitle("mmsum")
        self.setWindowIcon(icon("mmsum"))
        self.setAcceptDrops(True)
        self._place_first_window()
        self._splitters = build_panes(self)
        self._connect_panes()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._follow_session()
        self.controls.set_options(self.settings.summary_options())
        self.options_changed()
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

    # -- wiring -------------------------------------------------------------------------------
    def _connect_panes(self) -> None:
        """What each pane asks for goes to the command that does it."""
        self.doc_list.currentRowChanged.connect(self._on_doc_selected)
        self.side_panel.thumbnails.pageActivated.connect(lambda p: self.viewer.go_to_page(p))
        self.side_panel.outline.destinationActivated.connect(
            lambda page, y: self.viewer.show_destination(page, y))
        self.search_panel.searchRequested.connect(self.search_meaning)
        self.search_panel.cancelRequested.connect(self._cancel_meaning_search)
        self.search_panel.resultActivated.connect(lambda page, box: self.viewer.show_box(page, box))
        self.search_panel.tableActivated.connect(self._open_found_table)
        self._checker.failed.connect(self._on_check_failed)
        self.viewer.loaded.connect(self._on_viewer_loaded)
        self.viewer.failed.connect(self._on_viewer_failed)
        self.viewer.pageChanged.connect(self._on_page_changed)
        self.viewer.zoomChanged.connect(self._on_zoom_changed)
        self.viewer.selectionChanged.connect(self._update_actions)
        self.viewer.librarySearchRequested.connect(self.librarySearchRequested)
        self.find_bar.searchRequested.connect(self._start_search)
        self.find_bar.nextRequested.connect(self.search.next)
        self.find_bar.previousRequested.connect(self.search.previous)
        self.find_bar.closed.connect(self._end_search)
        self.find_bar.tableRequested.connect(self.open_found_table_of_find)
        self.search.pageSearched.connect(self.viewer.set_matches)
        self.search.currentChanged.connect(self.viewer.show_match)
        self.search.currentChanged.connect(self._on_find_current)
        self.search.progressed.connect(self._show_search_status)
        self.search.failed.connect(lambda msg: self.show_error(f"Find failed: {msg}"))
        self.search.extra_hits = lambda query: picture_table_hits(self._document_tables(), query)
        self.controls.summarizeRequested.connect(self.summarize)
        self.controls.cancelRequested.connect(self.cancel_summary)
        self.controls.optionsChanged.connect(self.options_changed)
        self.summary_pane.sentenceActivated.connect(self._on_sentence)
        self.summary_pane.pageActivated.connect(lambda page: self.viewer.go_to_page(page))
        self.summary_pane.copied.connect(
            lambda _t: self.statusBar().showMessage("Summary copied as Markdown.", 4000))
        self.copy_md_button.clicked.connect(self.copy_summary_markdown)
        self.figure_strip.figureActivated.connect(self._on_figure)
        self.figure_strip.figureEnlargeRequested.connect(self.show_figure)
        self.figure_strip.tableActivated.connect(self._on_table)
        self.figure_strip.tableOpenRequested.connect(self.show_table)
        self.banner.linkActivated.connect(self._open_link)

    def _follow_session(self) -> None:
        """Each pane follows the session's events: a document switch resets every pane
        through ``current``, a summary's start and end through ``job``."""
        ev = self.session.events
        ev.options.connect(self.settings.set_summary_options)  # kept for the next session
        self.doc_list.follow(self.session)
        # nothing of the previous document may linger: found text, pages, outcome, results
        ev.current.connect(lambda _doc: self.search.stop())
        ev.current.connect(self._forget_find_table)
        ev.current.connect(lambda _doc: self.side_panel.clear_document())
        ev.current.connect(self._cancel_meaning_search)
        ev.current.connect(lambda doc: self.search_panel.set_enabled_for(doc is not None))
        ev.current.connect(self._forget_found_tables)
        ev.current.connect(self._load_in_viewer)
        ev.current.connect(self._show_result)
        ev.current.connect(self._show_outcome)
        ev.current.connect(lambda _doc: self._update_actions())
        ev.job.connect(lambda _doc, running: self.controls.set_busy(running))
        ev.job.connect(lambda doc, running: running or doc is not self.session.current
                       or self._show_result(doc))
        ev.job.connect(lambda _doc, _running: self._update_actions())
        ev.outcome.connect(lambda _doc: self._show_outcome(self.session.current))

    def options_changed(self) -> None:
        """The session's options are the controls' and Settings' as they are now."""
        self.session.set_options(summary_options(self.controls, self.settings))

    def _show_outcome(self, doc: OpenDocument | None) -> None:
        """The line under the buttons: ``doc``'s last outcome (its progress while its summary
        is being made)."""
        if doc is None or doc is not self.session.job_doc:
            self.controls.show_outcome(self.session.shown_outcome())

    def _forget_found_tables(self, _doc: OpenDocument | None = None) -> None:
        self._found_tables = {}

    def _forget_find_table(self, _doc: OpenDocument | None = None) -> None:
        self._find_table = None
        self.find_bar.reset()

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
        current = self.session.current
        has_doc = current is not None
        busy = self.session.busy or self._batch_running()
        has_summary = has_doc and current.result is not None
        selected = self.viewer.has_selection()
        self.act_summarize.setEnabled(has_doc and not busy)
        self.controls.summarize.setEnabled(has_doc and not busy)
        self.act_cancel.setEnabled(self.session.busy)
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
        self.session.cancel_job()
        if self._batch_dialog is not None:
            self._batch_dialog.cancel()
        self.search.stop()
        self.viewer.shutdown()
        self.side_panel.thumbnails.shutdown()
        self._checker.shutdown()
        super().closeEvent(event)
