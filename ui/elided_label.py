"""A one-line status label whose text never moves the layout around it.

A plain :class:`QLabel` asks for the width of its whole text, so a long status ("Embedding
figures of a-very-long-file-name.pdf…") widens the pane that holds it and everything beside
it moves (the page's fit-width zoom jumps). This label takes the width its layout gives it,
shortens its text at the right with "…" where it does not fit, and shows the whole text as
its tooltip.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """One line of plain text, elided to the label's width; :meth:`text` is the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        # the layout decides the width; the text's length never does
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def text(self) -> str:  # noqa: D102 - the whole text, not the elided one shown
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        self._full = " ".join((text or "").split())
        self._elide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(0, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, room))
        QLabel.setText(self, shown)
        self.setToolTip(self._full if shown != self._full else "")
