"""How long the desktop app's window can freeze: the longest event-loop stall while it works.

    QT_QPA_PLATFORM=offscreen python benchmarks/ui_stall.py [--repeat 3] [--only find,thumbs]

A 5 ms timer runs on the GUI thread; the longest gap between its ticks, beyond 5 ms, is the
longest time the window could not answer the user. Measured, in the real window with the
real models and documents:

- ``summary``: an extractive summary of a built 20-page report (the models already loaded);
- ``paging``: paging through a heavy paper (dense vector plots; a built one if the
  development corpus is absent);
- ``find``: a search across a built 250-page document, until every page was searched;
- ``thumbs``: scrolling the thumbnails of that document from top to bottom;
- ``first_thumb``: milliseconds from opening the 250-page document to its first thumbnail
  on screen (render processes already started, as they are a moment after launch);
- ``views``: opening the first key figure's view, then the first key table's grid, of a
  built two-column paper just summarized (the first views the app opens: run it alone, in
  a process of its own, to see what opening them first costs).

Beside each stall, the most CPU time the GUI thread itself spent between two ticks ("busy"):
on a loaded machine most of a stall can be waiting for a CPU, and "busy" is the app's own
part. Each measurement runs ``--repeat`` times; the worst and the median are printed, then
one ``RESULT`` line. The machine's load changes the numbers: compare runs made back to back.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.qtwait import until, wait_for  # noqa: E402

CORPUS_CANDIDATES = (ROOT.parent / "shared" / "corpus" / "docbank-dev",
                     ROOT.parents[1] / "shared" / "corpus" / "docbank-dev")
HEAVY_PAPER = "arxiv-1606.06142.pdf"  # pages of dense vector plots: 150 ms+ each to draw
MEASURES = ("summary", "paging", "find", "thumbs", "first_thumb", "views")


class StallProbe:
    """A 5 ms QTimer; the longest gap between its ticks, beyond 5 ms, is the longest stall.

    ``longest_busy_ms`` is the most CPU time the GUI thread itself used between two ticks: on
    a loaded machine a stall can be mostly waiting for a CPU, and this part is the app's own.
    """

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.interval = interval_ms
        self.longest_ms = 0.0
        self.longest_busy_ms = 0.0
        self.ticks = 0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._last_cpu = 0.0

    def __enter__(self) -> "StallProbe":
        self._clock.start()
        self._last = 0.0
        self._last_cpu = time.thread_time()
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        cpu = time.thread_time()
        self.longest_ms = max(self.longest_ms, now - self._last - self.interval)
        self.longest_busy_ms = max(self.longest_busy_ms, (cpu - self._last_cpu) * 1000)
        self._last, self._last_cpu = now, cpu
        self.ticks += 1


def corpus() -> Path | None:
    return next((c for c in CORPUS_CANDIDATES if c.is_dir()), None)


def new_window(tmp: Path):
    from PySide6.QtCore import QSettings

    from mmsum.options import ModelOptions
    from ui.engine import Engine
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp / f"s{time.monotonic_ns()}.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, Engine(ModelOptions(device="cpu")))
    w.resize(1440, 900)
    w.show()
    return w


async def open_doc(w, path: Path) -> None:
    w.open_files([path])
    await wait_for(w.documentShown, 120, condition=lambda p: Path(p) == path.resolve())


async def measure_summary(w, docs: dict) -> float:
    if w.viewer.path != str(docs["report"].resolve()):
        await open_doc(w, docs["report"])
    await asyncio.sleep(0.3)  # the first pages render: the summary is measured, not the opening
    with StallProbe() as probe:
        w.summarize()
        await wait_for(w.summaryFinished, failure=w.summaryFailed)
    return probe


async def measure_paging(w, docs: dict) -> float:
    await open_doc(w, docs["heavy"])
    await asyncio.sleep(0.5)
    with StallProbe() as probe:
        for page in range(w.viewer.page_count):
            w.viewer.go_to_page(page)
            await asyncio.sleep(0.12)  # a reader flipping pages quickly
    return probe


async def measure_find(w, docs: dict) -> float:
    await open_doc(w, docs["book"])
    await asyncio.sleep(0.3)
    with StallProbe() as probe:
        w.show_find()
        w.find_bar.edit.setText("measured the current")
        w.find_bar.searchRequested.emit("measured the current")
        await wait_for(w.search.finished, 600)
    assert w.search.total > 0, "the search found nothing"
    return probe


async def measure_thumbs(w, docs: dict) -> float:
    await open_doc(w, docs["book"])
    thumbs = w.side_panel.thumbnails
    await until(lambda: 0 in thumbs.drawn, 120)
    bar = thumbs.verticalScrollBar()
    with StallProbe() as probe:
        while bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep() // 2)  # a scroll wheel turned steadily
            await asyncio.sleep(0.05)
        last = thumbs.count() - 1
        await until(lambda: last in thumbs.drawn, 120)
    return probe


async def measure_first_thumb(w, docs: dict) -> float:
    thumbs = w.side_panel.thumbnails
    started = time.perf_counter()
    w.open_files([docs["book"]])
    await wait_for(thumbs.thumbnailReady, 120)
    return (time.perf_counter() - started) * 1000  # milliseconds, not a stall


async def measure_views(w, docs: dict) -> float:
    await open_doc(w, docs["paper"])
    await wait_for_loaded(w)
    w.summarize()
    await wait_for(w.summaryFinished, failure=w.summaryFailed)
    await asyncio.sleep(0.5)  # the summary's own work settles: the views are measured
    with StallProbe() as probe:
        for show in (w.show_figure, w.show_table):
            view = show(0)
            assert view is not None, "the paper has no key figure or no key table"
            await asyncio.sleep(0.3)
            view.close()
    return probe


async def run(measures: list[str], repeat: int, docs: dict, tmp: Path) -> dict[str, list]:
    from ui import render

    render.warm_up()
    await asyncio.sleep(0.1)
    results: dict[str, list] = {m: [] for m in measures}
    w = new_window(tmp)
    if "summary" in measures:
        # models loaded first: a summary's own stalls are measured, not the start-up
        await wait_for_loaded(w)
    for _ in range(repeat):
        for m in measures:
            # a fresh window each time (the summary's keeps its loaded models; its document is
            # summarized again, from the embedding cache after the first run)
            fresh = w if m == "summary" else new_window(tmp)
            value = await globals()[f"measure_{m}"](fresh, docs)
            results[m].append(value)
            if isinstance(value, StallProbe):
                print(f"  {m}: longest stall {value.longest_ms:.0f} ms (GUI thread busy at most "
                      f"{value.longest_busy_ms:.0f} ms of it), {value.ticks} ticks", flush=True)
            else:
                print(f"  {m}: {value:.0f} ms", flush=True)
            if fresh is not w:
                fresh.close()
                fresh.deleteLater()
            await asyncio.sleep(0.2)
    w.close()
    return results


async def wait_for_loaded(w) -> None:
    if not w.engine.loaded:
        w.warm_up()
        await wait_for(w.engine.modelsChanged, 600)


def build_documents(tmp: Path, build: bool = True) -> dict[str, Path]:
    """The documents measured, in ``tmp`` (built there when ``build``)."""
    docs = {"report": tmp / "report.pdf", "book": tmp / "book.pdf", "paper": tmp / "paper.pdf"}
    folder = corpus()
    heavy = folder / HEAVY_PAPER if folder else None
    docs["heavy"] = heavy if heavy is not None and heavy.is_file() else tmp / "heavy.pdf"
    if build:
        from tests.pdfbuild import many_pages, two_column_paper

        many_pages(docs["report"], 20, figure_every=4)
        many_pages(docs["book"], 250, figure_every=10)
        two_column_paper(docs["paper"])
        if docs["heavy"].parent == tmp:
            many_pages(docs["heavy"], 20, figure_every=1)
    return docs


def build_in_child(tmp: Path) -> dict[str, Path]:
    """Build the documents in a child process: the app's own process never loads PyMuPDF
    before it needs it, and neither may the measured one."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path; "
            f"from benchmarks.ui_stall import build_documents; build_documents(Path({str(tmp)!r}))")
    subprocess.run([sys.executable, "-c", code], check=True)
    return build_documents(tmp, build=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default=",".join(MEASURES),
                    help="comma-separated: " + ", ".join(MEASURES))
    args = ap.parse_args()
    measures = [m for m in args.only.split(",") if m]
    unknown = set(measures) - set(MEASURES)
    if unknown:
        ap.error(f"unknown measure(s): {', '.join(sorted(unknown))}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("MMSUM_CACHE_DIR", tempfile.mkdtemp(prefix="mmsum-bench-cache-"))

    import qasync

    from ui.app import create_app

    app = create_app()
    tmp = Path(tempfile.mkdtemp(prefix="mmsum-stall-"))
    docs = build_in_child(tmp)
    print(f"documents: {', '.join(f'{k}={v.name}' for k, v in docs.items())}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        results = loop.run_until_complete(run(measures, args.repeat, docs, tmp))
    from ui import render
    from ui.engine import shutdown_shared_worker

    shutdown_shared_worker()
    render.shutdown()
    parts = []
    for m, values in results.items():
        if values and isinstance(values[0], StallProbe):
            stalls = [v.longest_ms for v in values]
            busy = [v.longest_busy_ms for v in values]
            print(f"{m}: longest stall worst {max(stalls):.0f} ms, median "
                  f"{statistics.median(stalls):.0f} ms; GUI thread busy worst {max(busy):.0f} ms "
                  f"over {len(values)} runs")
            parts += [f"{m}_stall_ms={max(stalls):.0f}", f"{m}_busy_ms={max(busy):.0f}"]
        else:
            print(f"{m}: worst {max(values):.0f} ms, median {statistics.median(values):.0f} ms "
                  f"over {len(values)} runs")
            parts.append(f"{m}_ms={max(values):.0f}")
    print("RESULT " + " ".join(parts) + f" repeat={args.repeat} "
          f"load={os.getloadavg()[0]:.1f}", flush=True)
    sys.stdout.flush()
    # PySide6 can crash while the interpreter tears its objects down after many windows; the
    # measurements are printed, so leave without that teardown
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
