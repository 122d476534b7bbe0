"""Screenshots for the README: the main window after a summary (light and dark), find, the
thumbnails and contents panel, a key figure's view and a key table's grid, the batch dialog,
the library window and the About window.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [DOCUMENT] [--out docs] [--only main,find]
    xvfb-run -s "-screen 0 1366x768x24" python scripts/screenshots.py --only library,about \
        --library lib.sqlite --query "density based clustering" --suffix -1366

Drives the real app (real models, real documents) with settings kept in a temporary folder,
so the user's own settings are untouched. Writes, in ``docs/``: ``main-window.png``,
``main-window-dark.png``, ``find.png``, ``side-panel.png``, ``figure-view.png`` (the first
key chart whose data were read, else the first key figure), ``table-grid.png`` (when the
summary has a key table), ``batch-dialog.png``,
``library-window.png`` (a library made with ``mmsum library add --library FILE ...``,
searched for ``--query``) and ``about.png``; under a real display (Xvfb) each of the last two
also as the whole screen (``-screen`` in the name), to see how the window sits on it.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docbank-dev"
sys.path.insert(0, str(ROOT))
from benchmarks.qtwait import wait_for  # noqa: E402


def default_document() -> Path:
    for p in (ROOT / "resources" / "sample-report.pdf", CORPUS / "arxiv-1701.04170.pdf"):
        if p.is_file():
            return p
    raise SystemExit("no document given and no sample found; pass one")


async def settle(seconds: float = 0.6) -> None:
    """Let renders and layouts finish before grabbing."""
    await asyncio.sleep(seconds)


SHOTS = ("main", "dark", "find", "side", "figure", "table", "batch", "library", "about")
WINDOW_SHOTS = {"library", "about"}  # need no summary first
FIND_QUERY = "battery"  # in the sample report; another document may need another word


async def shoot(document: Path, out: Path, batch_docs: list[Path], only: set[str]) -> None:
    from PySide6.QtCore import QRect, QSettings

    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    tmp = Path(tempfile.mkdtemp(prefix="mmsum-shots-"))
    settings = AppSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.set_appearance("light")
    w = MainWindow(settings)
    w.resize(1440, 900)
    w.show()
    out.mkdir(parents=True, exist_ok=True)

    def save(image, name: str) -> None:
        image.save(str(out / name))
        print("wrote", out / name)

    # a few documents in the list, as someone working would have
    for extra in batch_docs[:2]:
        w.open_files([extra])
        await wait_for(w.documentShown)
    w.open_files([document])
    await wait_for(w.documentShown)
    w.summarize()
    (summary,) = await wait_for(w.summaryFinished, failure=w.summaryFailed)
    await settle()
    if summary.sentences:
        w.summary_pane.set_active(1 if len(summary.sentences) > 1 else 0)
        w._on_sentence(w.summary_pane.active)
    if w.figure_strip.cards:
        w.figure_strip.cards[0].set_active(True)
    await settle(1.0)
    if "main" in only:
        save(w.grab(), "main-window.png")
    if "dark" in only:
        w.set_appearance("dark")
        await settle(1.0)
        save(w.grab(), "main-window-dark.png")
        w.set_appearance("light")
        await settle(0.6)

    if "find" in only:
        w.viewer.go_to_page(0)
        w.show_find()
        w.find_bar.edit.setText(FIND_QUERY)
        w.find_bar.searchRequested.emit(FIND_QUERY)
        await wait_for(w.search.finished)
        for _ in range(2):
            w.search.next()
        await settle(1.0)
        save(w.grab(), "find.png")
        w.find_bar.close_bar()

    if "side" in only:
        thumbs = w.side_panel.thumbnails
        # the panel beside the page, without the figure strip under the page
        strip = w._splitters["vertical"].widget(1)
        strip.hide()
        page = min(2, w.viewer.page_count - 1)
        await settle(0.5)
        w.viewer.go_to_page(page)
        await settle(1.5)
        left = w._splitters["side"]
        right_edge = w.viewer.mapTo(w, w.viewer.rect().topRight()).x()
        top = left.mapTo(w, left.rect().topLeft()).y()
        bottom = w.viewer.mapTo(w, w.viewer.rect().bottomLeft()).y()
        pages = w.grab(QRect(0, top, right_edge, bottom - top)).toImage()
        w.side_panel.setCurrentWidget(w.side_panel.outline)
        await settle(0.6)
        contents = left.grab(QRect(0, 0, left.width(), bottom - top)).toImage()
        w.side_panel.setCurrentWidget(thumbs)
        strip.show()
        # the thumbnails beside the page, and the contents tab of the same panel
        from PySide6.QtGui import QColor, QImage, QPainter

        gap = 16
        canvas = QImage(pages.width() + gap + contents.width(), pages.height(), QImage.Format.Format_RGB32)
        canvas.setDevicePixelRatio(pages.devicePixelRatio())
        canvas.fill(QColor("#f6f7f9"))
        p = QPainter(canvas)
        p.drawImage(0, 0, pages)
        p.drawImage(pages.width() / pages.devicePixelRatio() + gap, 0, contents)
        p.end()
        save(canvas, "side-panel.png")

    if "figure" in only and summary.figures:
        charts = [k for k, sf in enumerate(summary.figures) if sf.figure.content and sf.figure.content.series]
        view = w.show_figure(charts[0] if charts else 0)
        await settle(0.6)
        save(view.grab(), "figure-view.png")
        view.close()
    if "table" in only and summary.tables:
        view = w.show_table(0)
        await settle(0.6)
        save(view.grab(), "table-grid.png")
        view.close()

    if "batch" not in only or not batch_docs:
        w.close()
        return
    w.open_batch()
    dlg = w._batch_dialog
    bad = tmp / "damaged-scan.pdf"
    bad.write_bytes(b"%PDF-1.7\n this file was cut off in transfer")
    dlg.add_paths([*batch_docs[:1], bad, *batch_docs[1:]])
    dlg.set_output_dir(tmp / "summaries")
    dlg.resize(980, 520)
    dlg.start()
    # cancelled once the first two ended: the picture shows done, failed and cancelled rows
    while not (dlg.row_state(0)[0] in ("success", "partial") and dlg.row_state(1)[0] == "failure"):
        await asyncio.sleep(0.2)
    dlg.cancel()
    await wait_for(dlg.finished, timeout=900)
    await settle()
    save(dlg.grab(), "batch-dialog.png")
    w.close()


async def shoot_windows(out: Path, only: set[str], library: Path | None, query: str, suffix: str) -> None:
    """The library window (searched for ``query``) and the About window, each grabbed alone
    and, under a real display, as the whole screen with the main window behind it."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QGuiApplication

    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    tmp = Path(tempfile.mkdtemp(prefix="mmsum-shots-"))
    settings = AppSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.set_appearance("light")
    w = MainWindow(settings)
    w.show()
    out.mkdir(parents=True, exist_ok=True)
    screen = QGuiApplication.primaryScreen()
    real_display = QGuiApplication.platformName() not in ("offscreen", "minimal")

    async def save(dialog, name: str) -> None:
        dialog.move(screen.availableGeometry().center() - dialog.rect().center())
        dialog.raise_()
        await settle(1.0)
        dialog.grab().save(str(out / f"{name}{suffix}.png"))
        print("wrote", out / f"{name}{suffix}.png", dialog.size().toTuple())
        if real_display:
            screen.grabWindow(0).save(str(out / f"{name}{suffix}-screen.png"))
            print("wrote", out / f"{name}{suffix}-screen.png")

    if "about" in only:
        dlg = w.show_about()
        await save(dlg, "about")
        dlg.close()
    if "library" in only and library is not None:
        d = w.open_library_window(library)
        d.table.selectRow(0)
        d.search(query)
        for _ in range(3000):  # the text encoder loads on the first search
            if d.results or "Nothing" in (d.results_list.item(0).text() if d.results_list.count() else ""):
                break
            await asyncio.sleep(0.2)
        await save(d, "library-window")
        d.close()
    w.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("document", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--only", default=",".join(SHOTS), help="comma-separated: " + ", ".join(SHOTS))
    ap.add_argument("--library", type=Path, help="the library the library window shows")
    ap.add_argument("--query", default="density based clustering", help="what the library window searches")
    ap.add_argument("--suffix", default="", help="added to the names of the library and About shots")
    args = ap.parse_args()
    only = set(args.only.split(","))
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # a fresh embedding cache: the times shown are those of a first run, and the user's
    # cache is left alone
    os.environ.setdefault("MMSUM_CACHE_DIR", tempfile.mkdtemp(prefix="mmsum-shots-cache-"))

    import qasync

    from ui.app import create_app

    app = create_app()
    doc = (args.document or default_document()).resolve()
    batch_docs = sorted(p for p in CORPUS.glob("*.pdf") if p != doc)[:3] if CORPUS.is_dir() else []
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        if only - WINDOW_SHOTS:
            loop.run_until_complete(shoot(doc, args.out, batch_docs, only))
        if only & WINDOW_SHOTS:
            loop.run_until_complete(shoot_windows(args.out, only, args.library, args.query, args.suffix))
    from ui import render
    from ui.engine import shutdown_shared_worker

    shutdown_shared_worker()
    render.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
