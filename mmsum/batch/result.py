"""How one document of a batch ended: a status, and a record for each reason behind it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..document import Status

# where a reason arose: the pipeline's stages, then the batch's own steps
STAGES = ("queue", "input", "models", "read", "embed", "rank", "summary", "write", "worker", "timeout")


@dataclass(frozen=True)
class Reason:
    """One problem with a document, as a record rather than text to parse.

    ``stage`` is where it arose (one of :data:`STAGES`); ``kind`` is "error" (the document
    failed), "warning" (it was summarized but this part was skipped: a PARTIAL result) or
    "cancelled" (the user stopped the batch during ``stage``).
    """

    stage: str
    message: str
    kind: str = "error"

    def to_json(self) -> dict:
        return {"stage": self.stage, "kind": self.kind, "message": self.message}

    @classmethod
    def from_json(cls, data: dict) -> "Reason":
        return cls(str(data.get("stage", "")), str(data.get("message", "")), str(data.get("kind", "error")))


@dataclass
class DocumentResult:
    """How one document of a batch ended.

    ``outputs`` are the files written (absolute or relative to where the batch ran, as
    given); ``seconds`` is the wall-clock time of the last attempt in its worker;
    ``timings`` maps ``<stage>_s`` to seconds; ``attempts`` counts starts (a worker that died
    under a document makes it start again); ``memory_mb`` is the worker's peak resident
    memory after the document (0 when unknown). ``reused`` marks a document whose outputs
    from an earlier run were complete and current, so nothing was redone. ``models`` maps
    role -> the model that served this document (the text encoder depends on its language).
    ``damaged_pages``: the pages that could not be read whole, which its warning only counts.
    """

    path: Path
    status: Status
    outputs: list[Path] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    stem: str = ""
    content_hash: str = ""
    attempts: int = 1
    worker: str = ""
    memory_mb: float = 0.0
    reused: bool = False
    models: dict[str, str] = field(default_factory=dict)
    damaged_pages: list[int] = field(default_factory=list)  # 0-based pages not read whole (a PARTIAL's why)

    @property
    def message(self) -> str:
        """The reasons as one line (for a table cell or a log line)."""
        return "; ".join(r.message for r in self.reasons)

    @property
    def ok(self) -> bool:
        """True for SUCCESS and PARTIAL: the outputs were written."""
        return self.status in (Status.SUCCESS, Status.PARTIAL)
