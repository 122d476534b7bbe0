"""One page in the viewer: its rendered image, or a blank sheet until it arrives, with what is
drawn over it: the highlighted sentence or figure, found text, and the selection.

Boxes are PDF points (origin top-left); ``scale`` maps them to the widget's pixels.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mmsum.document import BBox

PX_PER_PT = 96 / 72  # 100 % zoom shows a page at its physical size on a 96 dpi screen
PAGE_EDGE = QColor(200, 206, 214)
HIGHLIGHT_FILL = QColor(255, 200, 0, 80)
HIGHLIGHT_EDGE = QColor(230, 140, 0)
MATCH_FILL = QColor(255, 226, 0, 90)       # every occurrence of the searched text
CURRENT_FILL = QColor(255, 140, 0, 120)    # the occurrence the find bar is on
CURRENT_EDGE = QColor(214, 96, 0)
SELECTION_FILL = QColor(47, 110, 200, 70)


class PageWidget(QWidget):
    """One page: its rendered image (or a blank sheet until it arrives) and its highlight."""

    def __init__(self, number: int, size_pt: tuple[float, float], parent: QWidget | None = None):
        super().__init__(parent)
        self.number = number
        self.size_pt = size_pt
        self.image: QImage | None = None
        self.image_scale = 0.0      # device pixels per point of ``image``
        self.requested_scale = 0.0  # scale of the render in flight, if any
        self.highlight: BBox | None = None
        self.matches: list[tuple[BBox, ...]] = []  # found text on this page, one tuple a hit
        self.current_match: int | None = None      # index in ``matches`` of the current hit
        self.selection: list[BBox] = []            # selected words, merged per line
        self.error: str | None = None  # why the page could not be rendered, if it could not
        self._scale = PX_PER_PT
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # mouse and context-menu events are left to the page column, which selects text
        self.setCursor(Qt.CursorShape.IBeamCursor)

    def set_scale(self, scale: float) -> None:
        """Logical pixels per point."""
        self._scale = scale
        self.setFixedSize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        w, h = self.size_pt
        return QSize(round(w * self._scale), round(h * self._scale))

    def to_widget(self, bbox: BBox) -> QRectF:
        """A box in PDF points mapped to this widget's pixels."""
        x0, y0, x1, y1 = bbox
        s = self._scale
        return QRectF(QPointF(x0 * s, y0 * s), QPointF(x1 * s, y1 * s))

    def to_points(self, pos: QPointF | QPoint) -> tuple[float, float]:
        """A position in this widget's pixels as PDF points on the page."""
        return (pos.x() / self._scale, pos.y() / self._scale)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.error and self.image is None:
            p.setPen(QColor(150, 60, 45))
            p.drawText(self.rect().adjusted(20, 20, -20, -20),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       f"This page could not be shown:\n{self.error}")
        if self.image is not None:
            # a stale-zoom image is drawn scaled until the sharp one arrives
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(QRectF(self.rect()), self.image)
        p.setPen(QPen(PAGE_EDGE, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        for i, boxes in enumerate(self.matches):
            current = i == self.current_match
            p.setBrush(CURRENT_FILL if current else MATCH_FILL)
            for box in boxes:
                p.drawRect(self.to_widget(box).adjusted(-1, -1, 1, 1))
        if self.current_match is not None and 0 <= self.current_match < len(self.matches):
            p.setPen(QPen(CURRENT_EDGE, 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            for box in self.matches[self.current_match]:
                p.drawRect(self.to_widget(box).adjusted(-2, -2, 2, 2))
            p.setPen(Qt.PenStyle.NoPen)
        if self.selection:
            p.setBrush(SELECTION_FILL)
            for box in self.selection:
                p.drawRect(self.to_widget(box).adjusted(-1, -1, 1, 1))
        if self.highlight is not None:
            r = self.to_widget(self.highlight).adjusted(-3, -2, 3, 2)
            p.setPen(QPen(HIGHLIGHT_EDGE, 1.5))
            p.setBrush(HIGHLIGHT_FILL)
            p.drawRoundedRect(r, 3, 3)
        p.end()
