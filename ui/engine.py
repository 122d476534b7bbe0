"""The app's handle on mmsum's pipeline, which runs in a worker process.

:class:`WorkerProcess` owns one child process (see :mod:`ui.worker_process`) and a thread
that reads its progress messages; :class:`Engine` offers the app's operations as coroutines
(qasync) and remembers which models are loaded. Neither torch nor ``mmsum.pipeline`` is ever
imported in the app's own process, so the window starts fast and a slow or crashing document
cannot freeze or take down the window.
"""
from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from mmsum.errors import MmsumError
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.progress import Cancelled, ProgressFn, sub_progress

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


class WorkerCrashed(MmsumError):
    """The worker process died (e.g. the PDF library crashed on a document)."""


@dataclass
class SummaryResult:
    """A summary and its figure and table thumbnails (same order as ``summary.figures`` and
    ``summary.tables``), decoded off the GUI thread."""

    summary: "Summary"
    thumbs: list[QImage | None] = field(default_factory=list)
    table_thumbs: list[QImage | None] = field(default_factory=list)


class WorkerProcess:
    """One child process running :mod:`ui.worker_process` functions, one at a time.

    A process that died while idle (killed, out of memory) is replaced before the next call,
    so that call runs normally; :attr:`generation` counts the processes started, so callers
    know when what they loaded into the old one is gone.
    """

    def __init__(self) -> None:
        # spawn: a fresh interpreter, no copy of the app's Qt state
        self._ctx = multiprocessing.get_context("spawn")
        self._queue = self._ctx.Queue()
        self._cancel = self._ctx.Value("q", 0)
        self._jobs = itertools.count(1)
        self._handlers: dict[int, dict[str, Callable]] = {}
        self._active: list[int] = []  # jobs submitted and not finished, oldest (running) first
        self._pool: ProcessPoolExecutor | None = None
        self._killed: set[int] = set()  # jobs stopped by killing the process after a cancel
        self.generation = 0
        self._reader = threading.Thread(target=self._read, name="mmsum-worker-messages", daemon=True)
        self._reader.start()

    def healthy(self) -> bool:
        """Whether a process is running and alive (False before the first call)."""
        pool = self._pool
        if pool is None or getattr(pool, "_broken", False):
            return False
        # the executor starts its process on the first submit; until then none is dead
        return all(p.is_alive() for p in (getattr(pool, "_processes", None) or {}).values())

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is not None and not self.healthy():
            log.info("the worker process has stopped; starting a new one")
            self._discard()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=self._ctx,
                                             initializer=worker_process.init,
                                             initargs=(self._queue, self._cancel))
            self.generation += 1
        return self._pool

    def _submit(self, fn: Callable[..., Any], *args: Any):
        try:
            return self._executor().submit(fn, *args)
        except BrokenProcessPool:  # it died between the check and the submit: the job never ran
            self._discard()
            return self._executor().submit(fn, *args)

    def _discard(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            processes = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for p in processes:
                if p.is_alive():
                    p.terminate()

    def kill(self) -> None:
        """Stop the process now (whatever it is doing); the next call starts a fresh one."""
        self._discard()

    def _read(self) -> None:
        # runs on its own thread; handlers are thread-safe relays (ProgressRelay & co)
        while True:
            msg = self._queue.get()
            if msg is None:
                return
            job, kind, *payload = msg
            handler = self._handlers.get(job, {}).get(kind)
            if handler is not None:
                try:
                    handler(*payload)
                except Exception:  # a broken handler must not stop the messages
                    log.exception("progress handler failed")

    async def call(self, fn: Callable[..., Any], *args: Any, progress: ProgressFn | None = None,
                   on_token: Callable[[str], None] | None = None,
                   on_result: Callable[[Any], None] | None = None,
                   cancel: CancelToken | None = None, kill_after_s: float | None = None) -> Any:
        """Run ``fn(job, *args)`` in the worker process and await its result.

        With ``kill_after_s``, a cancelled job that has not stopped that many seconds after
        the cancel (a model load or a long C call never looks at the flag) is stopped by
        killing the process, and raises :class:`~mmsum.progress.Cancelled`.
        """
        job = next(self._jobs)
        loop = asyncio.get_event_loop()
        self._handlers[job] = {k: v for k, v in (("progress", progress), ("token", on_token),
                                                  ("result", on_result)) if v is not None}
        if cancel is not None:
            def on_cancel() -> None:
                self._cancel.value = job
                if kill_after_s is not None:
                    loop.call_soon_threadsafe(loop.call_later, kill_after_s, self._kill_if_running, job)
            cancel.on_cancel(on_cancel)
        self._active.append(job)
        try:
            return await asyncio.wrap_future(self._submit(fn, job, *args))
        except BrokenProcessPool as err:
            self._pool = None  # the next call starts a fresh process
            if job in self._killed:
                raise Cancelled("cancelled") from None
            raise WorkerCrashed("the worker process stopped unexpectedly (the document may have "
                                "crashed the PDF library); it will be restarted") from err
        finally:
            self._killed.discard(job)
            self._handlers.pop(job, None)
            self._active.remove(job)

    def _kill_if_running(self, job: int) -> None:
        if self._active and self._active[0] == job:
            log.info("job %d did not stop within its grace time after Cancel; stopping the "
                     "worker process", job)
            self._killed.add(job)
            self.kill()

    async def call_plain(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` (no job number, no messages) in the worker process."""
        try:
            return await asyncio.wrap_future(self._submit(fn, *args))
        except BrokenProcessPool as err:
            self._pool = None
            raise WorkerCrashed("the worker process stopped unexpectedly; it will be restarted") from err

    def cancel_running(self) -> None:
        """Cancel the job the process is running now (at its next check)."""
        if self._active:
            self._cancel.value = self._active[0]

    def shutdown(self) -> None:
        """Stop the process without waiting for a running job to finish its document."""
        self.cancel_running()
        # a model load or a long C call does not see the cancel flag: do not make quitting
        # wait for it (the executor has no public way to stop its process)
        self._discard()


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


