"""Many documents: typed events, a manifest and resume, in this process, local worker
processes or a Ray cluster.

>>> report = run_batch(paths, BatchSettings(formats=("md", "json")), out_dir=Path("out"),
...                    engine=ProcessEngine(2), on_event=print)

Importing this package loads no model and no torch: the engines import the pipeline where
documents are summarized (a worker process, an actor, or the caller when it runs in process).
"""
from .events import (BatchFinished, BatchStarted, DocumentFinished, DocumentStarted, Event, EventFn,
                     StageProgress, WorkerLost, WorkerReady, fan_out)
from .inprocess import InProcessEngine
from .inputs import Job, Source, collect_documents, expand_inputs, plan_jobs, supported_suffixes
from .local import LocalEngine, ProcessEngine
from .manifest import MANIFEST_NAME, Manifest
from .resources import default_workers
from .result import DocumentResult, Reason
from .runner import BatchEngine, BatchReport, run_batch
from .settings import BatchSettings


def make_ray_engine(address: str | None = None, workers: int | None = None, **kw):
    """A :class:`~mmsum.batch.ray_engine.RayEngine`; a missing ray is a one-line MmsumError.
    (Not named ``ray_engine``: importing that submodule would replace the function.)"""
    from .ray_engine import RayEngine

    return RayEngine(address=address, workers=workers, **kw)


__all__ = ["BatchEngine", "BatchFinished", "BatchReport", "BatchSettings", "BatchStarted", "DocumentFinished",
           "DocumentResult", "DocumentStarted", "Event", "EventFn", "InProcessEngine", "Job", "LocalEngine", "MANIFEST_NAME",
           "Manifest", "ProcessEngine", "Reason", "Source", "StageProgress", "WorkerLost", "WorkerReady",
           "collect_documents", "default_workers", "expand_inputs", "fan_out", "make_ray_engine", "plan_jobs",
           "run_batch", "supported_suffixes"]
