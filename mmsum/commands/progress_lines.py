"""Progress as plain lines, for a stderr that is not a terminal (a log file, a CI job, a pipe),
where a redrawn bar would be noise: a line when a document starts and then one every few
seconds, so a long run shows it is alive without flooding the log."""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

INTERVAL_S = 5.0


class ProgressLines:
    """A ``progress(fraction, message)`` callback (fraction of the whole batch) that prints
    ``mmsum: 42% [1/3] paper.pdf: reading page 40 of 120`` lines."""

    def __init__(self, interval_s: float = INTERVAL_S, out: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._interval, self._out, self._clock = interval_s, out, clock
        self._last = -float("inf")
        self._item = None

    def __call__(self, fraction: float, message: str) -> None:
        now = self._clock()
        item = message.split(":", 1)[0] if message.startswith("[") else None  # "[2/5] name"
        if now - self._last >= self._interval or item != self._item:
            self._last, self._item = now, item
            self.write(f"mmsum: {100 * min(max(fraction, 0.0), 1.0):3.0f}% {message}")

    def write(self, line: str) -> None:
        print(line, file=self._out or sys.stderr, flush=True)

    def close(self) -> None:
        pass
