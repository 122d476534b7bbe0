"""The stages a document goes through, named once, and the typed events that say where it is.

A summary runs :data:`Stage.READ` (reading, limits, figure crops, language, figure OCR),
:data:`Stage.EMBED`, :data:`Stage.RANK` and :data:`Stage.SUMMARY`; a batch adds its own steps
around them (queue, input, models, write, worker, timeout). The pipeline emits
:class:`StageStarted` when a stage begins and :class:`StageProgress` as it goes; the batch
events, the CLI and the app take the stage from these events, never from a progress fraction.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable, Union

from .progress import ProgressFn, no_progress, sub_progress


class Stage(str, Enum):
    """Where a document is, or where a problem with it arose. A ``str`` whose value is the
    lower-case name, so that it is written to JSON and compared as that name."""

    QUEUE = "queue"
    INPUT = "input"
    MODELS = "models"
    READ = "read"
    EMBED = "embed"
    RANK = "rank"
    SUMMARY = "summary"
    WRITE = "write"
    WORKER = "worker"
    TIMEOUT = "timeout"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


# share of a document's progress (0..1) per pipeline stage: reading and embedding dominate
SPANS: dict[Stage, tuple[float, float]] = {Stage.READ: (0.0, 0.4), Stage.EMBED: (0.4, 0.85),
                                           Stage.RANK: (0.85, 0.9), Stage.SUMMARY: (0.9, 1.0)}


@dataclass(frozen=True)
class StageStarted:
    """The pipeline began ``stage`` of a document; ``message`` is for display only."""

    stage: Stage
    message: str = ""


@dataclass(frozen=True)
class StageProgress:
    """The pipeline is in ``stage``; ``fraction`` (0..1) is of the whole document."""

    stage: Stage
    fraction: float
    message: str = ""


StageEvent = Union[StageStarted, StageProgress]
StageEventFn = Callable[[StageEvent], None]


class StageReporter:
    """Turns the stages of one document into :class:`StageStarted`/:class:`StageProgress`
    events for ``on_stage`` and into ``progress(fraction, message)`` calls (fraction of the
    whole document, by :data:`SPANS`) for callers that show a bar."""

    def __init__(self, progress: ProgressFn | None = None, on_stage: StageEventFn | None = None) -> None:
        self._progress = progress or no_progress
        self._on_stage = on_stage
        self.stage: Stage = Stage.READ

    def start(self, stage: Stage, message: str) -> ProgressFn:
        """Begin ``stage``; the progress callback (0..1 of this stage) to hand to its work."""
        self.stage = stage
        lo, hi = SPANS[stage]
        if self._on_stage is not None:
            self._on_stage(StageStarted(stage, message))
        self.report(lo, message)
        return sub_progress(self.report, lo, hi)

    def report(self, fraction: float, message: str) -> None:
        """``fraction`` of the whole document reached in the current stage."""
        if self._on_stage is not None:
            self._on_stage(StageProgress(self.stage, fraction, message))
        self._progress(fraction, message)
