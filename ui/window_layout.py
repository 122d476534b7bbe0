"""The main window's panes and how they are laid out: the documents and the side panel at the
left, the pages (under the message banner and the find bar) beside the summary, the strip of
key figures and tables below. Only widgets and splitters here; the window connects them."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QSplitter, QToolButton, QVBoxLayout, QWidget

from .banner import MessageBanner
from .controls import SummaryControls
from .doc_list import DocumentList
from .figure_strip import FigureStrip
from .find import DocumentSearch, FindBar
from .render import Renderer
from .search_panel import SearchPanel
from .side_panel import SidePanel
from .summary_pane import SummaryPane
from .theme import icon
from .viewer import PdfViewer


def titled_pane(name: str, title: str, widgets: list[QWidget], *, top: int, spacing: int = 0,
                actions: list[QWidget] | None = None) -> QWidget:
    """A pane with a small caps title (and ``actions`` at its right) over ``widgets``; the
    last widget takes the spare height."""
    pane = QWidget()
    pane.setObjectName(name)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, top, 0, 0)
    layout.setSpacing(spacing)
    label = QLabel(title)
    label.setObjectName("paneTitle")
    if actions:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 10, 0)
        row.addWidget(label)
        row.addStretch(1)
        for a in actions:
            row.addWidget(a)
        layout.addLayout(row)
    else:
        layout.addWidget(label)
    for w in widgets[:-1]:
        layout.addWidget(w)
    layout.addWidget(widgets[-1], 1)
    return pane


def build_panes(w: QMainWindow) -> dict[str, QSplitter]:
    """Make the window's panes as attributes of ``w`` (``doc_list``, ``side_panel``,
    ``search_panel``, ``viewer``, ``find_bar``, ``search``, ``controls``, ``summary_pane``,
    ``copy_md_button``, ``figure_strip``, ``banner``, ``_checker``), set them in splitters
    sized to ``w``'s size, and make them its central widget; the splitters by name. ``w`` is
    the :class:`~ui.main_window.MainWindow` (typed as its base class: that module imports this one)."""
    w.doc_list = DocumentList()
    docs = titled_pane("leftPane", "DOCUMENTS", [w.doc_list], top=10, spacing=6)
    w.side_panel = SidePanel()
    w.search_panel = SearchPanel()
    w.side_panel.addTab(w.search_panel, "Search")
    left = QSplitter(Qt.Orientation.Vertical)
    left.addWidget(docs)
    left.addWidget(w.side_panel)
    left.setStretchFactor(1, 1)
    w._checker = Renderer(w)  # opens documents that are listed but not shown

    w.viewer = PdfViewer()
    w.find_bar = FindBar()
    w.search = DocumentSearch(w)
    w.controls = SummaryControls()
    w.summary_pane = SummaryPane()
    w.copy_md_button = QToolButton()
    w.copy_md_button.setObjectName("paneAction")
    w.copy_md_button.setText("Copy as Markdown")
    w.copy_md_button.setIcon(icon("copy"))
    w.copy_md_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.copy_md_button.setToolTip("Copy the summary as Markdown (Ctrl+Shift+M)")
    right = titled_pane("rightPane", "SUMMARY", [w.controls, w.summary_pane], top=10,
                        actions=[w.copy_md_button])
    w.figure_strip = FigureStrip()
    w.figure_strip.setMinimumHeight(w.figure_strip.card_height())
    bottom = titled_pane("stripPane", "KEY FIGURES AND TABLES", [w.figure_strip], top=8)

    w.banner = MessageBanner()
    center = QWidget()
    cl = QVBoxLayout(center)
    cl.setContentsMargins(0, 0, 0, 0)
    cl.setSpacing(0)
    cl.addWidget(w.banner)
    cl.addWidget(w.find_bar)
    cl.addWidget(w.viewer, 1)

    reading = QSplitter(Qt.Orientation.Horizontal)
    reading.addWidget(center)
    reading.addWidget(right)
    reading.setStretchFactor(0, 3)
    reading.setStretchFactor(1, 2)
    width, height = w.width(), w.height()
    side = 220 if width >= 1100 else 180
    reading.setSizes([round((width - side) * 0.62), round((width - side) * 0.38)])
    vertical = QSplitter(Qt.Orientation.Vertical)
    vertical.addWidget(reading)
    vertical.addWidget(bottom)
    vertical.setStretchFactor(0, 1)
    strip = 40 + w.figure_strip.card_height()
    vertical.setSizes([max(200, height - 90 - strip), strip])
    left.setSizes([150, max(200, height - 240)])
    outer = QSplitter(Qt.Orientation.Horizontal)
    outer.addWidget(left)
    outer.addWidget(vertical)
    outer.setStretchFactor(1, 1)
    outer.setSizes([side, width - side])
    splitters = {"reading": reading, "vertical": vertical, "outer": outer, "side": left}
    for name, s in splitters.items():
        s.setObjectName(name)
        s.setChildrenCollapsible(False)
        s.setHandleWidth(1)
    w.setCentralWidget(outer)
    return splitters
