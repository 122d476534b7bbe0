"""The state of a batch's rows, kept from its events, for a view to show (no Qt here).

The app's batch table observes a :class:`BatchBoard`: each event goes to :meth:`apply`,
which says which rows changed, and the table redraws those rows from :attr:`rows`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..document import Status
from ..stages import Stage
from .events import BatchStarted, DocumentFinished, DocumentStarted, Event, StageProgress, WorkerLost
from .result import DocumentResult

STAGE_LABELS = {Stage.READ: "Reading", Stage.EMBED: "Embedding", Stage.RANK: "Ranking",
                Stage.SUMMARY: "Writing summary", Stage.WRITE: "Writing files"}
STATUS_LABELS = {Status.SUCCESS: "Done", Status.PARTIAL: "Partial", Status.FAILURE: "Failed",
                 Status.CANCELLED: "Cancelled"}


@dataclass
class Row:
    """One document as shown: ``state`` is waiting, running, or a :class:`Status` value."""

    path: Path
    state: str = "waiting"
    label: str = "Waiting"
    fraction: float = 0.0
    detail: str = ""
    seconds: float | None = None
    worker: str = ""
    result: DocumentResult | None = None


class BatchBoard:
    """Rows for ``paths`` (in batch order), updated by the batch's events."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.rows = [Row(Path(p)) for p in paths]
        self.cancelled = False

    def reset(self) -> None:
        self.rows = [Row(r.path) for r in self.rows]
        self.cancelled = False

    @property
    def fraction(self) -> float:
        """The whole batch's progress, 0..1 (finished documents count whole)."""
        if not self.rows:
            return 0.0
        return sum(1.0 if r.result is not None else r.fraction for r in self.rows) / len(self.rows)

    def count(self, *states: str) -> int:
        return sum(1 for r in self.rows if r.state in states)

    def apply(self, event: Event) -> list[int]:
        """Take ``event`` into the rows; the indexes of the rows that changed."""
        if isinstance(event, BatchStarted):
            return []
        index = getattr(event, "index", None)
        if index is None or not 0 <= index < len(self.rows):
            return []
        row = self.rows[index]
        if isinstance(event, DocumentStarted):
            row.state, row.worker, row.fraction = "running", event.worker, 0.0
            row.label = "Running" if event.attempt == 1 else f"Running (start {event.attempt})"
            row.detail = "Starting"
        elif isinstance(event, StageProgress):
            if row.state != "running":
                return []
            row.fraction = event.fraction
            row.detail = STAGE_LABELS.get(event.stage, event.stage.capitalize())
        elif isinstance(event, WorkerLost):
            row.detail = f"{event.reason}; starting again"
        elif isinstance(event, DocumentFinished):
            self._finish(row, event.result)
        else:
            return []
        return [index]

    @staticmethod
    def _finish(row: Row, r: DocumentResult) -> None:
        row.result, row.state = r, r.status.value
        row.seconds = None if r.status is Status.CANCELLED and r.attempts == 0 else r.seconds
        row.label = STATUS_LABELS.get(r.status, r.status.value)
        row.fraction = 1.0 if r.ok else 0.0
        files = ", ".join(Path(p).name for p in r.outputs)
        if r.reused:
            row.label, row.detail = "Up to date", f"{files} (from an earlier run)"
        elif r.status is Status.CANCELLED:
            row.detail = "no output (cancelled before it started)" if r.attempts == 0 else \
                f"no output (cancelled while {STAGE_LABELS.get(r.reasons[0].stage, 'running').lower()})" \
                if r.reasons else "no output"
        elif r.status is Status.FAILURE:
            row.detail = _without_path(r) or "failed"
        else:
            notes = _without_path(r)
            row.detail = f"{files} — {notes}" if notes else files


def _without_path(r: DocumentResult) -> str:
    """The reasons without a leading copy of the document's path (the row names it)."""
    parts = []
    for reason in r.reasons:
        m = reason.message
        for prefix in (str(r.path), r.path.name):
            if m.startswith(prefix + ": "):
                m = m[len(prefix) + 2:]
                break
        parts.append(m)
    return "; ".join(parts)
