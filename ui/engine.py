"""The app's handle on mmsum's pipeline: one loaded :class:`Summarizer`, used from one thread.

The jobs below are plain module-level functions that run on the model thread (see
:mod:`ui.worker`); :class:`Engine` schedules them from the GUI thread with qasync and
remembers the loaded models. ``mmsum.pipeline`` (and with it torch) is imported only on
the model thread, so the window never waits for it.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from mmsum.options import ModelOptions, SummaryOptions
from mmsum.progress import Cancelled, CancelFn, ProgressFn, check, sub_progress

from .figure_strip import thumbnail
from .worker import run_blocking

if TYPE_CHECKING:  # runtime import happens on the model thread
    from mmsum.pipeline import Summarizer
    from mmsum.summary import Summary


@dataclass
class SummaryResult:
    """A summary and its figure thumbnails, decoded on the worker so the GUI only shows them."""

    summary: "Summary"
    thumbs: list[QImage | None] = field(default_factory=list)


def load_summarizer(models: ModelOptions, progress: ProgressFn | None = None,
                    cancel: CancelFn | None = None) -> "Summarizer":
    """Import the pipeline and load the models (slow: seconds)."""
    from mmsum.pipeline import Summarizer

    summarizer = Summarizer(models)
    summarizer.load(progress=progress, cancel=cancel)
    return summarizer


def summarize_job(summarizer: "Summarizer", path: Path, options: SummaryOptions, *,
                  password: str | None = None, progress: ProgressFn | None = None,
                  cancel: CancelFn | None = None,
                  on_token: Callable[[str], None] | None = None) -> SummaryResult:
    """Summarize one document and decode its figure thumbnails."""
    summary = summarizer.summarize(path, options, password=password, progress=progress,
                                   cancel=cancel, on_token=on_token)
    return SummaryResult(summary, [thumbnail(sf.figure.image_png) for sf in summary.figures])


def export_job(summary: "Summary", out_dir: Path, formats: tuple[str, ...] = ("md",)) -> list[Path]:
    """Write the same files as ``mmsum summarize --format md`` would."""
    from mmsum.export import write_summary

    return list(write_summary(summary, out_dir, formats=formats))


class Engine(QObject):
    """Owns the loaded summarizer; ``modelsChanged(models, device)`` after every (re)load."""

    modelsChanged = Signal(object, str)
    loadFailed = Signal(str)

    def __init__(self, models: ModelOptions, parent: QObject | None = None, *,
                 summarizer: "Summarizer | None" = None) -> None:
        """``summarizer``: one already loaded for ``models`` (tests share one this way)."""
        super().__init__(parent)
        self._models = models
        self._summarizer: Summarizer | None = summarizer
        self._loading: asyncio.Future | None = None

    @property
    def model_options(self) -> ModelOptions:
        return self._models

    @property
    def summarizer(self) -> "Summarizer | None":
        return self._summarizer

    def set_model_options(self, models: ModelOptions) -> None:
        """Use other models from the next job on (the current ones are dropped)."""
        if models != self._models:
            self._models = models
            self._summarizer = None
            self._loading = None

    async def ensure_loaded(self, progress: ProgressFn | None = None,
                            cancel: CancelFn | None = None) -> "Summarizer":
        """The loaded summarizer; loads it on the model thread the first time."""
        if self._summarizer is not None:
            return self._summarizer
        if self._loading is None or self._loading.done() and self._loading.exception() is not None:
            models = self._models
            self._loading = asyncio.ensure_future(
                run_blocking(load_summarizer, models, progress=progress, cancel=cancel))
        loading = self._loading
        try:
            # a load started by someone else cannot see our cancel flag: poll it here
            while not loading.done():
                await asyncio.wait([loading], timeout=0.1)
                check(cancel)
            summarizer = loading.result()
        except Cancelled:
            raise
        except Exception as err:
            self.loadFailed.emit(str(err))
            raise
        if loading is self._loading:  # not superseded by a settings change meanwhile
            self._summarizer = summarizer
            self.modelsChanged.emit(dict(summarizer.models_used), str(summarizer.device))
        return summarizer

    async def summarize(self, path: Path, options: SummaryOptions, *, password: str | None = None,
                        progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                        on_token: Callable[[str], None] | None = None) -> SummaryResult:
        """Load the models if needed (first 15 % of progress), then summarize ``path``."""
        first = self._summarizer is None
        if first and progress is not None:
            progress(0.0, "Loading models…")
        summarizer = await self.ensure_loaded(sub_progress(progress, 0.0, 0.15) if first else None,
                                              cancel)
        return await run_blocking(summarize_job, summarizer, path, options, password=password,
                                  progress=sub_progress(progress, 0.15 if first else 0.0, 1.0),
                                  cancel=cancel, on_token=on_token)

    async def export(self, summary: "Summary", out_dir: Path,
                     formats: tuple[str, ...] = ("md",)) -> list[Path]:
        return await run_blocking(export_job, summary, out_dir, formats)

    async def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run another mmsum function on the model thread (e.g. a batch)."""
        return await run_blocking(fn, *args, **kwargs)
