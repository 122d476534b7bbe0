"""What a batch tells its subscribers, as typed events.

A batch calls one ``on_event(event)`` callback, from one thread (the thread that runs the
batch), in this order: :class:`BatchStarted`; then for each document either a single
:class:`DocumentFinished` with ``result.reused`` (its outputs were current) or
:class:`DocumentStarted`, any number of :class:`StageProgress`, and one
:class:`DocumentFinished` (a document whose worker died starts again, after a
:class:`WorkerLost`); finally :class:`BatchFinished`. Every document gets exactly one
DocumentFinished, also when the batch is cancelled before it started (status CANCELLED).
:class:`WorkerReady` comes whenever a worker has loaded its models. Documents are known by
``index``, their 0-based position in the batch. The CLI's progress bar, the app's batch
table and the manifest are subscribers; none of them reads text to learn a state.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

from ..stages import Stage
from .result import DocumentResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchStarted:
    """``total`` documents, of which ``to_run`` will run and ``reused`` are already done."""

    total: int
    to_run: int
    reused: int
    engine: str
    workers: int
    out_dir: Path | None = None


@dataclass(frozen=True)
class WorkerReady:
    """A worker loaded its models in ``load_s`` seconds; ``rss_mb`` is its memory then (MiB);
    ``warnings`` name model substitutions (also in every summary it writes)."""

    worker: str
    models: dict
    device: str
    load_s: float
    rss_mb: float
    pid: int = 0
    node: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentStarted:
    """Document ``index`` started on ``worker`` (``attempt`` 2 and up after a worker died)."""

    index: int
    path: Path
    worker: str
    attempt: int = 1


@dataclass(frozen=True)
class StageProgress:
    """Document ``index`` is in ``stage`` (the pipeline's :class:`~mmsum.stages.Stage` events,
    then :data:`Stage.WRITE`); ``fraction`` (0..1) is of the whole document; ``message`` is for
    display only."""

    index: int
    path: Path
    stage: Stage
    fraction: float
    message: str = ""


@dataclass(frozen=True)
class WorkerLost:
    """``worker`` stopped unexpectedly (killed, crashed, out of memory) while it ran
    document ``index`` (None when it was idle or loading)."""

    worker: str
    index: int | None
    reason: str


@dataclass(frozen=True)
class DocumentFinished:
    """Document ``index`` ended; its status, reasons and outputs are in ``result``."""

    index: int
    result: DocumentResult


@dataclass(frozen=True)
class BatchFinished:
    """The batch ended (``cancelled`` when stopped on request); results in input order."""

    results: list[DocumentResult] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0


Event = Union[BatchStarted, WorkerReady, DocumentStarted, StageProgress, WorkerLost, DocumentFinished,
              BatchFinished]
EventFn = Callable[[Event], None]


def no_events(event: Event) -> None:  # noqa: ARG001 - a callback
    """A subscriber that ignores everything."""


def fan_out(*subscribers: EventFn | None) -> EventFn:
    """One callback that hands each event to every subscriber in turn.

    A subscriber that raises is logged and the others still get the event: a broken
    display must not stop a batch that is writing files.
    """
    subs = [s for s in subscribers if s is not None]

    def emit(event: Event) -> None:
        for sub in subs:
            try:
                sub(event)
            except Exception:  # noqa: BLE001 - see the docstring
                log.exception("a batch event subscriber failed on %s", type(event).__name__)

    return emit
