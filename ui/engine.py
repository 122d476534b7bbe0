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


class WorkerCrashed(MmsumError):
    """The worker process died (e.g. the PDF library crashed on a document)."""


@dataclass
class SummaryResult:
    """A summary and its figure thumbnails, decoded off the GUI thread."""

    summary: "Summary"
    thumbs: list[QImage | None] = field(default_factory=list)


class WorkerProcess:
    """One child process running :mod:`ui.worker_process` functions, one at a time."""

    def __init__(self) -> None:
        # spawn: a fresh interpreter, no copy of the app's Qt state
        self._ctx = multiprocessing.get_context("spawn")
        self._queue = self._ctx.Queue()
        self._cancel = self._ctx.Value("q", 0)
        self._jobs = itertools.count(1)
        self._handlers: dict[int, dict[str, Callable]] = {}
        self._active: list[int] = []  # jobs submitted and not finished, oldest (running) first
        self._pool: ProcessPoolExecutor | None = None
        self._reader = threading.Thread(target=self._read, name="mmsum-worker-messages", daemon=True)
        self._reader.start()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=self._ctx,
                                             initializer=worker_process.init,
                                             initargs=(self._queue, self._cancel))
        return self._pool

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
                   cancel: CancelToken | None = None) -> Any:
        """Run ``fn(job, *args)`` in the worker process and await its result."""
        job = next(self._jobs)
        self._handlers[job] = {k: v for k, v in (("progress", progress), ("token", on_token),
                                                  ("result", on_result)) if v is not None}
        if cancel is not None:
            cancel.on_cancel(lambda: setattr(self._cancel, "value", job))
        self._active.append(job)
        try:
            return await asyncio.wrap_future(self._executor().submit(fn, job, *args))
        except BrokenProcessPool as err:
            self._pool = None  # the next call starts a fresh process
            raise WorkerCrashed("the worker process stopped unexpectedly (the document may have "
                                "crashed the PDF library); it will be restarted") from err
        finally:
            self._handlers.pop(job, None)
            self._active.remove(job)

    async def call_plain(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` (no job number, no messages) in the worker process."""
        try:
            return await asyncio.wrap_future(self._executor().submit(fn, *args))
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
        if self._pool is not None:
            # a model load or a long C call does not see the cancel flag: do not make quitting
            # wait for it (the executor has no public way to stop its process)
            processes = list(getattr(self._pool, "_processes", {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for p in processes:
                p.terminate()
            self._pool = None


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


def _decode_thumbnails(summary: "Summary") -> list[QImage | None]:
    return [thumbnail(sf.figure.image_png) for sf in summary.figures]


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
        return self._loaded == dataclasses.astuple(self._models)

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
        if self._loading is None or (self._loading.done() and self._loading.exception() is not None):
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
            self._loaded = dataclasses.astuple(models)
            self.models_used, self.device = used, device
            self.modelsChanged.emit(dict(used), device)

    async def summarize(self, path: Path, options: SummaryOptions, *, password: str | None = None,
                        progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                        on_token: Callable[[str], None] | None = None) -> SummaryResult:
        """Summarize ``path``; loads the models first if needed (first 15 % of progress)."""
        first = not self.loaded
        if first:
            if progress is not None:
                progress(0.0, "loading models")
            await self.ensure_loaded(sub_progress(progress, 0.0, 0.15), cancel)
            if cancel is not None and cancel.cancelled:
                raise Cancelled("cancelled")
        summary = await self._worker.call(
            worker_process.summarize, self._models, Path(path), options, password, on_token is not None,
            progress=sub_progress(progress, 0.15 if first else 0.0, 1.0) if progress else None,
            on_token=on_token, cancel=cancel)
        thumbs = await run_blocking(_decode_thumbnails, summary, executor=None)
        return SummaryResult(summary, thumbs)

    async def batch(self, paths: list[Path], options: SummaryOptions, out_dir: Path,
                    formats: tuple[str, ...], *, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None,
                    on_result: Callable[[Any], None] | None = None) -> list:
        """mmsum's ``summarize_batch`` in the worker; ``on_result`` per finished document."""
        await self.ensure_loaded(cancel=cancel)
        return await self._worker.call(worker_process.batch, self._models, list(paths), options,
                                       Path(out_dir), tuple(formats), progress=progress,
                                       cancel=cancel, on_result=on_result)

    async def expand(self, paths: list[Path]) -> list[Path]:
        """The documents that ``paths`` (files and folders) stand for."""
        return await self._worker.call_plain(worker_process.expand, list(paths))

    async def export(self, summary: "Summary", out_dir: Path,
                     formats: tuple[str, ...] = ("md",)) -> list[Path]:
        return await run_blocking(export_job, summary, out_dir, formats, executor=None)


