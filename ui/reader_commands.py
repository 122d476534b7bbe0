"""The main window's reading commands: find, copy, the library hook, the figure view, About
and the appearance.

Mixed into :class:`~ui.main_window.MainWindow`, whose viewer, find bar, search, summary pane
and settings they use.
"""
from __future__ import annotations

from PySide6.QtCore import Qt

from . import theme
from .table_grid import table_at
from .theme import icon


class ReaderCommands:
    """Find, copy, figure view, About and appearance of :class:`~ui.main_window.MainWindow`."""

    # -- find, copy, figures ------------------------------------------------------------------
    def show_find(self) -> None:
        """Open the find bar (Ctrl+F), with the viewer's selection as the query if there is one."""
        if self.session.current is None:
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
        self.find_bar.set_table(None)
        self.viewer.clear_matches()
        self.viewer.set_highlight(None, None)  # the found text is now what the reader follows
        doc = self.session.current
        if doc is None or not self.viewer.page_count:
            self.search.stop()
            return
        self.search.start(str(doc.path), doc.password, query, self.viewer.page_count,
                          self.viewer.current_page)

    def _end_search(self) -> None:
        self.search.stop()
        self.viewer.clear_matches()
        self.find_bar.reset()
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

        doc = self.session.current
        if doc is None or doc.result is None or not 0 <= index < len(doc.result.summary.figures):
            return None
        view = FigureView(doc.result.summary.figures[index].figure, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.showInDocument.connect(lambda: self._on_figure(index))
        view.copied.connect(lambda msg: self.statusBar().showMessage(msg, 4000))
        view.show()
        return view

    # -- tables -------------------------------------------------------------------------------
    def _on_table(self, index: int) -> None:
        doc = self.session.current
        if doc is None or doc.result is None or not 0 <= index < len(doc.result.summary.tables):
            return
        t = doc.result.summary.tables[index].table
        self.viewer.show_box(t.page, t.bbox)

    def show_table(self, index: int, query: str = ""):
        """Open key table ``index`` of the summary as a grid; returns the dialog."""
        doc = self.session.current
        if doc is None or doc.result is None or not 0 <= index < len(doc.result.summary.tables):
            return None
        return self.open_table(doc.result.summary.tables[index].table, query)

    def open_table(self, table, query: str = ""):
        """Open ``table`` (a :class:`~mmsum.document.Table` of the current document) as a grid,
        the cells holding ``query`` selected; its box shown on its page. Returns the dialog."""
        from .table_view import TableView

        view = TableView(table, self, query=query)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.showInDocument.connect(lambda: self.viewer.show_box(table.page, table.bbox))
        view.copied.connect(lambda msg: self.statusBar().showMessage(msg, 4000))
        view.show()
        self.viewer.show_box(table.page, table.bbox)
        return view

    def _document_tables(self) -> list:
        """Every table read in the current document (known once it was summarized)."""
        doc = self.session.current
        return [] if doc is None or doc.result is None else doc.result.summary.document.tables

    def _on_find_current(self, page: int, index: int) -> None:
        """Offer the table that the current hit of Find lies in."""
        hits = self.search.hits(page)
        boxes = hits[index] if 0 <= index < len(hits) else ()
        k = table_at(self._document_tables(), page, boxes)
        self._find_table = None if k is None else self._document_tables()[k]
        self.find_bar.set_table(None if k is None else (self._find_table.label or "the table"))

    def open_found_table_of_find(self):
        """Open the table the current hit of Find lies in, at the cells that match."""
        table = self._find_table
        if table is None or self.session.current is None:
            return None
        return self.open_table(table, self.search.query)

    def _open_found_table(self, table_id: str):
        """A table found by the search by meaning, opened as a grid."""
        table = self._found_tables.get(table_id)
        return None if table is None else self.open_table(table)

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
        self.doc_list.refresh_icons(self.session.documents)
        self.copy_md_button.setIcon(icon("copy"))
