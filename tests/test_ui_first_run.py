"""The app's first launch: the encoders' one-time preparation in a progress dialog, then the
models load as on every launch. A fresh cache folder (the test's own) makes the first launch."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from tests.encoders import summarizer  # noqa: E402

pytestmark = pytest.mark.gui


def _dialogs():
    from PySide6.QtWidgets import QApplication, QProgressDialog

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_a_launch_with_prepared_models_shows_no_dialog_and_loads_them(qtbot, window):
    from ui import first_run

    summarizer()  # the session's cache folder holds the exported models from here on
    first_run.start(window)
    assert _dialogs() == []
    qtbot.waitUntil(lambda: window.engine.loaded, timeout=120000)


@pytest.mark.slow
def test_the_first_launch_prepares_the_models_in_a_dialog_then_loads_them(qtbot, aio, settings, tmp_path,
                                                                           monkeypatch):
    from mmsum.options import ModelOptions
    from ui import first_run
    from ui.engine import Engine, WorkerProcess
    from ui.main_window import MainWindow

    cache = tmp_path / "fresh-cache"
    monkeypatch.setenv("MMSUM_CACHE_DIR", str(cache))  # before the worker process starts: it inherits it
    worker = WorkerProcess()
    w = MainWindow(settings, Engine(ModelOptions(device="cpu"), worker=worker))
    qtbot.addWidget(w)
    w.show()
    try:
        first_run.start(w)
        (dialog,) = _dialogs()
        assert dialog.labelText().startswith("Preparing the text encoder (once, about ")
        assert dialog.windowTitle().startswith("Preparing the models (once, about ")
        values = set()
        qtbot.waitUntil(lambda: values.add(dialog.value()) or dialog.value() > 0, timeout=60000)
        qtbot.waitUntil(lambda: not _dialogs(), timeout=600000)
        qtbot.waitUntil(lambda: w.engine.loaded, timeout=120000)
        assert sorted(p.name for p in (cache / "models").rglob("*.onnx")) == ["image.onnx", "text-int8.onnx",
                                                                              "text.onnx"]
        assert first_run.pending(w.engine.model_options) == []
    finally:
        worker.shutdown()
