"""The simplest engine: every document in turn, in the calling process, models loaded once."""
from __future__ import annotations

import os
import platform
import time

from ..document import Status
from ..progress import CancelFn
from ..stages import Stage
from .events import DocumentFinished, DocumentStarted, EventFn, StageProgress, WorkerReady
from .inputs import Job
from .result import DocumentResult, Reason, ReasonKind
from .settings import BatchSettings
from .work import current_memory_mb, summarize_job


def not_started(job: Job) -> DocumentResult:
    """The result of a document that a cancelled batch never started."""
    return DocumentResult(job.path, Status.CANCELLED, reasons=[Reason(Stage.QUEUE, "cancelled before it started",
                                                                      ReasonKind.CANCELLED)],
                          stem=job.stem, attempts=job.attempt - 1)


def overdue(workers, limit_s: float, kill_grace_s: float, now: float) -> list:
    """The ``workers`` (each with ``job`` and ``since``, monotonic seconds) whose document has
    run past ``limit_s`` plus a grace period: the worker stops a document itself at its next
    check, but a long C call cannot see the check, so these are to be killed and replaced."""
    grace = max(kill_grace_s, 0.25 * limit_s)
    return [w for w in workers if w.job is not None and now - w.since >= limit_s + grace]


def timed_out(job: Job, worker: str, seconds: float, limit_s: float) -> DocumentResult:
    """The result of a document whose worker was stopped after ``limit_s`` seconds."""
    return DocumentResult(job.path, Status.FAILURE, stem=job.stem, attempts=job.attempt, worker=worker,
                          seconds=seconds, reasons=[Reason(Stage.TIMEOUT, f"took longer than {limit_s:g} s")])


class InProcessEngine:
    """Runs the batch in this process; ``summarizer`` is a loaded (or loadable) Summarizer to
    reuse, else one is made from the batch's model options."""

    name = "local"

    def __init__(self, summarizer=None) -> None:
        self._summarizer = summarizer

    def planned_workers(self, n_jobs: int) -> int:  # noqa: ARG002 - same signature as the others
        return 1

    def run(self, jobs: list[Job], settings: BatchSettings, emit: EventFn, cancel: CancelFn) -> None:
        from ..pipeline import Summarizer

        s = self._summarizer or Summarizer(settings.models, use_cache=settings.use_cache)
        t = time.perf_counter()
        s.load(cancel=cancel)
        emit(WorkerReady("main", dict(s.models_used), str(s.device), time.perf_counter() - t,
                         current_memory_mb(), os.getpid(), platform.node(), tuple(s.warnings)))
        for k, job in enumerate(jobs):
            if cancel():
                for rest in jobs[k:]:
                    emit(DocumentFinished(rest.index, not_started(rest)))
                return
            emit(DocumentStarted(job.index, job.path, "main", job.attempt))

            def progress(stage: Stage, fraction: float, message: str, job: Job = job) -> None:
                emit(StageProgress(job.index, job.path, stage, fraction, message))

            emit(DocumentFinished(job.index, summarize_job(s, job, settings, progress=progress, cancel=cancel,
                                                           worker="main")))
