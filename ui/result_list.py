"""The list of search results, in the Search tab (one document) and in the library window
(many): a figure with its thumbnail, label and caption, a sentence or a footnote with its text; each with
its page and score, and, across a library, its document's title. Long text wraps to the
list's width (no line runs off its right edge); the whole record is the item's data.

A click (or Enter) on a result emits ``resultActivated(record)``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QListWidget, QListWidgetItem, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QWidget)

RESULT_ROLE = Qt.ItemDataRole.UserRole
ICON = QSize(72, 54)  # a figure's thumbnail, pixels


def one_line(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…"."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def result_text(r: dict, source: str | None = None) -> str:
    """Two lines for a result record: where it is (``source``, the figure's label or
    "Footnote", the page, the score), then its caption, sentence or footnote."""
    where = [one_line(source, 70)] if source else []
    body = r.get("text", "")
    if r["kind"] in ("figure", "table"):
        label = r.get("label") or r["kind"].capitalize()
        body = r.get("caption") or ""
        if body.startswith(label):
            body = body[len(label):].lstrip(" .:")
        where.append(label)
    elif r["kind"] == "footnote":  # no sentence of the text: say where its words come from
        where.append("Footnote")
    where += [f"p. {int(r['page']) + 1}", f"score {float(r['score']):.2f}"]
    return " · ".join(where) + "\n" + one_line(body, 160 if r["kind"] in ("sentence", "footnote") else 120)


class ResultDelegate(QStyledItemDelegate):
    """Draws a result: the thumbnail (figures) at the left; the first line of the item's text
    (where it is) small and muted; the rest (what it says) wrapped to the list's width."""

    PAD = 6  # pixels around and between the parts

    def _layout(self, option: QStyleOptionViewItem, index, width: int) -> tuple[QRect, QRect, QRect]:
        """(thumbnail, heading, body) rectangles of an item ``width`` pixels wide at (0, 0)."""
        has_icon = not QIcon(index.data(Qt.ItemDataRole.DecorationRole)).isNull()
        x = self.PAD + (ICON.width() + self.PAD if has_icon else 0)
        heading, _, body = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        room = max(40, width - x - self.PAD)
        small = _heading_font(option.font)
        flags = int(Qt.TextFlag.TextWordWrap)
        h_rect = QFontMetrics(small).boundingRect(QRect(0, 0, room, 10000), flags, heading)
        b_rect = option.fontMetrics.boundingRect(QRect(0, 0, room, 10000), flags, body) if body else QRect()
        top = self.PAD
        heading_r = QRect(x, top, room, h_rect.height())
        body_r = QRect(x, heading_r.bottom() + 3, room, b_rect.height())
        icon_r = QRect(self.PAD, top, ICON.width(), ICON.height()) if has_icon else QRect()
        return icon_r, heading_r, body_r

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 - Qt name
        view = self.parent()
        # the width paint() gets: the viewport's, less the list's spacing on both sides
        width = view.viewport().width() - 2 * view.spacing() if view is not None else option.rect.width()
        icon_r, heading_r, body_r = self._layout(option, index, width)
        bottom = max(icon_r.bottom() if icon_r.isValid() else 0, body_r.bottom(), heading_r.bottom())
        return QSize(width, bottom + self.PAD + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text, opt.icon = "", QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)  # background
        icon_r, heading_r, body_r = self._layout(option, index, option.rect.width())
        painter.save()
        painter.translate(option.rect.topLeft())
        icon = QIcon(index.data(Qt.ItemDataRole.DecorationRole))
        if icon_r.isValid():
            icon.paint(painter, icon_r, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlphaF(0.7)
        heading, _, body = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        painter.setFont(_heading_font(option.font))
        painter.setPen(muted)
        painter.drawText(heading_r, int(Qt.TextFlag.TextWordWrap), heading)
        painter.setFont(option.font)
        painter.setPen(text)
        painter.drawText(body_r, int(Qt.TextFlag.TextWordWrap), body)
        painter.restore()


def _heading_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
    return small


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
        self.setSpacing(1)
        self.setItemDelegate(ResultDelegate(self))
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
