"""The figure strip: the summary's key figures and key tables as cards (thumbnail, label,
caption, salience, and a tooltip that says why each was chosen); a table's card bears a table
icon."""
from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QScrollArea,
                               QToolButton, QVBoxLayout, QWidget)

from mmsum.document import Figure
from mmsum.summary import ScoredFigure, ScoredTable

from .theme import icon

THUMB = QSize(184, 108)


def thumbnail(png: bytes | None, size: QSize = THUMB) -> QImage | None:
    """Decode a figure crop and scale it to fit ``size`` (safe off the GUI thread)."""
    if not png:
        return None
    img = QImage.fromData(png)
    if img.isNull():
        return None
    return img.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                      Qt.TransformationMode.SmoothTransformation)


def why_tooltip(scored: ScoredFigure | ScoredTable) -> str:
    """Rich text for a card's tooltip: the figure's or table's salience and the signals that put it there."""
    head = f"<b>Salience {scored.score:.2f}</b> (higher is more central to the document)"
    if not scored.why:
        return f"<p>{head}</p>"
    items = "".join(f"<li>{html.escape(r.note or r.signal)} "
                    f"<span style='color:gray'>({html.escape(r.signal)} {r.value:.2f}, "
                    f"{round(100 * r.share)}% of the score)</span></li>" for r in scored.why)
    return f"<p>{head}</p><p>Chosen because:</p><ul style='margin-left:-24px'>{items}</ul>"


