"""Local worker processes: N processes, each loading the models once, fed one document at a time.

Each worker talks to the batch over its own pipe (no lock shared between processes, so a
worker killed in the middle of a message cannot block the others). The batch hands a worker
its next document only when it is idle, so it always knows which document a worker holds:
when a worker dies, that document is started again on a fresh worker (up to
``BatchSettings.max_attempts`` starts) or marked FAILURE with the reason.
"""
from __future__ import annotations

import dataclasses
import itertools
import logging
import multiprocessing
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from ..document import Status
from ..stages import Stage
from ..errors import MmsumError, ModelError
from ..progress import CancelFn
from .events import DocumentFinished, DocumentStarted, EventFn, StageProgress, WorkerLost, WorkerReady
from .inprocess import not_started, overdue, timed_out
from .inputs import Job
from .resources import usable_cores
from .result import DocumentResult, Reason
from .settings import BatchSettings

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.25  # a worker sends at most this often within one stage


# --- the worker's side ----------------------------------------------------------------------

def worker_main(name: str, conn: Any, settings: BatchSettings, flag: Any, threads: int, parent: int,
                log_path: str | None = None) -> None:
    """A worker process: load the models, then summarize each job received until ``None``.

    With ``log_path``, what the process writes on stderr goes to that file, which the batch
    relays and reads the cause of a death from; an exception that ends the worker is also
    sent to the batch as ``("crashed", message)`` before the process exits with status 1.
    """
    if log_path:
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
    try:
        _serve(name, conn, settings, flag, threads, parent)
    except BaseException as err:  # noqa: BLE001 - said to the batch, then the process ends
        import traceback

        traceback.print_exc()
        try:
            conn.send(("crashed", f"{type(err).__name__}: {err}".strip().splitlines()[0][:300]))
        except (OSError, EOFError, ValueError):
            pass
        sys.stderr.flush()
        os._exit(1)


def _serve(name: str, conn: Any, settings: BatchSettings, flag: Any, threads: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the batch's to handle, not ours
    if settings.nice and hasattr(os, "nice"):
        try:
            os.nice(5)
        except OSError:
            pass
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)  # N workers share the cores instead of each taking all
    from ..pipeline import Summarizer
    from .work import current_memory_mb, summarize_job

    t = time.perf_counter()
    summarizer = Summarizer(settings.models, use_cache=settings.use_cache)
    try:
        summarizer.load()
    except MmsumError as err:
        conn.send(("load_failed", str(err), isinstance(err, ModelError)))
        return
    except Exception as err:  # noqa: BLE001 - reported to the batch, which stops
        conn.send(("load_failed", f"the models could not be loaded: {type(err).__name__}: {err}", True))
        return
    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:
        pass
    conn.send(("ready", dict(summarizer.models_used), str(summarizer.device), time.perf_counter() - t,
               current_memory_mb(), os.getpid(), platform.node(), tuple(summarizer.warnings)))

    def cancel() -> bool:
        # the flag, or the batch itself gone (killed): then stop rather than work for nobody
        return flag.value != 0 or os.getppid() != parent

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        last = {"stage": "", "t": 0.0}

        def progress(stage: Stage, fraction: float, message: str, job: Job = job) -> None:
            now = time.monotonic()
            if stage == last["stage"] and now - last["t"] < PROGRESS_INTERVAL_S:
                return
            last.update(stage=stage, t=now)
            conn.send(("progress", job.index, stage, fraction, message))

        result = summarize_job(summarizer, job, settings, progress=progress, cancel=cancel, worker=name)
        try:
            conn.send(("finished", job.index, result))
        except (EOFError, OSError):
            return


# --- the batch's side -----------------------------------------------------------------------

