"""The main window's commands: actions with their shortcuts, the menus and the toolbar."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSizePolicy, QSpinBox, QToolBar, QWidget

from .theme import icon


class WindowMenus:
    """Mixed into :class:`~ui.main_window.MainWindow`: builds ``act_*``, the menus, the toolbar
    (with the page box and zoom label) from the window's slots and its viewer."""

    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None,
                tip: str | None = None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if icon_name:
            a.setIcon(icon(icon_name))
        if tip:
            a.setToolTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_open = self._action("&Open…", self.open_dialog, K.Open, "open", "Open documents (Ctrl+O)")
        self.act_close = self._action("&Close", self.close_current, K.Close)
        self.act_export = self._action("&Export Markdown…", self.export_dialog, "Ctrl+E", "export",
                                       "Export the summary to Markdown (Ctrl+E)")
        self.act_batch = self._action("&Batch…", self.open_batch, "Ctrl+B", "batch",
                                      "Summarize many documents to a folder")
        self.act_settings = self._action("&Settings…", self.open_settings, K.Preferences, "settings")
        self.act_quit = self._action("&Quit", self.close, K.Quit)
        self.act_summarize = self._action("&Summarize", self.summarize, "Ctrl+Return", "summarize",
                                          "Summarize the document (Ctrl+Enter)")
        self.act_cancel = self._action("Cancel", self.cancel_summary, "Esc")
        self.act_prev = self._action("Previous page", self.viewer.previous_page, "PgUp", "prev")
        self.act_next = self._action("Next page", self.viewer.next_page, "PgDown", "next")
        self.act_first = self._action("First page", lambda: self.viewer.go_to_page(0), "Ctrl+Home")
        self.act_last = self._action("Last page", lambda: self.viewer.go_to_page(self.viewer.page_count - 1),
                                     "Ctrl+End")
        self.act_zoom_in = self._action("Zoom in", self.viewer.zoom_in, K.ZoomIn, "zoom-in")
        self.act_zoom_out = self._action("Zoom out", self.viewer.zoom_out, K.ZoomOut, "zoom-out")
        self.act_actual = self._action("Actual size", lambda: self.viewer.set_zoom(1.0), "Ctrl+0")
        self.act_fit = self._action("Fit width", self.viewer.fit_width, "Ctrl+9", "fit-width")

    def _build_menus_and_toolbar(self) -> None:
        mb = self.menuBar()
        file = mb.addMenu("&File")
        file.addAction(self.act_open)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file.addAction(self.act_close)
        file.addSeparator()
        file.addAction(self.act_export)
        file.addAction(self.act_batch)
        file.addSeparator()
        file.addAction(self.act_settings)
        file.addSeparator()
        file.addAction(self.act_quit)
        view = mb.addMenu("&View")
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_actual, self.act_fit, None,
                  self.act_first, self.act_prev, self.act_next, self.act_last):
            view.addSeparator() if a is None else view.addAction(a)
        summary = mb.addMenu("&Summary")
        summary.addAction(self.act_summarize)
        summary.addAction(self.act_cancel)
        self.addAction(self.act_cancel)  # Esc works wherever the focus is

        tb = QToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(18, 18))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_open)
        tb.addAction(self.act_export)
        tb.addAction(self.act_batch)
        tb.addSeparator()
        for a in (self.act_prev, self.act_next):
            tb.addAction(a)
            tb.widgetForAction(a).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.page_box = QSpinBox()
        self.page_box.setObjectName("pageBox")
        self.page_box.setRange(1, 1)
        self.page_box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda v: self.viewer.go_to_page(v - 1)
                                           if v - 1 != self.viewer.current_page else None)
        self.page_count_label = QLabel(" / –")
        self.page_count_label.setObjectName("pageCount")
        tb.addWidget(self.page_box)
        tb.addWidget(self.page_count_label)
        tb.addSeparator()
        for a in (self.act_zoom_out, self.act_zoom_in):
            tb.addAction(a)
            tb.widgetForAction(a).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setObjectName("zoomLabel")
        tb.addWidget(self.zoom_label)
        tb.addAction(self.act_fit)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        tb.addAction(self.act_settings)
        self.addToolBar(tb)

