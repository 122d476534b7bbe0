"""How one document of a batch ended: a status, and a record for each reason behind it."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ..document import Status
from ..stages import Stage

class ReasonKind(str, Enum):
    """What a :class:`Reason` means for its document: it failed (ERROR), it was summarized
    but this part was skipped (WARNING: a PARTIAL result), or the user stopped the batch
    (CANCELLED); a NOTE tells what was done other than asked without skipping anything."""

    ERROR = "error"
    WARNING = "warning"
    CANCELLED = "cancelled"
    NOTE = "note"  # said to the user, nothing skipped: the status stays success

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Reason:
    """One problem with a document, as a record rather than text to parse.

    ``stage`` is where it arose (a :class:`~mmsum.stages.Stage`: the pipeline's stages, then
    the batch's own steps); ``kind`` says what it means (a :class:`ReasonKind`). Plain
    strings given for either are turned into these types.
    """

    stage: Stage
    message: str
    kind: ReasonKind = ReasonKind.ERROR

    def __post_init__(self) -> None:
        object.__setattr__(self, "stage", Stage(self.stage))
        object.__setattr__(self, "kind", ReasonKind(self.kind))

    def to_json(self) -> dict:
        return {"stage": self.stage.value, "kind": self.kind.value, "message": self.message}

    @classmethod
    def from_json(cls, data: dict) -> "Reason":
        """The reason a manifest recorded; a stage or kind this version does not know reads as
        the batch's "worker" step or an error."""
        stage = str(data.get("stage", ""))
        kind = str(data.get("kind", "error"))
        return cls(Stage(stage) if stage in Stage._value2member_map_ else Stage.WORKER,
                   str(data.get("message", "")),
                   ReasonKind(kind) if kind in ReasonKind._value2member_map_ else ReasonKind.ERROR)


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