@dataclass
class _Slot:
    name: str
    proc: Any
    conn: Any
    job: Job | None = None
    since: float = 0.0
    ready: bool = False
    dead: bool = False
    log: str = ""  # the file its stderr goes to
    read: int = 0  # bytes of ``log`` relayed so far
    said: str = ""  # the last line it wrote on stderr
    crashed: str = ""  # the exception it ended with, as it said


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped responding"
    if code < 0:
        try:
            sig = signal.Signals(-code).name
        except ValueError:
            sig = f"signal {-code}"
        if sig == "SIGKILL":
            return "was killed (SIGKILL: out of memory, or stopped from outside)"
        return f"was stopped by {sig}"
    return f"exited with code {code}"


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
    """One batch on a pool of worker processes (the state of :meth:`ProcessEngine.run`)."""

    def __init__(self, engine: ProcessEngine, jobs: list[Job], settings: BatchSettings, emit: EventFn,
                 cancel: CancelFn) -> None:
        self.engine, self.settings, self.emit, self.cancel = engine, settings, emit, cancel
        self.ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no copied threads or Qt state
        self.flag = self.ctx.RawValue("b", 0)  # lock-free: a killed worker cannot leave it held
        self.pending: deque[Job] = deque(jobs)
        self.n = engine.planned_workers(len(jobs))
        self.threads = engine.threads or max(1, usable_cores() // self.n)
        self.names = (f"local-{k}" for k in itertools.count(1))
        self.slots: list[_Slot] = []
        self.finished_any = False  # a document came back from a worker: the workers can run
        self.fruitless: list[str] = []  # deaths not explained by one document, before any finished
        self.logs = ""

    def _start(self) -> _Slot:
        ours, theirs = self.ctx.Pipe(duplex=True)
        name = next(self.names)
        log_path = os.path.join(self.logs, f"{name}.log")
        proc = self.ctx.Process(target=worker_main, name=f"mmsum-{name}", daemon=True,
                                args=(name, theirs, self.settings, self.flag, self.threads, os.getpid(), log_path))
        proc.start()
        theirs.close()  # the child holds its end; ours sees EOF when the child dies
        return _Slot(name, proc, ours, log=log_path)

    def run(self) -> None:
        self.logs = tempfile.mkdtemp(prefix="mmsum-workers-")
        try:
            self.slots = [self._start() for _ in range(self.n)]
            while self.pending or any(s.job is not None for s in self.slots):
                self._check_cancel()
                self._dispatch()
                wait([s.conn for s in self.slots] + [s.proc.sentinel for s in self.slots], timeout=0.25)
                for slot in list(self.slots):
                    self._drain(slot)
                    if slot.dead or not slot.proc.is_alive():
                        self._lost(slot)
                self._check_timeouts()
        finally:
            self._stop_all()
            shutil.rmtree(self.logs, ignore_errors=True)

    def _relay(self, slot: _Slot) -> None:
        """Pass on what ``slot``'s worker wrote on stderr since the last call; keep its last line."""
        try:
            with open(slot.log, "rb") as fh:
                fh.seek(slot.read)
                data = fh.read()
        except OSError:
            return
        if not data:
            return
        slot.read += len(data)
        text = data.decode("utf-8", "replace")
        sys.stderr.write(text)
        sys.stderr.flush()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            slot.said = lines[-1][:300]

    def _check_cancel(self) -> None:
        if self.flag.value == 0 and self.cancel():
            self.flag.value = 1
            while self.pending:
                job = self.pending.popleft()
                self.emit(DocumentFinished(job.index, not_started(job)))

    def _dispatch(self) -> None:
        for slot in self.slots:
            if not (slot.ready and slot.job is None and not slot.dead and self.pending):
                continue
            job = self.pending.popleft()
            try:
                slot.conn.send(job)
            except (OSError, EOFError):
                self.pending.appendleft(job)  # never reached the worker: not an attempt
                slot.dead = True
                continue
            slot.job, slot.since = job, time.monotonic()
            self.emit(DocumentStarted(job.index, job.path, slot.name, job.attempt))

    def _drain(self, slot: _Slot) -> None:
        self._relay(slot)
        while not slot.dead:
            try:  # only the pipe's errors mean the worker is gone; a subscriber's are the batch's
                if not slot.conn.poll():
                    return
                msg = slot.conn.recv()
            except (EOFError, OSError):
                slot.dead = True
                return
            self._handle(slot, msg)

    def _handle(self, slot: _Slot, msg: tuple) -> None:
        kind = msg[0]
        if kind == "ready":
            slot.ready = True
            self.emit(WorkerReady(slot.name, *msg[1:]))
        elif kind == "load_failed":
            _, message, model_error = msg
            raise (ModelError if model_error else MmsumError)(message)
        elif kind == "crashed":
            slot.crashed = msg[1]
        elif kind == "progress":
            _, index, stage, fraction, message = msg
            if slot.job is not None and slot.job.index == index:
                self.emit(StageProgress(index, slot.job.path, stage, fraction, message))
        elif kind == "finished":
            _, index, result = msg
            if slot.job is not None and slot.job.index == index:
                slot.job = None
                self.finished_any = True
                self.emit(DocumentFinished(index, result))

    def _lost(self, slot: _Slot) -> None:
        slot.proc.join(timeout=1.0)
        if slot.proc.is_alive():  # its pipe broke but it runs on: it is of no use any more
            slot.proc.kill()
            slot.proc.join(timeout=2.0)
        self._drain(slot)  # its last words: a "crashed" message, its stderr
        reason = f"worker process {slot.name} {_describe_exit(slot.proc.exitcode)}"
        # why it ended: its exception, else (while starting, when stderr says little else) the
        # last line it wrote; under a document an older warning would mislead, so not then
        last = slot.crashed or (slot.said if not slot.ready else "")
        if last:
            reason += f": {last}"
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
        slot.conn.close()
        self.slots.remove(slot)
        busy_or_waiting = len(self.pending) + sum(1 for s in self.slots if s.job is not None)
        if self.pending and len(self.slots) < min(self.n, busy_or_waiting):
            self.slots.append(self._start())

    def _retry_or_fail(self, job: Job, reason: str, worker: str) -> None:
        if job.attempt < self.settings.max_attempts and self.flag.value == 0:
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
            slot.proc.kill()
            slot.proc.join(timeout=5.0)
            slot.job = None
            self.emit(WorkerLost(slot.name, job.index, f"worker process {slot.name} was stopped: "
                                                       f"its document took longer than {limit:g} s"))
            self.emit(DocumentFinished(job.index, timed_out(job, slot.name, now - slot.since, limit)))
            slot.conn.close()
            self.slots.remove(slot)
            if self.pending:
                self.slots.append(self._start())

    def _stop_all(self) -> None:
        for slot in self.slots:
            try:
                slot.conn.send(None)
            except (OSError, EOFError):
                pass
        deadline = time.monotonic() + 1.0  # idle workers have nothing left to save
        for slot in self.slots:
            # a worker still loading its models does not read its pipe: stop it
            slot.proc.join(timeout=max(0.0, deadline - time.monotonic()) if slot.ready else 0.0)
            if slot.proc.is_alive():
                slot.proc.terminate()
                slot.proc.join(timeout=2.0)
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join(timeout=2.0)
            slot.conn.close()
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
