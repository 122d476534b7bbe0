"""The main window's reading commands: find, copy, the library hook, the figure view, About
and the appearance.

Mixed into :class:`~ui.main_window.MainWindow`, whose viewer, find bar, search, summary pane
and settings they use.
"""
from __future__ import annotations

from PySide6.QtCore import Qt

from . import theme
from .theme import icon


class ReaderCommands:
    """Find, copy, figure view, About and appearance of :class:`~ui.main_window.MainWindow`."""

    # -- find, copy, figures ------------------------------------------------------------------
    def show_find(self) -> None:
        """Open the find bar (Ctrl+F), with the viewer's selection as the query if there is one."""
        if self._current is None:
            return
        selected = self.viewer.selected_text()
        self.find_bar.open_bar(selected if selected and "\n" not in selected and len(selected) < 80 else "")

    def find_next(self) -> None:
        if not self.find_bar.isVisible():
            self.show_find()
        elif self.search.query:
            self.search.next()

    def find_previous(self) -> None:
        if not self.find_bar.isVisible():
            self.show_find()
        elif self.search.query:
            self.search.previous()

    def _start_search(self, query: str) -> None:
        self.viewer.clear_matches()
        self.viewer.set_highlight(None, None)  # the found text is now what the reader follows
        doc = self._current
        if doc is None or not self.viewer.page_count:
            self.search.stop()
            return
        self.search.start(str(doc.path), doc.password, query, self.viewer.page_count,
                          self.viewer.current_page)

    def _end_search(self) -> None:
        self.search.stop()
        self.viewer.clear_matches()
        self.find_bar.set_status("")
        self.viewer.setFocus()

    def _show_search_status(self) -> None:
        status = self.search.status()
        self.find_bar.set_status(status, none=status == "No matches")

    def copy_selection(self) -> None:
        if not self.viewer.copy():
            self.statusBar().showMessage("Select text in the document first (drag over it).", 4000)

    def copy_selection_with_reference(self) -> None:
        if not self.viewer.copy_with_reference():
            self.statusBar().showMessage("Select text in the document first (drag over it).", 4000)

    def copy_summary_markdown(self) -> None:
        if not self.summary_pane.copy_markdown():
            self.statusBar().showMessage("Summarize the document first.", 4000)

    def set_library_available(self, available: bool) -> None:
        """Offer "Search the library for the selection" (once a library exists)."""
        self._library_available = available
        self.viewer.library_available = available
        self._update_actions()

    def search_library_for_selection(self) -> None:
        text = self.viewer.selected_text()
        if text and self._library_available:
            self.librarySearchRequested.emit(text)

    def show_figure(self, index: int):
        """Open the larger view of key figure ``index``; returns the dialog."""
        from .figure_view import FigureView

        doc = self._current
        if doc is None or doc.result is None or not 0 <= index < len(doc.result.summary.figures):
            return None
        view = FigureView(doc.result.summary.figures[index].figure, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.showInDocument.connect(lambda: self._on_figure(index))
        view.show()
        return view

    def show_about(self):
        """Help ▸ About: version, models, licences; returns the dialog."""
        from .about_dialog import AboutDialog

        dlg = AboutDialog(self.engine.model_options, dict(self.engine.models_used), self.engine.device, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def set_appearance(self, mode: str) -> None:
        """``system``, ``light`` or ``dark``: applied now and remembered."""
        self.settings.set_appearance(mode)
        theme.appearance().set_mode(mode)
        self._sync_appearance_actions()

    def _on_theme_changed(self, _dark: bool) -> None:
        self.refresh_icons()
        self.figure_strip.refresh_icons()
        for doc in self.docs:
            if doc.item is not None:
                doc.item.setIcon(icon("document-done" if doc.result is not None else "document"))
        self.copy_md_button.setIcon(icon("copy"))
