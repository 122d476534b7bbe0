"""Find in the document: the search (run page by page in the render process) and its bar.

:class:`DocumentSearch` asks the background render lane for a few pages at a time, starting
at the reader's page and wrapping round, so the first hits show at once and a 250-page book
never holds up the window; a new query drops the old one's late results. :class:`FindBar`
is the strip above the pages: the query, "3 of 17", previous and next.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from mmsum.document import BBox

from .render import BACKGROUND, Renderer
from .theme import icon

CHUNK_PAGES = 8  # pages per request: small enough that page renders interleave


class DocumentSearch(QObject):
    """One search at a time over the open document.

    ``pageSearched(page, hits)`` as each page's hits arrive (boxes in points, one tuple a
    hit); ``currentChanged(page, index)`` when the current hit moves; ``progressed()`` when
    the count or the state changes; ``finished()`` once every page was searched.

    ``extra_hits(query)``, when set, gives hits the page text cannot ({page: [hits]}: the
    cells of tables set as pictures); they follow the page's own hits.
    """

    pageSearched = Signal(int, object)
    currentChanged = Signal(int, int)
    progressed = Signal()
    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._renderer = Renderer(self, lane=BACKGROUND)
        self._renderer.found.connect(self._on_found)
        self._renderer.findFailed.connect(self._on_failed)
        self._token = 0
        self.extra_hits: Callable[[str], dict[int, list[tuple[BBox, ...]]]] | None = None
        self._reset()

    def _reset(self) -> None:
        self.query = ""
        self._path: str | None = None
        self._order: list[int] = []   # pages in the order they are searched
        self._next = 0                # position in _order of the next chunk
        self._searched = 0
        self._pages: list[int] = []   # pages with hits, sorted
        self._hits: dict[int, list[tuple[BBox, ...]]] = {}
        self._extra: dict[int, list[tuple[BBox, ...]]] = {}
        self.current: tuple[int, int] | None = None
        self.searching = False

    @property
    def total(self) -> int:
        return sum(len(h) for h in self._hits.values())

    @property
    def current_number(self) -> int:
        """1-based position of the current hit among all found so far (0 when none)."""
        if self.current is None:
            return 0
        page, index = self.current
        return sum(len(self._hits[p]) for p in self._pages if p < page) + index + 1

    def hits(self, page: int) -> list[tuple[BBox, ...]]:
        return self._hits.get(page, [])

    def start(self, path: str, password: str | None, query: str, page_count: int,
              from_page: int = 0) -> None:
        """Search ``path`` for ``query`` (case-insensitive), starting at ``from_page``."""
        self.stop()
        query = " ".join(query.split())
        self.query = query
        if not query or page_count <= 0:
            self.progressed.emit()
            return
        self._path = path
        self._extra = self.extra_hits(query) if self.extra_hits is not None else {}
        self._renderer.remember_password(path, password)
        from_page = min(max(from_page, 0), page_count - 1)
        self._order = list(range(from_page, page_count)) + list(range(from_page))
        self.searching = True
        self._request()
        self.progressed.emit()

    def stop(self) -> None:
        """Forget the search (its late results are dropped)."""
        self._token += 1
        self._reset()

    def _request(self) -> None:
        chunk = self._order[self._next:self._next + CHUNK_PAGES]
        self._next += len(chunk)
        self._renderer.find(self._token, self._path, self.query, chunk)

    def _on_found(self, token: object, pages: list[int], hits) -> None:
        if token != self._token:
            return
        by_page: dict[int, list[tuple[BBox, ...]]] = {}
        for hit in hits:
            by_page.setdefault(hit.page, []).append(tuple(tuple(b) for b in hit.boxes))
        self._searched += len(pages)
        for page in pages:
            found = by_page.get(page, []) + self._extra.get(page, [])
            if found:
                self._hits[page] = found
                bisect.insort(self._pages, page)
            self.pageSearched.emit(page, found)
        if self.current is None and self._pages:
            # the first hit at or after the reader's page (the search started there)
            first = next(p for p in self._order if p in self._hits)
            self._set_current(first, 0)
        if self._next < len(self._order):
            self._request()
        else:
            self.searching = False
            self.finished.emit()
        self.progressed.emit()

    def _on_failed(self, token: object, reason: str) -> None:
        if token == self._token:
            self.searching = False
            self.failed.emit(reason)
            self.progressed.emit()

    def _set_current(self, page: int, index: int) -> None:
        self.current = (page, index)
        self.currentChanged.emit(page, index)
        self.progressed.emit()

    def next(self) -> None:
        """Move to the next hit (wrapping to the first)."""
        if not self._pages:
            return
        if self.current is None:
            self._set_current(self._pages[0], 0)
            return
        page, index = self.current
        if index + 1 < len(self._hits[page]):
            self._set_current(page, index + 1)
        else:
            i = bisect.bisect_right(self._pages, page)
            self._set_current(self._pages[i % len(self._pages)], 0)

    def previous(self) -> None:
        """Move to the previous hit (wrapping to the last)."""
        if not self._pages:
            return
        if self.current is None:
            last = self._pages[-1]
            self._set_current(last, len(self._hits[last]) - 1)
            return
        page, index = self.current
        if index > 0:
            self._set_current(page, index - 1)
        else:
            i = bisect.bisect_left(self._pages, page) - 1
            p = self._pages[i % len(self._pages)]
            self._set_current(p, len(self._hits[p]) - 1)

    def status(self) -> str:
        """What the bar shows: "3 of 17", "3 of 17…" while searching, "No matches"."""
        if not self.query:
            return ""
        if self.total == 0:
            return "Searching…" if self.searching else "No matches"
        return f"{self.current_number} of {self.total}" + ("…" if self.searching else "")


class _QueryEdit(QLineEdit):
    """The query field: Enter finds the next hit, Shift+Enter the previous, Esc closes."""

    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def event(self, event: QEvent) -> bool:
        # Esc belongs to the find bar while it has the focus, not to the window's Cancel
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.closeRequested.emit()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """The find strip: ``searchRequested(query)`` as the query settles (a short pause after
    typing), ``nextRequested``/``previousRequested``, ``closed`` when dismissed, and
    ``tableRequested()`` from the button offered while the current hit lies in a table
    (:meth:`set_table`)."""

    searchRequested = Signal(str)
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()
    tableRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = _QueryEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(90)
        self.prev_btn = QToolButton()
        self.prev_btn.setIcon(icon("up"))
        self.prev_btn.setToolTip("Previous match (Shift+F3)")
        self.next_btn = QToolButton()
        self.next_btn.setIcon(icon("down"))
        self.next_btn.setToolTip("Next match (F3)")
        self.table_btn = QToolButton()
        self.table_btn.setObjectName("findTable")
        self.table_btn.setIcon(icon("table"))
        self.table_btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.table_btn.clicked.connect(self.tableRequested)
        self.table_btn.hide()
        close = QToolButton()
        close.setObjectName("findClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close (Esc)")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 8, 6)
        lay.setSpacing(6)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.count)
        lay.addWidget(self.table_btn)
        lay.addWidget(self.prev_btn)
        lay.addWidget(self.next_btn)
        lay.addWidget(close)

        self._settle = QTimer(self, singleShot=True, interval=250)
        self._settle.timeout.connect(lambda: self.searchRequested.emit(self.edit.text()))
        self.edit.textEdited.connect(lambda _t: self._settle.start())
        self.edit.nextRequested.connect(self._next)
        self.edit.previousRequested.connect(self._previous)
        self.edit.closeRequested.connect(self.close_bar)
        self.prev_btn.clicked.connect(self._previous)
        self.next_btn.clicked.connect(self._next)
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self, text: str = "") -> None:
        """Show the bar with the focus in the query (``text`` replaces it, if given)."""
        self.show()
        if text:
            self.edit.setText(text)
            self._settle.stop()
            self.searchRequested.emit(text)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self._settle.stop()
        self.hide()
        self.closed.emit()

    def _flush(self) -> None:
        # Enter right after typing searches for what was typed, without waiting
        if self._settle.isActive():
            self._settle.stop()
            self.searchRequested.emit(self.edit.text())

    def _next(self) -> None:
        if self._settle.isActive():
            self._flush()
        else:
            self.nextRequested.emit()

    def _previous(self) -> None:
        if self._settle.isActive():
            self._flush()
        else:
            self.previousRequested.emit()

    def reset(self) -> None:
        """Nothing found yet (another document is shown): no count, no table offered."""
        self.set_status("")
        self.set_table(None)

    def set_table(self, label: str | None) -> None:
        """Offer to open the table the current hit lies in (``label``), or nothing (None)."""
        if label is None:
            self.table_btn.hide()
            return
        self.table_btn.setText(f"Open {label}")
        self.table_btn.setToolTip(f"Open {label} as a grid, with the cells that match selected")
        self.table_btn.show()

    def set_status(self, text: str, *, none: bool = False) -> None:
        self.count.setText(text)
        self.edit.setProperty("nomatch", none)
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)

