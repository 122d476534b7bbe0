"""Shared fixtures. Tests never touch the network: the Hugging Face hub is forced offline."""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docbank-dev"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The development corpus of real papers; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/docbank-dev is not present")
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Embedding caches of tests (and of the app's worker processes, which inherit this) go to a
    temporary folder, never the user's home."""
    if "MMSUM_CACHE_DIR" not in os.environ:
        os.environ["MMSUM_CACHE_DIR"] = str(tmp_path_factory.mktemp("mmsum-cache"))


@pytest.fixture
def aio(qapp):
    """A qasync loop on pytest-qt's QApplication: coroutines advance while qtbot waits."""
    qasync = pytest.importorskip("qasync")
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.events._set_running_loop(None)  # other tests must not see a running loop


@pytest.fixture
def settings(tmp_path):
    """The app's settings in a file of this test's own (never the user's)."""
    from PySide6.QtCore import QSettings

    from ui.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
