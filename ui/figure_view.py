"""A figure at a readable size: the crop, its label and page, and the whole caption."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from mmsum.document import Figure


class FigureView(QDialog):
    """Shows ``figure``'s crop fitted to most of the screen (never blown up past twice its
    size), with its caption; ``showInDocument()`` asks the window to go to the figure."""

    showInDocument = Signal()

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureViewDialog")
        self.figure = figure
        name = figure.label or "Figure"
        self.setWindowTitle(f"{name} — page {figure.page + 1}")

        self.image = QLabel()
        self.image.setObjectName("figureImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        img = QImage.fromData(figure.image_png) if figure.image_png else QImage()
        avail = self._available()
        if img.isNull():
            self.image.setText("The figure's image is not available.")
            self.image.setMinimumSize(320, 160)
        else:
            target = img.size()
            # up to twice the crop's own size, and never more than the screen allows
            target.scale(QSize(min(avail.width(), img.width() * 2), min(avail.height(), img.height() * 2)),
                         Qt.AspectRatioMode.KeepAspectRatio)
            self.image.setPixmap(QPixmap.fromImage(img.scaled(
                target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)))
        area = QScrollArea()
        area.setObjectName("figureView")
        area.setWidget(self.image)
        area.setWidgetResizable(True)
        area.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.caption = QLabel(f"<b>{name}</b> (page {figure.page + 1}). "
                              + (_escape(figure.caption) if figure.caption else "<i>No caption was found.</i>"))
        self.caption.setObjectName("figureViewCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        go = QPushButton("Show in document")
        buttons.addButton(go, QDialogButtonBox.ButtonRole.ActionRole)
        go.clicked.connect(self._go)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(area, 1)
        lay.addWidget(self.caption)
        lay.addWidget(buttons)
        pix = self.image.pixmap()
        if pix is not None and not pix.isNull():
            self.resize(min(avail.width(), max(pix.width() + 40, 420)),
                        min(avail.height() + 140, pix.height() + 150))

    def _available(self) -> QSize:
        screen = (self.parentWidget().screen() if self.parentWidget() else None) \
            or QGuiApplication.primaryScreen()
        geo = screen.availableGeometry().size() if screen else QSize(1280, 800)
        return QSize(int(geo.width() * 0.8), int(geo.height() * 0.7))

    def _go(self) -> None:
        self.showInDocument.emit()
        self.accept()


def _escape(text: str) -> str:
    import html

    return html.escape(" ".join(text.split()))
