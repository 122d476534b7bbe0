"""The Ray engine: the same batch on a Ray cluster, one actor per worker holding the models.

Every node needs mmsum installed (the same version) and sees the inputs and the output
folder under the same paths (a shared file system); the batch hands actors absolute paths,
each actor writes its documents' outputs itself, and only the driver (the process that runs
the batch) writes the manifest. Ray's own task retries are off: when an actor dies under a
document, the batch starts that document again on a fresh actor (``max_attempts``) and says
so in its events, as the local engine does.
"""
from __future__ import annotations

import dataclasses
import itertools
import logging
import os
import platform
import time
from dataclasses import dataclass
from typing import Any

from ..document import Status
from ..stages import Stage
from ..errors import MmsumError, ModelError
from ..progress import CancelFn
from .events import DocumentFinished, DocumentStarted, EventFn, StageProgress, WorkerLost, WorkerReady
from .inprocess import not_started, overdue, timed_out
from .inputs import Job
from .resources import WORKER_MEMORY_MB
from .result import DocumentResult, Reason
from .settings import BatchSettings

log = logging.getLogger(__name__)
PROGRESS_POLL_S = 1.0  # per busy actor; more actors are polled less often (see _poll_progress)


def import_ray():
    """The ``ray`` module, or a one-line MmsumError that says how to install it."""
    try:
        import ray
    except ImportError as err:
        raise MmsumError("--engine ray needs Ray, which is not installed: pip install \"mmsum[ray]\" "
                         "(or pip install \"ray>=2.9\")") from err
    return ray


class BatchActor:
    """One Ray worker: loads the models once, then summarizes the jobs it is given.

    Its methods may run concurrently (a threaded actor): :meth:`progress` and :meth:`cancel`
    answer while :meth:`run` works. A model that cannot be loaded is reported by :meth:`info`
    rather than raised, so the driver can show its message as it is.
    """

    def __init__(self, name: str, settings: BatchSettings, threads: int) -> None:
        from .work import current_memory_mb, load_summarizer

        self.name, self.settings = name, settings
        self._cancel = False
        self._progress: tuple | None = None
        self.error: tuple[str, bool] | None = None
        self.summarizer = None
        t = time.perf_counter()
        try:
            self.summarizer, _ = load_summarizer(settings, threads)
        except MmsumError as err:
            self.error = (str(err), isinstance(err, ModelError))
        self.load_s = time.perf_counter() - t
        self.rss_mb = current_memory_mb()

    def info(self) -> dict:
        s = self.summarizer  # None when the models could not be loaded (``error`` says why)
        return {"error": self.error, "models": dict(s.models_used) if s else {}, "device": str(s.device) if s else "",
                "load_s": self.load_s, "rss_mb": self.rss_mb, "pid": os.getpid(), "node": platform.node(),
                "warnings": tuple(s.warnings) if s else ()}

    def run(self, job: Job) -> DocumentResult:
        from .work import summarize_job

        self._cancel = False
        self._progress = (job.index, "read", 0.0, "")

        def progress(stage: Stage, fraction: float, message: str) -> None:
            self._progress = (job.index, stage, fraction, message)

        try:
            return summarize_job(self.summarizer, job, self.settings, progress=progress,
                                 cancel=lambda: self._cancel, worker=self.name)
        finally:
            self._progress = None

    def progress(self) -> tuple | None:
        return self._progress

    def cancel(self) -> None:
        self._cancel = True


@dataclass
class _Actor:
    name: str
    handle: Any
    info_ref: Any = None
    job: Job | None = None
    run_ref: Any = None
    since: float = 0.0
    ready: bool = False
    pid: int = 0
    poll_ref: Any = None
    polled: float = 0.0
    shown: tuple | None = None


