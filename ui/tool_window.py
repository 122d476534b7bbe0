"""The app's tool windows (Library, Batch): non-modal dialogs beside the main window.

Two rules hold for every one of them:

- **Enter never presses a button.** A :class:`QDialog` makes its first push button the
  default one, so Enter in any of its fields (the library's search box, the output folder)
  also "clicked" it and opened a file dialog. Here no push button is a default button; Enter
  does what its field says (search), and a focused button is pressed with Space.
- **The window fits the screen it opens on**: its preferred size, shrunk where the screen is
  smaller (a 1366×768 laptop).
"""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from .screen_fit import first_window_geometry


class ToolWindow(QDialog):
    """A dialog whose buttons never take Enter, sized ``preferred`` (pixels) within its screen."""

    def __init__(self, preferred: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        if screen is None:
            self.resize(preferred)
        else:
            self.resize(first_window_geometry(screen.availableGeometry(), preferred).size())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        # before QDialog picks a default button (it does so after this event), and for
        # buttons added since the window was made
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        super().showEvent(event)
