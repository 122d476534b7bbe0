"""Local worker processes: N processes (:class:`mmsum.workers.WorkerProcess`), each loading
the models once, fed one document at a time.

The batch hands a worker its next document only when it is idle, so it always knows which
document a worker holds: when a worker dies, that document is started again on a fresh
worker (up to ``BatchSettings.max_attempts`` starts) or marked FAILURE with the reason; a
document past ``BatchSettings.timeout_s`` (and a grace) has its worker killed and replaced.
"""
from __future__ import annotations

import dataclasses
import itertools
import logging
import os
import platform
import shutil
import tempfile
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Any

from ..document import Status
from ..errors import MmsumError, ModelError
from ..progress import CancelFn
from ..stages import Stage
from ..workers import ALL, Call, Setup, WorkerProcess, new_flag
from .events import DocumentFinished, DocumentStarted, EventFn, StageProgress, WorkerLost, WorkerReady
from .inprocess import not_started, overdue, timed_out
from .inputs import Job
from .resources import usable_cores
from .result import DocumentResult, Reason
from .settings import BatchSettings

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.25  # a worker sends at most this often within one stage


# --- the worker's side (run in each worker process) ----------------------------------------

_summarizer: Any = None  # the worker process's loaded Summarizer


def load(settings: BatchSettings, threads: int) -> tuple:
    """A worker's set-up: load the models once (:func:`.work.load_summarizer`, whose error
    stops the batch); what :class:`WorkerReady` says after the worker's name."""
    global _summarizer
    from .work import current_memory_mb, load_summarizer

    _summarizer, seconds = load_summarizer(settings, threads)
    return (dict(_summarizer.models_used), str(_summarizer.device), seconds, current_memory_mb(), os.getpid(),
            platform.node(), tuple(_summarizer.warnings))


def summarize(call: Call, job: Job, settings: BatchSettings, worker: str) -> DocumentResult:
    """One document on the worker's loaded models; its stages sent as ``"progress"`` messages
    ``(index, stage, fraction, message)``, at most every :data:`PROGRESS_INTERVAL_S` within a stage."""
    from .work import summarize_job

    last = {"stage": "", "t": 0.0}

    def progress(stage: Stage, fraction: float, message: str) -> None:
        now = time.monotonic()
        if stage == last["stage"] and now - last["t"] < PROGRESS_INTERVAL_S:
            return
        last.update(stage=stage, t=now)
        call.send("progress", job.index, stage, fraction, message)

    return summarize_job(_summarizer, job, settings, progress=progress, cancel=call.cancelled, worker=worker)


# --- the batch's side -----------------------------------------------------------------------

class ProcessEngine:
    """``workers`` local processes; ``threads`` per worker for the encoders (default: the
    usable cores shared out evenly, at least one)."""

    name = "local"

    def __init__(self, workers: int, *, threads: int | None = None, kill_grace_s: float = 30.0) -> None:
        if workers < 1:
            raise MmsumError("--workers must be at least 1")
        self.workers = workers
        self.threads = threads
        self.kill_grace_s = kill_grace_s

    def planned_workers(self, n_jobs: int) -> int:
        return max(1, min(self.workers, n_jobs))

    def run(self, jobs: list[Job], settings: BatchSettings, emit: EventFn, cancel: CancelFn) -> None:
        _Run(self, jobs, settings, emit, cancel).run()


