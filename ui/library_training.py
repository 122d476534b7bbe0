"""Library ▸ Train Ranker: ``mmsum library train`` run as a child process of the window, so the
documents are read (and the models loaded) outside the window's process and the window stays
usable. Its stderr lines are the progress ("[12/118] paper.pdf"); Cancel is Ctrl+C's SIGINT
(the library and any earlier model stay as they were; documents read are kept in the cache).
"""
from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

_PROGRESS = re.compile(r"^mmsum: \[(\d+)/(\d+)\] (.*)$")


class LibraryTraining(QObject):
    """One training of ``library``. ``progress(done, total, name)`` for each document read,
    ``line(text)`` for the other lines, ``finished(exit status, last lines)`` at the end
    (0: the model was written; its numbers are in the text)."""

    progress = Signal(int, int, str)
    line = Signal(str)
    finished = Signal(int, str)

    def __init__(self, library: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = Path(library)
        self.process = QProcess(self)
        self.process.setProgram(sys.executable)
        self.process.setArguments(["-m", "mmsum", "library", "train", "--library", str(self.library)])
        self.process.readyReadStandardError.connect(self._read_errors)
        self.process.finished.connect(self._finished)
        self._errors: list[str] = []
        self._pending = ""

    def start(self) -> None:
        self.process.start()

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Stop as Ctrl+C does (where signals exist; else the process is ended)."""
        pid = int(self.process.processId())
        if pid and hasattr(signal, "SIGINT") and os.name == "posix":
            os.kill(pid, signal.SIGINT)
        else:
            self.process.kill()

    def _read_errors(self) -> None:
        text = self._pending + bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
        *lines, self._pending = text.split("\n")
        for raw in lines:
            m = _PROGRESS.match(raw.strip())
            if m:
                self.progress.emit(int(m.group(1)), int(m.group(2)), m.group(3))
            elif raw.startswith("mmsum: "):
                self._errors.append(raw.removeprefix("mmsum: "))
                self.line.emit(self._errors[-1])

    def _finished(self, code: int, _status) -> None:
        self._read_errors()
        out = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace").strip()
        text = out if code == 0 else (self._errors[-1] if self._errors else f"stopped (exit status {code})")
        self.finished.emit(code, text)