class RayEngine:
    """Runs a batch on Ray: ``address`` None starts (and afterwards stops) a Ray instance on
    this machine, "auto" joins the cluster this machine belongs to, "ray://HOST:10001" connects
    through Ray Client. ``workers`` actors (default: the cluster's CPUs / ``cpus_per_worker``),
    each asking Ray for ``cpus_per_worker`` CPUs and ``memory_mb`` of memory.
    ``init_kwargs`` go to ``ray.init`` (e.g. ``num_cpus`` for a local instance)."""

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None, *, cpus_per_worker: float = 1.0,
                 memory_mb: float = WORKER_MEMORY_MB, init_kwargs: dict | None = None,
                 kill_grace_s: float = 30.0, start_timeout_s: float = 900.0) -> None:
        if workers is not None and workers < 1:
            raise MmsumError("--workers must be at least 1")
        import_ray()  # a missing ray is said before anything is done
        self.address, self.workers = address, workers
        self.cpus_per_worker, self.memory_mb = cpus_per_worker, memory_mb
        self.init_kwargs = dict(init_kwargs or {})
        self.kill_grace_s, self.start_timeout_s = kill_grace_s, start_timeout_s
        self._started_here = False

    def connect(self):
        """Connect to (or start) Ray once; the ``ray`` module."""
        ray = import_ray()
        if not ray.is_initialized():
            kw = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False, **self.init_kwargs}
            try:
                ray.init(address=self.address, **kw)
            except (ConnectionError, RuntimeError, ValueError) as err:
                where = self.address or "a local Ray instance"
                raise MmsumError(f"cannot connect to Ray at {where}: {err}") from err
            self._started_here = True
        return ray

    def planned_workers(self, n_jobs: int) -> int:
        if self.workers:
            return max(1, min(self.workers, n_jobs))
        ray = self.connect()
        cpus = float(ray.cluster_resources().get("CPU", 1.0))
        return max(1, min(int(cpus // self.cpus_per_worker), n_jobs))

    def shutdown(self) -> None:
        """Stop the Ray instance if this engine started it."""
        if self._started_here:
            import_ray().shutdown()
            self._started_here = False

    def run(self, jobs: list[Job], settings: BatchSettings, emit: EventFn, cancel: CancelFn) -> None:
        try:
            _RayRun(self, jobs, settings, emit, cancel).run()
        finally:
            self.shutdown()


class _RayRun:
    """One batch on Ray actors (the state of :meth:`RayEngine.run`)."""

    def __init__(self, engine: RayEngine, jobs: list[Job], settings: BatchSettings, emit: EventFn,
                 cancel: CancelFn) -> None:
        self.ray = engine.connect()
        self.engine, self.settings, self.emit, self.cancel = engine, settings, emit, cancel
        self.n = engine.planned_workers(len(jobs))
        self.pending = list(reversed(jobs))  # a stack: pop() takes the next in order
        self.names = (f"ray-{k}" for k in itertools.count(1))
        self.actors: list[_Actor] = []
        self._owners: dict = {}
        self.cancelled = False
        self.finished_any = False  # a document came back from an actor: the actors can run
        self.fruitless: list[str] = []  # deaths not explained by one document, before any finished
        remote = self.ray.remote(BatchActor)
        # max_restarts=0 and no task retries: a death is seen here, reported and retried here
        self.actor_class = remote.options(num_cpus=engine.cpus_per_worker, memory=int(engine.memory_mb * (1 << 20)),
                                          max_restarts=0, max_task_retries=0, max_concurrency=4)
        self.threads = max(1, int(engine.cpus_per_worker))

    def _start(self) -> _Actor:
        name = next(self.names)
        handle = self.actor_class.remote(name, self.settings, self.threads)
        return _Actor(name, handle, info_ref=handle.info.remote())

    def run(self) -> None:
        ray = self.ray
        started = time.monotonic()
        try:
            self.actors = [self._start() for _ in range(self.n)]
            while self.pending or any(a.job is not None for a in self.actors):
                self._check_cancel()
                self._dispatch()
                refs = self._refs()
                ready, _ = ray.wait(refs, num_returns=1, timeout=0.25) if refs else ([], [])
                if ready:
                    ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
                for ref in ready:
                    self._collect(ref)
                self._poll_progress()
                self._check_timeouts()
                if not any(a.ready for a in self.actors) and time.monotonic() - started > self.engine.start_timeout_s:
                    raise MmsumError(f"no Ray worker started in {self.engine.start_timeout_s:g} s: the cluster "
                                     f"has no node with {self.engine.cpus_per_worker:g} free CPU and "
                                     f"{self.engine.memory_mb:.0f} MB of free memory")
        finally:
            for a in self.actors:
                ray.kill(a.handle)
            self.actors = []

    def _refs(self) -> list:
        # by ref: which actor answers and what the answer is (a thousand actors: no scan per answer)
        self._owners = {}
        for a in self.actors:
            for kind in ("info_ref", "run_ref", "poll_ref"):
                ref = getattr(a, kind)
                if ref is not None:
                    self._owners[ref] = (a, kind)
        return list(self._owners)

    def _owner(self, ref) -> tuple[_Actor | None, str]:
        a, kind = self._owners.get(ref, (None, ""))
        if a is None or a not in self.actors or getattr(a, kind) != ref:
            return None, ""  # an answer from an actor replaced meanwhile
        return a, kind

    def _check_cancel(self) -> None:
        if not self.cancelled and self.cancel():
            self.cancelled = True
            while self.pending:
                job = self.pending.pop()
                self.emit(DocumentFinished(job.index, not_started(job)))
            for a in self.actors:
                if a.job is not None:
                    a.handle.cancel.remote()

    def _dispatch(self) -> None:
        for a in self.actors:
            if a.ready and a.job is None and self.pending:
                job = self.pending.pop()
                a.job, a.since, a.shown = job, time.monotonic(), None
                a.run_ref = a.handle.run.remote(job)
                self.emit(DocumentStarted(job.index, job.path, a.name, job.attempt))

    def _collect(self, ref) -> None:
        a, kind = self._owner(ref)
        if a is None:
            return
        ray = self.ray
        try:
            value = ray.get(ref)
        except (ray.exceptions.RayActorError, ray.exceptions.ActorUnavailableError) as err:
            self._lost(a, _death_reason(a.name, err))
            return
        except ray.exceptions.RayError as err:  # the call itself failed (e.g. could not unpickle)
            if kind == "run_ref" and a.job is not None:
                job, a.job, a.run_ref = a.job, None, None
                self.emit(DocumentFinished(job.index, DocumentResult(
                    job.path, Status.FAILURE, stem=job.stem, attempts=job.attempt, worker=a.name,
                    reasons=[Reason(Stage.WORKER, f"unexpected error on Ray worker {a.name}: {err}")])))
            else:
                self._lost(a, f"Ray worker {a.name} failed: {err}")
            return
        if kind == "info_ref":
            a.info_ref = None
            if value["error"]:
                message, model_error = value["error"]
                raise (ModelError if model_error else MmsumError)(message)
            a.ready, a.pid = True, value["pid"]
            self.emit(WorkerReady(a.name, value["models"], value["device"], value["load_s"], value["rss_mb"],
                                  value["pid"], value["node"], value["warnings"]))
        elif kind == "run_ref":
            job, a.job, a.run_ref = a.job, None, None
            if job is not None:
                self.finished_any = True
                self.emit(DocumentFinished(job.index, value))
        else:
            a.poll_ref = None
            if value and a.job is not None and value[0] == a.job.index and value != a.shown:
                a.shown = value
                index, stage, fraction, message = value
                self.emit(StageProgress(index, a.job.path, stage, fraction, message))

    def _poll_progress(self) -> None:
        now = time.monotonic()
        # about 100 progress calls a second at most, however large the cluster
        interval = max(PROGRESS_POLL_S, len(self.actors) / 100)
        for a in self.actors:
            if a.job is not None and a.poll_ref is None and now - a.polled >= interval:
                a.poll_ref, a.polled = a.handle.progress.remote(), now

    def _lost(self, a: _Actor, reason: str) -> None:
        job = a.job
        self.emit(WorkerLost(a.name, job.index if job else None, reason))
        if job is not None:
            if job.attempt < self.settings.max_attempts and not self.cancelled:
                self.pending.append(dataclasses.replace(job, attempt=job.attempt + 1))
            else:
                self.emit(DocumentFinished(job.index, DocumentResult(
                    job.path, Status.FAILURE, stem=job.stem, attempts=job.attempt, worker=a.name,
                    reasons=[Reason(Stage.WORKER, f"{reason} (after {job.attempt} "
                                              f"start{'s' if job.attempt > 1 else ''})")])))
        # as the local engine: two deaths not explained by one document, before any document
        # came back, mean no worker can run on this cluster; stop, saying why
        if not self.finished_any and (not a.ready or job is None or job.attempt == 1):
            self.fruitless.append(reason)
            if len(self.fruitless) >= 2:
                when = "while loading the models" if not a.ready else "before any document finished"
                raise MmsumError(f"Ray workers keep dying {when}; the last: {reason}")
        self._replace(a)

    def _replace(self, a: _Actor) -> None:
        self.ray.kill(a.handle)
        self.actors.remove(a)
        busy = sum(1 for x in self.actors if x.job is not None)
        if self.pending and len(self.actors) < min(self.n, busy + len(self.pending)):
            self.actors.append(self._start())

    def _check_timeouts(self) -> None:
        limit = self.settings.timeout_s
        if not limit:
            return
        now = time.monotonic()
        for a in overdue(self.actors, limit, self.engine.kill_grace_s, now):
            job = a.job
            self.emit(WorkerLost(a.name, job.index, f"Ray worker {a.name} was stopped: its document took "
                                                    f"longer than {limit:g} s"))
            self.emit(DocumentFinished(job.index, timed_out(job, a.name, now - a.since, limit)))
            a.job = None
            self._replace(a)


def _death_reason(name: str, err: Exception) -> str:
    text = str(err).strip().splitlines()
    detail = next((line for line in text if "exit" in line.lower() or "killed" in line.lower()
                   or "died" in line.lower()), text[0] if text else type(err).__name__)
    return f"Ray worker {name} died ({detail.strip()[:200]})"
