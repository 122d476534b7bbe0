"""The app's handle on mmsum's pipeline, which runs in a worker process.

:class:`WorkerProcess` awaits the calls of :mod:`ui.worker_process`, run in the core's
:class:`~mmsum.workers.SerialWorker` (one child process; batches use the same stack);
:class:`Engine` offers the app's operations as coroutines (qasync) and remembers which models
are loaded. Neither torch nor ``mmsum.pipeline`` is ever
imported in the app's own process, so the window starts fast and a slow or crashing document
cannot freeze or take down the window.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from mmsum.options import ModelOptions, SummaryOptions
from mmsum.progress import Cancelled, ProgressFn, sub_progress
from mmsum.workers import SerialWorker, Setup

from . import worker_process
from .figure_strip import thumbnail
from .worker import CancelToken, run_blocking

if TYPE_CHECKING:
    from mmsum.summary import Summary

log = logging.getLogger(__name__)


CANCEL_GRACE_S = 1.5  # how long a cancelled summary may take to stop by itself


async def _unless_cancelled(awaitable, cancel: CancelToken | None):
    """Await ``awaitable``, or raise Cancelled as soon as ``cancel`` is set (the awaited work
    itself goes on: it is shared, e.g. the model load)."""
    task = asyncio.ensure_future(awaitable)
    if cancel is None:
        return await task
    loop = asyncio.get_event_loop()
    stop = loop.create_future()
    cancel.on_cancel(lambda: loop.call_soon_threadsafe(lambda: stop.done() or stop.set_result(None)))
    await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        stop.cancel()
        return task.result()
    task.add_done_callback(lambda t: t.cancelled() or t.exception())  # retrieved: no warning
    raise Cancelled("cancelled")


@dataclass
class SummaryResult:
    """A summary and its figure and table thumbnails (same order as ``summary.figures`` and
    ``summary.tables``), decoded off the GUI thread."""

    summary: "Summary"
    thumbs: list[QImage | None] = field(default_factory=list)
    table_thumbs: list[QImage | None] = field(default_factory=list)


class WorkerProcess:
    """The app's worker process: a :class:`~mmsum.workers.SerialWorker` whose calls are
    awaited on the event loop.

    Calls run one at a time, in the order made; a process that died (killed, out of memory,
    a crash in the PDF library) fails the call it ran with :class:`WorkerCrashed` and is
    replaced before the next call; :attr:`generation` counts the processes started, so
    callers know when what they loaded into the old one is gone.
    """

    def __init__(self) -> None:
        # nice: background work yields the CPU to the window when both want it
        self._worker = SerialWorker("app-worker", Setup(init=worker_process.init, nice=5))

    @property
    def generation(self) -> int:
        return self._worker.generation

    @property
    def pid(self) -> int | None:
        """The process's id (None before the first start)."""
        return self._worker.pid

    def healthy(self) -> bool:
        """Whether a process is running and alive (False before the first start)."""
        return self._worker.healthy()

    def start(self) -> None:
        """Start the process now (it imports the pipeline), not at the first call."""
        self._worker.start()

    async def call(self, fn: Callable[..., Any], *args: Any, progress: ProgressFn | None = None,
                   on_token: Callable[[str], None] | None = None,
                   cancel: CancelToken | None = None, kill_after_s: float | None = None) -> Any:
        """Run ``fn(call, *args)`` in the worker process (``call``: its
        :class:`~mmsum.workers.Call`) and await its result; ``progress`` and ``on_token`` get
        its messages, on the worker's thread (they must be thread-safe relays).

        With ``kill_after_s``, a cancelled job that has not stopped that many seconds after
        the cancel (a model load or a long C call never looks at the flag) is stopped by
        killing the process, and raises :class:`~mmsum.progress.Cancelled`.
        """
        handlers = {k: v for k, v in (("progress", progress), ("token", on_token)) if v is not None}
        number, future = self._worker.submit(fn, *args, handlers=handlers)
        if cancel is not None:
            loop = asyncio.get_event_loop()

            def on_cancel() -> None:
                self._worker.cancel(number)
                if kill_after_s is not None:
                    loop.call_soon_threadsafe(loop.call_later, kill_after_s, self._worker.kill_if_running, number)
            cancel.on_cancel(on_cancel)
        return await asyncio.wrap_future(future)

    async def call_plain(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` (no :class:`~mmsum.workers.Call`, no messages) in the worker process."""
        _, future = self._worker.submit(fn, *args, context=False)
        return await asyncio.wrap_future(future)

    def cancel_running(self) -> None:
        """Cancel the job the process is running now (at its next check)."""
        self._worker.cancel_running()

    def shutdown(self) -> None:
        """Stop the process without waiting for a running job to finish its document."""
        self._worker.shutdown()


_shared: WorkerProcess | None = None


def shared_worker() -> WorkerProcess:
    """The app's one worker process (created on first use)."""
    global _shared
    if _shared is None:
        _shared = WorkerProcess()
    return _shared


def shutdown_shared_worker() -> None:
    """Stop the app's worker process, if one was started."""
    if _shared is not None:
        _shared.shutdown()


def _decode_thumbnails(summary: "Summary") -> tuple[list[QImage | None], list[QImage | None]]:
    # the figure and table views read captions and write Markdown and CSV with the core's
    # functions, whose modules load PyMuPDF (seconds on a busy machine): loaded here, off the
    # GUI thread, so that opening the first view does not freeze the window
    for module in ("mmsum.export.chart_data", "mmsum.export.tables", "mmsum.ingest.captions"):
        import_module(module)

    return ([thumbnail(sf.figure.image_png) for sf in summary.figures],
            [thumbnail(st.table.image_png) for st in summary.tables])


@dataclass
class SearchAnswer:
    """``answers`` as :meth:`mmsum.search.DocumentSearch.search` gives them; ``thumbs``: figure
    id -> its thumbnail; ``tables``: table id -> the table of each table found (to open it)."""

    answers: list[dict]
    thumbs: dict[str, QImage | None] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)


def _decode_crops(crops: dict[str, bytes]) -> dict[str, QImage | None]:
    return {fid: thumbnail(png) for fid, png in crops.items()}


def export_job(summary: "Summary", out_dir: Path, formats: tuple[str, ...] = ("md",)) -> list[Path]:
    """Write the same files as ``mmsum summarize --format md`` would."""
    from mmsum.export import write_summary

    return list(write_summary(summary, out_dir, formats=formats))


class Engine(QObject):
    """The app's operations on documents; ``modelsChanged(models, device)`` after each load."""

    modelsChanged = Signal(object, str)
    loadFailed = Signal(str)

    def __init__(self, models: ModelOptions, parent: QObject | None = None, *,
                 worker: WorkerProcess | None = None) -> None:
        super().__init__(parent)
        self._models = models
        self._worker = worker or shared_worker()
        self._loaded: tuple | None = None
        self._loading: asyncio.Future | None = None
        self.models_used: dict[str, str | None] = {}
        self.device = ""

    @property
    def model_options(self) -> ModelOptions:
        return self._models

    @property
    def loaded(self) -> bool:
        """Whether the chosen models are loaded in a worker process that is still alive."""
        return (self._loaded == (dataclasses.astuple(self._models), self._worker.generation)
                and self._worker.healthy())

    def start_worker(self) -> None:
        """Start the worker process now (while the window opens), so that the first summary
        does not wait for its interpreter and the pipeline's imports."""
        self._worker.start()

    def set_model_options(self, models: ModelOptions) -> None:
        """Use other models from the next job on."""
        if models != self._models:
            self._models = models
            self._loading = None

    async def ensure_loaded(self, progress: ProgressFn | None = None,
                            cancel: CancelToken | None = None) -> None:
        """Load the models in the worker process (once per model choice)."""
        if self.loaded:
            return
        if self._loading is None or self._loading.done():
            self._loading = asyncio.ensure_future(self._load(self._models, progress, cancel))
        await asyncio.shield(self._loading)

    async def _load(self, models: ModelOptions, progress, cancel) -> None:
        try:
            used, device = await self._worker.call(worker_process.load, models,
                                                   progress=progress, cancel=cancel)
        except Cancelled:
            raise
        except Exception as err:
            self.loadFailed.emit(str(err))
            raise
        if models == self._models:  # not superseded by a settings change meanwhile
            self._loaded = (dataclasses.astuple(models), self._worker.generation)
            self.models_used, self.device = used, device
            self.modelsChanged.emit(dict(used), device)

    async def prepare_models(self, progress: ProgressFn | None = None) -> dict[str, float]:
        """The chosen encoders' one-time preparation, in the worker process; role -> seconds."""
        return await self._worker.call(worker_process.prepare, self._models, progress=progress)

    async def summarize(self, path: Path, options: SummaryOptions, *, password: str | None = None,
                        progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                        on_token: Callable[[str], None] | None = None) -> SummaryResult:
        """Summarize ``path``; loads the models first if needed (first 15 % of progress).

        Cancel ends it within about :data:`CANCEL_GRACE_S` seconds: a load under way goes on
        in the background for the next summary; a job that does not stop in time (a
        generator loading) is stopped with its process, whose models then load again.
        """
        first = not self.loaded
        if first:
            if progress is not None:
                progress(0.0, "loading models")
            await _unless_cancelled(self.ensure_loaded(sub_progress(progress, 0.0, 0.15)), cancel)
        summary = await self._worker.call(
            worker_process.summarize, self._models, Path(path), options, password, on_token is not None,
            progress=sub_progress(progress, 0.15 if first else 0.0, 1.0) if progress else None,
            on_token=on_token, cancel=cancel, kill_after_s=CANCEL_GRACE_S)
        thumbs, table_thumbs = await run_blocking(_decode_thumbnails, summary, executor=None)
        return SummaryResult(summary, thumbs, table_thumbs)

    async def search(self, path: Path, queries: list[str], *, kind: str = "all", top: int = 20,
                     weights: dict | None = None, password: str | None = None,
                     progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> "SearchAnswer":
        """Search one document (read and embedded in the worker on the first search, kept for
        the next); the figure thumbnails decoded off the GUI thread."""
        first = not self.loaded
        if first:
            if progress is not None:
                progress(0.0, "loading models")
            await _unless_cancelled(self.ensure_loaded(sub_progress(progress, 0.0, 0.15)), cancel)
        answers, crops, tables = await self._worker.call(
            worker_process.search, self._models, Path(path), password, list(queries), kind, top, weights,
            progress=sub_progress(progress, 0.15 if first else 0.0, 1.0) if progress else None,
            cancel=cancel, kill_after_s=CANCEL_GRACE_S)
        thumbs = await run_blocking(_decode_crops, crops, executor=None)
        return SearchAnswer(answers, thumbs, tables)

    async def export(self, summary: "Summary", out_dir: Path,
                     formats: tuple[str, ...] = ("md",)) -> list[Path]:
        return await run_blocking(export_job, summary, out_dir, formats, executor=None)


