"""What every document of a batch is summarized with, and the part of it that decides outputs."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable

from ..options import ModelOptions, ResolvedOptions, SummaryOptions, resolve_options


@dataclass(frozen=True)
class BatchSettings:
    """The options a batch hands to each worker.

    ``timeout_s`` bounds one document (None: no bound); ``max_attempts`` is how often a
    document is started when its worker dies under it (2: one retry); ``nice`` lowers the
    workers' CPU priority (the app does, so the window stays responsive). ``writer``, when
    set, stores each summary instead of writing ``formats`` (see :mod:`mmsum.library`).
    """

    models: ModelOptions = field(default_factory=ModelOptions)
    options: SummaryOptions | ResolvedOptions = field(default_factory=SummaryOptions)
    formats: tuple[str, ...] = ("md",)
    password: str | None = None
    use_cache: bool = True
    timeout_s: float | None = None
    max_attempts: int = 2
    nice: bool = False
    # where a finished summary goes instead of files in the output folder: a picklable callable
    # (summary, job) -> the paths written (a library stores it); ``keep_vectors`` asks the
    # pipeline for the vectors such a writer stores
    writer: Callable[[Any, Any], list] | None = None
    keep_vectors: bool = False
    every_sentence: bool = True  # with keep_vectors: encode every sentence, not only the summary's

    # ``options`` resolved (every default applied, checked), made once when the settings are
    # made: OptionsError there, before any worker starts; the workers read this
    resolved: ResolvedOptions = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        resolved = resolve_options(self.options, self.models)
        object.__setattr__(self, "options", resolved.asked)
        object.__setattr__(self, "resolved", resolved)

    def record(self) -> dict:
        """The settings that decide a document's outputs, as stored in the manifest: the
        summary options, the models asked for, the formats and mmsum's version. The device,
        the cache and offline mode are left out: they change how fast, not what."""
        from .. import __version__

        return {"mmsum": __version__,
                "options": dataclasses.asdict(self.options),
                "models": {"text": self.models.text_model, "image": self.models.image_model,
                           "generator": self.models.generator if self.options.generate else None},
                "formats": sorted(self.formats)}
