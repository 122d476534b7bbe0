"""Steps the app's tests share: open a document in the window, summarize it, and wait."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt


def open_and_wait(qtbot, w, path: Path) -> None:
    """Open ``path`` in the main window ``w``; return once its first page is shown."""
    with qtbot.waitSignal(w.documentShown, timeout=30000):
        w.open_files([path])


def summarize_and_wait(qtbot, w, timeout: int = 300000):
    """Click Summarize; the summary, once it is shown (``timeout`` in ms)."""
    with qtbot.waitSignal(w.summaryFinished, timeout=timeout) as blocker:
        qtbot.mouseClick(w.controls.summarize, Qt.MouseButton.LeftButton)
    return blocker.args[0]
