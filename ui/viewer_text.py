"""The viewer's text: found text marked on the pages, and text selected with the mouse, copied
(with a page reference) and offered to the context menu.

Mixed into :class:`~ui.viewer.PdfViewer`, whose pages, scroll area and renderer it uses. The
words of a page come from the render process when the reader starts selecting on it.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QMenu, QWidget

from mmsum.document import BBox

from .text_selection import line_boxes


class PageColumn(QWidget):
    """The widget the pages sit on: mouse drags over the pages select text."""

    def __init__(self, viewer: QWidget) -> None:
        """``viewer``: the :class:`~ui.viewer.PdfViewer` whose pages this column holds (typed as
        its base class: the viewer module imports this one)."""
        super().__init__()
        self._viewer = viewer

    def _page_at(self, pos: QPoint) -> tuple[int, tuple[float, float]] | None:
        # events ignored by a page reach here already mapped to this widget's coordinates
        return self._viewer._page_point(pos)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self._viewer._begin_selection(self._page_at(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._viewer._extend_selection(self._page_at(event.position().toPoint()))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self._viewer._select_word(self._page_at(event.position().toPoint()))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt name
        self._viewer.context_menu().exec(event.globalPos())


class ViewerText:
    """Find marks, selection, copying and the context menu of :class:`~ui.viewer.PdfViewer`."""

    # -- found text -------------------------------------------------------------------------
    def set_matches(self, page: int, hits: list[tuple[BBox, ...]]) -> None:
        """Mark every occurrence of the searched text on ``page`` (boxes in points)."""
        if 0 <= page < len(self._pages):
            w = self._pages[page]
            w.matches, w.current_match = list(hits), None
            w.update()

    def clear_matches(self) -> None:
        for w in self._pages:
            if w.matches or w.current_match is not None:
                w.matches, w.current_match = [], None
                w.update()

    def show_match(self, page: int, index: int) -> None:
        """Make hit ``index`` on ``page`` the current one and bring it into view."""
        if not 0 <= page < len(self._pages):
            return
        for w in self._pages:
            want = index if w.number == page else None
            if w.current_match != want:
                w.current_match = want
                w.update()
        target = self._pages[page]
        if not 0 <= index < len(target.matches):
            return
        boxes = target.matches[index]
        union = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                 max(b[2] for b in boxes), max(b[3] for b in boxes))
        r = target.to_widget(union).translated(target.pos())
        vp = self._area.viewport().size()
        top, left = self._area.verticalScrollBar().value(), self._area.horizontalScrollBar().value()
        # move only when the hit is not comfortably in view, as readers do
        if not (top + 20 <= r.top() and r.bottom() <= top + vp.height() - 20):
            self._area.verticalScrollBar().setValue(round(r.center().y() - vp.height() / 2))
        if not (left <= r.left() and r.right() <= left + vp.width()):
            self._area.horizontalScrollBar().setValue(round(r.center().x() - vp.width() / 2))
        self._set_current(self._page_at_top())
        self._update_visible()

    def current_match(self) -> tuple[int, int] | None:
        """(page, index) of the current hit, if any."""
        for w in self._pages:
            if w.current_match is not None:
                return w.number, w.current_match
        return None

    # -- text selection -----------------------------------------------------------------------
    def _page_point(self, pos: QPoint) -> tuple[int, tuple[float, float]] | None:
        """The page under ``pos`` (page-column pixels) or the nearest one, and the point on it
        in points (clamped to the page)."""
        if not self._pages:
            return None
        best = min(self._pages, key=lambda w: 0 if w.y() <= pos.y() <= w.y() + w.height()
                   else min(abs(pos.y() - w.y()), abs(pos.y() - w.y() - w.height())))
        x, y = best.to_points(QPointF(pos - best.pos()))
        width, height = best.size_pt
        return best.number, (min(max(x, 0.0), width), min(max(y, 0.0), height))

    def _begin_selection(self, at) -> None:
        had = self._selection.active
        self._selection.clear()
        if at is not None:
            self._selection.anchor = at
            self._ask_words(at[0])  # ahead of the drag, so it selects as soon as it moves
        self._apply_selection(changed=had)

    def _extend_selection(self, at) -> None:
        if at is None or self._selection.anchor is None:
            return
        self._selection.focus = at
        self._selection.whole_word = False
        self._apply_selection()

    def _select_word(self, at) -> None:
        if at is None:
            return
        self._selection.clear()
        self._selection.anchor = self._selection.focus = at
        self._selection.whole_word = True
        self._apply_selection()

    def select_range(self, start_page: int, start: tuple[float, float], end_page: int,
                     end: tuple[float, float]) -> None:
        """Select the text from ``start`` to ``end`` (points) as a drag would."""
        self._selection.clear()
        self._selection.anchor, self._selection.focus = (start_page, start), (end_page, end)
        self._apply_selection()

    def select_page(self, page: int | None = None) -> None:
        """Select all the text of ``page`` (default: the current page)."""
        page = self._current if page is None else page
        if 0 <= page < len(self._pages):
            w, h = self._pages[page].size_pt
            self.select_range(page, (0.0, 0.0), page, (w, h))

    def clear_selection(self) -> None:
        self._begin_selection(None)

    def _ask_words(self, page: int) -> None:
        if page not in self._words_asked and page not in self._selection.words and self._path:
            self._words_asked.add(page)
            self._renderer.words(self._token, self._path, page)

    def _apply_selection(self, changed: bool = True) -> None:
        for page in self._selection.missing_pages():
            self._ask_words(page)
        chosen = self._selection.selected()
        for w in self._pages:
            boxes = line_boxes(chosen[w.number]) if w.number in chosen else []
            if boxes != w.selection:
                w.selection = boxes
                w.update()
        if changed:
            self.selectionChanged.emit()

    def _on_words(self, token: object, page: int, words) -> None:
        if token != self._token:
            return
        self._selection.words[page] = words
        if page in self._selection.pages():
            self._apply_selection()

    def has_selection(self) -> bool:
        return bool(self.selected_text())

    def selected_text(self) -> str:
        """The selected text; empty when nothing is selected (or its words have not arrived)."""
        return self._selection.text()

    def selection_pages(self) -> list[int]:
        """The pages (0-based) with selected text on them."""
        return sorted(self._selection.selected())

    def text_with_reference(self) -> str:
        """The selection quoted, with the document and page(s): for "Copy with page reference"."""
        text = self.selected_text()
        if not text:
            return ""
        pages = self.selection_pages()
        where = f"p. {pages[0] + 1}" if len(pages) == 1 else f"pp. {pages[0] + 1}–{pages[-1] + 1}"
        name = self.reference_name or (self._path or "").rsplit("/", 1)[-1]
        return f"“{text}” ({name}, {where})" if name else f"“{text}” ({where})"

    def copy(self) -> bool:
        """Copy the selection to the clipboard; False when nothing is selected."""
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)
        return bool(text)

    def copy_with_reference(self) -> bool:
        text = self.text_with_reference()
        if text:
            QGuiApplication.clipboard().setText(text)
        return bool(text)

    def context_menu(self) -> QMenu:
        """The menu a right-click on the pages opens."""
        menu = QMenu(self)
        has = self.has_selection()
        copy = menu.addAction("Copy", self.copy)
        copy.setShortcut("Ctrl+C")
        copy.setEnabled(has)
        ref = menu.addAction("Copy with page reference", self.copy_with_reference)
        ref.setShortcut("Ctrl+Shift+C")
        ref.setEnabled(has)
        menu.addAction("Select all on this page", self.select_page).setEnabled(bool(self._pages))
        menu.addSeparator()
        search = menu.addAction("Search the library for the selection",
                                lambda: self.librarySearchRequested.emit(self.selected_text()))
        search.setEnabled(has and self.library_available)
        if not self.library_available:
            search.setToolTip("Available once a library has been built")
        menu.setToolTipsVisible(True)
        return menu
