"""Where a window goes on its screen: its preferred size, shrunk to fit the screen's
available area (the desktop's panels left out), centred."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize

MAIN_WINDOW_SIZE = QSize(1440, 900)  # the main window's size where the screen has room for it
SCREEN_SHARE = 0.94  # of the available area: the title bar and the status bar stay on screen


def first_window_geometry(available: QRect, preferred: QSize = MAIN_WINDOW_SIZE) -> QRect:
    """``preferred`` size (pixels), shrunk to 94 % of ``available`` in each direction, centred on it."""
    width = min(preferred.width(), round(available.width() * SCREEN_SHARE))
    height = min(preferred.height(), round(available.height() * SCREEN_SHARE))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect
