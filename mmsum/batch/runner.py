"""A batch from start to end: plan, skip what is done, run the rest on an engine, record.

The engine (in this process, local worker processes, or Ray) runs documents and emits
events; :func:`run_batch` adds what every engine shares: output names, resume from the
manifest, the manifest itself (a subscriber like any other), and the guarantee that each
document ends with exactly one DocumentFinished.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Sequence

from ..document import Status
from ..errors import OutputError
from ..progress import CancelFn, Cancelled, never
from ..stages import Stage
from .events import (BatchFinished, BatchStarted, DocumentFinished, Event, EventFn, WorkerReady, fan_out,
                     no_events)
from .inprocess import InProcessEngine, not_started
from .inputs import Job, Source, absolute, plan_jobs
from .manifest import Manifest, fingerprint, result_of
from .result import DocumentResult, Reason
from .settings import BatchSettings

log = logging.getLogger(__name__)


class BatchEngine(Protocol):
    """Runs jobs and emits, for each, DocumentStarted ... DocumentFinished (CANCELLED for a job
    not started because ``cancel()`` said so). Raises MmsumError/ModelError when no document
    can run at all (e.g. the models cannot be loaded)."""

    name: str

    def planned_workers(self, n_jobs: int) -> int: ...

    def run(self, jobs: list[Job], settings: BatchSettings, emit: EventFn, cancel: CancelFn) -> None: ...


@dataclass
class BatchReport:
    """How a batch went: one result per document in input order, and the workers used."""

    results: list[DocumentResult]
    cancelled: bool = False
    seconds: float = 0.0
    workers: list[WorkerReady] = field(default_factory=list)

    @property
    def reused(self) -> int:
        return sum(1 for r in self.results if r.reused)

    @property
    def ok(self) -> bool:
        """True when every document has its outputs (SUCCESS or PARTIAL)."""
        return all(r.ok for r in self.results)


def stop_if_unwritable(result: DocumentResult, settings: BatchSettings, out_dir: Path) -> None:
    """Raise OutputError when ``result`` failed at writing because its destination can no
    longer be written (``out_dir``, or the writer's: full, read-only, gone and not to be made
    again): every later document would fail the same way, so the batch stops, with the
    cause, keeping what finished before. A writer says what it writes to by ``problem()``
    -> (name, why or None)."""
    from ..writable import problem

    if result.status is not Status.FAILURE or not any(r.stage == "write" for r in result.reasons):
        return
    if settings.writer is None:
        where, why = str(out_dir), problem(out_dir)
    elif hasattr(settings.writer, "problem"):
        where, why = settings.writer.problem()
    else:
        return
    if why is not None:
        raise OutputError(f"cannot write to {where}: {why}; the batch stopped (what finished before is kept)")


def run_batch(documents: Sequence[Path | Source], settings: BatchSettings, *, out_dir: Path | None,
              engine: BatchEngine | None = None, on_event: EventFn | None = None, cancel: CancelFn | None = None,
              resume: bool = True, manifest: bool = True) -> BatchReport:
    """Summarize ``documents`` into ``out_dir`` (None: beside each input) on ``engine``.

    With an ``out_dir`` and ``manifest``, each finished document is recorded in
    ``out_dir/mmsum-manifest.jsonl``; with ``resume`` too, documents whose outputs there are
    complete and current (same content, same settings, files present) are not redone. A
    document that fails is reported in its result and the batch goes on; cancelling lets
    running documents stop at their next check and starts no new one. Raises ModelError
    when the models cannot be loaded, before any document is done.
    """
    engine = engine or InProcessEngine()
    cancel = cancel or never
    on_event = on_event or no_events
    t0 = time.perf_counter()
    record_settings = settings.record()
    book = Manifest(Path(out_dir)) if (out_dir is not None and manifest) else None
    records = book.read() if book is not None else {}
    jobs = plan_jobs(documents, out_dir, {k: r["stem"] for k, r in records.items() if r.get("stem")})
    prints = {job.index: fingerprint(job.path) for job in jobs}
    reused = {job.index: result_of(records[str(job.path)], book.out_dir) for job in jobs
              if book is not None and resume and book.is_current(records.get(str(job.path)), job.path,
                                                                 record_settings)}
    to_run = [job for job in jobs if job.index not in reused]
    results: dict[int, DocumentResult] = {}
    workers: list[WorkerReady] = []

    opened = []

    def open_book() -> None:
        # taken when the first worker is ready, not before: a batch whose models cannot be
        # loaded leaves the output folder as it was. Raises when another batch holds it.
        if book is not None and not opened:
            book.open(records)
            opened.append(True)

    out_dirs = {job.index: job.out_dir for job in jobs}

    def record(event: Event) -> None:
        if isinstance(event, DocumentFinished) and event.index not in results:
            results[event.index] = event.result
            if book is not None and not event.result.reused:
                open_book()
                try:
                    book.append(event.result, record_settings, prints.get(event.index))
                except OSError as err:  # outputs are still written; only resume loses this one
                    log.warning("cannot write to the manifest %s: %s", book.path, err)
        elif isinstance(event, WorkerReady):
            open_book()
            workers.append(event)

    subscribers = fan_out(on_event)

    def emit(event: Event) -> None:
        record(event)  # not through fan_out: a manifest that cannot be opened stops the batch
        subscribers(event)
        if isinstance(event, DocumentFinished):
            stop_if_unwritable(event.result, settings, out_dirs[event.index])

    cancelled = False
    try:
        emit(BatchStarted(len(jobs), len(to_run), len(reused), engine.name,
                          engine.planned_workers(len(to_run)) if to_run else 0,
                          absolute(out_dir) if out_dir is not None else None))
        for index, result in reused.items():
            emit(DocumentFinished(index, result))
        if to_run:
            try:
                engine.run(to_run, settings, emit, cancel)
            except Cancelled:  # cancelled while the models loaded
                pass
        cancelled = bool(cancel())
        for job in jobs:  # an engine that stopped early leaves no document without an end
            if job.index not in results:
                emit(DocumentFinished(job.index, not_started(job) if cancelled else DocumentResult(
                    job.path, Status.FAILURE, stem=job.stem,
                    reasons=[Reason(Stage.WORKER, "the batch stopped before this document ran")])))
        ordered = [results[job.index] for job in jobs]
        seconds = time.perf_counter() - t0
        emit(BatchFinished(ordered, cancelled, seconds))
        return BatchReport(ordered, cancelled, seconds, workers)
    finally:
        if book is not None:
            book.close()