class FigureCard(QFrame):
    """One figure, or with ``kind="table"`` one table; a click emits ``clicked(index)``, a
    double-click or its enlarge button ``enlargeRequested(index)`` (``index`` in the
    summary's figures, or its tables)."""

    clicked = Signal(int)
    enlargeRequested = Signal(int)

    def __init__(self, index: int, scored: ScoredFigure | ScoredTable, thumb: QImage | None,
                 best: float, parent: QWidget | None = None, *, kind: str = "figure") -> None:
        super().__init__(parent)
        self.index = index
        self.kind = kind
        fig = scored.table if kind == "table" else scored.figure
        self.setObjectName("figureCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedWidth(THUMB.width() + 20)
        self.setProperty("active", False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 10)
        lay.setSpacing(5)

        pic = QLabel()
        pic.setObjectName("figureThumb")
        pic.setFixedSize(THUMB)
        pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if thumb is not None:
            pic.setPixmap(QPixmap.fromImage(thumb))
        else:
            pic.setText("no image")
        lay.addWidget(pic)

        head = QHBoxLayout()
        head.setSpacing(4)
        if kind == "table":
            mark = QLabel()
            mark.setObjectName("tableIcon")
            mark.setPixmap(icon("table").pixmap(QSize(14, 14)))
            mark.setToolTip("A table")
            head.addWidget(mark)
        label = QLabel(f"<b>{html.escape(fig.label or kind.capitalize())}</b>")
        label.setObjectName("figureLabel")
        page = QLabel(f"· p.{fig.page + 1}")
        page.setObjectName("figurePage")
        self.enlarge = QToolButton()
        self.enlarge.setObjectName("enlarge")
        self.enlarge.setIcon(icon("enlarge"))
        self.enlarge.setIconSize(QSize(14, 14))
        self.enlarge.setToolTip("Open the table as a grid (or double-click the card)" if kind == "table"
                                else "View larger, with the whole caption (or double-click the card)")
        self.enlarge.setCursor(Qt.CursorShape.PointingHandCursor)
        self.enlarge.clicked.connect(lambda: self.enlargeRequested.emit(self.index))
        head.addWidget(label)
        head.addWidget(page)
        head.addStretch(1)
        head.addWidget(self.enlarge)
        lay.addLayout(head)

        caption = QLabel(fig.caption or "(no caption found)")
        caption.setObjectName("figureCaption")
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # three lines of caption; the full text is in the tooltip
        caption.ensurePolished()  # the style sheet sets its font; measure that one
        caption.setFixedHeight(caption.fontMetrics().lineSpacing() * 3 + 2)
        caption.setToolTip(f"<p>{html.escape(fig.caption)}</p>" if fig.caption else "")
        lay.addWidget(caption)

        row = QHBoxLayout()
        row.setSpacing(6)
        bar = QProgressBar()
        bar.setObjectName("salienceBar")
        bar.setTextVisible(False)
        bar.setFixedHeight(5)
        bar.setRange(0, 100)
        # scores are only comparable within one document: show them relative to the best
        bar.setValue(round(100 * scored.score / best) if best > 0 else 0)
        row.addWidget(bar, 1)
        score = QLabel(f"{scored.score:.2f}")
        score.setObjectName("salienceValue")
        tip = why_tooltip(scored)
        score.setToolTip(tip)
        bar.setToolTip(tip)
        self.setToolTip(tip)  # the thumbnail, label and page show it too
        row.addWidget(score)
        lay.addLayout(row)

    def set_active(self, active: bool) -> None:
        self.setProperty("active", active)
        self.style().unpolish(self)
        self.style().polish(self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.index)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self.enlargeRequested.emit(self.index)
        super().mouseDoubleClickEvent(event)


class FigureStrip(QScrollArea):
    """A horizontal row of :class:`FigureCard`, the key figures then the key tables;
    ``figureActivated(index)`` (a click) and ``figureEnlargeRequested(index)`` index the
    figures, ``tableActivated(index)`` and ``tableOpenRequested(index)`` the tables."""

    figureActivated = Signal(int)
    figureEnlargeRequested = Signal(int)
    tableActivated = Signal(int)
    tableOpenRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureStrip")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._row = QWidget()
        self._row.setObjectName("figureRow")
        self._layout = QHBoxLayout(self._row)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._layout.setSpacing(10)
        self.setWidget(self._row)
        self.cards: list[FigureCard] = []
        self.table_cards: list[FigureCard] = []
        self.set_figures([], [])

    def card_height(self) -> int:
        """Height that shows a whole card, so the salience bar is never cut off."""
        probe = FigureCard(0, ScoredFigure(Figure("probe", 0, (0, 0, 1, 1), label="Figure 1"), 1.0), None, 1.0)
        m = self._layout.contentsMargins()
        h = probe.sizeHint().height() + m.top() + m.bottom() + 4
        probe.deleteLater()
        return h

    def set_figures(self, figures: list[ScoredFigure], thumbs: list[QImage | None],
                    empty: str = "Key figures and tables appear here after a summary.",
                    tables: list[ScoredTable] = (), table_thumbs: list[QImage | None] = ()) -> None:
        """Show ``figures`` then ``tables`` (each ranked) with their pre-scaled thumbnails
        (same order)."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards, self.table_cards = [], []
        best = max((f.score for f in figures), default=0.0)
        for i, (fig, thumb) in enumerate(zip(figures, thumbs)):
            card = FigureCard(i, fig, thumb, best)
            card.clicked.connect(lambda _i, c=card: self._on_click(c))
            card.enlargeRequested.connect(self.figureEnlargeRequested)
            self._layout.addWidget(card)
            self.cards.append(card)
        best = max((t.score for t in tables), default=0.0)
        thumbs = list(table_thumbs) + [None] * (len(tables) - len(table_thumbs))
        for i, (table, thumb) in enumerate(zip(tables, thumbs)):
            card = FigureCard(i, table, thumb, best, kind="table")
            card.clicked.connect(lambda _i, c=card: self._on_click(c))
            card.enlargeRequested.connect(self.tableOpenRequested)
            self._layout.addWidget(card)
            self.table_cards.append(card)
        if not figures and not tables:
            hint = QLabel(empty)
            hint.setObjectName("stripHint")
            self._layout.addWidget(hint)
        self._layout.addStretch(1)

    def _on_click(self, clicked: FigureCard) -> None:
        for card in self.cards + self.table_cards:
            card.set_active(card is clicked)
        (self.tableActivated if clicked.kind == "table" else self.figureActivated).emit(clicked.index)

    def refresh_icons(self) -> None:
        """Redraw the cards' icons in the current theme."""
        for card in self.cards + self.table_cards:
            card.enlarge.setIcon(icon("enlarge"))
            mark = card.findChild(QLabel, "tableIcon")
            if mark is not None:
                mark.setPixmap(icon("table").pixmap(QSize(14, 14)))
