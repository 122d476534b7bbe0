"""A figure at a readable size: the crop, its label and page, the whole caption, what the
figure shows in words, and for a chart with data read, "Copy data as CSV"."""
from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from mmsum.document import Figure


def caption_html(label: str | None, caption: str, page: int, *, fallback: str = "Figure") -> str:
    """Rich text for a caption under its item: the label once, in bold, then the page (``page``
    0-based, shown 1-based) and the caption without the label it starts with."""
    # mmsum.ingest loads PyMuPDF: imported when a view opens, not at the app's start
    from mmsum.ingest.captions import without_label

    name = label or fallback
    text = without_label(caption) if label else caption.strip()
    body = html.escape(" ".join(text.split())) if text else "<i>No caption was found.</i>"
    return f"<b>{html.escape(name)}</b> (page {page + 1}). {body}"


def text_label(text: str, name: str, tooltip: str = "") -> QLabel:
    """A wrapped label whose text the reader can select and copy (a caption, a description)."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setToolTip(tooltip)
    return label


def available_size(widget: QWidget) -> QSize:
    """Most of the screen ``widget`` is on: the room a view of a crop may take, pixels."""
    screen = (widget.parentWidget().screen() if widget.parentWidget() else None) \
        or QGuiApplication.primaryScreen()
    geo = screen.availableGeometry().size() if screen else QSize(1280, 800)
    return QSize(int(geo.width() * 0.8), int(geo.height() * 0.7))


def crop_area(png: bytes | None, avail: QSize, missing: str) -> tuple[QScrollArea, QLabel]:
    """A scroll area showing the crop ``png`` fitted to ``avail`` (never blown up past twice
    its size), or the text ``missing`` when there is no image; (area, image label)."""
    image = QLabel()
    image.setObjectName("figureImage")
    image.setAlignment(Qt.AlignmentFlag.AlignCenter)
    img = QImage.fromData(png) if png else QImage()
    if img.isNull():
        image.setText(missing)
        image.setMinimumSize(320, 160)
    else:
        target = img.size()
        room = QSize(avail.width() - 40, avail.height())  # the dialog's margins and frame
        target.scale(QSize(min(room.width(), img.width() * 2), min(room.height(), img.height() * 2)),
                     Qt.AspectRatioMode.KeepAspectRatio)
        image.setPixmap(QPixmap.fromImage(img.scaled(
            target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)))
    area = QScrollArea()
    area.setObjectName("figureView")
    area.setWidget(image)
    area.setWidgetResizable(True)
    area.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return area, image


class FigureView(QDialog):
    """Shows ``figure``'s crop fitted to most of the screen, with its caption and description;
    ``showInDocument()`` asks the window to go to the figure; ``copied(what)`` after a copy."""

    showInDocument = Signal()
    copied = Signal(str)

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mmsum.export.chart_data import chart_csv  # loads PyMuPDF: at first view, not at start

        self.setObjectName("figureViewDialog")
        self.figure = figure
        self.setWindowTitle(f"{figure.label or 'Figure'} — page {figure.page + 1}")
        avail = available_size(self)
        area, self.image = crop_area(figure.image_png, avail, "The figure's image is not available.")

        self.caption = text_label(caption_html(figure.label, figure.caption, figure.page), "figureViewCaption")
        described = figure.content.description if figure.content else ""
        self.description = text_label(html.escape(described), "figureViewDescription",
                                      "What the figure shows, read from the figure and its caption")
        self.description.setVisible(bool(described))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._csv = chart_csv(figure)
        self.copy_csv = QPushButton("Copy data as CSV")
        self.copy_csv.setToolTip("Copy the chart's data points (series, x, y in the axes' units)")
        self.copy_csv.clicked.connect(self.copy_data)
        self.copy_csv.setVisible(self._csv is not None)
        buttons.addButton(self.copy_csv, QDialogButtonBox.ButtonRole.ActionRole)
        go = QPushButton("Show in document")
        buttons.addButton(go, QDialogButtonBox.ButtonRole.ActionRole)
        go.clicked.connect(self._go)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(area, 1)
        lay.addWidget(self.caption)
        lay.addWidget(self.description)
        lay.addWidget(buttons)
        pix = self.image.pixmap()
        if pix is not None and not pix.isNull():
            self.resize(min(avail.width(), max(pix.width() + 40, 420)),
                        min(avail.height() + 180, pix.height() + 190))

    def copy_data(self) -> None:
        """Put the chart's data on the clipboard as CSV (the core's ``chart_csv``)."""
        if self._csv is not None:
            QGuiApplication.clipboard().setText(self._csv)
            self.copied.emit("The chart's data copied as CSV.")

    def _go(self) -> None:
        self.showInDocument.emit()
        self.accept()
