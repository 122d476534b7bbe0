"""The summary controls: length, figures, focus, mode, layout, Summarize/Cancel and the stage progress."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLineEdit,
                               QProgressBar, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from mmsum.options import DEFAULT_WORDS, SummaryOptions

from .elided_label import ElidedLabel


class SummaryControls(QWidget):
    """Reads and writes a :class:`~mmsum.options.SummaryOptions`; shows progress while busy.

    ``summarizeRequested`` and ``cancelRequested`` are the buttons; ``optionsChanged``
    fires on any edit so the choice can be remembered.
    """

    summarizeRequested = Signal()
    cancelRequested = Signal()
    optionsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controls")
        self.words = QSpinBox()
        self.words.setRange(20, 2000)
        self.words.setSingleStep(25)
        self.words.setSuffix(" words")
        self.words.setToolTip("Summary length: at most this many words")
        self.figures = QSpinBox()
        self.figures.setRange(0, 20)
        self.figures.setSuffix(" figures")
        self.figures.setToolTip("How many key figures to show")
        self.mode = QComboBox()
        self.mode.addItem("Extractive", False)
        self.mode.addItem("Generated", True)
        self.mode.setToolTip("Extractive: the document's own sentences.\n"
                             "Generated: written by a local language model, grounded on them.")
        self.layout_choice = QComboBox()
        self.layout_choice.addItem("Paragraph", False)
        self.layout_choice.addItem("Structured", True)
        self.layout_choice.setToolTip("Paragraph: one running summary.\n"
                                      "Structured: short sections (problem, approach, findings, limitations),\n"
                                      "each sentence still linked to its page.")
        self.query = QLineEdit()
        self.query.setPlaceholderText("Focus (optional): a question or topic")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.summarizeRequested)

        self.summarize = QPushButton("Summarize")
        self.summarize.setObjectName("primary")
        self.summarize.setDefault(True)
        self.summarize.clicked.connect(self.summarizeRequested)
        self.cancel = QPushButton("Cancel")
        self.cancel.setObjectName("cancel")
        self.cancel.clicked.connect(self.cancelRequested)
        self.cancel.hide()

        self.progress = QProgressBar()
        self.progress.setObjectName("stageProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.stage = ElidedLabel()  # a long stage text never widens the pane
        self.stage.setObjectName("stageLabel")

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.words, 0, 0)
        grid.addWidget(self.figures, 0, 1)
        grid.addWidget(self.mode, 0, 2)
        grid.addWidget(self.layout_choice, 0, 3)
        grid.addWidget(self.query, 1, 0, 1, 4)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summarize, 1)
        buttons.addWidget(self.cancel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 10)
        lay.setSpacing(8)
        lay.addLayout(grid)
        lay.addLayout(buttons)
        lay.addWidget(self.progress)
        lay.addWidget(self.stage)
        self.set_busy(False)

        for spin in (self.words, self.figures):
            spin.valueChanged.connect(self.optionsChanged)
        self.mode.currentIndexChanged.connect(self.optionsChanged)
        self.layout_choice.currentIndexChanged.connect(self.optionsChanged)
        self.query.editingFinished.connect(self.optionsChanged)

    def options(self) -> SummaryOptions:
        return SummaryOptions(words=self.words.value(), figures=self.figures.value(),
                              query=self.query.text().strip() or None,
                              generate=bool(self.mode.currentData()),
                              structure=bool(self.layout_choice.currentData()))

    def set_options(self, o: SummaryOptions) -> None:
        self.words.setValue(o.words or DEFAULT_WORDS)
        self.figures.setValue(o.figures)
        self.query.setText(o.query or "")
        self.mode.setCurrentIndex(1 if o.generate else 0)
        self.layout_choice.setCurrentIndex(1 if o.structure else 0)

    def set_busy(self, busy: bool) -> None:
        """While busy: Cancel replaces Summarize and the stage progress shows."""
        self.summarize.setVisible(not busy)
        self.cancel.setVisible(busy)
        self.cancel.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.stage.setText("Starting…")
        self.stage.setVisible(busy or bool(self.stage.text()))

    def show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.stage.setText(message[:1].upper() + message[1:])

    def show_outcome(self, text: str) -> None:
        """A line under the buttons once the work is over (time taken, or "cancelled")."""
        self.stage.setText(text)
        self.stage.setVisible(bool(text))
