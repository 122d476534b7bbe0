"""The window stays responsive because the work is elsewhere: summaries run in the worker
process, pages, thumbnails and searches in the render processes, and nothing heavy loads
before the window shows. How long the window can stall is measured, not asserted here:
``benchmarks/ui_stall.py``.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import QTimer  # noqa: E402

from tests.pdfbuild import many_pages  # noqa: E402

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


class TickCounter:
    """Counts the turns of a 5 ms timer on the GUI thread: it only turns while the loop runs."""

    def __init__(self) -> None:
        self.ticks = 0
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks += 1

    def __enter__(self) -> "TickCounter":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.stop()



def test_a_summary_runs_in_the_worker_process(qtbot, window, tmp_path, monkeypatch):
    import mmsum.pipeline

    def here(*a, **k):
        raise AssertionError("the summary ran in the window's process")

    monkeypatch.setattr(mmsum.pipeline.Summarizer, "summarize", here)
    doc = tmp_path / "report.pdf"
    many_pages(doc, 8, figure_every=4)
    with qtbot.waitSignal(window.documentShown, timeout=30000):
        window.open_files([doc])
    with TickCounter() as loop_turns, qtbot.waitSignal(window.summaryFinished, timeout=600000) as done:
        window.summarize()
    assert done.args[0].sentences
    assert loop_turns.ticks > 10, "the event loop kept turning while the summary was made"


def test_pages_and_thumbnails_render_in_the_render_processes(qtbot, window, tmp_path, monkeypatch):
    from mmsum.pages import PageSource

    def here(*a, **k):
        raise AssertionError("a page was drawn in the window's process")

    monkeypatch.setattr(PageSource, "render", here)
    doc = tmp_path / "report.pdf"
    many_pages(doc, 12, figure_every=2)
    thumbs = window.side_panel.thumbnails
    with TickCounter() as loop_turns:
        with qtbot.waitSignal(window.documentShown, timeout=30000):
            window.open_files([doc])
        for page in range(window.viewer.page_count):
            window.viewer.go_to_page(page)
            qtbot.wait(20)
        qtbot.waitUntil(lambda: window.viewer.page_widget(11).image is not None, timeout=30000)
        qtbot.waitUntil(lambda: 0 in thumbs.drawn, timeout=30000)
    assert loop_turns.ticks > 10


def test_launch_imports_nothing_heavy_before_the_window_is_usable(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    code = ("import sys; from ui.app import main; rc = main(['--measure-startup']); "
            "print('heavy:', sorted(m for m in ('torch', 'transformers', 'pymupdf', 'mmsum.pipeline') "
            "if m in sys.modules)); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "window usable after" in out.stdout, out.stdout + out.stderr
    assert "heavy: []" in out.stdout, out.stdout
