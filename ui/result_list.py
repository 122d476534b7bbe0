"""The list of search results, in the Search tab (one document) and in the library window
(many): a figure with its thumbnail, label and caption, a sentence with its text; each with
its page and score, and, across a library, its document's title. Long text wraps to the
list's width (no line runs off its right edge); the whole record is the item's data.

A click (or Enter) on a result emits ``resultActivated(record)``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

RESULT_ROLE = Qt.ItemDataRole.UserRole
ICON = QSize(72, 54)  # a figure's thumbnail, pixels


def one_line(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…"."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def result_text(r: dict, source: str | None = None) -> str:
    """Two lines for a result record: where it is (``source``, the figure's label, the page,
    the score), then its caption or sentence."""
    where = [one_line(source, 70)] if source else []
    body = r.get("text", "")
    if r["kind"] == "figure":
        label = r.get("label") or "Figure"
        body = r.get("caption") or ""
        if body.startswith(label):
            body = body[len(label):].lstrip(" .:")
        where.append(label)
    where += [f"p. {int(r['page']) + 1}", f"score {float(r['score']):.2f}"]
    return " · ".join(where) + "\n" + one_line(body, 120 if r["kind"] == "figure" else 160)


class ResultList(QListWidget):
    """Search results, best first; :meth:`show_results` fills it."""

    resultActivated = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.setIconSize(ICON)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)  # wrap again when the list is resized
        self.setUniformItemSizes(False)
        self.itemClicked.connect(self._activate)
        self.itemActivated.connect(self._activate)

    def show_results(self, results: list[dict], thumbs: Mapping[object, QImage] | None = None, *,
                     thumb_key: Callable[[dict], object] = lambda r: r.get("id"),
                     source: Callable[[dict], str] | None = None) -> None:
        """List ``results`` (RESULT records); a figure's thumbnail is ``thumbs[thumb_key(r)]``;
        ``source(r)`` names the document (across a library)."""
        thumbs = thumbs or {}
        self.clear()
        for r in results:
            item = QListWidgetItem(result_text(r, source(r) if source else None))
            img = thumbs.get(thumb_key(r)) if r["kind"] == "figure" else None
            if img is not None and not img.isNull():
                item.setIcon(QIcon(QPixmap.fromImage(img)))
            item.setToolTip(r.get("document", "") if source else "")
            item.setData(RESULT_ROLE, r)
            self.addItem(item)

    def show_message(self, text: str) -> None:
        """One line in place of results ("Searching…", "Nothing found.")."""
        self.clear()
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.addItem(item)

    def result(self, row: int) -> dict | None:
        item = self.item(row)
        return None if item is None else item.data(RESULT_ROLE)

    def _activate(self, item: QListWidgetItem) -> None:
        r = item.data(RESULT_ROLE)
        if r:
            self.resultActivated.emit(r)