class _Run:
    """One batch on a pool of worker processes (the state of :meth:`ProcessEngine.run`).

    The batch hands a worker its next document only when it is idle, so it always knows which
    document a worker holds (``worker.job``)."""

    def __init__(self, engine: ProcessEngine, jobs: list[Job], settings: BatchSettings, emit: EventFn,
                 cancel: CancelFn) -> None:
        self.engine, self.settings, self.emit, self.cancel = engine, settings, emit, cancel
        self.flag = new_flag()  # one for all workers: a cancel stops them all
        self.cancelled = False
        self.pending: deque[Job] = deque(jobs)
        self.n = engine.planned_workers(len(jobs))
        self.threads = engine.threads or max(1, usable_cores() // self.n)
        self.setup = Setup(init=load, init_args=(settings, self.threads), threads=self.threads,
                           nice=5 if settings.nice else 0)
        self.names = (f"local-{k}" for k in itertools.count(1))
        self.slots: list[WorkerProcess] = []
        self.finished_any = False  # a document came back from a worker: the workers can run
        self.fruitless: list[str] = []  # deaths not explained by one document, before any finished
        self.logs = ""

    def _start(self) -> WorkerProcess:
        return WorkerProcess(next(self.names), self.setup, flag=self.flag, log_dir=self.logs).start()

    def run(self) -> None:
        self.logs = tempfile.mkdtemp(prefix="mmsum-workers-")
        try:
            self.slots = [self._start() for _ in range(self.n)]
            while self.pending or any(s.job is not None for s in self.slots):
                self._check_cancel()
                self._dispatch()
                wait([w for s in self.slots for w in s.waitables()], timeout=0.25)
                for slot in list(self.slots):
                    self._handle(slot, slot.receive())
                    if not slot.alive:
                        self._lost(slot)
                self._check_timeouts()
        finally:
            self._stop_all()
            shutil.rmtree(self.logs, ignore_errors=True)

    def _check_cancel(self) -> None:
        if not self.cancelled and self.cancel():
            self.cancelled = True
            self.flag.value = ALL
            while self.pending:
                job = self.pending.popleft()
                self.emit(DocumentFinished(job.index, not_started(job)))

    def _dispatch(self) -> None:
        for slot in self.slots:
            if not (slot.ready and slot.job is None and not slot.dead and self.pending):
                continue
            job = self.pending.popleft()
            try:
                slot.send(summarize, job, self.settings, slot.name, job=job)
            except (OSError, EOFError):
                self.pending.appendleft(job)  # never reached the worker: not an attempt
                slot.dead = True
                continue
            self.emit(DocumentStarted(job.index, job.path, slot.name, job.attempt))

    def _handle(self, slot: WorkerProcess, events: list[tuple]) -> None:
        for event in events:
            kind = event[0]
            if kind == "ready":
                self.emit(WorkerReady(slot.name, *event[1]))
            elif kind == "init_failed":  # no worker can run without models: the batch stops
                err = event[1]
                raise (ModelError if isinstance(err, ModelError) else MmsumError)(str(err))
            elif kind == "message":
                _, job, _, (index, stage, fraction, message) = event
                self.emit(StageProgress(index, job.path, stage, fraction, message))
            elif kind == "done":
                _, job, result = event
                self.finished_any = True
                self.emit(DocumentFinished(job.index, result))
            elif kind == "raised":  # summarize_job says every outcome: this is the worker failing
                _, job, err = event
                self._retry_or_fail(job, f"worker process {slot.name} failed: {err}", slot.name)

    def _lost(self, slot: WorkerProcess) -> None:
        slot.reap()
        self._handle(slot, slot.receive())  # its last words: a result, a "crashed" message, its stderr
        reason = slot.death()
        job = slot.job
        self.emit(WorkerLost(slot.name, job.index if job else None, reason))
        if job is not None:
            self._retry_or_fail(job, reason, slot.name)
        # a worker that could not start, or died idle, or on a document's first start: before
        # any document came back, two such deaths mean no worker can run here; stop, saying why
        if not self.finished_any and (not slot.ready or job is None or job.attempt == 1):
            self.fruitless.append(reason)
            if len(self.fruitless) >= 2:
                when = "while loading the models" if not slot.ready else "before any document finished"
                raise MmsumError(f"worker processes keep stopping {when}; the last: {reason}")
        slot.close()
        self.slots.remove(slot)
        busy_or_waiting = len(self.pending) + sum(1 for s in self.slots if s.job is not None)
        if self.pending and len(self.slots) < min(self.n, busy_or_waiting):
            self.slots.append(self._start())

    def _retry_or_fail(self, job: Job, reason: str, worker: str) -> None:
        if job.attempt < self.settings.max_attempts and not self.cancelled:
            self.pending.appendleft(dataclasses.replace(job, attempt=job.attempt + 1))
            return
        result = DocumentResult(job.path, Status.FAILURE, stem=job.stem, attempts=job.attempt, worker=worker,
                                reasons=[Reason(Stage.WORKER, f"{reason} (after {job.attempt} "
                                                          f"start{'s' if job.attempt > 1 else ''})")])
        self.emit(DocumentFinished(job.index, result))

    def _check_timeouts(self) -> None:
        limit = self.settings.timeout_s
        if not limit:
            return
        now = time.monotonic()
        for slot in overdue(self.slots, limit, self.engine.kill_grace_s, now):
            job = slot.job
            slot.kill()
            slot.job = None
            self.emit(WorkerLost(slot.name, job.index, f"worker process {slot.name} was stopped: "
                                                       f"its document took longer than {limit:g} s"))
            self.emit(DocumentFinished(job.index, timed_out(job, slot.name, now - slot.since, limit)))
            slot.close()
            self.slots.remove(slot)
            if self.pending:
                self.slots.append(self._start())

    def _stop_all(self) -> None:
        for slot in self.slots:
            slot.ask_to_stop()
        deadline = time.monotonic() + 1.0  # idle workers have nothing left to save
        for slot in self.slots:
            # a worker still loading its models does not read its pipe: stop it
            slot.stop(max(0.0, deadline - time.monotonic()) if slot.ready else 0.0)
        self.slots = []


class LocalEngine:
    """``--engine local``: ``workers`` processes (None: :func:`default_workers` for the
    documents to run); one worker runs in this process when ``in_process`` (the CLI: no
    second copy of the models), else in a worker process too (the app: its window's process
    must not do document work). ``summarizer`` is reused in process."""

    name = "local"

    def __init__(self, workers: int | None = None, *, in_process: bool = True, threads: int | None = None,
                 summarizer=None) -> None:
        if workers is not None and workers < 1:
            raise MmsumError("--workers must be at least 1")
        self.workers, self.in_process, self.threads, self.summarizer = workers, in_process, threads, summarizer

    def planned_workers(self, n_jobs: int) -> int:
        from .resources import default_workers

        return max(1, min(self.workers or default_workers(n_jobs), n_jobs))

    def run(self, jobs: list[Job], settings: BatchSettings, emit: EventFn, cancel: CancelFn) -> None:
        n = self.planned_workers(len(jobs))
        if n == 1 and self.in_process:
            from .inprocess import InProcessEngine

            InProcessEngine(self.summarizer).run(jobs, settings, emit, cancel)
        else:
            ProcessEngine(n, threads=self.threads).run(jobs, settings, emit, cancel)
