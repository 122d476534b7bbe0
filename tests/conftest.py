"""Shared fixtures. Tests never touch the network: the Hugging Face hub is forced offline."""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from tests.pdfbuild import many_pages, two_column_paper

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
    """Embedding caches and exported models of tests (and of the app's worker processes, which
    inherit this) go to a temporary folder, never the user's home."""
    if "MMSUM_CACHE_DIR" not in os.environ:
        base = tmp_path_factory.getbasetemp()
        # parallel test processes (pytest -n) share one folder, so the models are exported once
        root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
        folder = root / "mmsum-cache"
        folder.mkdir(exist_ok=True)
        os.environ["MMSUM_CACHE_DIR"] = str(folder)


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


@pytest.fixture
def window(qtbot, aio, settings):
    """The app's main window with its real engine (models on the CPU), shown offscreen."""
    from mmsum.options import ModelOptions
    from ui.engine import Engine
    from ui.main_window import MainWindow

    w = MainWindow(settings, Engine(ModelOptions(device="cpu")))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    return w


def _report(folder: Path) -> Path:
    """Six pages with a table of contents; "battery" on pages 2 and 5 (1-based)."""
    import pymupdf

    doc = pymupdf.open()
    for i in range(6):
        page = doc.new_page(width=420, height=540)
        page.insert_text((50, 70), f"Chapter {i + 1}", fontsize=16)
        body = "The battery lasted longer than expected." if i in (1, 4) else "Nothing to see here."
        page.insert_text((50, 110), body, fontsize=11)
        page.insert_text((50, 128), "A second line of ordinary text.", fontsize=11)
    doc.set_toc([[1, "Part one", 1], [2, "Battery tests", 2], [1, "Part two", 4],
                 [2, "More batteries", 5, {"kind": pymupdf.LINK_GOTO, "page": 4, "to": pymupdf.Point(0, 100)}]])
    doc.save(folder / "report.pdf")
    doc.close()
    return folder / "report.pdf"


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


class BuiltDocs(dict):
    """Documents for the app's tests by name, each built in ``folder`` when first asked for."""

    BUILDERS = {
        "paper": lambda d: two_column_paper(d.folder / "paper.pdf").path,
        "long": lambda d: many_pages(d.folder / "long.pdf", 24, figure_every=6).path,
        "longer": lambda d: many_pages(d.folder / "longer.pdf", 40, figure_every=5).path,
        "report": lambda d: _report(d.folder),
        "broken": lambda d: _written(d.folder / "broken.pdf", b"%PDF-1.4\nthis is not really a PDF at all\n"),
        "empty": lambda d: _written(d.folder / "empty.pdf", b""),
        "long_name": lambda d: _written(
            d.folder / ("a-very-long-file-name-from-a-journal-download-" + "x" * 40 + "-final.pdf"),
            d["report"].read_bytes()),
    }

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, name: str) -> Path:
        self[name] = path = self.BUILDERS[name](self)
        return path


@pytest.fixture(scope="session")
def docs(tmp_path_factory) -> BuiltDocs:
    """The app's test documents by name: "paper" (two columns, figures), "long" (24 pages) and
    "longer" (40 pages), "report" (a table of contents), "broken", "empty", "long_name"."""
    built = BuiltDocs(tmp_path_factory.mktemp("app-docs"))
    for name in BuiltDocs.BUILDERS:  # all now: no test's timed wait may include building one
        built[name]
    return built
