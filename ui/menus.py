"""The main window's commands: actions with their shortcuts, the menus and the toolbar.

Every command is an action with its shortcut, so menus show the keys beside the names.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QSizePolicy, QSpinBox, QToolBar, QWidget

from .theme import icon

APPEARANCE_NAMES = {"system": "Follow the &System", "light": "&Light", "dark": "&Dark"}


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
            a.setProperty("iconName", icon_name)
        if tip:
            a.setToolTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def refresh_icons(self) -> None:
        """Draw the actions' icons again (the theme changed)."""
        for a in self.findChildren(QAction):
            name = a.property("iconName")
            if name:
                a.setIcon(icon(name))

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_open = self._action("&Open…", self.open_dialog, K.Open, "open", "Open documents (Ctrl+O)")
        self.act_close = self._action("&Close", self.close_current, K.Close)
        self.act_export = self._action("&Export Markdown…", self.export_dialog, "Ctrl+E", "export",
                                       "Export the summary to Markdown (Ctrl+E)")
        self.act_batch = self._action("&Batch…", self.open_batch, "Ctrl+B", "batch",
                                      "Summarize many documents to a folder (Ctrl+B)")
        self.act_library_show = self._action("&Show Library", lambda: self.open_library_window())
        self.act_library = self._action("&Open Library…", self.open_library_dialog, "Ctrl+L")
        self.act_library_add = self._action("&Add Folder to Library…", self.add_folder_to_library)
        self.act_settings = self._action("&Settings…", self.open_settings, "Ctrl+,", "settings",
                                         "Models, device and offline mode (Ctrl+,)")
        # macOS puts these in the application menu (as Preferences…, Quit, About)
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_quit = self._action("&Quit", self.close, "Ctrl+Q")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_summarize = self._action("&Summarize", self.summarize, "Ctrl+Return", "summarize",
                                          "Summarize the document (Ctrl+Enter)")
        self.act_cancel = self._action("Cancel", self.cancel_summary, "Esc")

        self.act_copy = self._action("&Copy", self.copy_selection, K.Copy, "copy")
        self.act_copy_ref = self._action("Copy with &Page Reference", self.copy_selection_with_reference,
                                         "Ctrl+Shift+C")
        self.act_copy_md = self._action("Copy Summary as &Markdown", self.copy_summary_markdown,
                                        "Ctrl+Shift+M")
        self.act_select_page = self._action("Select All on &Page", lambda: self.viewer.select_page(),
                                            "Ctrl+Shift+A")
        self.act_find = self._action("&Find…", self.show_find, K.Find, "find", "Find in the document (Ctrl+F)")
        self.act_find_next = self._action("Find &Next", self.find_next, "F3")
        self.act_find_prev = self._action("Find Pre&vious", self.find_previous, "Shift+F3")
        self.act_search_library = self._action("Search the &Library for the Selection",
                                               self.search_library_for_selection, "Ctrl+Shift+L")

        self.act_prev = self._action("Previous page", self.viewer.previous_page, "PgUp", "prev",
                                     "Previous page (PgUp)")
        self.act_next = self._action("Next page", self.viewer.next_page, "PgDown", "next",
                                     "Next page (PgDown)")
        self.act_first = self._action("First page", lambda: self.viewer.go_to_page(0), "Ctrl+Home")
        self.act_last = self._action("Last page", lambda: self.viewer.go_to_page(self.viewer.page_count - 1),
                                     "Ctrl+End")
        self.act_zoom_in = self._action("Zoom in", self.viewer.zoom_in, "Ctrl++", "zoom-in", "Zoom in (Ctrl++)")
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.act_zoom_out = self._action("Zoom out", self.viewer.zoom_out, "Ctrl+-", "zoom-out",
                                         "Zoom out (Ctrl+-)")
        self.act_actual = self._action("Actual size", lambda: self.viewer.set_zoom(1.0), "Ctrl+0")
        self.act_fit = self._action("Fit width", self.viewer.fit_width, "Ctrl+9", "fit-width",
                                    "Fit the page to the window's width (Ctrl+9)")
        self.act_side_panel = self._action("Side &Panel", self._toggle_side_panel, "F9", "sidebar",
                                           "Show or hide the thumbnails and contents (F9)")
        self.act_side_panel.setCheckable(True)
        self.act_side_panel.setChecked(True)
        self.act_about = self._action("&About mmsum", self.show_about, "F1")
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

        self.appearance_group = QActionGroup(self)
        self.act_appearance: dict[str, QAction] = {}
        for mode, name in APPEARANCE_NAMES.items():
            a = QAction(name, self, checkable=True)
            a.triggered.connect(lambda _c=False, m=mode: self.set_appearance(m))
            self.appearance_group.addAction(a)
            self.act_appearance[mode] = a
        self._sync_appearance_actions()

    def _sync_appearance_actions(self) -> None:
        mode = self.settings.appearance()
        for m, a in self.act_appearance.items():
            a.setChecked(m == mode)

    def _toggle_side_panel(self) -> None:
        side = self._splitters["side"]
        side.setVisible(not side.isVisible())
        self.act_side_panel.setChecked(side.isVisible())

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
        file.addAction(self.act_quit)
        edit = mb.addMenu("&Edit")
        # Settings under Edit, as on Linux and Windows (macOS moves it to the application menu)
        for a in (self.act_copy, self.act_copy_ref, self.act_select_page, None, self.act_copy_md,
                  None, self.act_find, self.act_find_next, self.act_find_prev, None,
                  self.act_search_library, None, self.act_settings):
            edit.addSeparator() if a is None else edit.addAction(a)
        view = mb.addMenu("&View")
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_actual, self.act_fit, None,
                  self.act_first, self.act_prev, self.act_next, self.act_last, None,
                  self.act_side_panel):
            view.addSeparator() if a is None else view.addAction(a)
        appearance = view.addMenu("&Appearance")
        for a in self.act_appearance.values():
            appearance.addAction(a)
        summary = mb.addMenu("&Summary")
        summary.addAction(self.act_summarize)
        summary.addAction(self.act_cancel)
        summary.addSeparator()
        summary.addAction(self.act_copy_md)
        summary.addAction(self.act_export)
        library = mb.addMenu("&Library")
        for a in (self.act_library_show, self.act_library, self.act_library_add, None,
                  self.act_search_library):
            library.addSeparator() if a is None else library.addAction(a)
        help_menu = mb.addMenu("&Help")
        help_menu.addAction(self.act_about)
        # the shortcuts work wherever the focus is, menus open or not
        for a in (self.act_cancel, self.act_find_next, self.act_find_prev):
            self.addAction(a)
        self.menus = {"file": file, "edit": edit, "view": view, "summary": summary, "library": library,
                      "help": help_menu}

        tb = QToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(18, 18))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_side_panel)
        tb.widgetForAction(self.act_side_panel).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
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
        tb.addSeparator()
        tb.addAction(self.act_find)
        tb.widgetForAction(self.act_find).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        tb.addAction(self.act_settings)
        self.addToolBar(tb)
