"""One document's work in a batch: summarize, write the files, and say how it ended.

This is the unit every engine runs (in the batch's own process, in a local worker process or
in a Ray actor), so a document ends the same way wherever it ran. It never raises for a
problem with the document: every outcome is a :class:`DocumentResult`.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from typing import Callable

from ..document import Status
from ..errors import MmsumError, ModelError
from ..progress import CancelFn, Cancelled
from .inputs import Job
from ..stages import Stage, StageEvent, StageProgress
from .result import DocumentResult, Reason, ReasonKind
from .settings import BatchSettings

log = logging.getLogger(__name__)

# (stage, fraction of the document 0..1, message for display)
StageFn = Callable[[Stage, float, str], None]


class TimedOut(Cancelled):
    """Raised at a cancel check once a document has used up its time."""


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MiB (0 where it cannot be known)."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (ImportError, OSError):
        return 0.0
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def current_memory_mb() -> float:
    """This process's resident memory now, in MiB (the peak where /proc is not available)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (OSError, ValueError, IndexError):
        return peak_memory_mb()


def load_summarizer(settings: BatchSettings, threads: int):
    """A batch worker's models, loaded once: (the Summarizer, seconds it took), its encoders
    told to use ``threads`` threads. A load that fails raises :class:`ModelError` (or the
    :class:`MmsumError` it raised): no worker can run without models."""
    from ..pipeline import Summarizer

    t = time.perf_counter()
    summarizer = Summarizer(settings.models, use_cache=settings.use_cache)
    try:
        summarizer.load()
    except MmsumError:
        raise
    except Exception as err:  # noqa: BLE001 - said as a model error, in one line
        raise ModelError(f"the models could not be loaded: {type(err).__name__}: {err}") from err
    # torch only where the models loaded it (importing it costs about 2 s of CPU a worker); a
    # torch imported later takes its threads from OMP_NUM_THREADS, which each worker is given
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(max(1, threads))
    return summarizer, time.perf_counter() - t


def summarize_job(summarizer, job: Job, settings: BatchSettings, *, progress: StageFn | None = None,
                  cancel: CancelFn | None = None, worker: str = "") -> DocumentResult:
    """Summarize ``job.path`` with a loaded ``summarizer`` and write its outputs.

    Cancelling ends it as CANCELLED at the next check; past ``settings.timeout_s`` it ends
    as FAILURE with a "timeout" reason. Outputs are only written whole (see
    :func:`mmsum.export.write_summary`), so a stopped document leaves none of its own.
    """
    from ..export import write_summary

    t0 = time.perf_counter()
    deadline = time.monotonic() + settings.timeout_s if settings.timeout_s else None
    where = {"stage": Stage.READ}

    def check() -> bool:
        if cancel is not None and cancel():
            return True
        if deadline is not None and time.monotonic() > deadline:
            raise TimedOut(f"took longer than {settings.timeout_s:g} s")
        return False

    def on_stage(event: StageEvent) -> None:
        where["stage"] = event.stage
        if progress is not None and isinstance(event, StageProgress):
            progress(event.stage, event.fraction, event.message)

    def result(status: Status, reasons: list[Reason], **kw) -> DocumentResult:
        return DocumentResult(job.path, status, reasons=reasons, seconds=time.perf_counter() - t0, stem=job.stem,
                              attempts=job.attempt, worker=worker, memory_mb=peak_memory_mb(), **kw)

    try:
        if check():
            raise Cancelled("cancelled")
        extra = {"keep_vectors": True, "every_sentence": settings.every_sentence} if settings.keep_vectors else {}
        summary = summarizer.summarize(job.path, settings.resolved, password=settings.password,
                                       on_stage=on_stage, cancel=check, **extra)
        where["stage"] = Stage.WRITE
        if progress is not None:
            progress(Stage.WRITE, 1.0, "writing files")
        if settings.writer is not None:
            outputs = settings.writer(summary, job)
        else:
            outputs = write_summary(summary, job.out_dir, settings.formats, stem=job.stem)
    except TimedOut as err:
        return result(Status.FAILURE, [Reason(Stage.TIMEOUT, f"{err} (stopped while in {where['stage']})")])
    except Cancelled:
        return result(Status.CANCELLED, [Reason(where["stage"], "cancelled", ReasonKind.CANCELLED)])
    except MmsumError as err:
        stage = Stage.INPUT if where["stage"] is Stage.READ and not job.path.exists() else where["stage"]
        message = str(err)
        prefix = f"{job.path}: "  # the result names the document already
        return result(Status.FAILURE, [Reason(stage, message[len(prefix):] if message.startswith(prefix) else message)])
    except OSError as err:
        if where["stage"] is not Stage.WRITE:  # writing raises OutputError: this is the input failing mid-read
            return result(Status.FAILURE, [Reason(where["stage"], f"cannot read {job.path}: {err.strerror or err}")])
        return result(Status.FAILURE, [Reason(Stage.WRITE, f"cannot write the summary: {err}")])
    except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
        log.debug("unexpected failure on %s", job.path, exc_info=True)
        return result(Status.FAILURE, [Reason(where["stage"], f"unexpected error: {type(err).__name__}: {err}")])
    reasons = [Reason(Stage.READ, w, ReasonKind.WARNING) for w in summary.document.warnings]
    reasons += [Reason(Stage.SUMMARY, w, ReasonKind.WARNING) for w in summary.warnings]
    reasons += [Reason(Stage.SUMMARY, w, ReasonKind.NOTE) for w in summary.remarks]
    return result(summary.status, reasons, outputs=list(outputs), timings=dict(summary.timings),
                  content_hash=summary.document.content_hash, damaged_pages=sorted(summary.document.damaged_pages),
                  models={role: str(name) for role, name in summary.models.items() if name})
